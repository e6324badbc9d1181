from odoo import fields, models


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    is_fazhi_questionnaire = fields.Boolean(
        string="Rule-of-law questionnaire",
        index=True,
        copy=True,
        help="Self-assessment questionnaire of the rule-of-law work (依法行政调查问卷): its "
        "choices carry a rating and its answers feed the satisfaction figures.",
    )

    def _fazhi_get_private_gate(self):
        """The private-enterprise gate question of this questionnaire (may be empty)."""
        self.ensure_one()
        return self.question_ids.filtered("fazhi_is_private_gate")[:1]
