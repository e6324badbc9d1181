from odoo import fields, models


class FazhiComplaintCategory(models.Model):
    """Category of a complaint (seeds 000 / 001: the eight kinds of misconduct)."""

    _name = "fazhi.complaint.category"
    _description = "Complaint category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text()

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A complaint category with this name already exists."),
    ]
