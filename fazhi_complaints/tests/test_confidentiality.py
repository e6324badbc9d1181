from odoo.exceptions import AccessError, ValidationError

from .common import ComplaintCase

IDENTITY = ["complainant_name", "complainant_phone", "complainant_id_number", "is_anonymous"]


class TestConfidentiality(ComplaintCase):
    def setUp(self):
        super().setUp()
        self.complaint = self._register(
            complainant_name="Zhang San",
            complainant_phone="13900000000",
            accused_officer_ids=[(6, 0, [self.accused.id])],
        )
        self.complaint.with_user(self.office).action_accept()
        self.complaint.write({"unit_id": self.unit.id, "handler_id": self.handler.id})
        self.complaint.with_user(self.office).action_assign()

    def test_identity_fields_do_not_exist_for_others(self):
        for user in (self.handler, self.manager, self.leader, self.staff):
            complaint = self.complaint.with_user(user)
            complaint.check_access("read")
            fields = complaint.fields_get()
            for name in IDENTITY:
                self.assertNotIn(name, fields, f"{name} exists for {user.login}")
                with self.assertRaises(AccessError):
                    complaint.read([name])
            with self.assertRaises(AccessError):
                complaint.search([("complainant_name", "=", "Zhang San")])
        for user in (self.desk, self.office):
            self.assertEqual(self.complaint.with_user(user).complainant_name, "Zhang San")

    def test_identity_not_in_tracking(self):
        self.complaint.with_user(self.desk).write({"complainant_phone": "13700000000"})
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = self.complaint.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertFalse(set(IDENTITY) & set(tracked))

    def test_accused_officer_cannot_read(self):
        Complaint = self.Complaint.with_user(self.accused)
        self.assertFalse(Complaint.search([("id", "=", self.complaint.id)]))
        with self.assertRaises(AccessError):
            self.complaint.with_user(self.accused).read(["description"])
        # Even an accused member of the office does not see it.
        self.accused.groups_id += self.env.ref("fazhi_base.group_fazhi_office")
        with self.assertRaises(AccessError):
            self.complaint.with_user(self.accused).read(["description"])
        # Staff of the unit, not accused, see it.
        self.assertTrue(
            self.Complaint.with_user(self.staff).search([("id", "=", self.complaint.id)])
        )

    def test_rule_keeps_complaints_without_accused(self):
        plain = self._register()
        plain.write({"unit_id": self.unit.id})
        self.assertTrue(self.Complaint.with_user(self.accused).search([("id", "=", plain.id)]))

    def test_accused_cannot_handle(self):
        with self.assertRaises(ValidationError):
            self.complaint.write({"handler_id": self.accused.id})

    def test_accused_cannot_follow(self):
        self.complaint.message_subscribe(partner_ids=self.accused.partner_id.ids)
        self.assertNotIn(self.accused.partner_id, self.complaint.message_partner_ids)
        # Accusing a follower removes them.
        plain = self._register()
        plain.message_subscribe(partner_ids=self.staff.partner_id.ids)
        self.assertIn(self.staff.partner_id, plain.message_partner_ids)
        plain.write({"accused_officer_ids": [(4, self.staff.id)]})
        self.assertNotIn(self.staff.partner_id, plain.message_partner_ids)
        self.assertIn(self.handler.partner_id, self.complaint.message_partner_ids)

    def test_staff_of_other_units_and_leader(self):
        outsider = self.env["res.users"].create(
            {
                "name": "TC outsider",
                "login": "tc_outsider",
                "groups_id": [(6, 0, [self.env.ref("fazhi_base.group_fazhi_staff").id])],
            }
        )
        self.assertFalse(
            self.Complaint.with_user(outsider).search([("id", "=", self.complaint.id)])
        )
        leader = self.complaint.with_user(self.leader)
        self.assertTrue(leader.description)
        with self.assertRaises(AccessError):
            leader.write({"description": "changed"})

    def test_show_identity_is_audited(self):
        action = self.complaint.with_user(self.desk).action_show_identity()
        self.assertEqual(action["res_id"], self.complaint.id)
        self.assertIn("identity was opened by", self.complaint.message_ids[0].body)
        with self.assertRaises(AccessError):
            self.complaint.with_user(self.handler).action_show_identity()

    def test_anonymous_complaint_has_no_identity(self):
        anonymous = self._register(is_anonymous=True, complainant_name="Someone")
        self.assertFalse(anonymous.complainant_name)
        self._to_state(anonymous, "callback")
        self.assertEqual(anonymous.state, "callback")
