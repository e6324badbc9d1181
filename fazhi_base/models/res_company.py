from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------
    # Monthly unit report (月报): seeds 000 and 001 ask units to report
    # "于每月25日前" / "每月28日之前", so the report of month M is due on day D
    # of month M.
    # ------------------------------------------------------------------
    fazhi_monthly_report_due_day = fields.Integer(
        string="Monthly report due day",
        default=25,
        help="Day of the month by which every unit submits the report of that month "
        "(1 to 31; in shorter months the last day of the month is used).",
    )
    fazhi_monthly_reminder_days = fields.Integer(
        string="Reminder lead days",
        default=3,
        help="Days before the due date on which units that have not submitted yet get a "
        "reminder (0: on the due date itself).",
    )
    fazhi_summary_user_ids = fields.Many2many(
        "res.users",
        "fazhi_res_company_summary_user_rel",
        "company_id",
        "user_id",
        string="Monthly summary recipients",
        domain=[("share", "=", False)],
        help="Users who receive the monthly summary e-mail. Leave empty to send it to "
        "every user of the Supervision office and Leader groups.",
    )

    @api.constrains("fazhi_monthly_report_due_day")
    def _check_fazhi_monthly_report_due_day(self):
        for company in self:
            if not 1 <= company.fazhi_monthly_report_due_day <= 31:
                raise ValidationError(
                    self.env._(
                        "The monthly report due day must be between 1 and 31, not %(day)s.",
                        day=company.fazhi_monthly_report_due_day,
                    )
                )

    @api.constrains("fazhi_monthly_reminder_days")
    def _check_fazhi_monthly_reminder_days(self):
        for company in self:
            if company.fazhi_monthly_reminder_days < 0:
                raise ValidationError(self.env._("The reminder lead days cannot be negative."))

    def write(self, vals):
        if "fazhi_monthly_report_due_day" in vals:
            # Due dates still to compute belong to the old due day.
            self.env["fazhi.monthly.report"].flush_model(["due_date"])
        res = super().write(vals)
        if "fazhi_monthly_report_due_day" in vals:
            # The new due day applies to the reports still open (draft or
            # returned); submitted and accepted reports keep the due date they
            # were judged against.
            reports = (
                self.env["fazhi.monthly.report"]
                .sudo()
                .search([("company_id", "in", self.ids), ("state", "in", ("draft", "returned"))])
            )
            if reports:
                self.env.add_to_compute(reports._fields["due_date"], reports)
        return res
