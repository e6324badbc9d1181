from odoo import fields, models


class FazhiUnit(models.Model):
    """Designated callback officers (回访人员) of a unit.

    The monthly callback generation assigns every closed case of the unit to
    one of them, never to one of the case's handlers. The unit also gets
    activities: the office is told there when a case has no possible officer.
    """

    _inherit = ["fazhi.unit", "mail.activity.mixin"]
    _name = "fazhi.unit"

    callback_officer_ids = fields.Many2many(
        "res.users",
        "fazhi_unit_callback_officer_rel",
        "unit_id",
        "user_id",
        string="Callback officers",
        domain=[("share", "=", False)],
        help="People who call back the counterparts of this unit's closed cases (回访人员). "
        "A case is never called back by one of its own handlers (回访人员和办案人员分离): "
        "designate at least two officers, or officers who do not handle cases.",
    )
