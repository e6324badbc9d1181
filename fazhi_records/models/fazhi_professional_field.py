from odoo import fields, models


class FazhiProfessionalField(models.Model):
    """A professional field of health supervision (专业: 公共场所, 生活饮用水, ...).

    Data kept by the office, not code: the fields the annual reports of seeds
    002/003 break the cases and inspections down by are shipped, more can be added.
    """

    _name = "fazhi.professional.field"
    _description = "Professional field"
    _order = "sequence, id"

    name = fields.Char(required=True)
    code = fields.Char(help="Short stable code, for imports and reports.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "Each professional field has its own code."),
    ]
