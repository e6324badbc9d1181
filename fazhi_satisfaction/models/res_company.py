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
        "campaign is still under target gets a second to-do, as the month is about to close.",
    )
    fazhi_satisfaction_report_lead_days = fields.Integer(
        string="Coverage reminder before the report",
        default=3,
        help="Days before the monthly report's due day (its 测评情况 reports the coverage) on "
        "which the manager of a unit whose campaign is still under target gets a first to-do.",
    )
    fazhi_satisfaction_survey_id = fields.Many2one(
        "survey.survey",
        string="Campaign questionnaire",
        domain=[("is_fazhi_questionnaire", "=", True)],
        help="Questionnaire of the new monthly campaigns. Empty: the health commission's own "
        "plan, 依法行政调查问卷（卫生健康系统）; the city's 依法行政调查问卷 and copies made in the "
        "survey designer can be chosen here.",
    )

    # ------------------------------------------------------------------
    # Weak points (薄弱环节): deadline of the rectification follow-ups
    # opened when a campaign closes.
    # ------------------------------------------------------------------
    fazhi_satisfaction_followup_days = fields.Integer(
        string="Weak-point rectification days",
        default=10,
        help="Working days given to a unit to rectify a weak point (a question under its "
        "threshold or a reported problem) found when its monthly campaign closes.",
    )

    # ------------------------------------------------------------------
    # Month-end close: the campaigns of a month close themselves once the
    # month is over and this many days have passed.
    # ------------------------------------------------------------------
    fazhi_satisfaction_close_grace_days = fields.Integer(
        string="Campaign close grace days",
        default=3,
        help="Days after the end of the month during which its campaigns stay open for late "
        "answers; the next night they are closed automatically, their figures frozen and "
        "their weak points opened as rectification follow-ups. A campaign reopened by the "
        "office closes again the same number of days after its reopening.",
    )

    # ------------------------------------------------------------------
    # Case callbacks (案件回访): who investigates the findings, how fast.
    # ------------------------------------------------------------------
    fazhi_callback_followup_user_id = fields.Many2one(
        "res.users",
        string="Callback findings owner",
        domain=lambda self: [
            ("share", "=", False),
            ("groups_id", "in", self.env.ref("fazhi_base.group_fazhi_office").ids),
        ],
        help="Supervision office user who owns the accountability follow-ups opened by "
        "callback findings and is told about cases without a possible callback officer. "
        "Empty, or a handler of the case: the first Supervision office user who is not an "
        "administrator.",
    )
    fazhi_callback_followup_days = fields.Integer(
        string="Callback findings time limit",
        default=15,
        help="Working days the office has to investigate the findings of a callback.",
    )

    @api.constrains("fazhi_satisfaction_target_rate")
    def _check_fazhi_satisfaction_target_rate(self):
        for company in self:
            if not 0.0 < company.fazhi_satisfaction_target_rate <= 1.0:
                raise ValidationError(
                    self.env._("The campaign target coverage must be above 0 % and at most 100 %.")
                )

    @api.constrains("fazhi_satisfaction_reminder_days", "fazhi_satisfaction_report_lead_days")
    def _check_fazhi_satisfaction_reminder_days(self):
        for company in self:
            if not 0 <= company.fazhi_satisfaction_reminder_days <= 27:
                raise ValidationError(
                    self.env._("The coverage reminder days must be between 0 and 27.")
                )
            if not 0 <= company.fazhi_satisfaction_report_lead_days <= 27:
                raise ValidationError(
                    self.env._(
                        "The coverage reminder before the report must be between 0 and 27 days."
                    )
                )

    @api.constrains("fazhi_satisfaction_followup_days")
    def _check_fazhi_satisfaction_followup_days(self):
        for company in self:
            if not 1 <= company.fazhi_satisfaction_followup_days <= 365:
                raise ValidationError(
                    self.env._("The weak-point rectification days must be between 1 and 365.")
                )

    @api.constrains("fazhi_satisfaction_close_grace_days")
    def _check_fazhi_satisfaction_close_grace_days(self):
        for company in self:
            if not 0 <= company.fazhi_satisfaction_close_grace_days <= 27:
                raise ValidationError(
                    self.env._("The campaign close grace days must be between 0 and 27.")
                )

    @api.constrains("fazhi_callback_followup_days")
    def _check_fazhi_callback_followup_days(self):
        for company in self:
            if not 1 <= company.fazhi_callback_followup_days <= 120:
                raise ValidationError(
                    self.env._(
                        "The time limit of callback findings must be between 1 and 120 "
                        "working days."
                    )
                )
