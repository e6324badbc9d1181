from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # The rules live on res.company (constraints there), so they hold for
    # every way of writing them, not only through this page.
    fazhi_monthly_report_due_day = fields.Integer(
        related="company_id.fazhi_monthly_report_due_day", readonly=False
    )
    fazhi_monthly_reminder_days = fields.Integer(
        related="company_id.fazhi_monthly_reminder_days", readonly=False
    )
    fazhi_summary_user_ids = fields.Many2many(
        related="company_id.fazhi_summary_user_ids", readonly=False
    )
