from odoo import api, models


class ResGroups(models.Model):
    _inherit = "res.groups"

    @api.model_create_multi
    def create(self, vals_list):
        groups = super().create(vals_list)
        if any("users" in vals for vals in vals_list):
            groups.users._fazhi_set_home_action()
        return groups

    def write(self, vals):
        res = super().write(vals)
        if "users" in vals or "implied_ids" in vals:
            # implied_ids: a group that now implies a fazhi group brings its users in
            self.with_context(active_test=False).users._fazhi_set_home_action()
        return res
