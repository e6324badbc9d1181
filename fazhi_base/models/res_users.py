from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    fazhi_unit_ids = fields.Many2many(
        "fazhi.unit",
        "fazhi_unit_res_users_rel",
        "user_id",
        "unit_id",
        string="Units",
        help="Units this user works for; record rules give Staff access to their records.",
    )
    fazhi_managed_unit_ids = fields.One2many("fazhi.unit", "manager_id", string="Managed units")

    def write(self, vals):
        res = super().write(vals)
        if "fazhi_unit_ids" in vals:
            self.env.registry.clear_cache()
        return res
