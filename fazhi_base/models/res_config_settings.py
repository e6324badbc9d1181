from odoo import api, fields, models


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
    fazhi_holiday_missing_year = fields.Integer(
        string="Year without holidays",
        compute="_compute_fazhi_holiday_missing_year",
        help="Next year, from 1 November until its public holidays are loaded.",
    )

    @api.depends("company_id")
    def _compute_fazhi_holiday_missing_year(self):
        Holiday = self.env["fazhi.holiday"]
        for settings in self:
            settings.fazhi_holiday_missing_year = Holiday._fazhi_next_year_missing(
                company=settings.company_id
            )
