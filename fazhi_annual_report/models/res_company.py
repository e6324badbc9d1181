from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------
    # Commission's monthly report (seed 001: 每月28日之前), beside the
    # units' due day of fazhi_base (seed 000: 每月25日前).
    # ------------------------------------------------------------------
    fazhi_commission_report_due_day = fields.Integer(
        string="Commission report due day",
        default=28,
        help="Day of the month by which the commission sends its own monthly report, the "
        "roll-up of its units' reports (1 to 31; the last day in shorter months).",
    )

    # ------------------------------------------------------------------
    # Annual report deadlines (next year): reported in the first quarter,
    # published on the web before 1 April.
    # ------------------------------------------------------------------
    fazhi_annual_report_due_month = fields.Integer(string="Annual report due month", default=3)
    fazhi_annual_report_due_day = fields.Integer(string="Annual report due day", default=31)
    fazhi_annual_publish_due_month = fields.Integer(
        string="Annual report publication month", default=3
    )
    fazhi_annual_publish_due_day = fields.Integer(
        string="Annual report publication day", default=31
    )
    fazhi_annual_reminder_days = fields.Integer(
        string="Annual report reminder lead days",
        default=15,
        help="Days before each deadline of the annual report on which a supervision "
        "follow-up is opened for it.",
    )

    # ------------------------------------------------------------------
    # Yearly assessment weights (纳入年终考核，适当权重)
    # ------------------------------------------------------------------
    fazhi_assessment_weight_coverage = fields.Float(string="Weight: interview coverage", default=20)
    fazhi_assessment_weight_satisfaction = fields.Float(
        string="Weight: satisfaction rate", default=25
    )
    fazhi_assessment_weight_callback = fields.Float(string="Weight: callbacks on time", default=15)
    fazhi_assessment_weight_complaint = fields.Float(
        string="Weight: complaints on time", default=15
    )
    fazhi_assessment_weight_indicator = fields.Float(
        string="Weight: indicator progress", default=15
    )
    fazhi_assessment_weight_training = fields.Float(string="Weight: training hours", default=10)

    @api.constrains(
        "fazhi_commission_report_due_day",
        "fazhi_annual_report_due_month",
        "fazhi_annual_report_due_day",
        "fazhi_annual_publish_due_month",
        "fazhi_annual_publish_due_day",
        "fazhi_annual_reminder_days",
    )
    def _check_fazhi_annual_dates(self):
        for company in self:
            if not 1 <= company.fazhi_commission_report_due_day <= 31:
                raise ValidationError(
                    self.env._("The commission report due day must be between 1 and 31.")
                )
            for month, day in (
                (company.fazhi_annual_report_due_month, company.fazhi_annual_report_due_day),
                (company.fazhi_annual_publish_due_month, company.fazhi_annual_publish_due_day),
            ):
                if not (1 <= month <= 12 and 1 <= day <= 31):
                    raise ValidationError(
                        self.env._(
                            "An annual report deadline needs a month (1-12) and a day (1-31)."
                        )
                    )
            if company.fazhi_annual_reminder_days < 0:
                raise ValidationError(self.env._("The reminder lead days cannot be negative."))

    @api.constrains(
        "fazhi_assessment_weight_coverage",
        "fazhi_assessment_weight_satisfaction",
        "fazhi_assessment_weight_callback",
        "fazhi_assessment_weight_complaint",
        "fazhi_assessment_weight_indicator",
        "fazhi_assessment_weight_training",
    )
    def _check_fazhi_assessment_weights(self):
        for company in self:
            weights = [
                company.fazhi_assessment_weight_coverage,
                company.fazhi_assessment_weight_satisfaction,
                company.fazhi_assessment_weight_callback,
                company.fazhi_assessment_weight_complaint,
                company.fazhi_assessment_weight_indicator,
                company.fazhi_assessment_weight_training,
            ]
            if any(weight < 0 for weight in weights):
                raise ValidationError(self.env._("Assessment weights cannot be negative."))
