from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import ComplaintCase


class TestWorkflow(ComplaintCase):
    def test_full_workflow(self):
        complaint = self._register()
        self.assertTrue(complaint.reference.startswith("TS"))
        self.assertEqual(complaint.state, "registered")
        self._to_state(complaint, "callback")
        self.assertEqual(complaint.state, "callback")
        self.assertTrue(complaint.concluded_on_time)
        complaint.with_user(self.office).action_set_archived()
        self.assertEqual(complaint.state, "archived")
        self._commit_tracking()
        tracked = complaint.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )
        self.assertGreaterEqual(len(tracked), 7, "every step is tracked in the chatter")

    def test_out_of_order_steps_refused(self):
        complaint = self._register()
        c = complaint.with_user(self.office)
        refused = {
            "registered": [
                c.action_assign,
                c.action_start_investigation,
                c.action_conclude,
                c.action_give_feedback,
                c.action_record_satisfaction,
                c.action_reopen,
                c.action_set_archived,
            ],
        }
        for action in refused["registered"]:
            with self.subTest(action=action.__name__), self.assertRaises(UserError):
                action()
        c.action_accept()
        for action in (
            c.action_accept,
            c.action_reject,
            c.action_start_investigation,
            c.action_conclude,
            c.action_give_feedback,
            c.action_set_archived,
        ):
            with self.subTest(state="accepted", action=action.__name__):
                with self.assertRaises(UserError):
                    action()
        with self.assertRaisesRegex(UserError, "Fill in"):
            c.action_assign()
        self._to_state(complaint, "investigating")
        for action in (c.action_accept, c.action_assign, c.action_give_feedback):
            with self.subTest(state="investigating", action=action.__name__):
                with self.assertRaises(UserError):
                    action()
        with self.assertRaisesRegex(UserError, "Fill in"):
            c.action_conclude()
        self._to_state(complaint, "concluded")
        with self.assertRaises(UserError):
            c.action_record_satisfaction()
        with self.assertRaisesRegex(UserError, "Fill in"):
            c.action_give_feedback()
        self.assertEqual(complaint.state, "concluded")

    def test_reject_needs_reason_and_notice(self):
        complaint = self._register()
        with self.assertRaisesRegex(UserError, "Fill in"):
            complaint.with_user(self.desk).action_reject()
        complaint.write({"reject_reason": "Not about law enforcement."})
        with self.assertRaisesRegex(UserError, "Fill in"):
            complaint.with_user(self.desk).action_reject()
        complaint.write({"reject_notice_method": "phone"})
        complaint.with_user(self.desk).action_reject()
        self.assertEqual(complaint.state, "rejected")
        self.assertIn("Not about law enforcement.", complaint.message_ids[0].body)
        with self.assertRaises(UserError):
            complaint.with_user(self.desk).action_accept()
        complaint.with_user(self.desk).action_set_archived()

    def test_substantiated_opens_accountability_followup(self):
        complaint = self._register(accused_officer_ids=[(6, 0, [self.accused.id])])
        self._to_state(complaint, "concluded")
        followup = self.env["fazhi.followup"].search(complaint._followup_domain())
        self.assertEqual(len(followup), 1)
        self.assertEqual(followup.kind, "accountability")
        self.assertEqual(followup.excluded_user_ids, self.accused)
        self.assertEqual(followup.investigation_outcome, "substantiated")
        self.assertEqual(followup.unit_id, self.unit)
        self.assertFalse(
            self.env["fazhi.followup"].with_user(self.accused).search([("id", "=", followup.id)])
        )

    def test_substantiated_without_accused_opens_rectification(self):
        complaint = self._register()
        self._to_state(complaint, "concluded", outcome="partly_substantiated")
        followup = self.env["fazhi.followup"].search(complaint._followup_domain())
        self.assertEqual(followup.kind, "rectification")

    def test_unfounded_opens_no_followup(self):
        complaint = self._register()
        self._to_state(complaint, "concluded", outcome="unfounded")
        self.assertFalse(complaint.followup_count)

    def test_unsatisfied_reopens_once_with_office(self):
        complaint = self._register()
        self._to_state(complaint, "feedback")
        complaint.write({"satisfaction": "unsatisfied"})
        complaint.with_user(self.desk).action_record_satisfaction()
        with self.assertRaises(AccessError):
            complaint.with_user(self.desk).action_reopen()
        complaint.with_user(self.office).action_reopen()
        self.assertEqual(complaint.state, "investigating")
        self.assertEqual(complaint.reopen_count, 1)
        self._to_state(complaint, "feedback")
        complaint.write({"satisfaction": "unsatisfied"})
        complaint.action_record_satisfaction()
        with self.assertRaisesRegex(UserError, "already reopened"):
            complaint.with_user(self.office).action_reopen()
        complaint.with_user(self.office).action_set_archived()

    def test_satisfied_cannot_reopen(self):
        complaint = self._to_state(self._register(), "callback")
        with self.assertRaisesRegex(UserError, "unsatisfied"):
            complaint.with_user(self.office).action_reopen()

    def test_hotline_needs_ticket(self):
        with self.assertRaises(ValidationError):
            self._register(channel="hotline_12345")

    def test_identity_format_checked(self):
        with self.assertRaises(ValidationError):
            self._register(complainant_phone="abc")
        with self.assertRaises(ValidationError):
            self._register(complainant_id_number="12345")
        self._register(complainant_phone="13800000000", complainant_id_number="11010519491231002X")

    def test_publication_by_office_only(self):
        complaint = self._to_state(self._register(), "concluded")
        with self.assertRaises(AccessError):
            complaint.with_user(self.desk).action_publish()
        with self.assertRaisesRegex(UserError, "Fill in"):
            complaint.with_user(self.office).action_publish()
        complaint.public_summary_draft = "An officer accepted a gift; he was criticised."
        with freeze_time("2025-06-02"):
            complaint.with_user(self.office).action_publish()
        self.assertTrue(complaint.is_published)
        self.assertEqual(complaint.public_summary, "An officer accepted a gift; he was criticised.")
        self.assertEqual(complaint.publisher_id, self.office)
        registered = self._register()
        registered.public_summary_draft = "x"
        with self.assertRaises(UserError):
            registered.with_user(self.office).action_publish()
