from odoo import api, models

DESK = "fazhi_complaints.group_fazhi_complaint_desk"
# Roles whose work goes beyond the complaints: with one of them, a desk member
# keeps every menu of that role.
OTHER_ROLES = (
    "fazhi_base.group_fazhi_unit_manager",
    "fazhi_base.group_fazhi_leader",
)
# What the desk works on under Rule of Law: its home and the complaints.
DESK_MENUS = ("fazhi_base.fazhi_home_menu", "fazhi_complaints.fazhi_complaints_menu")


class IrUiMenu(models.Model):
    _inherit = "ir.ui.menu"

    @api.model
    def _fazhi_hidden_menu_ids(self):
        """The complaint desk sees, under Rule of Law, its home and the complaints only.

        The desk implies Staff for Staff's access (units, people), not for the
        unit work: the satisfaction, callback and indicator menus and the
        follow-ups and monthly reports are hidden from it.
        """
        hidden = super()._fazhi_hidden_menu_ids()
        user = self.env.user
        if not user.has_group(DESK) or any(user.has_group(group) for group in OTHER_ROLES):
            return hidden
        root = self.env.ref("fazhi_base.fazhi_menu_root", raise_if_not_found=False)
        if not root:
            return hidden
        Menu = self.with_context(**{"ir.ui.menu.full_list": True, "active_test": False})
        everything = set(Menu.search([("id", "child_of", root.id)]).ids) - {root.id}
        return hidden | (everything - self._fazhi_subtree_ids(DESK_MENUS))
