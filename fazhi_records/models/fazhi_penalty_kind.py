from odoo import fields, models


class FazhiPenaltyKind(models.Model):
    """A kind of administrative penalty (警告, 罚款, 没收违法所得, 责令暂停…).

    Data kept by the office (行政处罚法 art. 9 lists them); a penalty case
    carries one or several.
    """

    _name = "fazhi.penalty.kind"
    _description = "Penalty kind"
    _order = "sequence, id"

    name = fields.Char(required=True)
    code = fields.Char(help="Short stable code, for imports and reports.")
    sequence = fields.Integer(default=10)
    is_fine = fields.Boolean(
        string="Fine or confiscation",
        help="A penalty of this kind comes with an amount (罚款, 没收违法所得).",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "Each penalty kind has its own code."),
    ]
