from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_case_common import CaseCallbackCommon


@tagged("post_install", "-at_install")
class TestCaseFigures(CaseCallbackCommon):
    """Coverage, on-time, satisfaction, findings per type and unit, in the
    figures view and in the unit's monthly report, on a known set."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-02-03"):
            # Closed in January 2026, called back in February.
            cases = [
                cls._case(f"CB-F-00{n}", cls.handler1, closing=f"2026-01-{10 + n}")
                for n in range(5)
            ]
            # Another month and another unit: not in January's figures of 审批办.
            cls._case("CB-F-DEC", cls.handler1, closing="2025-12-20")
            cls._case("CB-F-JDS", cls.office2, closing="2026-01-20", unit=cls.supervision)
            callbacks = cls.Callback.sudo()._generate_callbacks(date(2026, 1, 1))
        cls.cases = cases
        by_case = {callback.case_id: callback for callback in callbacks}
        cls.done_on_time, cls.done_late, cls.unreachable, cls.pending, _ = (
            by_case[case] for case in cases
        )
        with freeze_time("2026-02-20"):
            cls.done_on_time.write(
                {
                    "method": "phone",
                    "satisfaction": "satisfied",
                    "finding_ids": [Command.set(cls.finding_bribery.ids)],
                }
            )
            cls.done_on_time.action_done()
            cls.unreachable.method = "phone"
            for _attempt in range(3):
                cls.unreachable.action_record_failed_attempt()
        with freeze_time("2026-03-03"):
            cls.done_late.write(
                {
                    "method": "visit",
                    "satisfaction": "dissatisfied",
                    "finding_ids": [Command.set((cls.finding_bribery | cls.finding_delay).ids)],
                }
            )
            cls.done_late.action_done()
        # The fifth case was entered after the generation: no callback.
        by_case[cases[4]].unlink()

    def test_report_rows(self):
        Report = self.env["fazhi.case.callback.report"]
        domain = [
            ("unit_id", "=", self.approval.id),
            ("closing_date", ">=", "2026-01-01"),
            ("closing_date", "<", "2026-02-01"),
        ]
        [[cases, done, unreachable, pending, missing, coverage, on_time, satisfaction, found]] = (
            Report._read_group(
                domain,
                [],
                [
                    "case_count:sum",
                    "done_count:sum",
                    "unreachable_count:sum",
                    "planned_count:sum",
                    "missing_count:sum",
                    "coverage:avg",
                    "on_time_rate:avg",
                    "satisfaction_rate:avg",
                    "finding_callback_count:sum",
                ],
            )
        )
        self.assertEqual((cases, done, unreachable, pending, missing), (5, 2, 1, 1, 1))
        self.assertAlmostEqual(coverage, 40.0)  # 2 done / 5 closed
        self.assertAlmostEqual(on_time, 50.0)  # 1 of the 2 done by 28 February
        self.assertAlmostEqual(satisfaction, 50.0)  # satisfied 1, dissatisfied 1
        self.assertEqual(found, 2)
        # Findings per type and unit: group by the many2many.
        per_finding = dict(Report._read_group(domain, ["finding_ids"], ["case_count:sum"]))
        self.assertEqual(per_finding[self.finding_bribery], 2)
        self.assertEqual(per_finding[self.finding_delay], 1)
        per_unit = dict(
            Report._read_group(
                [("finding_ids", "=", self.finding_bribery.id)], ["unit_id"], ["__count"]
            )
        )
        self.assertEqual(per_unit, {self.approval: 2})
        # The same from the callbacks' own pivot (findings x units).
        callbacks = dict(
            self.Callback._read_group(
                [("unit_id", "=", self.approval.id)], ["finding_ids"], ["__count"]
            )
        )
        self.assertEqual(callbacks[self.finding_bribery], 2)
        self.assertEqual(callbacks[self.finding_delay], 1)

    def test_monthly_report_lines(self):
        with freeze_time("2026-02-25"):
            reports = self.env["fazhi.monthly.report"].create(
                [
                    {"unit_id": self.approval.id, "month": "2026-02-01"},
                    {"unit_id": self.supervision.id, "month": "2026-02-01"},
                    {"unit_id": self.approval.id, "month": "2026-01-01"},
                ]
            )
        lines = {
            (line.report_id, line.source): line
            for line in reports.line_ids
            if line.source.startswith("fazhi_satisfaction.callback")
        }
        february = reports[0]

        def value(report, key):
            return lines[report, f"fazhi_satisfaction.callback_{key}"].value

        self.assertEqual(value(february, "cases"), 5)
        self.assertEqual(value(february, "done"), 2)
        self.assertEqual(value(february, "coverage"), 40.0)
        self.assertEqual(lines[february, "fazhi_satisfaction.callback_coverage"].target, 100.0)
        self.assertEqual(value(february, "unreachable"), 1)
        self.assertEqual(value(february, "on_time"), 50.0)
        self.assertEqual(value(february, "satisfaction"), 50.0)
        self.assertEqual(value(february, "findings"), 2)
        # 监督所: one case, callback still planned.
        self.assertEqual(value(reports[1], "cases"), 1)
        self.assertEqual(value(reports[1], "coverage"), 0.0)
        # January's report is about December's cases.
        self.assertEqual(value(reports[2], "cases"), 1)
        self.assertEqual(value(reports[2], "done"), 0)

    def test_report_access(self):
        Report = self.env["fazhi.case.callback.report"]
        approval_rows = Report.search([("unit_id", "=", self.approval.id)])
        self.assertEqual(len(approval_rows), 6)
        # Staff of 监督所 see their unit only; the commission's manager both.
        self.assertEqual(Report.with_user(self.staff_other).search([]).unit_id, self.supervision)
        self.assertEqual(
            Report.with_user(self.manager).search([]).unit_id, self.approval | self.supervision
        )
        self.assertEqual(
            len(Report.with_user(self.leader).search([("unit_id", "=", self.approval.id)])), 6
        )
        # The handler of every case of 审批办 sees none of their cases' rows.
        self.assertFalse(Report.with_user(self.handler1).search([]))
        self.assertTrue(Report.with_user(self.officer_a).search([]))


@tagged("post_install", "-at_install")
@freeze_time("2026-03-05")
class TestCaseAccess(CaseCallbackCommon):
    """Staff see their units' cases and callbacks, managers the units below,
    office and leader all (the leader read-only)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case_a = cls._case("CB-A-001", cls.handler1)
        cls.case_b = cls._case("CB-A-002", cls.office2, unit=cls.supervision)
        cls.callback_a = cls._callback(cls.case_a, cls.officer_a)
        # 监督所's callback is made by an officer who is not a member of it.
        cls.callback_b = cls._callback(cls.case_b, cls.officer_b)

    def test_staff_see_their_units(self):
        Case = self.Case.with_user(self.staff_other)
        self.assertEqual(Case.search([("number", "like", "CB-A-")]), self.case_b)
        with self.assertRaises(AccessError):
            self.case_a.with_user(self.staff_other).read(["number"])
        with self.assertRaises(AccessError):
            Case.create(
                {
                    "number": "CB-A-003",
                    "unit_id": self.approval.id,
                    "partner_id": self.partner.id,
                    "handler_ids": [Command.set(self.staff_other.ids)],
                    "closing_date": "2026-03-01",
                }
            )
        self.assertEqual(
            self.Callback.with_user(self.staff_other).search([("case_id.number", "like", "CB-A-")]),
            self.callback_b,
        )

    def test_callback_officer_outside_the_unit(self):
        """An officer sees the callbacks assigned to them (and their cases)."""
        Callback = self.Callback.with_user(self.officer_b)
        self.assertEqual(
            Callback.search([("case_id.number", "like", "CB-A-")]),
            self.callback_a | self.callback_b,
        )
        self.assertEqual(
            self.case_b.with_user(self.officer_b).read(["number"])[0]["number"], "CB-A-002"
        )
        # Officer A (not assigned to 监督所's callback, not a member) does not.
        self.assertEqual(
            self.Callback.with_user(self.officer_a).search([("case_id.number", "like", "CB-A-")]),
            self.callback_a,
        )

    def test_manager_office_leader(self):
        for user in (self.manager, self.office, self.leader):
            self.assertEqual(
                self.Case.with_user(user).search([("number", "like", "CB-A-")]),
                self.case_a | self.case_b,
            )
        with self.assertRaises(AccessError):
            self.case_a.with_user(self.leader).write({"decision_summary": "x"})
        with self.assertRaises(AccessError):
            self.callback_a.with_user(self.leader).write({"notes": "x"})
        self.case_a.with_user(self.manager).write({"decision_summary": "准予许可"})
        self.assertEqual(self.case_a.decision_summary, "准予许可")

    def test_findings_reserved_to_office(self):
        Finding = self.env["fazhi.callback.finding"]
        self.assertEqual(len(Finding.with_user(self.officer_a).search([])), 7)
        with self.assertRaises(AccessError):
            Finding.with_user(self.manager).create({"name": "态度恶劣"})
        Finding.with_user(self.office).create({"name": "态度恶劣"})


@tagged("post_install", "-at_install")
class TestCaseViews(CaseCallbackCommon):
    """The actions' views load for the roles that use them, and the figures'
    pivot groups by finding and unit as the web client asks it."""

    def test_views_load(self):
        actions = {
            "fazhi_satisfaction.fazhi_enforcement_case_action": (self.officer_a, self.leader),
            "fazhi_satisfaction.fazhi_case_callback_action": (self.officer_a, self.leader),
            "fazhi_satisfaction.fazhi_case_callback_report_action": (self.manager, self.leader),
            "fazhi_satisfaction.fazhi_callback_finding_action": (self.office,),
        }
        for xmlid, users in actions.items():
            action = self.env.ref(xmlid)
            views = [[False, mode] for mode in action.view_mode.split(",")]
            if action.search_view_id:
                views.append([action.search_view_id.id, "search"])
            for user in users:
                with self.subTest(action=xmlid, user=user.login):
                    result = self.env[action.res_model].with_user(user).get_views(views)
                    self.assertEqual(
                        set(result["views"]), {mode for _id, mode in views}, "every view loads"
                    )
        unit_form = self.env["fazhi.unit"].with_user(self.office).get_views([[False, "form"]])
        self.assertIn("callback_officer_ids", unit_form["views"]["form"]["arch"])
        settings = self.env["res.config.settings"].with_user(self.env.ref("base.user_admin"))
        self.assertIn(
            "fazhi_callback_followup_days",
            settings.get_views([[False, "form"]])["views"]["form"]["arch"],
        )

    def test_pivot_read_group(self):
        Report = self.env["fazhi.case.callback.report"].with_user(self.manager)
        groups = Report.read_group(
            [],
            ["case_count:sum", "coverage:avg", "satisfaction_rate:avg"],
            ["finding_ids", "unit_id"],
            lazy=False,
        )
        self.assertIsInstance(groups, list)
