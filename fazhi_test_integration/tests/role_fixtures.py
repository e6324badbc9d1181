"""Users of every fazhi role, for the home, menu and tour tests."""

from odoo import Command
from odoo.tests import new_test_user

ADDONS = ("fazhi_satisfaction", "fazhi_complaints", "fazhi_indicators")

ROLE_GROUPS = {
    "staff": "fazhi_base.group_fazhi_staff",
    "desk": "fazhi_complaints.group_fazhi_complaint_desk",
    "manager": "fazhi_base.group_fazhi_unit_manager",
    "office": "fazhi_base.group_fazhi_office",
    "leader": "fazhi_base.group_fazhi_leader",
}


def missing_addons(env):
    installed = set(
        env["ir.module.module"]
        .search([("name", "in", ADDONS), ("state", "=", "installed")])
        .mapped("name")
    )
    return sorted(set(ADDONS) - installed)


def make_role_users(env, prefix):
    """One user per role; the staff member and the manager in unit TOUR-审批办."""
    users = {
        role: new_test_user(env, f"{prefix}_{role}", groups=group, name=f"{prefix} {role}")
        for role, group in ROLE_GROUPS.items()
    }
    Unit = env["fazhi.unit"]
    approval = Unit.create(
        {
            "name": "TOUR-审批办",
            "code": f"{prefix}-SPB",
            "manager_id": users["manager"].id,
            "member_ids": [Command.set((users["staff"] | users["manager"]).ids)],
        }
    )
    supervision = Unit.create({"name": "TOUR-监督所", "code": f"{prefix}-JDS"})
    return users, approval, supervision
