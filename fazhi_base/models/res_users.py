from odoo import api, fields, models

FAZHI_CATEGORY = "fazhi_base.module_category_fazhi"
HOME_ACTION = "fazhi_base.fazhi_home_action"
GROUP_KEYS = ("groups_id", "in_group_", "sel_groups_")


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

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._fazhi_set_home_action()
        return users

    def write(self, vals):
        res = super().write(vals)
        if "fazhi_unit_ids" in vals:
            self.env.registry.clear_cache()
        if any(key.startswith(GROUP_KEYS) for key in vals):
            self._fazhi_set_home_action()
        return res

    # ------------------------------------------------------------------
    # Landing page
    # ------------------------------------------------------------------
    def _fazhi_set_home_action(self):
        """Fazhi users without a home action land on their fazhi home.

        Only users of a fazhi group, internal and without a home action of
        their own: an action a user or an administrator chose is never
        replaced, and no other user is touched. Called when users are created
        or their groups change (res.users and res.groups), and once at install
        for the users who are fazhi users already.
        """
        action = self.env.ref(HOME_ACTION, raise_if_not_found=False)
        category = self.env.ref(FAZHI_CATEGORY, raise_if_not_found=False)
        if not action or not category:
            return
        root = self.env.ref("base.user_root", raise_if_not_found=False)
        users = self.filtered(
            lambda user: (
                not user.action_id
                and not user.share
                and user != root
                and user.groups_id.filtered(lambda group: group.category_id == category)
            )
        )
        if users:
            users.write({"action_id": action.id})

    @api.model
    def _fazhi_set_home_action_all(self):
        category = self.env.ref(FAZHI_CATEGORY)
        groups = self.env["res.groups"].search([("category_id", "=", category.id)])
        groups.users._fazhi_set_home_action()
