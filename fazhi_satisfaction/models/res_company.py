from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------
    # Monthly satisfaction campaigns (测评批次): seeds 000 and 001 ask every
    # unit to interview at least 90 % of its counterparts each month.
    # ------------------------------------------------------------------
    fazhi_satisfaction_target_rate = fields.Float(
        string="Campaign target coverage",
        default=0.9,
        help="Share of the counterparts each unit must interview every month (0.9 is 90 %); "
        "new campaigns take it as their target.",
    )
    fazhi_satisfaction_reminder_days = fields.Integer(
        string="Coverage reminder days",
        default=5,
        help="Days before the end of the month on which the manager of a unit whose "
        "campaign is still under target gets a to-do (once per campaign).",
    )
    fazhi_satisfaction_survey_id = fields.Many2one(
        "survey.survey",
        string="Campaign questionnaire",
        domain=[("is_fazhi_questionnaire", "=", True)],
        help="Questionnaire of the new monthly campaigns. Empty: the 依法行政调查问卷 shipped "
        "with the module.",
    )

    @api.constrains("fazhi_satisfaction_target_rate")
    def _check_fazhi_satisfaction_target_rate(self):
        for company in self:
            if not 0.0 < company.fazhi_satisfaction_target_rate <= 1.0:
                raise ValidationError(
                    self.env._("The campaign target coverage must be above 0 % and at most 100 %.")
                )

    @api.constrains("fazhi_satisfaction_reminder_days")
    def _check_fazhi_satisfaction_reminder_days(self):
        for company in self:
            if not 0 <= company.fazhi_satisfaction_reminder_days <= 27:
                raise ValidationError(
                    self.env._("The coverage reminder days must be between 0 and 27.")
                )
