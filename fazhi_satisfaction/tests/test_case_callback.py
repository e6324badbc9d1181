from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .test_case_common import CaseCallbackCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-05")
class TestCaseRules(CaseCallbackCommon):
    """Cases: handlers, the two-officer rule, the separation rule both ways."""

    def test_handlers_required(self):
        with self.assertRefused(ValidationError, "at least one handler"):
            self._case("CB-R-001", self.env["res.users"])
        case = self._case("CB-R-002", self.handler1)
        self.assertEqual(case.handler_ids, self.handler1)
        with self.assertRefused(ValidationError, "at least one handler"):
            case.handler_ids = [Command.clear()]

    def test_two_officer_rule_for_penalties(self):
        with self.assertRefused(ValidationError, "two-officer rule"):
            self._case("CB-R-010", self.handler1, case_type="penalty")
        case = self._case("CB-R-011", self.handler1 | self.handler2, case_type="penalty")
        with self.assertRefused(ValidationError, "two-officer rule"):
            case.handler_ids = [Command.unlink(self.handler2.id)]
        licence = self._case("CB-R-012", self.handler1)
        with self.assertRefused(ValidationError, "two-officer rule"):
            licence.case_type = "penalty"

    def test_number_unique_per_unit(self):
        self._case("CB-R-020", self.handler1)
        with self.assertRefused(ValidationError, "Duplicate case.*CB-R-020"):
            self._case(" CB-R-020 ", self.handler2)
        # The same number in another unit is another case.
        other = self._case("CB-R-020", self.staff_other, unit=self.supervision)
        self.assertEqual(other.number, "CB-R-020")

    def test_counterpart_and_closing_date(self):
        stranger = self.env["res.partner"].create({"name": "非相对人"})
        with self.assertRefused(ValidationError, "registered counterpart"):
            self.Case.create(
                {
                    "number": "CB-R-030",
                    "unit_id": self.approval.id,
                    "partner_id": stranger.id,
                    "handler_ids": [Command.set(self.handler1.ids)],
                    "closing_date": "2026-02-01",
                }
            )
        with self.assertRefused(ValidationError, "future"):
            self._case("CB-R-031", self.handler1, closing="2026-03-06")

    def test_separation_callback_officer_is_not_handler(self):
        """Assigning a handler as callback officer is refused, naming the person."""
        case = self._case("CB-R-040", self.handler1 | self.handler2, case_type="penalty")
        with self.assertRefused(ValidationError, "回访测试办案员乙 handled case CB-R-040"):
            self._callback(case, self.handler2)
        callback = self._callback(case, self.officer_a)
        with self.assertRefused(ValidationError, "回访测试办案员甲 handled case CB-R-040"):
            callback.officer_id = self.handler1
        # A handler cannot even take over an unassigned callback of the case:
        # it is hidden from them.
        unassigned = self.Callback.create({"case_id": case.id})
        unassigned.write({"method": "phone", "satisfaction": "satisfied"})
        with self.assertRaises(AccessError):
            unassigned.with_user(self.handler1).action_done()
        # Whoever takes it over is checked (here as superuser on their behalf).
        with self.assertRefused(ValidationError, "handled case CB-R-040"):
            unassigned.write({"officer_id": self.handler2.id})

    def test_separation_handler_is_not_callback_officer(self):
        """Adding the callback officer as a handler afterwards is refused."""
        case = self._case("CB-R-050", self.handler1)
        self._callback(case, self.officer_a)
        with self.assertRefused(
            ValidationError, "回访测试回访员A is the callback officer of case CB-R-050"
        ):
            case.handler_ids = [Command.link(self.officer_a.id)]
        case.handler_ids = [Command.link(self.handler2.id)]
        self.assertEqual(case.handler_ids, self.handler1 | self.handler2)

    def test_delete(self):
        case = self._case("CB-R-060", self.handler1)
        callback = self._callback(case, self.officer_a)
        callback.write({"method": "phone", "satisfaction": "satisfied"})
        callback.with_user(self.officer_a).action_done()
        with self.assertRefused(UserError, "called back"):
            case.unlink()
        other = self._case("CB-R-061", self.handler1)
        self._callback(other, self.officer_b)
        other.unlink()
        self.assertFalse(self.Callback.search([("case_id.number", "=", "CB-R-061")]))


@tagged("post_install", "-at_install")
@freeze_time("2026-03-05")
class TestCallbackGeneration(CaseCallbackCommon):
    """The monthly generation: round-robin, all-handlers cases, idempotence."""

    def _generate(self):
        return self.Callback.sudo()._generate_callbacks(date(2026, 2, 1))

    def test_round_robin_without_handlers(self):
        handlers_by_case = {}
        for n in range(9):
            # Officer A handled the cases 0, 3 and 6 itself.
            handlers = self.handler1 | (self.officer_a if n % 3 == 0 else self.handler2)
            handlers_by_case[f"CB-G-{n:03d}"] = handlers
            self._case(f"CB-G-{n:03d}", handlers, closing=f"2026-02-{n + 1:02d}")
        # Closed in January or March: not this run's business.
        self._case("CB-G-JAN", self.handler1, closing="2026-01-31")
        self._case("CB-G-MAR", self.handler1, closing="2026-03-01")
        callbacks = self._generate()
        self.assertEqual(len(callbacks), 9)
        self.assertEqual(set(callbacks.case_id.mapped("number")), set(handlers_by_case))
        for callback in callbacks:
            self.assertTrue(callback.officer_id)
            self.assertNotIn(callback.officer_id, handlers_by_case[callback.case_id.number])
            self.assertEqual(callback.planned_month, date(2026, 3, 1))
            self.assertEqual(callback.deadline, date(2026, 3, 31))
            self.assertEqual(callback.state, "planned")
            self.assertFalse(callback.needs_officer)
        counts = {
            officer: len(callbacks.filtered(lambda c, o=officer: c.officer_id == o))
            for officer in self.officer_a | self.officer_b | self.officer_c
        }
        self.assertEqual(sorted(counts.values()), [3, 3, 3], "balanced")
        # Deterministic: in closing order, the eligible officer with the fewest
        # callbacks, lowest id first.
        order = [c.officer_id for c in callbacks.sorted(lambda c: c.case_id.closing_date)]
        a, b, c = self.officer_a, self.officer_b, self.officer_c
        self.assertEqual(order, [b, a, c, b, a, c, b, a, c])

    def test_all_handlers_case_flagged_to_office(self):
        """A case handled by every designated officer is not given to a handler."""
        everyone = self.officer_a | self.officer_b | self.officer_c
        case = self._case("CB-G-100", everyone, case_type="penalty")
        normal = self._case("CB-G-101", self.handler1)
        lonely = self._case("CB-G-102", self.staff_other, unit=self.supervision)
        callbacks = self._generate()
        flagged = callbacks.filtered("needs_officer")
        self.assertEqual(flagged.case_id, case | lonely)
        self.assertFalse(flagged.officer_id)
        self.assertEqual(flagged.mapped("state"), ["planned", "planned"])
        self.assertTrue((callbacks - flagged).officer_id)
        self.assertEqual((callbacks - flagged).case_id, normal)
        # One activity per unit for the office, naming the cases.
        activity_type = self.env.ref("fazhi_satisfaction.mail_activity_type_fazhi_callback_officer")
        activities = self.env["mail.activity"].search(
            [
                ("activity_type_id", "=", activity_type.id),
                ("res_model", "=", "fazhi.unit"),
                ("res_id", "in", (self.approval | self.supervision).ids),
            ]
        )
        self.assertEqual(
            sorted(activities.mapped("res_id")), sorted((self.approval | self.supervision).ids)
        )
        for activity in activities:
            self.assertTrue(activity.user_id.has_group("fazhi_base.group_fazhi_office"))
        approval_note = activities.filtered(lambda a: a.res_id == self.approval.id).note
        self.assertIn("CB-G-100", approval_note)
        self.assertNotIn("CB-G-101", approval_note)
        # A case entered late: the next run updates the unit's activity, no new one.
        self._case("CB-G-103", everyone, case_type="penalty")
        self.assertEqual(len(self._generate()), 1)
        activities_after = self.env["mail.activity"].search(
            [
                ("activity_type_id", "=", activity_type.id),
                ("res_model", "=", "fazhi.unit"),
                ("res_id", "in", (self.approval | self.supervision).ids),
            ]
        )
        self.assertEqual(activities_after, activities)
        self.assertIn("CB-G-103", activities.filtered(lambda a: a.res_id == self.approval.id).note)
        # The office assigns a non-handler: no longer flagged. A handler is refused.
        outsider = self.staff_other
        flagged_case = flagged.filtered(lambda c: c.case_id == case)
        with self.assertRaises(ValidationError):
            flagged_case.officer_id = self.officer_a
        flagged_case.officer_id = outsider
        self.assertFalse(flagged_case.needs_officer)

    def test_idempotent(self):
        for n in range(4):
            self._case(f"CB-G-2{n:02d}", self.handler1, closing=f"2026-02-2{n}")
        first = self._generate()
        self.assertEqual(len(first), 4)
        self.assertFalse(self._generate(), "a second run creates nothing")
        # The cron does the same for the previous month.
        self.Callback._cron_generate_callbacks()
        self.assertEqual(self.Callback.search_count([("case_id.number", "like", "CB-G-2")]), 4)
        # A case entered late is planned by the next run, balancing the month's load.
        self._case("CB-G-299", self.handler1, closing="2026-02-28")
        late = self._generate()
        self.assertEqual(late.case_id.number, "CB-G-299")
        loads = [
            self.Callback.search_count(
                [("officer_id", "=", officer.id), ("planned_month", "=", "2026-03-01")]
            )
            for officer in self.officer_a | self.officer_b | self.officer_c
        ]
        self.assertEqual(sorted(loads), [1, 2, 2])
        # A case that already has a callback (typed in by hand) is skipped.
        manual = self._case("CB-G-298", self.handler1, closing="2026-02-27")
        self._callback(manual, self.officer_c)
        self.assertFalse(self._generate())

    def test_cron_uses_previous_month(self):
        self._case("CB-G-300", self.handler1, closing="2026-02-15")
        with freeze_time("2026-04-02"):
            self.Callback._cron_generate_callbacks()  # acts on March: nothing
        self.assertFalse(self.Callback.search([("case_id.number", "=", "CB-G-300")]))
        self.Callback._cron_generate_callbacks()  # 2026-03-05: acts on February
        callback = self.Callback.search([("case_id.number", "=", "CB-G-300")])
        self.assertEqual(callback.planned_month, date(2026, 3, 1))

    def test_inactive_officer_skipped(self):
        self.officer_b.active = False
        for n in range(4):
            self._case(f"CB-G-4{n:02d}", self.handler1)
        callbacks = self._generate()
        self.assertEqual(callbacks.officer_id, self.officer_a | self.officer_c)


@tagged("post_install", "-at_install")
@freeze_time("2026-03-10")
class TestCallbackRecording(CaseCallbackCommon):
    """Recording callbacks: done, unreachable after three attempts, findings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._case("CB-C-001", cls.handler1 | cls.handler2, case_type="penalty")
        cls.callback = cls._callback(cls.case, cls.officer_a)

    def test_done_without_finding(self):
        callback = self.callback.with_user(self.officer_a)
        with self.assertRefused(UserError, "visit, phone or WeChat"):
            callback.action_done()
        callback.method = "phone"
        with self.assertRefused(UserError, "satisfaction"):
            callback.action_done()
        callback.satisfaction = "satisfied"
        callback.action_done()
        self.assertEqual(callback.state, "done")
        self.assertEqual(callback.date, date(2026, 3, 10))
        self.assertTrue(callback.reached)
        self.assertTrue(callback.on_time)
        self.assertEqual(callback.attempt_count, 1)
        self.assertFalse(callback.followup_count)
        with self.assertRefused(UserError, "this step needs a record that is Planned"):
            callback.action_done()
        with self.assertRefused(UserError, "no longer be changed"):
            callback.satisfaction = "dissatisfied"

    def test_only_officer_or_manager_records(self):
        self.callback.write({"method": "visit", "satisfaction": "satisfied"})
        with self.assertRefused(AccessError, "回访测试回访员A"):
            self.callback.with_user(self.officer_b).action_done()
        self.callback.with_user(self.manager).action_done()
        self.assertEqual(self.callback.state, "done")

    def test_unreachable_after_three_attempts(self):
        callback = self.callback.with_user(self.officer_a)
        callback.method = "phone"
        callback.action_record_failed_attempt()
        callback.action_record_failed_attempt(note="无人接听")
        self.assertEqual(callback.state, "planned")
        self.assertEqual(callback.failed_attempt_count, 2)
        callback.method = "wechat"
        callback.action_record_failed_attempt()
        self.assertEqual(callback.state, "unreachable")
        self.assertEqual(callback.failed_attempt_count, 3)
        self.assertFalse(callback.reached)
        self.assertEqual(callback.attempt_ids.mapped("method").count("phone"), 2)
        with self.assertRefused(UserError, "this step needs a record that is Planned"):
            callback.action_record_failed_attempt()
        # Counted apart from the done callbacks in the figures.
        row = self.env["fazhi.case.callback.report"].search([("case_id", "=", self.case.id)])
        self.assertEqual(
            (row.state, row.unreachable_count, row.done_count, row.coverage),
            ("unreachable", 1, 0, 0.0),
        )
        # Only a manager plans it again.
        with self.assertRaises(AccessError):
            callback.action_reopen()
        self.callback.with_user(self.manager).action_reopen()
        self.assertEqual(self.callback.state, "planned")

    def test_other_finding_needs_text(self):
        self.callback.write({"method": "phone", "satisfaction": "dissatisfied"})
        with self.assertRefused(ValidationError, "其他"):
            self.callback.finding_ids = [Command.link(self.finding_other.id)]
        self.callback.write(
            {
                "finding_ids": [Command.link(self.finding_other.id)],
                "finding_other": "执法人员态度生硬",
            }
        )
        self.assertTrue(self.callback.finding_needs_text)

    def test_finding_opens_accountability_followup(self):
        callback = self.callback.with_user(self.officer_a)
        callback.write(
            {
                "method": "phone",
                "satisfaction": "dissatisfied",
                "finding_ids": [Command.set((self.finding_bribery | self.finding_delay).ids)],
                "notes": "当事人反映办案人员索要好处",
            }
        )
        callback.action_done()
        followup = self.Followup.search(
            [("res_model", "=", "fazhi.case.callback"), ("res_id", "=", self.callback.id)]
        )
        self.assertEqual(len(followup), 1)
        self.assertEqual(followup.kind, "accountability")
        self.assertEqual(followup.unit_id, self.approval)
        self.assertIn("CB-C-001", followup.name)
        self.assertIn("吃拿卡要", followup.name)
        self.assertIn("当事人反映办案人员索要好处", followup.description)
        self.assertEqual(followup.state, "open")
        self.assertFalse(followup.investigation_outcome)
        # Owned by the office, never a handler; due in 15 working days.
        self.assertEqual(followup.user_id, self.office)
        self.assertEqual(
            followup.deadline,
            self.env["resource.calendar"]._fazhi_add_working_days(date(2026, 3, 10), 15),
        )
        self.assertEqual(followup.excluded_user_ids, self.handler1 | self.handler2)
        self.assertFalse(followup.message_partner_ids & self.case.handler_ids.partner_id)
        self.assertEqual(callback.followup_count, 1)
        # The office investigates, concludes and transfers to discipline inspection.
        office_followup = followup.with_user(self.office)
        office_followup.action_start()
        office_followup.write(
            {
                "investigation_outcome": "partly_substantiated",
                "measure": "transfer_discipline",
                "result": "部分属实，已移送纪检监察。",
            }
        )
        office_followup.action_done()
        self.assertEqual(followup.state, "done")

    def test_handlers_cannot_see_the_accountability(self):
        """The handlers get an AccessError on the follow-up and find nothing,
        even a handler in the office group; they do not follow it and cannot
        see the callback either. Colleagues of the unit still can."""
        office_handler = self.office2
        self.case.handler_ids = [Command.link(office_handler.id)]
        self.callback.write(
            {
                "method": "visit",
                "satisfaction": "basically_satisfied",
                "finding_ids": [Command.set(self.finding_bribery.ids)],
            }
        )
        self.callback.with_user(self.officer_a).action_done()
        followup = self.callback.sudo().followup_ids
        self.assertEqual(len(followup), 1)
        self.assertEqual(followup.excluded_user_ids, self.case.handler_ids)
        self.assertEqual(followup.user_id, self.office)
        for handler in self.case.handler_ids:
            with self.assertRaises(AccessError):
                followup.with_user(handler).read(["name", "description"])
            self.assertFalse(
                self.Followup.with_user(handler).search([("kind", "=", "accountability")])
                & followup
            )
            self.assertFalse(
                self.Callback.with_user(handler).search([("id", "=", self.callback.id)])
            )
            with self.assertRaises(AccessError):
                self.callback.with_user(handler).read(["finding_ids"])
            self.assertEqual(
                self.case.with_user(handler).callback_count,
                0,
                "the case's smart button counts no callback for its handlers",
            )
            self.assertNotIn(handler.partner_id, followup.message_partner_ids)
            self.assertFalse(
                self.env["fazhi.case.callback.report"]
                .with_user(handler)
                .search([("case_id", "=", self.case.id)])
            )
        # The officer (a colleague) and the unit manager see it.
        self.assertEqual(followup.with_user(self.officer_a).read(["name"])[0]["id"], followup.id)
        self.assertEqual(
            self.Followup.with_user(self.manager).search([("id", "=", followup.id)]), followup
        )
        # A handler added afterwards is excluded too.
        self.case.handler_ids = [Command.link(self.staff_other.id)]
        self.assertIn(self.staff_other, followup.excluded_user_ids)

    def test_accountability_owner(self):
        """The company's findings owner, unless a handler: then the first office
        user who is not an administrator; never a handler."""
        Callback = self.Callback
        self.assertEqual(Callback._get_accountability_owner(self.handler1), self.office)
        fallback = Callback._get_accountability_owner(self.office)
        self.assertTrue(fallback)
        self.assertNotEqual(fallback, self.office)
        self.assertTrue(fallback.has_group("fazhi_base.group_fazhi_office"))
        self.assertFalse(fallback.has_group("base.group_system"))
        self.env.company.fazhi_callback_followup_user_id = False
        self.assertNotIn(Callback._get_accountability_owner(fallback), fallback | self.office2)
        with self.assertRaises(ValidationError):
            self.env.company.fazhi_callback_followup_days = 0

    def test_callback_date_checks(self):
        self.callback.method = "phone"
        with self.assertRefused(ValidationError, "future"):
            self.callback.date = "2026-03-11"
        with self.assertRefused(ValidationError, "before the case was closed"):
            self.callback.date = "2026-02-01"
        self.callback.write({"date": "2026-03-09", "satisfaction": "satisfied"})
        self.callback.action_done()
        self.assertEqual(self.callback.date, date(2026, 3, 9))
