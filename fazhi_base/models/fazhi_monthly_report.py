# Minimal stub: the monthly-report helper replaces this file.
from odoo import api, fields, models


class FazhiMonthlyReport(models.Model):
    _name = "fazhi.monthly.report"
    _description = "Monthly unit report"
    _inherit = ["mail.thread", "mail.activity.mixin"]

    unit_id = fields.Many2one("fazhi.unit", required=True)
    line_ids = fields.One2many("fazhi.monthly.report.line", "report_id")

    @api.model
    def _cron_send_reminders(self):
        return True


class FazhiMonthlyReportLine(models.Model):
    _name = "fazhi.monthly.report.line"
    _description = "Monthly report figure"

    report_id = fields.Many2one("fazhi.monthly.report", required=True, ondelete="cascade")
    name = fields.Char()
