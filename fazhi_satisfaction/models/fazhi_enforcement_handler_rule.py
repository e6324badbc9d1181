from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .fazhi_enforcement_case import CASE_TYPES


class FazhiEnforcementHandlerRule(models.Model):
    """How many officers a kind of enforcement action needs (2人以上执法).

    Seed 004 (row 53) asks for enforcement by at least two officers, as
    行政处罚法 (art. 42: 执法人员不得少于两人, and art. 55 for investigations
    and inspections) and 行政强制法 (art. 18: 由两名以上行政执法人员实施) require.
    The kinds and their minimum are data, kept by the office: a case of a kind
    without a rule needs one handler.
    """

    _name = "fazhi.enforcement.handler.rule"
    _description = "Minimum handlers per kind of enforcement case"
    _order = "case_type"
    _rec_name = "case_type"

    case_type = fields.Selection(CASE_TYPES, required=True, string="Case type")
    min_handlers = fields.Integer(
        string="Minimum handlers",
        required=True,
        default=2,
        help="Officers who must have handled a case of this kind (两名以上执法人员: 2).",
    )
    legal_basis = fields.Char(
        help="The provision that requires it, e.g. 《中华人民共和国行政处罚法》第四十二条."
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("case_type_uniq", "unique(case_type)", "Each kind of case has one rule."),
    ]

    @api.constrains("min_handlers")
    def _check_min_handlers(self):
        if self.filtered(lambda rule: rule.min_handlers < 1):
            raise ValidationError(self.env._("A case needs at least one handler."))

    @api.model
    def _fazhi_minimums(self):
        """``{case_type: minimum}`` of the active rules (read for a constraint:
        the rules are configuration every user may know)."""
        return {rule.case_type: rule.min_handlers for rule in self.sudo().search([])}
