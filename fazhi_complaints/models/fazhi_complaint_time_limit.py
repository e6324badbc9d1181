from odoo import api, fields, models
from odoo.exceptions import ValidationError

CHANNELS = [
    ("phone", "Complaint phone"),
    ("hotline_12345", "12345 hotline transfer"),
    ("letter", "Letter"),
    ("visit", "Visit"),
    ("web", "Web"),
    ("email", "E-mail"),
    ("wechat", "WeChat"),
    ("bad_review", "Bad review (好差评)"),
]

DAY_TYPES = [("calendar", "Calendar days"), ("working", "Working days")]


class FazhiComplaintTimeLimit(models.Model):
    """Time limits of one channel (受理 / 办结期限).

    Defaults follow 《信访工作条例》: decide on acceptance within 15 days of
    receipt, conclude within 60 days of acceptance. Each limit is counted in
    calendar days or in working days (fazhi_base working-day helper).
    """

    _name = "fazhi.complaint.time.limit"
    _description = "Complaint time limit"
    _order = "sequence, id"
    _rec_name = "channel"

    sequence = fields.Integer(default=10)
    channel = fields.Selection(CHANNELS, required=True)
    company_id = fields.Many2one(
        "res.company",
        help="Empty: applies to every company without its own limit for the channel.",
    )
    accept_days = fields.Integer(
        string="Decide on acceptance within",
        default=15,
        required=True,
        help="Days after receipt within which the complaint is accepted or rejected.",
    )
    accept_day_type = fields.Selection(
        DAY_TYPES, string="Acceptance counted in", default="calendar", required=True
    )
    conclude_days = fields.Integer(
        string="Conclude within",
        default=60,
        required=True,
        help="Days after acceptance within which the complaint is concluded.",
    )
    conclude_day_type = fields.Selection(
        DAY_TYPES, string="Conclusion counted in", default="calendar", required=True
    )

    _sql_constraints = [
        (
            "channel_company_uniq",
            "unique(channel, company_id)",
            "A channel has one set of time limits per company.",
        ),
    ]

    @api.constrains("accept_days", "conclude_days")
    def _check_days(self):
        for limit in self:
            if limit.accept_days < 1 or limit.conclude_days < 1:
                raise ValidationError(self.env._("Time limits must be at least one day."))

    @api.model
    def _get_limits(self, company):
        """``{channel: limit}`` for ``company`` (its own limits win over shared ones)."""
        limits = self.sudo().search(
            [("company_id", "in", [False, company.id])], order="company_id nulls first"
        )
        return {limit.channel: limit for limit in limits}
