"""Satisfaction statistics kept as answers arrive (18.0.1.4.0).

The answer lines of fazhi's answers get the counterpart type of their
interview and whether they are a walk-in (new statistics columns), then the
kept statistics (``fazhi.satisfaction.statistics``) are computed from the
lines once. The lines are rewritten with the statistics' triggers off, so that
the rewrite is not also recorded line by line.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Statistics = env["fazhi.satisfaction.statistics"]
    Statistics._fazhi_set_triggers(False)
    env["survey.user_input.line"]._fazhi_refresh_statistics(SQL("ui.fazhi_unit_id IS NOT NULL"))
    Statistics._fazhi_set_triggers(True)
    Statistics._fazhi_rebuild()
