from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import mute_logger


class TestUnit(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Unit = cls.env["fazhi.unit"]
        cls.commission = Unit.create({"name": "卫健委", "code": "T-WJW"})
        cls.approval = Unit.create(
            {"name": "审批办", "code": "T-SPB", "parent_id": cls.commission.id}
        )
        cls.window = Unit.create({"name": "窗口", "code": "T-CK", "parent_id": cls.approval.id})

    def test_tree_and_names(self):
        self.assertEqual(self.window.complete_name, "卫健委 / 审批办 / 窗口")
        # The short name, unless another unit bears it (审批办 exists in the demo).
        self.assertIn(self.window.display_name, ("窗口", "卫健委 / 审批办 / 窗口"))
        self.assertEqual(self.commission.child_ids, self.approval)
        descendants = self.env["fazhi.unit"].search([("id", "child_of", self.commission.id)])
        self.assertEqual(descendants, self.commission | self.approval | self.window)
        # renaming a parent renames the whole branch
        self.approval.name = "行政审批办"
        self.assertEqual(self.window.complete_name, "卫健委 / 行政审批办 / 窗口")
        # found by code as well as by name
        found = self.env["fazhi.unit"].name_search("T-CK")
        self.assertEqual([f[0] for f in found], [self.window.id])

    def test_short_names_full_path_when_ambiguous(self):
        """Units show their own name (narrow columns, pivot headers, reports);
        same-name units under different parents show their path; a unit is
        still found by its parent's name."""
        Unit = self.env["fazhi.unit"]
        root = Unit.create({"name": "T根委员会", "code": "T-ROOT"})
        office = Unit.create({"name": "T法规科", "code": "T-FGK", "parent_id": root.id})
        county = Unit.create({"name": "T县卫健委", "code": "T-XWJ", "parent_id": root.id})
        county_office = Unit.create({"name": "T县法规科", "code": "T-XFG", "parent_id": county.id})
        self.assertEqual(office.display_name, "T法规科")
        self.assertEqual(office.complete_name, "T根委员会 / T法规科")
        # Same name under another parent: both show their path.
        county_office.name = "T法规科"
        (office | county_office).invalidate_recordset(["display_name"])
        self.assertEqual(office.display_name, "T根委员会 / T法规科")
        self.assertEqual(county_office.display_name, "T根委员会 / T县卫健委 / T法规科")
        # Even when the other one is archived (old records still point to it).
        county_office.active = False
        office.invalidate_recordset(["display_name"])
        self.assertEqual(office.display_name, "T根委员会 / T法规科")
        county_office.write({"active": True, "name": "T县法规科"})
        (office | county_office).invalidate_recordset(["display_name"])
        self.assertEqual(office.display_name, "T法规科")
        # Searching a unit by its parent's name, or by its path.
        found = {row[0] for row in Unit.name_search("T县卫健委")}
        self.assertEqual(found, {county.id, county_office.id})
        self.assertEqual(Unit.search([("display_name", "ilike", "T根委员会 / T法规")]), office)
        # Groups (pivot and list headers) show the short names too.
        groups = Unit.read_group([("parent_id", "child_of", root.id)], ["parent_id"], ["parent_id"])
        headers = {group["parent_id"][1] for group in groups if group["parent_id"]}
        self.assertEqual(headers, {"T根委员会", "T县卫健委"})
        # The same for a user who is no member of any of these units.
        staff = new_test_user(
            self.env, login="tu_short_names", groups="fazhi_base.group_fazhi_staff"
        )
        self.assertEqual(office.with_user(staff).display_name, "T法规科")

    def test_parent_loop_refused(self):
        """Bad input: a unit under itself, or under its own sub-unit."""
        with self.assertRaisesRegex(ValidationError, "cannot be placed under itself"):
            self.commission.parent_id = self.window
        with self.assertRaisesRegex(ValidationError, "cannot be placed under itself"):
            self.approval.parent_id = self.approval
        # nothing was changed by the refused writes
        self.assertFalse(self.commission.parent_id)
        self.assertEqual(self.approval.parent_id, self.commission)
        # moving a branch elsewhere is fine
        other = self.env["fazhi.unit"].create({"name": "监督所", "code": "T-JDS"})
        self.window.parent_id = other
        self.assertEqual(self.window.complete_name, "监督所 / 窗口")

    @mute_logger("odoo.sql_db")
    def test_code_unique(self):
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["fazhi.unit"].create({"name": "另一个审批办", "code": "T-SPB"})

    def test_membership_and_responsible(self):
        manager = new_test_user(self.env, "unit_mgr", groups="fazhi_base.group_fazhi_unit_manager")
        liaison = new_test_user(self.env, "unit_liaison", groups="fazhi_base.group_fazhi_staff")
        self.approval.write({"member_ids": [(4, liaison.id)], "liaison_id": liaison.id})
        self.assertEqual(liaison.fazhi_unit_ids, self.approval)
        self.assertEqual(self.approval.member_count, 1)
        self.assertEqual(self.approval._get_responsible_users(), liaison)
        self.approval.manager_id = manager
        self.assertEqual(manager.fazhi_managed_unit_ids, self.approval)
        self.assertEqual(self.approval._get_responsible_users(), manager)

    def test_only_the_office_edits_units(self):
        staff = new_test_user(self.env, "unit_staff", groups="fazhi_base.group_fazhi_staff")
        office = new_test_user(self.env, "unit_office", groups="fazhi_base.group_fazhi_office")
        self.assertEqual(self.approval.with_user(staff).name, "审批办")
        with self.assertRaises(AccessError):
            self.approval.with_user(staff).name = "改名"
        with self.assertRaises(AccessError):
            self.env["fazhi.unit"].with_user(staff).create({"name": "新科室"})
        self.approval.with_user(office).name = "行政审批办"
        self.assertEqual(self.approval.name, "行政审批办")
