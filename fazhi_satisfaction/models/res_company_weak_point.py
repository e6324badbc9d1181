from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """Deadline of the weak-point follow-ups opened when a campaign closes.

    Kept apart from ``res_company.py`` (the campaign settings) so that the
    statistics part of the addon owns its own setting.
    """

    _inherit = "res.company"

    fazhi_satisfaction_followup_days = fields.Integer(
        string="Weak-point rectification days",
        default=10,
        help="Working days given to a unit to rectify a weak point (a question under its "
        "threshold or a reported problem) found when its monthly campaign closes.",
    )

    @api.constrains("fazhi_satisfaction_followup_days")
    def _check_fazhi_satisfaction_followup_days(self):
        for company in self:
            if not 1 <= company.fazhi_satisfaction_followup_days <= 365:
                raise ValidationError(
                    self.env._("The weak-point rectification days must be between 1 and 365.")
                )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    fazhi_satisfaction_followup_days = fields.Integer(
        related="company_id.fazhi_satisfaction_followup_days", readonly=False
    )
