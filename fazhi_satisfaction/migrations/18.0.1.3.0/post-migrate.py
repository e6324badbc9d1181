"""Walk-in answers counted in their month in Beijing time (18.0.1.3.0).

An answer without a campaign (a walk-in from someone not in the register) now
counts in the month of its creation in Beijing time, not UTC. The statistics
month stored on the lines of such answers is recomputed; only the answers
created in the first 8 hours of a month change. Years already archived keep
the figures they were archived with.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["survey.user_input.line"]._fazhi_refresh_statistics(
        SQL("ui.fazhi_task_id IS NULL AND ui.fazhi_unit_id IS NOT NULL")
    )
