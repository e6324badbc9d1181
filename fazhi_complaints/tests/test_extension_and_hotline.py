"""Who extends a complaint's time limit (《信访工作条例》: the head of the agency
approves), and the time limits of 12345 transfers (issue 12)."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestExtensionApproval(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.head = new_test_user(cls.env, login="tc_head", groups="fazhi_base.group_fazhi_office")
        cls.activity_type = cls.env.ref("fazhi_complaints.mail_activity_type_extension_approval")

    def _investigating(self):
        complaint = self._register(received_at="2030-01-04 02:00:00")
        with freeze_time("2030-01-05"):
            self._to_state(complaint, "investigating")
        self.assertEqual(complaint.conclude_deadline, date(2030, 3, 6))
        return complaint

    def _request(self, complaint, days=30, reason="Witnesses abroad", user=None):
        wizard = (
            self.env["fazhi.complaint.extend.wizard"]
            .with_user(user or self.office)
            .create(
                {
                    "complaint_id": complaint.id,
                    "days": days,
                    "reason": reason,
                    "notice_method": "letter",
                }
            )
        )
        with freeze_time("2030-02-01"):
            wizard.action_confirm()

    def _activities(self, complaint, user):
        return complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.activity_type and a.user_id == user
        )

    def test_office_requests_leader_approves(self):
        complaint = self._investigating()
        self._request(complaint)
        self.assertEqual(complaint.extension_state, "requested")
        self.assertEqual(complaint.extension_requested_days, 30)
        self.assertEqual(complaint.extension_requester_id, self.office)
        self.assertEqual(complaint.extension_request_date, date(2030, 2, 1))
        self.assertFalse(complaint.extension_days)
        self.assertEqual(complaint.conclude_deadline, date(2030, 3, 6), "not before approval")
        # The leader sees the request: filter and activity.
        pending = self.Complaint.with_user(self.leader).search(
            [("extension_state", "=", "requested")]
        )
        self.assertIn(complaint, pending)
        self.assertTrue(self._activities(complaint, self.leader))
        self.assertTrue(complaint.with_user(self.leader).can_decide_extension)
        self.assertFalse(complaint.with_user(self.office).can_decide_extension)
        with freeze_time("2030-02-02"):
            complaint.with_user(self.leader).action_approve_extension()
        self.assertEqual(complaint.extension_state, "approved")
        self.assertEqual(complaint.extension_days, 30)
        self.assertEqual(complaint.extension_approver_id, self.leader)
        self.assertEqual(complaint.extension_decision_date, date(2030, 2, 2))
        self.assertEqual(complaint.conclude_deadline, date(2030, 4, 5))
        self.assertFalse(
            complaint.activity_ids.filtered(lambda a: a.activity_type_id == self.activity_type)
        )
        self.assertIn("Witnesses abroad", complaint.message_ids[0].body)
        # One extension per complaint.
        with self.assertRaisesRegex(UserError, "already extended"):
            self._request(complaint, days=5, reason="Again")

    def test_request_rules(self):
        complaint = self._investigating()
        office = complaint.with_user(self.office)
        with self.assertRaises(AccessError):
            complaint.with_user(self.desk)._request_extension(10, "Witnesses abroad", "phone")
        with self.assertRaisesRegex(UserError, "between 1 and 30"):
            office._request_extension(31, "Witnesses abroad", "phone")
        with self.assertRaisesRegex(UserError, "reason"):
            office._request_extension(10, " ", "phone")
        with self.assertRaisesRegex(UserError, "told"):
            office._request_extension(10, "Witnesses abroad", False)
        office._request_extension(10, "Witnesses abroad", "phone")
        with self.assertRaisesRegex(UserError, "awaits"):
            office._request_extension(10, "Twice", "phone")
        concluded = self._to_state(self._register(), "concluded")
        with self.assertRaises(UserError):
            concluded.with_user(self.office)._request_extension(5, "Too late", "phone")

    def test_office_and_others_cannot_approve(self):
        complaint = self._investigating()
        self._request(complaint)
        for user in (self.office, self.desk, self.staff, self.handler, self.manager):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    complaint.with_user(user).action_approve_extension()
                with self.assertRaises(AccessError):
                    complaint.with_user(user)._refuse_extension("No")
                with self.assertRaises(AccessError):
                    complaint.with_user(user).action_open_extension_refuse_wizard()
        # Nor by writing the fields, whatever the context.
        for user in (self.office, self.leader):
            with self.assertRaises(UserError):
                complaint.with_user(user).with_context(fazhi_workflow=True).write(
                    {"extension_state": "approved", "extension_days": 30}
                )
        self.assertEqual(complaint.extension_state, "requested")
        self.assertFalse(complaint.extension_days)
        self.assertEqual(complaint.conclude_deadline, date(2030, 3, 6))

    def test_requester_never_decides_own_request(self):
        """The office user named head of the company requests: another person decides."""
        self.env.company.fazhi_complaint_extension_approver_id = self.head
        complaint = self._investigating()
        self._request(complaint, user=self.head)
        self.assertFalse(complaint.with_user(self.head).can_decide_extension)
        with self.assertRaisesRegex(AccessError, "another person"):
            complaint.with_user(self.head).action_approve_extension()
        self.assertEqual(complaint.extension_state, "requested")

    def test_named_head_approves(self):
        self.env.company.fazhi_complaint_extension_approver_id = self.head
        complaint = self._investigating()
        self._request(complaint, days=20)
        # The request goes to the named head, not to every leader.
        self.assertTrue(self._activities(complaint, self.head))
        self.assertFalse(self._activities(complaint, self.leader))
        self.assertTrue(complaint.with_user(self.head).can_decide_extension)
        complaint.with_user(self.head).action_approve_extension()
        self.assertEqual(complaint.extension_approver_id, self.head)
        self.assertEqual(complaint.conclude_deadline, date(2030, 3, 26))
        # Once no longer named, the head (an office user) no longer decides.
        other = self._investigating()
        self.env.company.fazhi_complaint_extension_approver_id = False
        self._request(other)
        with self.assertRaises(AccessError):
            other.with_user(self.head).action_approve_extension()

    def test_refusal_keeps_reason_and_deadline(self):
        complaint = self._investigating()
        self._request(complaint)
        action = complaint.with_user(self.leader).action_open_extension_refuse_wizard()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.leader)
            .with_context(**action["context"])
            .create({"reason": "The witnesses can be heard by video."})
        )
        with self.assertRaisesRegex(UserError, "refusal"):
            complaint.with_user(self.leader)._refuse_extension(" ")
        wizard.action_confirm()
        self.assertEqual(complaint.extension_state, "refused")
        self.assertEqual(complaint.extension_reason, "Witnesses abroad")
        self.assertEqual(complaint.extension_refusal_reason, "The witnesses can be heard by video.")
        self.assertEqual(complaint.extension_approver_id, self.leader)
        self.assertFalse(complaint.extension_days)
        self.assertEqual(complaint.conclude_deadline, date(2030, 3, 6))
        self.assertFalse(self._activities(complaint, self.leader))
        self.assertNotIn(
            complaint,
            self.Complaint.with_user(self.leader).search([("extension_state", "=", "requested")]),
        )
        # Nothing left to decide.
        with self.assertRaisesRegex(UserError, "awaits a decision"):
            complaint.with_user(self.leader).action_approve_extension()

    def test_accused_leader_gets_no_activity(self):
        complaint = self._register(
            received_at="2030-01-04 02:00:00",
            accused_officer_ids=[(6, 0, self.leader.ids)],
        )
        with freeze_time("2030-01-05"):
            self._to_state(complaint, "investigating")
        self._request(complaint)
        self.assertFalse(self._activities(complaint, self.leader))


@tagged("post_install", "-at_install")
class TestHotlineTimeLimits(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "fazhi_complaint_hotline_accept_days": 1,
                "fazhi_complaint_hotline_accept_day_type": "working",
                "fazhi_complaint_hotline_conclude_days": 5,
                "fazhi_complaint_hotline_conclude_day_type": "working",
            }
        )
        cls.other_company = cls.env["res.company"].create({"name": "TC other commission"})
        cls.desk.write({"company_ids": [(4, cls.other_company.id)]})
        cls.office.write({"company_ids": [(4, cls.other_company.id)]})

    def _transfer(self, **vals):
        return self._register(
            channel="hotline_12345",
            hotline_ticket=vals.pop("hotline_ticket", "12345-TC-9"),
            received_at="2030-01-04 02:00:00",  # Friday
            **vals,
        )

    def test_company_default_without_stated_deadline(self):
        complaint = self._transfer()
        # Mon 7, Tue 8, Wed 9, Thu 10, Fri 11.
        self.assertEqual(complaint.hotline_deadline, date(2030, 1, 11))
        self.assertEqual(complaint.hotline_deadline_source, "company")
        self.assertEqual(complaint.accept_deadline, date(2030, 1, 7))
        self.assertEqual(complaint.accept_deadline_rule, "company_hotline")
        self.assertEqual(complaint.accept_deadline_basis, "Company 12345 default")
        with freeze_time("2030-01-07"):
            complaint.with_user(self.desk).action_accept()
        self.assertEqual(complaint.conclude_deadline, date(2030, 1, 11))
        self.assertEqual(complaint.conclude_deadline_rule, "company_hotline")
        # Translated at display.
        zh = complaint.with_context(lang="zh_CN")
        zh.invalidate_recordset(["accept_deadline_basis"])
        self.assertNotEqual(zh.accept_deadline_basis, "Company 12345 default")

    def test_stated_deadline_wins(self):
        complaint = self._transfer(hotline_deadline="2030-01-09")
        self.assertEqual(complaint.hotline_deadline, date(2030, 1, 9))
        self.assertEqual(complaint.hotline_deadline_source, "transfer")
        with freeze_time("2030-01-05"):
            complaint.with_user(self.desk).action_accept()
        self.assertEqual(complaint.conclude_deadline, date(2030, 1, 9))
        self.assertEqual(complaint.conclude_deadline_rule, "hotline_transfer")
        self.assertEqual(complaint.conclude_deadline_basis, "12345 transfer deadline")
        # The desk corrects a defaulted deadline: it becomes the transfer's own.
        defaulted = self._transfer(hotline_ticket="12345-TC-10")
        self.assertEqual(defaulted.hotline_deadline_source, "company")
        defaulted.with_user(self.desk).write({"hotline_deadline": "2030-01-10"})
        self.assertEqual(defaulted.hotline_deadline, date(2030, 1, 10))
        self.assertEqual(defaulted.hotline_deadline_source, "transfer")
        # Nobody writes the source directly.
        with self.assertRaises(UserError):
            defaulted.with_user(self.desk).write({"hotline_deadline_source": "company"})

    def test_other_channels_keep_their_limit(self):
        complaint = self._register(received_at="2030-01-04 02:00:00")
        self.assertFalse(complaint.hotline_deadline)
        self.assertEqual(complaint.accept_deadline, date(2030, 1, 19))
        self.assertEqual(complaint.accept_deadline_rule, "channel")
        self.assertEqual(complaint.accept_deadline_basis, "Channel time limit: Complaint phone")
        # A transfer registered as a phone complaint, then corrected (still registered).
        transfer = self._register(received_at="2030-01-04 02:00:00")
        transfer.with_user(self.desk).write(
            {"channel": "hotline_12345", "hotline_ticket": "12345-TC-11"}
        )
        self.assertEqual(transfer.hotline_deadline, date(2030, 1, 11))
        transfer.with_user(self.desk).write({"channel": "letter"})
        self.assertFalse(transfer.hotline_deadline, "the 12345 default goes with the channel")

    def test_per_company_settings(self):
        # The other company keeps the 12345 channel's time limit (no settings).
        complaint = self._transfer(company_id=self.other_company.id)
        self.assertFalse(complaint.hotline_deadline)
        self.assertEqual(complaint.accept_deadline, date(2030, 1, 19))
        self.assertEqual(complaint.accept_deadline_rule, "channel")
        self.assertEqual(
            complaint.accept_deadline_basis, "Channel time limit: 12345 hotline transfer"
        )
        self.other_company.write(
            {
                "fazhi_complaint_hotline_conclude_days": 10,
                "fazhi_complaint_hotline_conclude_day_type": "calendar",
            }
        )
        later = self._transfer(company_id=self.other_company.id, hotline_ticket="12345-TC-12")
        self.assertEqual(later.hotline_deadline, date(2030, 1, 14))
        self.assertEqual(later.accept_deadline, date(2030, 1, 14), "the deadline caps acceptance")
        self.assertEqual(later.accept_deadline_rule, "company_hotline")
        with self.assertRaises(ValidationError):
            self.other_company.fazhi_complaint_hotline_accept_days = -1

    def test_settings_form(self):
        with Form(self.env["res.config.settings"]) as settings:
            settings.fazhi_complaint_hotline_accept_days = 2
            settings.fazhi_complaint_hotline_conclude_days = 15
            settings.fazhi_complaint_hotline_conclude_day_type = "calendar"
        self.assertEqual(self.company.fazhi_complaint_hotline_accept_days, 2)
        self.assertEqual(self.company.fazhi_complaint_hotline_conclude_days, 15)
        self.assertEqual(self.company.fazhi_complaint_hotline_conclude_day_type, "calendar")
