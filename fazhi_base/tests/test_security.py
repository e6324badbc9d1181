from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user


class TestFollowupSecurity(TransactionCase):
    """Who sees and changes which follow-ups, along the unit tree:

    root
    ├── parent ── child
    └── sibling
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        staff_group = "fazhi_base.group_fazhi_staff"
        cls.staff_a = new_test_user(cls.env, login="sec_staff_a", groups=staff_group)
        cls.staff_b = new_test_user(cls.env, login="sec_staff_b", groups=staff_group)
        cls.parent_manager = new_test_user(
            cls.env, login="sec_parent_manager", groups="fazhi_base.group_fazhi_unit_manager"
        )
        cls.office = new_test_user(
            cls.env, login="sec_office", groups="fazhi_base.group_fazhi_office"
        )
        cls.leader = new_test_user(
            cls.env, login="sec_leader", groups="fazhi_base.group_fazhi_leader"
        )
        Unit = cls.env["fazhi.unit"]
        cls.root = Unit.create({"name": "Sec root", "code": "SEC-R"})
        cls.parent = Unit.create(
            {
                "name": "Sec parent",
                "code": "SEC-P",
                "parent_id": cls.root.id,
                "manager_id": cls.parent_manager.id,
            }
        )
        # Unit A is the child of "parent", unit B its parent's sibling.
        cls.unit_a = Unit.create(
            {
                "name": "Sec unit A",
                "code": "SEC-A",
                "parent_id": cls.parent.id,
                "member_ids": [Command.set(cls.staff_a.ids)],
            }
        )
        cls.unit_b = Unit.create(
            {
                "name": "Sec unit B",
                "code": "SEC-B",
                "parent_id": cls.root.id,
                "member_ids": [Command.set(cls.staff_b.ids)],
            }
        )
        Followup = cls.env["fazhi.followup"]
        cls.followup_a, cls.followup_b = Followup.create(
            [
                {"name": "Sec A", "unit_id": cls.unit_a.id, "deadline": "2099-01-01"},
                {"name": "Sec B", "unit_id": cls.unit_b.id, "deadline": "2099-01-01"},
            ]
        )
        cls.both = cls.followup_a | cls.followup_b
        cls.domain = [("id", "in", cls.both.ids)]

    def _search(self, user):
        return self.env["fazhi.followup"].with_user(user).search(self.domain)

    def test_staff_isolated_both_ways(self):
        cases = (
            (self.staff_a, self.followup_a, self.followup_b),
            (self.staff_b, self.followup_b, self.followup_a),
        )
        for user, own, other in cases:
            with self.subTest(user=user.login):
                self.assertEqual(self._search(user), own)
                self.assertEqual(own.with_user(user).read(["name"])[0]["name"], own.name)
                own.with_user(user).write({"description": "<p>ours</p>"})
                with self.assertRaises(AccessError):
                    other.with_user(user).read(["name"])
                with self.assertRaises(AccessError):
                    other.with_user(user).write({"name": "Hijacked"})
                with self.assertRaises(AccessError):
                    other.with_user(user).action_start()
                with self.assertRaises(AccessError):
                    self.env["fazhi.followup"].with_user(user).create(
                        {
                            "name": "Foreign",
                            "unit_id": other.unit_id.id,
                            "deadline": "2099-01-01",
                        }
                    )
                with self.assertRaises(AccessError):
                    own.with_user(user).unlink()
        self.assertEqual(self.followup_b.state, "open")

    def test_staff_sees_what_they_own(self):
        self.followup_b.user_id = self.staff_a
        self.assertEqual(self._search(self.staff_a), self.both)

    def test_membership_change_applies_at_once(self):
        self.assertEqual(self._search(self.staff_a), self.followup_a)
        self.unit_b.member_ids = [Command.link(self.staff_a.id)]
        self.assertEqual(self._search(self.staff_a), self.both)
        self.unit_b.member_ids = [Command.unlink(self.staff_a.id)]
        self.assertEqual(self._search(self.staff_a), self.followup_a)

    def test_unit_manager_sees_children_not_siblings(self):
        self.assertEqual(self._search(self.parent_manager), self.followup_a)
        self.followup_a.with_user(self.parent_manager).action_start()
        with self.assertRaises(AccessError):
            self.followup_b.with_user(self.parent_manager).read(["name"])
        with self.assertRaises(AccessError):
            self.followup_b.with_user(self.parent_manager).write({"name": "Hijacked"})

    def test_office_sees_and_changes_all(self):
        self.assertEqual(self._search(self.office), self.both)
        self.both.with_user(self.office).write({"description": "<p>checked</p>"})
        extra = (
            self.env["fazhi.followup"]
            .with_user(self.office)
            .create({"name": "Office", "unit_id": self.unit_b.id, "deadline": "2099-01-01"})
        )
        extra.unlink()

    def test_leader_reads_only(self):
        self.assertEqual(self._search(self.leader), self.both)
        self.assertEqual(len(self.both.with_user(self.leader).read(["name"])), 2)
        with self.assertRaises(AccessError):
            self.followup_a.with_user(self.leader).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self.followup_a.with_user(self.leader).action_start()
        with self.assertRaises(AccessError):
            self.env["fazhi.followup"].with_user(self.leader).create(
                {"name": "Leader", "unit_id": self.unit_a.id, "deadline": "2099-01-01"}
            )
        with self.assertRaises(AccessError):
            self.followup_a.with_user(self.leader).unlink()

    def test_units_readable_not_writable(self):
        for user in (self.staff_a, self.parent_manager, self.leader):
            with self.subTest(user=user.login):
                unit = self.unit_b.with_user(user)
                self.assertEqual(unit.name, "Sec unit B")
                with self.assertRaises(AccessError):
                    unit.write({"name": "Renamed"})
                with self.assertRaises(AccessError):
                    self.env["fazhi.unit"].with_user(user).create({"name": "New unit"})
        self.unit_b.with_user(self.office).write({"phone": "7667951"})
