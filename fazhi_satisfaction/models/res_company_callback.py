from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

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
