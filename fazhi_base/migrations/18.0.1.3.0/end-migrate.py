"""Role homes and figures stored as measured (18.0.1.3.0).

1. Users who were fazhi users before the role homes existed land on their home
   (users created or regrouped later get it from res.users / res.groups; at a
   fresh install the data file does it). An action already chosen is kept.
2. Monthly report lines keep "nothing measured" and "no target" as NULL, so
   that SQL aggregates (the figures pivot) skip them instead of counting 0:
   lines computed before this version stored 0. Draft reports are recomputed
   when opened anyway; this makes submitted ones right too.

Run at the ``end`` stage, once every addon is loaded, so that the figure
registry holds the figures of all installed addons.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.users"]._fazhi_set_home_action_all()
    figures = env["fazhi.monthly.report"]._fazhi_figures()
    no_target = [code for code, figure in figures.items() if figure["target"] is None]
    cr.execute(SQL("UPDATE fazhi_monthly_report_line SET value = NULL WHERE NOT has_value"))
    cr.execute(
        SQL(
            "UPDATE fazhi_monthly_report_line SET target = NULL WHERE source = ANY(%s)",
            no_target,
        )
    )
