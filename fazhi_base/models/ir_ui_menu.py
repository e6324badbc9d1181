from odoo import api, models, tools

FAZHI_CATEGORY = "fazhi_base.module_category_fazhi"


class IrUiMenu(models.Model):
    _inherit = "ir.ui.menu"

    # Menus are shown by groups, and a group can only add menus: the complaint
    # desk implies Staff (it needs Staff's access to units and people), so no
    # group says "Staff but not the desk". A role's menus are therefore
    # narrowed here, after Odoo's group and access checks, for fazhi users
    # only: `_fazhi_hidden_menu_ids` is empty for every other user, so
    # installing fazhi changes no other user's menus. Hiding a menu grants and
    # removes no access: the record rules and ACLs stay what they are.
    @api.model
    @tools.ormcache("frozenset(self.env.user.groups_id.ids)", "debug")
    def _visible_menu_ids(self, debug=False):
        visible = super()._visible_menu_ids(debug)
        hidden = self._fazhi_hidden_menu_ids()
        return visible - hidden if hidden else visible

    @api.model
    def _fazhi_is_fazhi_user(self):
        category = self.env.ref(FAZHI_CATEGORY, raise_if_not_found=False)
        return bool(
            category and self.env.user.groups_id.filtered(lambda g: g.category_id == category)
        )

    @api.model
    def _fazhi_hidden_menu_ids(self):
        """Ids of the menus hidden from the current (fazhi) user; each addon adds its own.

        fazhi_base hides Odoo's Apps menu from fazhi users who cannot install
        apps: base_install_request (auto-installed with mail) shows it to every
        internal user so that they may *request* an app, which a commission's
        clerk has no use for.
        """
        hidden = set()
        if not self._fazhi_is_fazhi_user():
            return hidden
        if not self.env.user.has_group("base.group_system"):
            hidden |= self._fazhi_subtree_ids(["base.menu_management"])
        return hidden

    @api.model
    def _fazhi_subtree_ids(self, xmlids):
        """The menus of ``xmlids`` and every menu below them (inactive ones too)."""
        roots = [
            menu.id
            for menu in (self.env.ref(xmlid, raise_if_not_found=False) for xmlid in xmlids)
            if menu
        ]
        if not roots:
            return set()
        Menu = self.with_context(**{"ir.ui.menu.full_list": True, "active_test": False})
        return set(Menu.search([("id", "child_of", roots)]).ids)
