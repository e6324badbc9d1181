from collections import Counter
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.addons.fazhi_base.models.fazhi_followup import FazhiFollowup
from odoo.addons.fazhi_base.tests.cron_runner import CronRunnerMixin
from odoo.tests import TransactionCase, new_test_user

DIGEST_LINK = "/odoo/fazhi.followup/"


@freeze_time("2025-03-11")
class TestFollowupEscalationBatches(CronRunnerMixin, TransactionCase):
    """The escalation cron follows Odoo 18's batch contract: one bounded batch
    per call, progress reported to the runner, nothing done twice when a run
    dies between two batches, one digest per person per run."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, login="cb_manager", groups="fazhi_base.group_fazhi_unit_manager"
        )
        cls.liaison = new_test_user(
            cls.env, login="cb_liaison", groups="fazhi_base.group_fazhi_staff"
        )
        cls.offices = cls.env["res.users"]
        for i in range(3):
            cls.offices |= new_test_user(
                cls.env, login=f"cb_office_{i}", groups="fazhi_base.group_fazhi_office"
            )
        cls.unit_a = cls.env["fazhi.unit"].create(
            {
                "name": "CB unit A",
                "code": "CB-A",
                "manager_id": cls.manager.id,
                "member_ids": [Command.set(cls.manager.ids)],
            }
        )
        cls.unit_b = cls.env["fazhi.unit"].create(
            {
                "name": "CB unit B",
                "code": "CB-B",
                "liaison_id": cls.liaison.id,
                "member_ids": [Command.set(cls.liaison.ids)],
            }
        )
        cls.Followup = cls.env["fazhi.followup"]
        cls.cron = cls.env.ref("fazhi_base.fazhi_followup_cron_escalate")
        cls.activity_type = cls.env.ref("fazhi_base.mail_activity_type_fazhi_escalation")
        # 30 overdue follow-ups: 20 of unit A, 10 of unit B; the last one of
        # unit A is about the third office user, who must never hear of it.
        with freeze_time("2025-03-01"):
            cls.followups = cls.Followup.create(
                [
                    {
                        "name": f"CB late {i:02d}",
                        "unit_id": (cls.unit_a if i < 20 else cls.unit_b).id,
                        "deadline": "2025-03-10",
                    }
                    for i in range(30)
                ]
            )
        cls.secret = cls.followups[19]
        cls.secret.excluded_user_ids = [Command.set(cls.offices[2].ids)]
        cls.people = cls.manager | cls.liaison | cls.offices

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _digest_notifications(self):
        return self.env["mail.notification"].search(
            [
                ("mail_message_id.message_type", "=", "user_notification"),
                # The digest links its follow-ups (its subject is in the
                # reader's language).
                ("mail_message_id.body", "ilike", DIGEST_LINK),
            ]
        )

    def _digest_body(self, user):
        notifications = self._digest_notifications().filtered(
            lambda n: n.res_partner_id == user.partner_id
        )
        self.assertEqual(len(notifications), 1, f"one digest for {user.login}")
        return notifications.mail_message_id.body

    def _notes(self):
        return self.env["mail.message"].search(
            [
                ("model", "=", "fazhi.followup"),
                ("res_id", "in", self.followups.ids),
                ("body", "ilike", "escalated to"),
            ]
        )

    def _activities(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "fazhi.followup"),
                ("res_id", "in", self.followups.ids),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    def _assert_escalated_once(self):
        self.assertTrue(all(self.followups.mapped("escalated_date")))
        self.assertFalse(any(self.followups.mapped("escalation_digest_pending")))
        activities = self._activities()
        self.assertEqual(
            Counter(activities.mapped("res_id")), Counter(self.followups.ids), "one activity each"
        )
        self.assertEqual(len(activities.filtered(lambda a: a.user_id == self.manager)), 20)
        self.assertEqual(len(activities.filtered(lambda a: a.user_id == self.liaison)), 10)
        self.assertFalse(activities.filtered(lambda a: a.user_id in self.offices))
        notes = self._notes()
        self.assertEqual(Counter(notes.mapped("res_id")), Counter(self.followups.ids))
        # One digest per person, whatever the number of batches and calls.
        per_partner = Counter(self._digest_notifications().mapped("res_partner_id"))
        self.assertTrue(per_partner, "digests sent")
        self.assertEqual(set(per_partner.values()), {1}, "nobody is told twice")
        for user in self.people:
            self.assertIn(user.partner_id, per_partner)
        manager_body = self._digest_body(self.manager)
        self.assertIn("CB late 00", manager_body)
        self.assertNotIn("CB late 20", manager_body, "unit B is not the manager's")
        liaison_body = self._digest_body(self.liaison)
        self.assertIn("CB late 29", liaison_body)
        self.assertNotIn("CB late 00", liaison_body)
        for office in self.offices[:2]:
            body = self._digest_body(office)
            self.assertIn("CB late 00", body)
            self.assertIn("CB late 19", body)
            self.assertIn("CB late 29", body)
        self.assertNotIn("CB late 19", self._digest_body(self.offices[2]), "excluded")
        self.assertIn("CB late 18", self._digest_body(self.offices[2]))

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------
    def test_one_batch_per_call(self):
        with patch.object(FazhiFollowup, "_ESCALATION_BATCH", 12):
            first = self._run_batch()
            self.assertEqual((first.done, first.remaining), (12, 18))
            self.assertEqual(len(self.followups.filtered("escalated_date")), 12)
            self.assertFalse(self._digest_notifications(), "digests wait for the end of the run")
            second = self._run_batch()
            self.assertEqual((second.done, second.remaining), (12, 6))
            last = self._run_batch()
            self.assertEqual((last.done, last.remaining), (6, 0))
        self._assert_escalated_once()
        # A later run finds nothing to do and tells nobody again.
        again = self._run_batch()
        self.assertEqual((again.done, again.remaining), (0, 0))
        self._assert_escalated_once()

    def test_digest_one_per_person(self):
        """30 items x 3 office users: 30 activities (the units' responsible
        users), 30 notes, and one digest for each of the five people."""
        with patch.object(FazhiFollowup, "_ESCALATION_BATCH", 7):
            self.assertEqual(self._run(), 5)
        self._assert_escalated_once()
        ours = self._digest_notifications().filtered(
            lambda n: n.res_partner_id in self.people.partner_id
        )
        self.assertEqual(len(ours), 5)

    def test_killed_between_batches(self):
        """The runner commits after the first batch; the worker dies in the
        second one (its transaction is rolled back); the next run finishes the
        work and nothing is done twice."""
        model_class = type(self.Followup)
        log_batch = model_class._message_log_batch

        def killed(records, *args, **kwargs):
            log_batch(records, *args, **kwargs)  # activities and notes are written...
            raise RuntimeError("worker killed")  # ...but never committed

        with patch.object(FazhiFollowup, "_ESCALATION_BATCH", 12):
            first = self._run_batch()
            self.assertEqual(first.remaining, 18)
            self.env.flush_all()
            with (
                self.assertRaises(RuntimeError),
                self.env.cr.savepoint(),
                patch.object(model_class, "_message_log_batch", killed),
            ):
                self._run_batch()
            self.env.invalidate_all()
            self.assertEqual(len(self.followups.filtered("escalated_date")), 12)
            self.assertEqual(len(self._activities()), 12)
            self.assertEqual(len(self._notes()), 12)
            self.assertFalse(self._digest_notifications())
            # The next run (the runner calls again, or tomorrow's run).
            self.assertEqual(self._run(), 2)
        self._assert_escalated_once()

    def test_killed_while_sending_digests(self):
        """A run that dies in its last call (escalation of the last batch and
        the digests) leaves those follow-ups for the next run, and the digests
        of the earlier batches with them."""
        model_class = type(self.Followup)

        def killed(*args, **kwargs):
            raise RuntimeError("worker killed")

        with patch.object(FazhiFollowup, "_ESCALATION_BATCH", 20):
            self._run_batch()
            self.env.flush_all()
            with (
                self.assertRaises(RuntimeError),
                self.env.cr.savepoint(),
                patch.object(model_class, "_notify_escalation", killed),
            ):
                self._run_batch()
            self.env.invalidate_all()
            self.assertEqual(len(self.followups.filtered("escalation_digest_pending")), 20)
            self.assertFalse(self._digest_notifications())
            self.assertEqual(self._run(), 1)
        self._assert_escalated_once()

    def test_called_directly_does_every_batch(self):
        """Outside the runner (code, shell): every batch in the caller's
        transaction, one digest per person."""
        with patch.object(FazhiFollowup, "_ESCALATION_BATCH", 7):
            self.Followup._cron_escalate_overdue()
        self._assert_escalated_once()
        self.Followup._cron_escalate_overdue()
        self._assert_escalated_once()

    def test_run_manually(self):
        """*Run Manually*: one batch in the request, the scheduled action
        triggered to do the rest in committed batches."""
        with patch.object(FazhiFollowup, "_ESCALATION_BATCH", 12):
            progress, triggers = self._run_manually()
            self.assertEqual((progress.done, progress.remaining), (12, 18))
            self.assertEqual(len(triggers), 1, "the cron worker goes on right away")
            self.assertEqual(len(self.followups.filtered("escalated_date")), 12)
            self.assertEqual(self._run(), 2)
        self._assert_escalated_once()
        progress, triggers = self._run_manually()
        self.assertEqual((progress.done, progress.remaining, len(triggers)), (0, 0, 0))
