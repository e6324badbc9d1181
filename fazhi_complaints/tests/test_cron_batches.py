from collections import Counter
from unittest.mock import patch

from freezegun import freeze_time

from odoo.addons.fazhi_base.tests.cron_runner import CronRunnerMixin
from odoo.addons.fazhi_complaints.models.fazhi_complaint import FazhiComplaint
from odoo.tests import new_test_user

from .common import ComplaintCase

SUBJECT = "限时督办"


class TestComplaintEscalationBatches(CronRunnerMixin, ComplaintCase):
    """限时督办 follows Odoo 18's cron contract: one bounded batch per call,
    progress reported, a run killed between two batches finished by the next
    with nothing done twice, one digest per person per run."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.offices = cls.office
        for i in range(2):
            cls.offices |= new_test_user(
                cls.env, login=f"tcb_office_{i}", groups="fazhi_base.group_fazhi_office"
            )
        cls.cron = cls.env.ref("fazhi_complaints.fazhi_complaint_cron_escalate")

    def setUp(self):
        super().setUp()
        # 10 still registered after their acceptance deadline (2030-01-19) and
        # 6 assigned to the handler after their conclusion deadline
        # (2030-03-06), one of them about the third office user.
        self.registered = self.Complaint
        for _i in range(10):
            self.registered |= self._register(received_at="2030-01-04 02:00:00")
        self.assigned = self.Complaint
        with freeze_time("2030-01-05"):
            for i in range(6):
                accused = self.offices[2] if i == 5 else self.accused
                complaint = self._register(
                    received_at="2030-01-04 02:00:00",
                    accused_officer_ids=[(6, 0, accused.ids)],
                )
                self.assigned |= self._to_state(complaint, "assigned")
        self.secret = self.assigned[5]
        self.complaints = self.registered | self.assigned

    def _to_escalate(self):
        """Complaints the cron still has to mark (ours, and any of the database's)."""
        Complaint = self.Complaint.sudo()
        domains = Complaint._overdue_domains(Complaint._today())
        return sum(Complaint.search_count(domain) for domain in domains.values())

    def _notifications(self):
        return self.env["mail.notification"].search(
            [
                ("mail_message_id.message_type", "=", "user_notification"),
                # In every language, the subject names 限时督办.
                ("mail_message_id.subject", "ilike", SUBJECT),
            ]
        )

    def _body(self, user):
        notification = self._notifications().filtered(lambda n: n.res_partner_id == user.partner_id)
        self.assertEqual(len(notification), 1, f"one digest for {user.login}")
        return notification.mail_message_id.body

    def _assert_escalated_once(self):
        self.assertTrue(all(self.complaints.mapped("is_overdue")))
        self.assertTrue(all(self.registered.mapped("escalated_accept")))
        self.assertTrue(all(self.assigned.mapped("escalated_conclude")))
        self.assertFalse(any(self.complaints.mapped("escalation_digest_pending")))
        per_partner = Counter(self._notifications().mapped("res_partner_id"))
        self.assertEqual(set(per_partner.values()), {1}, "nobody is told twice")
        for office in self.offices[:2]:
            body = self._body(office)
            for complaint in self.complaints:
                self.assertIn(complaint.reference, body)
        body = self._body(self.offices[2])
        self.assertNotIn(self.secret.reference, body, "never told about a complaint against them")
        self.assertIn(self.assigned[0].reference, body)
        handler = self._body(self.handler)
        self.assertIn(self.assigned[0].reference, handler)
        self.assertNotIn(self.registered[0].reference, handler)
        self.assertNotIn(self.accused.partner_id, per_partner)

    @freeze_time("2030-03-10")
    def test_one_batch_per_call(self):
        total = self._to_escalate()
        self.assertGreaterEqual(total, 16)
        with patch.object(FazhiComplaint, "_ESCALATION_BATCH", 6):
            first = self._run_batch()
            self.assertEqual((first.done, first.remaining), (6, total - 6))
            self.assertFalse(self._notifications(), "digests wait for the end of the run")
            second = self._run_batch()
            self.assertEqual((second.done, second.remaining), (6, total - 12))
            self.assertEqual(self._run(), -(-(total - 12) // 6))
        self._assert_escalated_once()
        again = self._run_batch()
        self.assertEqual((again.done, again.remaining), (0, 0))
        self._assert_escalated_once()

    @freeze_time("2030-03-10")
    def test_killed_between_batches(self):
        escalate = FazhiComplaint._escalate

        def killed(records, stage):
            escalate(records, stage)  # marked...
            raise RuntimeError("worker killed")  # ...but never committed

        with patch.object(FazhiComplaint, "_ESCALATION_BATCH", 6):
            total = self._to_escalate()
            self.assertEqual(self._run_batch().remaining, total - 6)
            self.env.flush_all()
            with (
                self.assertRaises(RuntimeError),
                self.env.cr.savepoint(),
                patch.object(FazhiComplaint, "_escalate", killed),
            ):
                self._run_batch()
            self.env.invalidate_all()
            self.assertEqual(self._to_escalate(), total - 6, "the killed batch left no mark")
            self.assertFalse(self._notifications())
            self.assertEqual(self._run(), -(-(total - 6) // 6))
        self._assert_escalated_once()

    @freeze_time("2030-03-10")
    def test_called_directly_does_every_batch(self):
        with patch.object(FazhiComplaint, "_ESCALATION_BATCH", 6):
            self.Complaint._cron_escalate_overdue()
        self.assertEqual(self._to_escalate(), 0)
        self._assert_escalated_once()
        self.Complaint._cron_escalate_overdue()
        self._assert_escalated_once()

    @freeze_time("2030-03-10")
    def test_run_manually(self):
        total = self._to_escalate()
        with patch.object(FazhiComplaint, "_ESCALATION_BATCH", 6):
            progress, triggers = self._run_manually()
            self.assertEqual((progress.done, progress.remaining), (6, total - 6))
            self.assertEqual(len(triggers), 1, "the cron worker goes on right away")
            self._run()
        self._assert_escalated_once()
