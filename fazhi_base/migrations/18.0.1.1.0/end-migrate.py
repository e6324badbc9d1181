"""Monthly report lines: figures by code, labels at display (18.0.1.1.0).

Until 18.0.1.0.0 a line stored its label (``name``) and unit (``uom``) in the
language of whoever computed the report. Now it stores the figure's code
(``source``, already filled by every contributor) and the label and unit are
the figure registry's, shown in the reader's language.

Run at the ``end`` stage, once every addon is loaded, so that the registry
holds the figures of all installed addons:

1. a line without a registered code gets the code whose label (in English or
   in any installed language) is its stored label;
2. every line takes its figure's order from the registry;
3. the stored labels and units are dropped.
"""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Report = env["fazhi.monthly.report"]
    figures = Report._fazhi_figures()
    cr.execute(
        """
        SELECT column_name FROM information_schema.columns
         WHERE table_name = 'fazhi_monthly_report_line' AND column_name IN ('name', 'uom')
        """
    )
    old_columns = {column for (column,) in cr.fetchall()}
    unknown = SQL("(source IS NULL OR source NOT IN %s)", tuple(figures))
    if "name" in old_columns:
        langs = {"en_US", *(code for code, _name in env["res.lang"].get_installed())}
        by_label = {}
        for lang in sorted(langs):
            for code, figure in Report.with_context(lang=lang)._fazhi_figures().items():
                by_label.setdefault(figure["label"], code)
        cr.execute(SQL("SELECT DISTINCT name FROM fazhi_monthly_report_line WHERE %s", unknown))
        for (label,) in cr.fetchall():
            if label in by_label:
                cr.execute(
                    SQL(
                        "UPDATE fazhi_monthly_report_line SET source = %s WHERE %s AND name = %s",
                        by_label[label],
                        unknown,
                        label,
                    )
                )
    cr.execute(SQL("SELECT count(*) FROM fazhi_monthly_report_line WHERE %s", unknown))
    left = cr.fetchone()[0]
    if left:
        _logger.warning(
            "%s monthly report lines have no known figure code (addon uninstalled?); "
            "they show their code and value only.",
            left,
        )
    for code, figure in figures.items():
        cr.execute(
            SQL(
                "UPDATE fazhi_monthly_report_line SET sequence = %s "
                "WHERE source = %s AND sequence IS DISTINCT FROM %s",
                figure["sequence"],
                code,
                figure["sequence"],
            )
        )
    for column in sorted(old_columns):
        cr.execute(
            SQL(
                "ALTER TABLE fazhi_monthly_report_line DROP COLUMN IF EXISTS %s",
                SQL.identifier(column),
            )
        )
