from datetime import date

from freezegun import freeze_time

from .common import ComplaintCase


class TestDeadlines(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.phone_limit = cls.env.ref("fazhi_complaints.fazhi_complaint_time_limit_phone")
        # Tuesday 2030-01-08 is a public holiday of the test.
        cls.env["fazhi.holiday"].create(
            {"date": "2030-01-08", "kind": "holiday", "name": "TC holiday"}
        )

    def test_default_limits_calendar_days(self):
        complaint = self._register(received_at="2030-01-04 02:00:00")  # Friday
        self.assertEqual(complaint.received_date, date(2030, 1, 4))
        self.assertEqual(complaint.accept_deadline, date(2030, 1, 19))
        self.assertFalse(complaint.conclude_deadline)
        with freeze_time("2030-01-05"):
            complaint.with_user(self.desk).action_accept()
        self.assertEqual(complaint.conclude_deadline, date(2030, 3, 6))  # 60 days

    def test_working_days_across_weekend_and_holiday(self):
        self.phone_limit.write(
            {
                "accept_days": 3,
                "accept_day_type": "working",
                "conclude_days": 2,
                "conclude_day_type": "working",
            }
        )
        complaint = self._register(received_at="2030-01-04 02:00:00")  # Friday
        # Mon 7, (Tue 8 holiday), Wed 9, Thu 10.
        self.assertEqual(complaint.accept_deadline, date(2030, 1, 10))
        with freeze_time("2030-01-04 06:00:00"):
            complaint.with_user(self.desk).action_accept()
        # Accepted Friday: Mon 7, Wed 9.
        self.assertEqual(complaint.conclude_deadline, date(2030, 1, 9))

    def test_hotline_deadline_wins_when_earlier(self):
        complaint = self._register(
            channel="hotline_12345",
            hotline_ticket="12345-TC-1",
            hotline_deadline="2030-01-10",
            received_at="2030-01-04 02:00:00",
        )
        self.assertEqual(complaint.accept_deadline, date(2030, 1, 10))
        with freeze_time("2030-01-05"):
            complaint.with_user(self.desk).action_accept()
        self.assertEqual(complaint.conclude_deadline, date(2030, 1, 10))
        later = self._register(
            channel="hotline_12345",
            hotline_ticket="12345-TC-2",
            hotline_deadline="2031-01-10",
            received_at="2030-01-04 02:00:00",
        )
        self.assertEqual(later.accept_deadline, date(2030, 1, 19))

    def _digests(self, user, complaint):
        return self.env["mail.message"].search(
            [
                # in every language, the subject names 限时督办
                ("subject", "ilike", "限时督办"),
                ("partner_ids", "in", user.partner_id.ids),
                ("body", "ilike", complaint.reference),
            ]
        )

    def test_escalation_once_per_stage(self):
        complaint = self._register(received_at="2030-01-04 02:00:00")
        on_time = self._register(received_at="2030-01-18 02:00:00")
        with freeze_time("2030-01-19"):
            self.Complaint._cron_escalate_overdue()
        self.assertFalse(complaint.is_overdue, "the deadline day itself is not overdue")
        self.assertFalse(self._digests(self.office, complaint))
        with freeze_time("2030-01-20"):
            self.Complaint._cron_escalate_overdue()
            self.Complaint._cron_escalate_overdue()
        self.assertTrue(complaint.is_overdue)
        self.assertTrue(complaint.escalated_accept)
        self.assertFalse(on_time.is_overdue)
        digests = self._digests(self.office, complaint)
        self.assertEqual(len(digests), 1, "escalated once for the acceptance stage")
        self.assertFalse(self._digests(self.office, on_time))
        self.assertIn(complaint, self.Complaint.search([("is_overdue", "=", True)]))
        with freeze_time("2030-01-21"):
            complaint.with_user(self.office).action_accept()
            self.assertFalse(complaint.is_overdue)
            complaint.write({"unit_id": self.unit.id, "handler_id": self.handler.id})
            complaint.with_user(self.office).action_assign()
            self.Complaint._cron_escalate_overdue()
        self.assertFalse(complaint.is_overdue)
        with freeze_time("2030-03-23"):  # accepted 01-21 + 60 = 03-22
            self.Complaint._cron_escalate_overdue()
            self.Complaint._cron_escalate_overdue()
        self.assertTrue(complaint.escalated_conclude)
        self.assertTrue(complaint.is_overdue)
        self.assertEqual(
            len(self._digests(self.office, complaint)), 2, "once more, for the conclusion"
        )
        handler_digests = self._digests(self.handler, complaint)
        self.assertEqual(len(handler_digests), 1, "the handler is told of the late conclusion")
        self.assertIn(complaint.reference, handler_digests.body)

    def test_escalation_never_tells_accused(self):
        complaint = self._register(
            received_at="2030-01-04 02:00:00", accused_officer_ids=[(6, 0, [self.manager.id])]
        )
        with freeze_time("2030-01-05"):
            self._to_state(complaint, "assigned")
        complaint.handler_id = False
        with freeze_time("2030-03-10"):
            self.Complaint._cron_escalate_overdue()
        self.assertTrue(complaint.is_overdue)
        self.assertFalse(self._digests(self.manager, complaint))

    def test_conclusion_late_is_not_on_time(self):
        complaint = self._register(received_at="2030-01-04 02:00:00")
        with freeze_time("2030-01-05"):
            self._to_state(complaint, "investigating")
        with freeze_time("2030-03-10"):
            self._to_state(complaint, "concluded")
        self.assertFalse(complaint.concluded_on_time)


class TestProvisionalDeadlines(ComplaintCase):
    """A working-day deadline reaching into a year without holidays is marked."""

    def test_provisional_until_the_year_is_loaded(self):
        Holiday = self.env["fazhi.holiday"]
        Holiday.with_context(active_test=False).search([("year", "in", (2031, 2032))]).unlink()
        Holiday.create({"date": "2031-01-01", "kind": "holiday", "name": "元旦"})
        self.env.ref("fazhi_complaints.fazhi_complaint_time_limit_phone").write(
            {"accept_days": 10, "accept_day_type": "working"}
        )
        # Received late December 2031: the deadline reaches into 2032, not loaded.
        late = self._register(received_at="2031-12-27 02:00:00")
        self.assertEqual(late.accept_deadline.year, 2032)
        self.assertTrue(late.deadline_provisional)
        # Within 2031 (loaded): not provisional.
        early = self._register(received_at="2031-03-02 02:00:00")
        self.assertFalse(early.deadline_provisional)
        # Calendar days do not depend on holidays.
        self.env.ref(
            "fazhi_complaints.fazhi_complaint_time_limit_phone"
        ).accept_day_type = "calendar"
        calendar = self._register(received_at="2031-12-27 02:00:00")
        self.assertFalse(calendar.deadline_provisional)
        # The office loads 2032: no longer provisional.
        Holiday.create({"date": "2032-01-01", "kind": "holiday", "name": "元旦"})
        late.invalidate_recordset(["deadline_provisional"])
        self.assertFalse(late.deadline_provisional)
