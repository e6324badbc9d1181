"""Issue 9, case callbacks: the server holds the workflow and the separation
rule (回访人员和办案人员分离) for every caller.

The role x field x state table of ``fazhi.enforcement.case``,
``fazhi.case.callback`` and ``fazhi.case.callback.attempt`` is derived from
their declarations (fazhi_base ``guard_table``) and walked with direct
``write``/``create``/``unlink`` calls as each role; then one test per finding
of the issue, as the role it names, with the context keys an RPC client could
add.
"""

from contextlib import contextmanager

from freezegun import freeze_time

from odoo import Command
from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import FazhiWorkflowError
from odoo.addons.fazhi_base.tests.guard_table import (
    check_declarations,
    walk_create,
    walk_guard_table,
    walk_unlink,
)
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .test_case_common import CaseCallbackCommon

# Context keys a client may send: none of them is a permission.
FORGED_CONTEXT = {
    "fazhi_case_callback_workflow": True,
    "fazhi_callback_workflow": True,
    "fazhi_workflow": True,
    "fazhi_workflow_action": True,
    "tracking_disable": True,
}
CALLBACK = "fazhi.case.callback"
FOLLOWUP = "fazhi.followup"


@tagged("post_install", "-at_install")
@freeze_time("2026-03-10")
class TestRpcGuardCallback(CaseCallbackCommon):
    """Roles: staff of the unit, another unit's staff, a handler of the case,
    its callback officer, the unit manager, the office, a leader, the desk."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff_unit = new_test_user(
            cls.env, "cbg_staff_unit", groups="fazhi_base.group_fazhi_staff", name="回访守卫职员"
        )
        cls.approval.member_ids = [Command.link(cls.staff_unit.id)]
        # The complaint desk is fazhi_complaints' role: here a staff member of
        # no unit, with the desk group when fazhi_complaints is installed.
        desk_groups = "fazhi_base.group_fazhi_staff"
        if cls.env.ref("fazhi_complaints.group_fazhi_complaint_desk", raise_if_not_found=False):
            desk_groups += ",fazhi_complaints.group_fazhi_complaint_desk"
        cls.desk = new_test_user(
            cls.env, login="cbg_desk", groups=desk_groups, name="回访守卫投诉受理"
        )
        cls.case = cls._case("CB-GUARD-001", cls.handler1 | cls.handler2, case_type="penalty")
        cls.callback = cls._callback(cls.case, cls.officer_a)
        cls.roles = (
            cls.staff_unit
            | cls.staff_other
            | cls.handler1
            | cls.officer_a
            | cls.manager
            | cls.office
            | cls.leader
            | cls.desk
        )

    @contextmanager
    def assertGuarded(self):
        """Refused by the guard (workflow, group) or by the access rights,
        not by a business check on the value."""
        with self.assertRaises(UserError) as context:
            yield context
        self.assertIsInstance(context.exception, (FazhiWorkflowError, AccessError))

    def _record(self, callback, satisfaction="dissatisfied", findings=None):
        """Record ``callback`` as its officer (with findings: a follow-up)."""
        callback = callback.with_user(callback.officer_id)
        callback.write(
            {
                "method": "phone",
                "satisfaction": satisfaction,
                "finding_ids": [Command.set((findings or self.env["fazhi.callback.finding"]).ids)],
                "notes": "当事人反映办案人员索要好处",
            }
        )
        callback.action_done()
        return callback

    # ------------------------------------------------------------------
    # The table, derived from the declarations, walked as every role
    # ------------------------------------------------------------------
    def test_declarations(self):
        for model in (
            "fazhi.enforcement.case",
            "fazhi.case.callback",
            "fazhi.case.callback.attempt",
        ):
            with self.subTest(model=model):
                self.assertEqual(check_declarations(self.env[model]), [])

    def test_walk_case(self):
        self.assertEqual(walk_guard_table(self.case, self.roles), [])

    def test_walk_callback(self):
        self.assertEqual(walk_guard_table(self.callback, self.roles), [])

    def test_walk_attempt(self):
        self.callback.method = "phone"
        self.callback.with_user(self.officer_a).action_record_failed_attempt()
        attempt = self.callback.attempt_ids
        self.assertEqual(len(attempt), 1)
        self.assertEqual(walk_guard_table(attempt, self.roles), [])
        for user in self.roles:
            with (
                self.subTest(user=user.login),
                self.assertGuarded(),
            ):
                attempt.with_user(user).unlink()

    def test_walk_create(self):
        writers = self.staff_unit | self.officer_a | self.manager | self.office | self.handler1
        case_vals = {
            "number": "CB-GUARD-NEW",
            "unit_id": self.approval.id,
            "partner_id": self.partner.id,
            "handler_ids": [Command.set(self.handler1.ids)],
            "closing_date": "2026-02-10",
        }
        self.assertEqual(walk_create(self.Case, case_vals, writers), [])
        self.assertEqual(walk_create(self.Callback, {"case_id": self.case.id}, writers), [])
        attempt_vals = {"callback_id": self.callback.id, "method": "phone"}
        for user in writers:
            with (
                self.subTest(user=user.login),
                self.assertGuarded(),
            ):
                self.env["fazhi.case.callback.attempt"].with_user(user).with_context(
                    **FORGED_CONTEXT
                ).create({**attempt_vals, "reached": True})

    def test_walk_unlink(self):
        self.assertEqual(walk_unlink(self.callback, self.roles), [])

    # ------------------------------------------------------------------
    # Findings of issue 9 (workflow by write/create)
    # ------------------------------------------------------------------
    def test_officer_cannot_turn_done_back_to_planned(self):
        """An officer turns a done callback back to planned: refused, with
        any context; only an unreachable one is planned again, by a manager."""
        callback = self._record(self.callback, "satisfied")
        for values in ({"state": "planned"}, {"state": "unreachable"}):
            with self.assertGuarded():
                callback.with_context(**FORGED_CONTEXT).write(values)
        with self.assertRaises(AccessError):
            callback.action_reopen()
        with self.assertGuarded():
            self.callback.with_user(self.manager).with_context(**FORGED_CONTEXT).action_reopen()
        self.assertEqual(self.callback.state, "done")

    def test_officer_cannot_rewrite_result_after_done(self):
        """Satisfaction, findings, method, date and notes are the officer's
        while the callback is planned, locked once it is done."""
        callback = self._record(self.callback, "dissatisfied", self.finding_bribery)
        followup = self.callback.sudo().followup_ids
        self.assertEqual(len(followup), 1)
        attempts = [
            {"satisfaction": "satisfied"},
            {"finding_ids": [Command.clear()]},
            {"finding_ids": [Command.set(self.finding_delay.ids)]},
            {"finding_other": "改口"},
            {"notes": "改写"},
            {"method": "visit"},
            {"date": "2026-03-01"},
            {"officer_id": self.officer_b.id},
        ]
        for user in (self.officer_a, self.manager, self.office):
            for values in attempts:
                with self.subTest(user=user.login, values=values):
                    with self.assertGuarded():
                        self.callback.with_user(user).with_context(**FORGED_CONTEXT).write(values)
        self.assertEqual(self.callback.satisfaction, "dissatisfied")
        self.assertEqual(self.callback.finding_ids, self.finding_bribery)
        self.assertEqual(callback.notes, "当事人反映办案人员索要好处")
        # Unreachable is final too.
        other = self._callback(self._case("CB-GUARD-002", self.handler1), self.officer_b)
        other.method = "phone"
        for _n in range(3):
            other.with_user(self.officer_b).action_record_failed_attempt()
        self.assertEqual(other.state, "unreachable")
        with self.assertGuarded():
            other.with_user(self.officer_b).write({"satisfaction": "satisfied"})

    def test_no_done_without_satisfaction(self):
        """Marking a callback done with no satisfaction, by write or create:
        refused; the button asks for the satisfaction."""
        callback = self.callback.with_user(self.officer_a)
        callback.method = "phone"
        with self.assertGuarded():
            callback.with_context(**FORGED_CONTEXT).write({"state": "done"})
        with self.assertRefused(UserError, "satisfaction"):
            callback.action_done()
        for user in (self.officer_a, self.manager, self.office):
            for state in ("done", "unreachable"):
                with self.subTest(user=user.login, state=state):
                    with self.assertGuarded():
                        self.Callback.with_user(user).with_context(**FORGED_CONTEXT).create(
                            {
                                "case_id": self.case.id,
                                "officer_id": self.officer_b.id,
                                "method": "phone",
                                "satisfaction": "satisfied",
                                "state": state,
                            }
                        )
        # Nor by forging the attempt that makes it reached.
        with self.assertGuarded():
            self.env["fazhi.case.callback.attempt"].with_user(self.officer_a).create(
                {"callback_id": self.callback.id, "method": "phone", "reached": True}
            )
        self.assertEqual(self.callback.state, "planned")

    def test_copies_of_the_case_and_deadline_are_the_servers(self):
        """Unit, type, counterpart and deadline of a callback follow its case
        and its month: no caller writes them; staff do not move the month or
        the officer."""
        callback = self.callback.with_user(self.officer_a)
        for values in (
            {"unit_id": self.supervision.id},
            {"case_type": "licensing"},
            {"partner_id": self.officer_a.partner_id.id},
            {"deadline": "2026-12-31"},
            {"case_id": self._case("CB-GUARD-003", self.handler1).id},
            {"planned_month": "2026-06-01"},
            {"officer_id": self.officer_b.id},
        ):
            with self.subTest(values=values), self.assertGuarded():
                callback.with_context(**FORGED_CONTEXT).write(values)
        # The manager moves the month; the deadline follows.
        self.callback.with_user(self.manager).write({"planned_month": "2026-04-15"})
        self.assertEqual(str(self.callback.planned_month), "2026-04-01")
        self.assertEqual(str(self.callback.deadline), "2026-04-30")

    # ------------------------------------------------------------------
    # Findings of issue 9 (exclusions: 回访人员和办案人员分离)
    # ------------------------------------------------------------------
    def test_handler_removing_themselves_still_excluded(self):
        """A handler cannot take themselves off the case; when the office does,
        they still do not see or make the callback, and the change is logged."""
        case = self.case.with_user(self.handler1)
        for command in (
            [Command.unlink(self.handler1.id)],
            [Command.set((self.handler2 | self.staff_unit).ids)],
        ):
            with self.assertGuarded():
                case.with_context(**FORGED_CONTEXT).write({"handler_ids": command})
        # Nor can the unit manager, nor anyone rewrite the history.
        with self.assertGuarded():
            self.case.with_user(self.manager).write(
                {"handler_ids": [Command.unlink(self.handler1.id)]}
            )
        for user in (self.handler1, self.manager, self.office):
            with (
                self.subTest(user=user.login),
                self.assertGuarded(),
            ):
                self.case.with_user(user).with_context(**FORGED_CONTEXT).write(
                    {"excluded_user_ids": [Command.unlink(self.handler1.id)]}
                )
        # The office replaces handler1 by a colleague.
        self.case.with_user(self.office).write(
            {"handler_ids": [Command.unlink(self.handler1.id), Command.link(self.staff_unit.id)]}
        )
        self.assertEqual(self.case.handler_ids, self.handler2 | self.staff_unit)
        self.assertEqual(
            self.case.excluded_user_ids, self.handler1 | self.handler2 | self.staff_unit
        )
        note = self.case.message_ids.filtered(lambda m: "回访守卫职员" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("回访测试法规科", note.body)
        self.assertIn("回访测试办案员甲", note.body)
        self.assertIn("回访守卫职员", note.body)
        self.assertEqual(note.author_id, self.office.partner_id)
        # The former handler still does not see the callback, its attempts or figures.
        Callback = self.Callback.with_user(self.handler1)
        self.assertFalse(Callback.search([("case_id", "=", self.case.id)]))
        with self.assertRaises(AccessError):
            self.callback.with_user(self.handler1).read(["satisfaction"])
        self.assertEqual(self.case.with_user(self.handler1).callback_count, 0)
        self.assertFalse(
            self.env["fazhi.case.callback.report"]
            .with_user(self.handler1)
            .search([("case_id", "=", self.case.id)])
        )
        # ... cannot be made its officer, nor planned as officer by the generation.
        with self.assertRefused(ValidationError, "回访测试办案员甲 handled case CB-GUARD-001"):
            self.callback.with_user(self.office).officer_id = self.handler1
        self.approval.callback_officer_ids = [Command.set(self.handler1.ids)]
        late = self._case("CB-GUARD-004", self.handler1 | self.handler2, "penalty")
        late.with_user(self.office).handler_ids = [
            Command.unlink(self.handler1.id),
            Command.link(self.staff_unit.id),
        ]
        planned = self.Callback.sudo()._generate_callbacks(late.closing_date)
        self.assertEqual(planned.case_id, late)
        self.assertFalse(planned.officer_id, "the only designated officer once handled it")
        # ... and the accountability follow-up opened afterwards excludes them.
        self._record(self.callback, "dissatisfied", self.finding_bribery)
        followup = self.callback.sudo().followup_ids
        self.assertEqual(followup.excluded_user_ids, self.case.excluded_user_ids)
        self.assertNotIn(followup.user_id, self.case.excluded_user_ids)
        with self.assertRaises(AccessError):
            followup.with_user(self.handler1).read(["name"])
        self.assertFalse(self.Followup.with_user(self.handler1).search([("id", "=", followup.id)]))

    def test_handler_cannot_move_or_delete_their_case(self):
        """The registration of a case (type, unit, counterpart, closing date)
        decides who calls whom back and when, and is copied onto the callback:
        after registration only the office changes it; a handler (even a unit
        manager) does not delete a case whose callback is planned."""
        other_partner = self.partner.copy({"name": "回访守卫另一相对人"})
        for user in (self.handler1, self.staff_unit, self.manager):
            for values in (
                {"closing_date": "2026-01-05"},
                {"partner_id": other_partner.id},
                {"unit_id": self.supervision.id},
                {"case_type": "inspection"},
            ):
                with self.subTest(user=user.login, values=values), self.assertGuarded():
                    self.case.with_user(user).with_context(**FORGED_CONTEXT).write(values)
        self.case.with_user(self.handler1).write({"decision_summary": "警告，罚款"})
        self.case.with_user(self.office).write({"closing_date": "2026-02-11"})
        self.assertEqual(str(self.case.closing_date), "2026-02-11")
        # A manager who handled the case cannot make its planned callback vanish.
        self.case.with_user(self.office).handler_ids = [Command.link(self.manager.id)]
        with self.assertRefused(UserError, "only the supervision office"):
            self.case.with_user(self.manager).unlink()
        self.assertTrue(self.callback.exists())
        self.case.with_user(self.office).unlink()
        self.assertFalse(self.callback.exists())

    def test_handlers_added_later_are_excluded_from_the_followup(self):
        """A handler added after the follow-up was opened is excluded from it
        and unsubscribed; the staff of the unit stay able to read it."""
        self._record(self.callback, "dissatisfied", self.finding_delay)
        followup = self.callback.sudo().followup_ids
        followup.sudo().message_subscribe(partner_ids=self.staff_unit.partner_id.ids)
        self.case.with_user(self.office).handler_ids = [Command.link(self.staff_unit.id)]
        self.assertIn(self.staff_unit, followup.sudo().excluded_user_ids)
        self.assertNotIn(self.staff_unit.partner_id, followup.sudo().message_partner_ids)
        self.assertFalse(
            self.Followup.with_user(self.staff_unit).search([("id", "=", followup.id)])
        )
        self.assertEqual(followup.with_user(self.officer_a).read(["name"])[0]["id"], followup.id)

    def test_callback_officer_outside_unit_reads_the_case_only(self):
        """A callback officer from another unit reads the case they call back,
        but does not change it."""
        case = self._case("CB-GUARD-005", self.handler1)
        self._callback(case, self.staff_other)
        self.assertEqual(
            case.with_user(self.staff_other).read(["number"])[0]["number"], "CB-GUARD-005"
        )
        with self.assertRaises(AccessError):
            case.with_user(self.staff_other).write({"decision_summary": "改写"})

    def test_excluded_users_see_no_mail_rows(self):
        """Followers, messages and notifications of the callback and of its
        accountability follow-up are hidden from every handler, past and
        present, whatever they search; the others still see theirs."""
        # Officer B was the callback's officer (and follower) before the office
        # gave the callback to officer C and made B a handler of the case.
        self.callback.with_user(self.manager).officer_id = self.officer_b
        self.callback.sudo().message_subscribe(partner_ids=self.officer_b.partner_id.ids)
        self.callback.with_user(self.officer_b).message_post(
            body="回访前核对电话", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.callback.with_user(self.manager).officer_id = self.officer_c
        self.case.with_user(self.office).handler_ids = [Command.link(self.officer_b.id)]
        self.assertNotIn(self.officer_b.partner_id, self.callback.sudo().message_partner_ids)
        # The callback is recorded with a finding: the office's follow-up.
        self._record(self.callback, "dissatisfied", self.finding_bribery)
        followup = self.callback.sudo().followup_ids
        self.callback.sudo().message_subscribe(partner_ids=self.office2.partner_id.ids)
        self.callback.with_user(self.officer_c).message_post(
            body="已回访，当事人反映问题",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.office2.partner_id.ids,
        )
        followup.with_user(self.office).message_post(
            body="请调查",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.office2.partner_id.ids,
        )
        # Named as recipients, they are not notified (no e-mail, no inbox).
        mention = self.callback.with_user(self.officer_c).message_post(
            body="请办案人员知悉",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=(self.handler1 | self.office2).partner_id.ids,
        )
        self.assertEqual(mention.sudo().notification_ids.res_partner_id, self.office2.partner_id)
        # Handlers cannot follow, even when someone subscribes them.
        self.callback.sudo().message_subscribe(partner_ids=self.handler1.partner_id.ids)
        followup.sudo().message_subscribe(partner_ids=self.handler1.partner_id.ids)
        self.assertFalse(
            (self.callback.sudo().message_partner_ids | followup.sudo().message_partner_ids)
            & self.case.excluded_user_ids.partner_id
        )
        self.env.flush_all()
        thread_domain = [
            "|",
            "&",
            ("res_model", "=", CALLBACK),
            ("res_id", "=", self.callback.id),
            "&",
            ("res_model", "=", FOLLOWUP),
            ("res_id", "=", followup.id),
        ]
        message_domain = [
            "|",
            "&",
            ("model", "=", CALLBACK),
            ("res_id", "=", self.callback.id),
            "&",
            ("model", "=", FOLLOWUP),
            ("res_id", "=", followup.id),
        ]
        Followers = self.env["mail.followers"]
        Messages = self.env["mail.message"]
        Notifications = self.env["mail.notification"]
        all_followers = Followers.sudo().search(thread_domain)
        all_messages = Messages.sudo().search(message_domain)
        all_notifications = Notifications.sudo().search(
            [("mail_message_id", "in", all_messages.ids)]
        )
        self.assertTrue(all_followers)
        self.assertTrue(all_messages.filtered(lambda m: m.author_id == self.officer_b.partner_id))
        self.assertTrue(all_notifications)
        for handler in self.handler1 | self.handler2 | self.officer_b:
            with self.subTest(handler=handler.login):
                self.assertFalse(Followers.with_user(handler).search(thread_domain))
                self.assertFalse(Followers.with_user(handler).search([]) & all_followers)
                self.assertFalse(Messages.with_user(handler).search(message_domain))
                self.assertFalse(Messages.with_user(handler).search([]) & all_messages)
                self.assertFalse(Notifications.with_user(handler).search([]) & all_notifications)
                self.assertFalse(
                    Notifications.with_user(handler).search(
                        [("mail_message_id", "in", all_messages.ids)]
                    )
                )
                with self.assertRaises(AccessError):
                    all_followers.with_user(handler).read(["res_id", "partner_id"])
                with self.assertRaises(AccessError):
                    all_notifications.with_user(handler).read(["mail_message_id"])
                with self.assertRaises(AccessError):
                    all_messages.with_user(handler).read(["body"])
                self.assertFalse(
                    Messages.with_user(handler).search([("author_id", "=", handler.partner_id.id)])
                    & all_messages
                )
        # The others are not affected.
        self.assertEqual(Followers.with_user(self.office2).search(thread_domain), all_followers)
        self.assertTrue(
            Notifications.with_user(self.office2).search(
                [("res_partner_id", "=", self.office2.partner_id.id)]
            )
            & all_notifications
        )
        self.assertTrue(Messages.with_user(self.officer_c).search(message_domain))
        self.assertFalse(Followers.with_user(self.handler1).search([("fazhi_hidden", "=", True)]))
        self.assertTrue(
            Followers.with_user(self.handler1).sudo().search([("fazhi_hidden", "=", True)])
            >= all_followers
        )
