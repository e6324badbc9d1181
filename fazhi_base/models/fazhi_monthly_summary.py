# Minimal stub: the monthly-report helper replaces this file.
from odoo import api, fields, models


class FazhiMonthlySummary(models.Model):
    _name = "fazhi.monthly.summary"
    _description = "Monthly summary"

    name = fields.Char()

    @api.model
    def _cron_send_summary(self):
        return True
