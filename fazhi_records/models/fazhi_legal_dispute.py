from odoo import api, fields, models
from odoo.exceptions import ValidationError

KINDS = [
    ("reconsideration", "Administrative reconsideration"),
    ("litigation", "Administrative litigation"),
]
OUTCOMES = [
    ("maintained", "Maintained"),
    ("revoked", "Revoked"),
    ("changed", "Changed"),
    ("confirmed_illegal", "Confirmed illegal"),
    ("ordered", "Ordered to perform"),
    ("rejected", "Rejected"),
    ("settled", "Settled or mediated"),
    ("withdrawn", "Withdrawn or terminated"),
]
# 纠错: the decision was found wrong (撤销, 变更, 确认违法, 责令履行).
CORRECTED = ("revoked", "changed", "confirmed_illegal", "ordered")


class FazhiLegalDispute(models.Model):
    """An administrative reconsideration (行政复议) or lawsuit (行政诉讼)
    against a decision of a unit.

    Figures (``fazhi.record.figures``): 复议维持率 (reconsiderations
    maintained / reconsiderations concluded), 纠错率 (corrected / concluded,
    both kinds) and 出庭应诉率 (lawsuits heard where the head of the organ
    appeared in court / lawsuits heard).
    """

    _name = "fazhi.legal.dispute"
    _description = "Reconsideration or litigation"
    _inherit = ["mail.thread"]
    _order = "received_date desc, id desc"

    def _default_unit_id(self):
        return self.env.user.fazhi_unit_ids[:1]

    name = fields.Char(string="Case number", required=True, index=True, tracking=True, help="案号.")
    kind = fields.Selection(KINDS, required=True, default="reconsideration", index=True)
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
    case_id = fields.Many2one(
        "fazhi.enforcement.case",
        string="Enforcement case",
        index=True,
        ondelete="restrict",
        help="The decision contested, when it is registered.",
    )
    applicant = fields.Char(help="Name of the applicant or plaintiff, nothing more.")
    received_date = fields.Date(string="Received on", required=True, index=True, tracking=True)
    concluded_date = fields.Date(string="Concluded on", index=True, tracking=True)
    outcome = fields.Selection(OUTCOMES, index=True, tracking=True)
    is_corrected = fields.Boolean(
        string="Corrected",
        compute="_compute_is_corrected",
        store=True,
        help="纠错: revoked, changed, confirmed illegal or ordered to perform.",
    )
    hearing_date = fields.Date(help="Day of the court hearing (lawsuits).")
    head_appeared = fields.Boolean(
        string="Head appeared in court",
        tracking=True,
        help="负责人出庭应诉: the head (or a deputy head) of the organ appeared in court.",
    )
    note = fields.Text()

    @api.depends("outcome")
    def _compute_is_corrected(self):
        for dispute in self:
            dispute.is_corrected = dispute.outcome in CORRECTED

    @api.constrains("received_date", "concluded_date", "outcome", "kind", "hearing_date")
    def _check_dispute(self):
        today = fields.Date.context_today(self)
        for dispute in self:
            if dispute.received_date > today:
                raise ValidationError(
                    self.env._("%(name)s cannot be received in the future.", name=dispute.name)
                )
            if dispute.concluded_date and dispute.concluded_date < dispute.received_date:
                raise ValidationError(
                    self.env._(
                        "%(name)s cannot be concluded before it was received.", name=dispute.name
                    )
                )
            if bool(dispute.outcome) != bool(dispute.concluded_date):
                raise ValidationError(
                    self.env._(
                        "%(name)s: give the outcome and the conclusion date together.",
                        name=dispute.name,
                    )
                )
            if dispute.kind != "litigation" and (dispute.hearing_date or dispute.head_appeared):
                raise ValidationError(
                    self.env._(
                        "%(name)s: court hearings and appearance in court are for lawsuits only.",
                        name=dispute.name,
                    )
                )
            if dispute.head_appeared and not dispute.hearing_date:
                raise ValidationError(
                    self.env._(
                        "%(name)s: the head appeared in court at a hearing; give its date.",
                        name=dispute.name,
                    )
                )
