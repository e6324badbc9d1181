from odoo import fields, models


class FazhiUnit(models.Model):
    """The custodian of a unit's questionnaires (专人按年度分类保存)."""

    _inherit = "fazhi.unit"

    fazhi_archive_custodian_id = fields.Many2one(
        "res.users",
        string="Questionnaire custodian",
        domain=[("share", "=", False)],
        tracking=True,
        help="Person designated to keep the unit's satisfaction questionnaires, filed per year: "
        "they (or the supervision office) archive a finished year, which locks its answers.",
    )
    fazhi_archive_ids = fields.One2many(
        "fazhi.satisfaction.archive", "unit_id", string="Yearly archives"
    )
