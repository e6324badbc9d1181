"""Issue 15: the month end closes the campaigns itself.

The cron ``_cron_close_months`` closes the open campaigns of a month once the
month and the grace days of Settings (3 by default) are over, freezes their
figures, opens their weak-point follow-ups as a manual close does and gives the
unit's manager a to-do; the office reopens with a reason, and a reopened
campaign is closed again once the grace days have passed after its reopening.
"""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_statistics import SatisfactionStatsCase


@tagged("post_install", "-at_install")
class TestMonthEndClose(SatisfactionStatsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Campaign = cls.env["fazhi.satisfaction.campaign"]
        cls.Followup = cls.env["fazhi.followup"]
        cls.env.company.fazhi_satisfaction_close_grace_days = 3
        # October 2026: unit A's campaign with the known answers (two weak
        # points, manager A told); unit B's, without manager nor answers
        cls.campaign_a = cls._campaign(cls.unit_a, date(2026, 10, 1), cls.partners)
        cls._known_answers(cls.campaign_a)
        cls.campaign_b = cls._campaign(cls.unit_b, date(2026, 10, 1), cls.partners[:2])
        # November's campaign of unit A: its month is not over
        cls.campaign_next = cls._campaign(cls.unit_a, date(2026, 11, 1), cls.partners[:2])
        cls.closed_type = cls.env.ref("fazhi_satisfaction.mail_activity_type_fazhi_campaign_closed")
        # the database's other open campaigns (the demo's past months) are not
        # this test's: closed beforehand, so that the batches hold only these
        mine = cls.campaign_a | cls.campaign_b | cls.campaign_next
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE fazhi_satisfaction_campaign SET state = 'closed' "
            "WHERE state = 'open' AND id NOT IN %s",
            [tuple(mine.ids)],
        )
        cls.env.invalidate_all()

    def _followups(self, campaigns):
        return self.Followup.search(
            [("res_model", "=", self.Campaign._name), ("res_id", "in", campaigns.ids)],
            order="id",
        )

    def _told(self, campaigns):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", self.Campaign._name),
                ("res_id", "in", campaigns.ids),
                ("activity_type_id", "=", self.closed_type.id),
            ],
            order="id",
        )

    def _cron(self, day):
        with freeze_time(f"{day} 00:20:00"):
            self.Campaign._cron_close_months()
        self.env.invalidate_all()

    def test_before_grace_end_nothing(self):
        for day in ("2026-10-31", "2026-11-01", "2026-11-03"):
            self._cron(day)
            self.assertEqual(
                (self.campaign_a | self.campaign_b | self.campaign_next).mapped("state"),
                ["open"] * 3,
                day,
            )
        self.assertFalse(self._followups(self.campaign_a))
        self.assertFalse(self._told(self.campaign_a | self.campaign_b))

    def test_after_grace_closed_followed_up_told(self):
        # one interview done (the known answers do not move the tasks)
        task = self.campaign_a.task_ids[0]
        self.env.cr.execute(
            "UPDATE fazhi_satisfaction_task SET state = 'done' WHERE id = %s", [task.id]
        )
        self.env.invalidate_all()
        self.env.add_to_compute(self.Campaign._fields["done_count"], self.campaign_a)
        self._cron("2026-11-04")
        for campaign in self.campaign_a | self.campaign_b:
            self.assertEqual(campaign.state, "closed")
            self.assertTrue(campaign.auto_closed)
            self.assertEqual(campaign.closed_date, date(2026, 11, 4))
            self.assertFalse(campaign.closed_by_id)
        self.assertEqual(self.campaign_next.state, "open")
        # figures frozen as they were
        figures = (1, 20, 0.05)
        campaign = self.campaign_a
        self.assertEqual((campaign.done_count, campaign.snapshot_count, campaign.coverage), figures)
        with self.assertRaisesRegex(UserError, "closed on"):
            campaign._fazhi_check_open()
        self.env.cr.execute(
            "UPDATE fazhi_satisfaction_task SET state = 'done' WHERE campaign_id = %s",
            [campaign.id],
        )
        self.env.invalidate_all()
        self.env.add_to_compute(self.Campaign._fields["done_count"], campaign)
        campaign.flush_recordset()
        self.assertEqual((campaign.done_count, campaign.snapshot_count, campaign.coverage), figures)
        # the weak points, exactly as a manual close opens them
        followups = self._followups(self.campaign_a)
        self.assertEqual(
            followups.mapped("name"),
            [
                "统计审批办 2026-10: satisfaction under 90 % on question 1",
                "统计审批办 2026-10: problem reported on question 5: 越权执法",
            ],
        )
        self.assertEqual(followups.mapped("deadline"), [date(2026, 11, 18)] * 2)
        self.assertEqual(set(followups.mapped("unit_id")), {self.unit_a})
        self.assertFalse(self._followups(self.campaign_b))
        # manager A is told; unit B has nobody responsible
        told = self._told(self.campaign_a | self.campaign_b)
        self.assertEqual(len(told), 1)
        self.assertEqual(told.user_id, self.manager_a)
        self.assertEqual(told.res_id, self.campaign_a.id)
        self.assertEqual(told.summary, "Campaign closed: coverage 5.0 % (target 90.0 %)")
        self.assertIn("统计审批办 2026-10 was closed at the end of the month: 1 of 20", told.note)
        self.assertIn("2 weak point(s) became rectification follow-ups", told.note)
        self.assertIn("2026-11-18", told.note)

    def test_twice_is_the_same(self):
        self._cron("2026-11-04")
        followups, told = self._followups(self.campaign_a), self._told(self.campaign_a)
        for day in ("2026-11-04", "2026-11-05", "2026-12-10"):
            self._cron(day)
        self.assertEqual(self._followups(self.campaign_a), followups)
        self.assertEqual(self._told(self.campaign_a), told)
        self.assertEqual(self.campaign_a.closed_date, date(2026, 11, 4))
        # November's campaign closes in December, once
        self.assertEqual(self.campaign_next.state, "closed")
        self.assertEqual(self.campaign_next.closed_date, date(2026, 12, 10))

    def test_manual_close_same_day_then_cron(self):
        with freeze_time("2026-11-04 09:00:00"):
            self.campaign_a.with_user(self.manager_a).action_close()
        followups = self._followups(self.campaign_a)
        self.assertEqual(len(followups), 2)
        self._cron("2026-11-04")
        self.assertEqual(self._followups(self.campaign_a), followups)
        self.assertEqual(self.campaign_a.closed_by_id, self.manager_a)
        self.assertFalse(self.campaign_a.auto_closed)
        # the cron did not close it: nobody told
        self.assertFalse(self._told(self.campaign_a))
        self.assertTrue(self.campaign_b.auto_closed)

    def test_cron_then_manual_close_refused(self):
        self._cron("2026-11-04")
        with freeze_time("2026-11-04 09:00:00"), self.assertRaises(UserError):
            self.campaign_a.with_user(self.manager_a).action_close()
        self.assertEqual(len(self._followups(self.campaign_a)), 2)

    def test_closed_meanwhile_state_checked_in_sql(self):
        """A campaign closed by another transaction while this one has it in
        cache as open: the close locks the row and reads the state in SQL, so
        it is not closed, nor followed up, twice."""
        self.assertEqual(self.campaign_a.state, "open")  # in cache
        with freeze_time("2026-11-04 09:00:00"):
            self.campaign_a.with_user(self.office).action_close()
            followups = self._followups(self.campaign_a)
            self.env.flush_all()
            self.env.cr.execute(
                "UPDATE fazhi_satisfaction_campaign SET state = 'open' WHERE id = %s",
                [self.campaign_a.id],
            )
            self.env.invalidate_all()
            self.assertEqual(self.campaign_a.state, "open")
            self.env.cr.execute(
                "UPDATE fazhi_satisfaction_campaign SET state = 'closed' WHERE id = %s",
                [self.campaign_a.id],
            )
            # the cache still says open
            self.assertEqual(self.campaign_a.state, "open")
            with self.assertRaisesRegex(UserError, "Only open campaigns"):
                self.campaign_a.with_user(self.manager_a).action_close()
        self.assertEqual(self._followups(self.campaign_a), followups)

    def test_reopen_with_reason_then_cron(self):
        """Decision: a reopened campaign is not closed again by the cron until
        the grace days have passed after the day it was reopened."""
        self._cron("2026-11-04")
        followups = self._followups(self.campaign_a)
        # only the office, and only with a reason
        with self.assertRaisesRegex(UserError, "supervision office"):
            self.campaign_a.with_user(self.manager_a).action_reopen()
        with self.assertRaises(AccessError):
            self.env["fazhi.satisfaction.campaign.reopen"].with_user(self.manager_a).create(
                {"campaign_ids": self.campaign_a.ids, "reason": "补录"}
            )
        with self.assertRaisesRegex(UserError, "Give the reason"):
            self.campaign_a.with_user(self.office)._fazhi_reopen("   ")
        action = self.campaign_a.with_user(self.office).action_reopen()
        self.assertEqual(action["res_model"], "fazhi.satisfaction.campaign.reopen")
        self.assertEqual(self.campaign_a.state, "closed")
        with freeze_time("2026-11-05 10:00:00"):
            wizard = (
                self.env["fazhi.satisfaction.campaign.reopen"]
                .with_user(self.office)
                .with_context(**action["context"])
                .create({"reason": "三份纸质问卷迟交，需补录"})
            )
            self.assertEqual(wizard.campaign_ids, self.campaign_a)
            wizard.action_confirm()
        self.assertEqual(self.campaign_a.state, "open")
        self.assertEqual(self.campaign_a.reopened_date, date(2026, 11, 5))
        self.assertFalse(self.campaign_a.auto_closed)
        self.assertFalse(self.campaign_a.closed_date)
        message = self.campaign_a.message_ids.filtered(
            lambda m: "三份纸质问卷迟交，需补录" in (m.body or "")
        )
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.office.partner_id)
        # left open for the grace days after the reopening
        for day in ("2026-11-06", "2026-11-08"):
            self._cron(day)
            self.assertEqual(self.campaign_a.state, "open", day)
        # then closed again, without a second follow-up of the same weak points
        self._cron("2026-11-09")
        self.assertEqual(self.campaign_a.state, "closed")
        self.assertTrue(self.campaign_a.auto_closed)
        self.assertEqual(self.campaign_a.closed_date, date(2026, 11, 9))
        self.assertEqual(self._followups(self.campaign_a), followups)
        self.assertEqual(len(self._told(self.campaign_a)), 2)

    def test_grace_setting(self):
        self.env.company.fazhi_satisfaction_close_grace_days = 0
        self._cron("2026-10-31")
        self.assertEqual(self.campaign_a.state, "open")
        self._cron("2026-11-01")
        self.assertEqual(self.campaign_a.state, "closed")
        with self.assertRaises(UserError):
            self.env.company.fazhi_satisfaction_close_grace_days = 28

    def test_batches(self):
        """One batch per call, progress reported; a run stopped between two
        batches goes on where it was."""
        progress = []

        def notify(cron, *, done, remaining, deactivate=False):
            progress.append((done, remaining))

        cron_model = type(self.env["ir.cron"])
        with (
            patch.object(type(self.Campaign), "_CLOSE_BATCH", 1),
            patch.object(cron_model, "_notify_progress", notify),
        ):
            self._cron("2026-11-04")
            self.assertEqual((self.campaign_a.state, self.campaign_b.state), ("closed", "open"))
            self._cron("2026-11-04")
            self._cron("2026-11-04")
        self.assertEqual(progress, [(1, 1), (1, 0), (0, 0)])
        self.assertEqual(self.campaign_b.state, "closed")
        self.assertEqual(len(self._followups(self.campaign_a)), 2)
