from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.addons.fazhi_base.models.fazhi_followup import FazhiFollowup
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user


class TestFollowup(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, login="fu_manager", groups="fazhi_base.group_fazhi_unit_manager"
        )
        cls.staff = new_test_user(cls.env, login="fu_staff", groups="fazhi_base.group_fazhi_staff")
        cls.liaison = new_test_user(
            cls.env, login="fu_liaison", groups="fazhi_base.group_fazhi_staff"
        )
        cls.office = new_test_user(
            cls.env, login="fu_office", groups="fazhi_base.group_fazhi_office"
        )
        cls.unit_a = cls.env["fazhi.unit"].create(
            {
                "name": "FU unit A",
                "code": "FU-A",
                "manager_id": cls.manager.id,
                "liaison_id": cls.staff.id,
                "member_ids": [Command.set([cls.manager.id, cls.staff.id])],
            }
        )
        cls.unit_b = cls.env["fazhi.unit"].create(
            {
                "name": "FU unit B",
                "code": "FU-B",
                "liaison_id": cls.liaison.id,
                "member_ids": [Command.set([cls.liaison.id])],
            }
        )
        cls.Followup = cls.env["fazhi.followup"]
        cls.activity_type = cls.env.ref("fazhi_base.mail_activity_type_fazhi_escalation")
        root = cls.env.ref("base.user_root")
        cls.office_users = cls.env.ref("fazhi_base.group_fazhi_office").users.filtered(
            lambda u: u.active and not u.share and u != root
        )

    def _create(self, unit=None, deadline="2025-03-10", user=None, **vals):
        return (
            self.Followup.with_user(user or self.staff)
            .create(
                {
                    "name": "Rectify the licence time limits",
                    "kind": "rectification",
                    "unit_id": (unit or self.unit_a).id,
                    "deadline": deadline,
                    **vals,
                }
            )
            .with_user(user or self.staff)
        )

    def _escalations(self, followups):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "fazhi.followup"),
                ("res_id", "in", followups.ids),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    # ------------------------------------------------------------------
    # Creation
    # ------------------------------------------------------------------
    @freeze_time("2025-03-03")
    def test_create_defaults(self):
        followup = self._create()
        self.assertEqual(followup.state, "open")
        # Five digits at least (sequence numbers are not rolled back with a test).
        self.assertRegex(followup.reference, r"^FU2025-\d{5,}$")
        self.assertIn(followup.reference, followup.display_name)
        self.assertEqual(followup.user_id, self.manager, "owner defaults to the unit manager")
        self.assertEqual(followup.company_id, self.unit_a.company_id)
        other = self._create(unit=self.unit_b, user=self.office)
        self.assertEqual(other.user_id, self.liaison, "no manager: the liaison owns it")
        self.assertNotEqual(other.reference, followup.reference)
        explicit = self._create(user_id=self.staff.id)
        self.assertEqual(explicit.user_id, self.staff)

    @freeze_time("2025-03-03")
    def test_deadline_in_the_past_refused(self):
        with self.assertRaises(ValidationError):
            self._create(deadline="2025-03-02")
        followup = self._create(deadline="2025-03-03")  # today is fine
        with self.assertRaises(AccessError):
            followup.deadline = date(2025, 4, 1)  # staff do not move their own deadlines
        followup = followup.with_user(self.manager)
        with self.assertRaises(ValidationError):
            followup.deadline = date(2025, 3, 1)
        followup.deadline = date(2025, 4, 1)
        self.assertEqual(followup.deadline, date(2025, 4, 1))
        with freeze_time("2025-05-01"):
            # An overdue follow-up can still be edited and worked on.
            followup.write({"name": "Renamed"})
            followup.action_start()
            with self.assertRaises(ValidationError):
                followup.deadline = date(2025, 4, 30)
            copy = followup.copy()
            self.assertEqual(copy.deadline, date(2025, 5, 1), "a copy never starts overdue")

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _in_state(self, state):
        followup = self._create(deadline="2099-01-01")
        if state in ("in_progress", "done", "verified"):
            followup.action_start()
        if state in ("done", "verified"):
            followup.result = "Time limits checked and fixed."
            followup.action_done()
        if state == "verified":
            followup.with_user(self.office).action_verify()
        if state == "cancelled":
            followup.action_cancel("Duplicate")
        self.assertEqual(followup.state, state)
        return followup

    def test_workflow_happy_path(self):
        followup = self._in_state("open")
        self.env.cr.flush()  # tracking is computed at commit: one step per flush
        followup.action_start()
        self.assertEqual(followup.state, "in_progress")
        self.env.cr.flush()
        followup.result = "All files fixed."
        followup.action_done()
        self.assertEqual(followup.state, "done")
        self.assertTrue(followup.done_date)
        self.env.cr.flush()
        followup.with_user(self.office).action_verify()
        self.assertEqual(followup.state, "verified")
        self.assertEqual(followup.verifier_id, self.office)
        self.assertTrue(followup.verified_date)
        self.env.cr.flush()
        tracked = followup.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )
        self.assertEqual(
            sorted(tracked.mapped("new_value_char")), ["Done", "In progress", "Verified"]
        )

    def test_workflow_cancel_and_reopen(self):
        for state in ("open", "in_progress", "done"):
            with self.subTest(state=state):
                followup = self._in_state(state)
                followup.action_cancel("No longer relevant")
                self.assertEqual(followup.state, "cancelled")
                self.assertEqual(followup.cancel_reason, "No longer relevant")
                followup.action_reopen()
                self.assertEqual(followup.state, "in_progress")
        done = self._in_state("done")
        done.action_reopen()
        self.assertEqual(done.state, "in_progress")
        self.assertFalse(done.done_date)

    def test_cancel_needs_reason(self):
        followup = self._in_state("open")
        with self.assertRaises(UserError):
            followup.action_cancel()
        with self.assertRaises(UserError):
            followup.action_cancel("   ")
        self.assertEqual(followup.state, "open")
        followup.cancel_reason = "Filled in the form"
        followup.action_cancel()
        self.assertEqual(followup.state, "cancelled")

    def test_done_needs_result(self):
        followup = self._in_state("in_progress")
        with self.assertRaises(UserError):
            followup.action_done()
        followup.result = "  \n "
        with self.assertRaises(UserError):
            followup.action_done()
        self.assertEqual(followup.state, "in_progress")

    def test_out_of_order_steps_refused(self):
        refused = {
            "open": ("action_done", "action_verify", "action_reopen"),
            "in_progress": ("action_start", "action_verify", "action_reopen"),
            "done": ("action_start", "action_done"),
            "verified": (
                "action_start",
                "action_done",
                "action_verify",
                "action_cancel",
                "action_reopen",
            ),
            "cancelled": ("action_start", "action_done", "action_verify", "action_cancel"),
        }
        for state, actions in refused.items():
            followup = self._in_state(state).with_user(self.office)
            # Set-up only: a locked follow-up is not edited by anyone but the system.
            followup.sudo().result = followup.result or "Result"
            for action in actions:
                with self.subTest(state=state, action=action):
                    with self.assertRaisesRegex(UserError, r"^Only .* can be .*; "):
                        getattr(followup, action)()
                    self.assertEqual(followup.state, state)

    def test_only_office_verifies(self):
        followup = self._in_state("done")
        for user in (self.staff, self.manager):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(UserError, "supervision office"):
                    followup.with_user(user).action_verify()
                # Not through a plain write either.
                with self.assertRaises(UserError):
                    followup.with_user(user).write({"state": "verified"})
        with self.assertRaises(UserError):
            self._create(deadline="2099-01-01", state="verified")
        self.assertEqual(followup.state, "done")
        followup.with_user(self.office).action_verify()
        self.assertEqual(followup.state, "verified")

    # ------------------------------------------------------------------
    # Overdue and "my units" searches
    # ------------------------------------------------------------------
    @freeze_time("2025-03-03")
    def test_overdue_search(self):
        late = self._create(deadline="2025-03-05")
        late_started = self._create(deadline="2025-03-05")
        late_started.action_start()
        late_done = self._create(deadline="2025-03-05")
        late_done.action_cancel("Not needed")
        future = self._create(deadline="2025-04-05")
        mine = late | late_started | late_done | future
        with freeze_time("2025-03-10"):
            self.assertEqual(
                self.Followup.search([("id", "in", mine.ids), ("is_overdue", "=", True)]),
                late | late_started,
            )
            self.assertEqual(
                self.Followup.search([("id", "in", mine.ids), ("is_overdue", "=", False)]),
                late_done | future,
            )
            self.assertEqual(
                self.Followup.search([("id", "in", mine.ids), ("is_overdue", "!=", True)]),
                late_done | future,
            )
            self.assertTrue(late.is_overdue)
            self.assertFalse(late_done.is_overdue)
            self.assertFalse(future.is_overdue)

    def test_my_unit_search(self):
        a = self._create(deadline="2099-01-01", user=self.office)
        b = self._create(unit=self.unit_b, deadline="2099-01-01", user=self.office)
        both = a | b
        domain = [("id", "in", both.ids), ("is_my_unit", "=", True)]
        self.assertEqual(self.Followup.with_user(self.staff).search(domain), a)
        self.assertEqual(self.Followup.with_user(self.liaison).search(domain), b)
        self.assertEqual(self.Followup.with_user(self.office).search(domain), self.Followup)
        self.assertEqual(
            self.Followup.with_user(self.office).search(
                [("id", "in", both.ids), ("is_my_unit", "=", False)]
            ),
            both,
        )
        self.assertTrue(a.with_user(self.staff).is_my_unit)
        self.assertFalse(b.with_user(self.office).is_my_unit)

    # ------------------------------------------------------------------
    # Escalation
    # ------------------------------------------------------------------
    @freeze_time("2025-03-03")
    def test_escalation_once_per_item(self):
        late = self._create(deadline="2025-03-10")
        late_b = self._create(unit=self.unit_b, deadline="2025-03-10", user=self.office)
        not_late = self._create(deadline="2025-03-20")
        done = self._create(deadline="2025-03-10")
        done.action_start()
        done.result = "Fixed"
        done.action_done()
        with freeze_time("2025-03-10"):
            self.Followup._cron_escalate_overdue()
            self.assertFalse(self._escalations(late | late_b | not_late | done), "due today")
        with freeze_time("2025-03-11"):
            self.Followup._cron_escalate_overdue()
            activities = self._escalations(late)
            self.assertEqual(activities.user_id, self.manager, "the office gets a digest")
            self.assertEqual(len(activities), 1)
            self.assertTrue(all(a.date_deadline == date(2025, 3, 11) for a in activities))
            self.assertEqual(
                self._escalations(late_b).user_id,
                self.liaison,
                "no manager: the liaison is the unit's responsible",
            )
            self.assertFalse(self._escalations(not_late | done))
            self.assertEqual(late.escalated_date, date(2025, 3, 11))
            self.assertFalse(not_late.escalated_date)
            note = late.message_ids.filtered(lambda m: "escalated to" in (m.body or ""))
            self.assertEqual(len(note), 1)
            # The unit's responsible user gets one digest for all their items.
            digests = self.env["mail.message"].search(
                [
                    ("message_type", "=", "user_notification"),
                    # its links (its words are in the reader's language)
                    ("body", "ilike", "/odoo/fazhi.followup/"),
                    ("create_date", ">=", "2025-03-11"),
                ]
            )
            to_manager = digests.filtered(lambda m: self.manager.partner_id in m.partner_ids)
            self.assertEqual(len(to_manager), 1)
            self.assertIn(late.display_name, to_manager.body)
            self.assertNotIn(late_b.display_name, to_manager.body)
            to_liaison = digests.filtered(lambda m: self.liaison.partner_id in m.partner_ids)
            self.assertIn(late_b.display_name, to_liaison.body)
            to_office = digests.filtered(lambda m: self.office.partner_id in m.partner_ids)
            self.assertEqual(len(to_office), 1, "one digest of all the items for the office")
            self.assertIn(late.display_name, to_office.body)
            self.assertIn(late_b.display_name, to_office.body)
            # A second run on the same day escalates nothing more.
            self.Followup._cron_escalate_overdue()
            self.assertEqual(len(self._escalations(late)), len(activities))
        with freeze_time("2025-03-12"):
            # Nor does the next day's run.
            self.Followup._cron_escalate_overdue()
            self.assertEqual(len(self._escalations(late)), len(activities))
            self.assertEqual(late.escalated_date, date(2025, 3, 11))

    @freeze_time("2025-03-03")
    def test_escalation_resets_when_deadline_moves(self):
        followup = self._create(deadline="2025-03-10")
        with freeze_time("2025-03-11"):
            self.Followup._cron_escalate_overdue()
            first = self._escalations(followup)
            self.assertTrue(first)
            followup = followup.with_user(self.manager)  # the manager moves deadlines
            followup.deadline = date(2025, 3, 11)  # same day, still "moved"
            self.assertFalse(followup.escalated_date)
            followup.deadline = date(2025, 3, 20)
            self.Followup._cron_escalate_overdue()
            self.assertEqual(self._escalations(followup), first, "not overdue any more")
        with freeze_time("2025-03-21"):
            self.Followup._cron_escalate_overdue()
            self.assertEqual(len(self._escalations(followup)), 2 * len(first))
            self.assertEqual(followup.escalated_date, date(2025, 3, 21))
            # Writing the same deadline again is no move.
            followup.write({"deadline": "2025-03-20", "name": "Still late"})
            self.assertEqual(followup.escalated_date, date(2025, 3, 21))

    @freeze_time("2025-03-03")
    def test_escalation_skips_inactive_and_bot(self):
        quitter = new_test_user(
            self.env, login="fu_office_gone", groups="fazhi_base.group_fazhi_office"
        )
        quitter.active = False
        # A manager whose language is not installed (as the zh_CN demo users
        # of an en_US database) still gets the digest, in the default language.
        self.manager.lang = "zh_CN"
        followup = self._create(deadline="2025-03-10")
        with freeze_time("2025-03-11"):
            self.Followup._cron_escalate_overdue()
        self.assertEqual(self._escalations(followup).user_id, self.manager)
        told = (
            self.env["mail.message"]
            .search([("message_type", "=", "user_notification"), ("body", "ilike", "/odoo/")])
            .partner_ids
        )
        self.assertNotIn(quitter.partner_id, told)
        self.assertNotIn(self.env.ref("base.user_root").partner_id, told)
        self.assertIn(self.office.partner_id, told)
        self.assertIn(self.manager.partner_id, told)
        self.assertTrue(followup.escalated_date)

    @freeze_time("2025-03-03")
    def test_escalation_batches(self):
        followups = self.Followup
        for _i in range(5):
            followups |= self._create(deadline="2025-03-10")
        with freeze_time("2025-03-11"), patch.object(FazhiFollowup, "_ESCALATION_BATCH", 2):
            # Called directly (not by the cron runner): every batch at once.
            self.Followup._cron_escalate_overdue()
        self.assertTrue(all(followups.mapped("escalated_date")))
        self.assertEqual(len(self._escalations(followups)), 5)

    @freeze_time("2025-03-03")
    def test_reopen_escalates_again(self):
        followup = self._create(deadline="2025-03-10")
        followup.action_cancel("Out of scope")
        with freeze_time("2025-03-11"):
            self.Followup._cron_escalate_overdue()
            self.assertFalse(self._escalations(followup), "cancelled items are not escalated")
            followup.action_reopen()
            self.Followup._cron_escalate_overdue()
            self.assertTrue(self._escalations(followup))

    # ------------------------------------------------------------------
    # Source records and the API for other addons
    # ------------------------------------------------------------------
    def test_create_from_source(self):
        followup = self.Followup._create_followups(
            [
                {
                    "source": self.unit_b,
                    "unit_id": self.unit_a.id,
                    "kind": "supervision",
                    "deadline": "2099-01-01",
                }
            ]
        )
        self.assertEqual(followup.res_model, "fazhi.unit")
        self.assertEqual(followup.res_id, self.unit_b.id)
        self.assertEqual(followup.name, self.unit_b.display_name)
        self.assertEqual(followup.source_name, self.unit_b.display_name)
        self.assertTrue(followup.res_model_name)
        action = followup.with_user(self.staff).action_open_source()
        self.assertEqual((action["res_model"], action["res_id"]), ("fazhi.unit", self.unit_b.id))
        plain = self._create(deadline="2099-01-01")
        self.assertFalse(plain.source_name)
        with self.assertRaises(UserError):
            plain.action_open_source()
        with self.assertRaises(ValidationError):
            self._create(deadline="2099-01-01", res_model="no.such.model", res_id=1)

    def _count_escalation_queries(self, size):
        with freeze_time("2025-03-03"):
            followups = self.Followup.create(
                [
                    {"name": f"Late {i}", "unit_id": self.unit_a.id, "deadline": "2025-03-10"}
                    for i in range(size)
                ]
            )
        self.env.flush_all()
        self.env.invalidate_all()
        with freeze_time("2025-03-11"):
            before = self.env.cr.sql_log_count
            self.Followup._cron_escalate_overdue()
            self.env.flush_all()
            count = self.env.cr.sql_log_count - before
        self.assertTrue(all(followups.mapped("escalated_date")))
        return count

    def test_escalation_queries_do_not_grow_per_item(self):
        self._count_escalation_queries(2)  # warm the caches
        small = self._count_escalation_queries(3)
        large = self._count_escalation_queries(30)
        self.assertLessEqual(large, small + 5, f"{small} queries for 3 items, {large} for 30")
