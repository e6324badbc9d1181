from odoo import api, fields, models
from odoo.exceptions import ValidationError

KINDS = [
    ("lecture", "Lecture"),
    ("consultation", "Street consultation"),
    ("media", "Media and online"),
    ("campaign", "Theme campaign"),
    ("other", "Other"),
]


class FazhiPublicityActivity(models.Model):
    """A legal publicity activity (普法宣传) for the public: kind, people
    reached and materials handed out."""

    _name = "fazhi.publicity.activity"
    _description = "Publicity activity"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    def _default_unit_id(self):
        return self.env.user.fazhi_unit_ids[:1]

    name = fields.Char(string="Title", required=True, tracking=True)
    kind = fields.Selection(KINDS, required=True, default="consultation", index=True)
    unit_id = fields.Many2one(
        "fazhi.unit",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        default=lambda self: self._default_unit_id(),
    )
    company_id = fields.Many2one(
        related="unit_id.company_id", store=True, index=True, precompute=True, string="Company"
    )
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    participant_count = fields.Integer(string="People reached", aggregator="sum")
    material_count = fields.Integer(string="Materials handed out", aggregator="sum")
    note = fields.Text()

    @api.constrains("participant_count", "material_count")
    def _check_counts(self):
        for activity in self:
            if activity.participant_count < 0 or activity.material_count < 0:
                raise ValidationError(
                    self.env._(
                        "%(title)s: people reached and materials cannot be negative.",
                        title=activity.name,
                    )
                )
