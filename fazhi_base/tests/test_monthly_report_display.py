"""What each role sees of the monthly reports: current figures while a report
is open, the submitted ones afterwards, its units' reports under the default
filter, the figures pivot on a month that has data, months as months."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval


@tagged("post_install", "-at_install")
class TestMonthlyReportDisplay(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tz="UTC"))
        cls.env["fazhi.unit"].search([]).write({"active": False})

        def user(login, group):
            return new_test_user(cls.env, login=login, groups=f"fazhi_base.{group}", tz="UTC")

        cls.staff = user("mrd_staff", "group_fazhi_staff")
        cls.manager = user("mrd_manager", "group_fazhi_unit_manager")
        cls.office = user("mrd_office", "group_fazhi_office")
        cls.leader = user("mrd_leader", "group_fazhi_leader")
        Unit = cls.env["fazhi.unit"]
        cls.parent = Unit.create({"name": "Parent", "code": "MRD-P", "manager_id": cls.manager.id})
        cls.child = Unit.create(
            {
                "name": "Child",
                "code": "MRD-C",
                "parent_id": cls.parent.id,
                "member_ids": [Command.set(cls.staff.ids)],
            }
        )
        cls.other = Unit.create({"name": "Other", "code": "MRD-O"})
        Report = cls.env["fazhi.monthly.report"]
        cls.october = date(2026, 10, 1)
        cls.september = date(2026, 9, 1)
        cls.reports = Report.create(
            [
                {"unit_id": unit.id, "month": month}
                for unit in (cls.parent, cls.child, cls.other)
                for month in (cls.september, cls.october)
            ]
        )
        cls.child_october = cls.reports.filtered(
            lambda r: r.unit_id == cls.child and r.month == cls.october
        )

    def _opened(self, report):
        return self.env["fazhi.followup"].search_count(
            [("unit_id", "=", report.unit_id.id), ("state", "!=", "cancelled")]
        )

    def _value(self, report, code):
        return report.line_ids.filtered(lambda line: line.source == code).value

    def _new_followup(self, unit):
        return self.env["fazhi.followup"].create(
            {"name": "New", "unit_id": unit.id, "deadline": date(2026, 10, 28)}
        )

    # ------------------------------------------------------------------
    # 1. Current while open, frozen once submitted
    # ------------------------------------------------------------------
    @freeze_time("2026-10-20 08:00:00")
    def test_opening_refreshes_for_writers_only(self):
        report = self.child_october
        code = "fazhi_base.followup_due"
        before = self._value(report, code)
        self._new_followup(self.child)
        spec = {"line_ids": {"fields": {"source": {}, "value_display": {}}}, "figures_date": {}}
        # A leader (read-only) reads the stored figures: no write in their name.
        report.with_user(self.leader).web_read(spec)
        self.assertEqual(self._value(report, code), before)
        self.assertNotEqual(report.write_uid, self.leader)
        # The unit's staff open the form: the figures are current.
        result = report.with_user(self.staff).web_read(spec)
        self.assertEqual(self._value(report, code), before + 1)
        shown = {line["source"]: line["value_display"] for line in result[0]["line_ids"]}
        self.assertEqual(shown[code], f"{round(before) + 1} items")
        # Saving a note reads the record back without refreshing under the user's eyes.
        self._new_followup(self.child)
        report.with_user(self.staff).web_save({"narrative": "<p>ok</p>"}, spec)
        self.assertEqual(self._value(report, code), before + 1)
        # The web client may not serve this read from a read-only replica.
        Report = type(self.env["fazhi.monthly.report"])
        readonly = next(
            getattr(cls, "web_read")._readonly
            for cls in Report.mro()
            if hasattr(getattr(cls, "web_read", None), "_readonly")
        )
        self.assertFalse(readonly)

    @freeze_time("2026-10-20 08:00:00")
    def test_submitted_is_what_was_shown(self):
        report = self.child_october.with_user(self.staff)
        spec = {"line_ids": {"fields": {"value": {}}}, "figures_revision": {}}
        shown = report.web_read(spec)[0]["figures_revision"]
        self._new_followup(self.child)  # changes after display
        result = report.with_context(fazhi_figures_revision=shown).action_submit()
        self.assertEqual(report.state, "draft", "changed figures are not submitted")
        self.assertEqual(result["params"]["type"], "warning")
        shown = report.web_read(spec)[0]["figures_revision"]
        self.assertIs(report.with_context(fazhi_figures_revision=shown).action_submit(), True)
        self.assertEqual(report.state, "submitted")
        frozen = {line.source: line.value for line in report.line_ids}
        self._new_followup(self.child)
        for user in (self.staff, self.office, self.leader):
            report.with_user(user).web_read(spec)
        self.assertEqual({line.source: line.value for line in report.line_ids}, frozen)

    # ------------------------------------------------------------------
    # 2. Counts, rates, targets as shown
    # ------------------------------------------------------------------
    def test_figure_formats(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        Report = self.env["fazhi.monthly.report"].with_context(lang="zh_CN")
        count = {"kind": "count", "target": None}
        rate = {"kind": "percent", "target": 100.0}
        self.assertEqual(Report._fazhi_figure_format(count, 3.0), "3 件")
        self.assertEqual(Report._fazhi_figure_format(rate, 85.25), "85.2 %")
        self.assertEqual(Report._fazhi_figure_format(rate, 0.0, has_value=False), "—")
        lines = self.child_october.with_context(lang="zh_CN").line_ids
        registry = Report._fazhi_figures()
        for line in lines:
            with self.subTest(figure=line.source):
                figure = registry[line.source]
                if figure["target"] is None:
                    self.assertEqual(line.target_display, "")
                if not line.has_value:
                    self.assertEqual(line.value_display, "—")
                if figure["kind"] == "count":
                    self.assertNotIn(".", line.value_display)
        # The pivot aggregates in SQL: nothing measured and no target are NULL,
        # so they neither count as 0 % nor pull an average target down.
        Line = self.env["fazhi.monthly.report.line"]
        for line in lines:
            [(value, target)] = Line._read_group(
                [("id", "=", line.id)], [], ["value:sum", "target:avg"]
            )
            with self.subTest(figure=line.source):
                # (_read_group gives False for SQL's NULL, 0.0 for a zero)
                self.assertEqual(value is False, not line.has_value)
                self.assertEqual(target is False, registry[line.source]["target"] is None)
        arch = Line.get_view(view_type="pivot")["arch"]
        self.assertIn('widget="fazhi_figure"', arch)

    # ------------------------------------------------------------------
    # 3. Months as months
    # ------------------------------------------------------------------
    def test_month_labels(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        report = self.child_october
        self.assertEqual(report.with_context(lang="zh_CN").month_label, "2026年10月")
        self.assertEqual(report.with_context(lang="en_US").month_label, "October 2026")
        self.assertEqual(report.with_context(lang="zh_CN").display_name, "Child 2026年10月")
        summary = self.env["fazhi.monthly.summary"].create({"month": self.october})
        self.assertEqual(summary.with_context(lang="zh_CN").month_label, "2026年10月")
        self.assertIn("October 2026", summary.with_context(lang="en_US").name)
        # The reminder's to-do reads in its reader's language, whoever runs the cron.
        self.manager.lang = "zh_CN"
        Report = self.env["fazhi.monthly.report"].with_context(lang="en_US")
        Report._fazhi_remind_units(self.env.company, self.october, date(2026, 10, 22))
        parent = self.reports.filtered(
            lambda r: r.unit_id == self.parent and r.month == self.october
        )
        self.assertIn("2026年10月", parent.activity_ids.summary)

    # ------------------------------------------------------------------
    # 4. The default "My units" filter
    # ------------------------------------------------------------------
    def test_my_units_filter_per_role(self):
        action = self.env.ref("fazhi_base.fazhi_monthly_report_action")
        self.assertEqual(safe_eval(action.context), {"search_default_my_units": 1})
        Report = self.env["fazhi.monthly.report"]
        ours = self.reports
        expected = {
            self.staff: ours.filtered(lambda r: r.unit_id == self.child),
            self.manager: ours.filtered(lambda r: r.unit_id in self.parent | self.child),
            self.office: ours,
            self.leader: ours,
        }
        for user, reports in expected.items():
            with self.subTest(user=user.login):
                found = Report.with_user(user).search([("is_my_unit", "=", True)])
                self.assertEqual(found & ours, reports)
                self.assertTrue(found)
                self.assertEqual(
                    Report.with_user(user).browse(reports.ids).mapped("is_my_unit"),
                    [True] * len(reports),
                )

    # ------------------------------------------------------------------
    # 5. The figures pivot opens on a month with data
    # ------------------------------------------------------------------
    def test_figures_open_on_latest_month(self):
        action = self.env.ref("fazhi_base.fazhi_monthly_report_line_action")
        self.assertEqual(safe_eval(action.context), {"search_default_latest_month": 1})
        Line = self.env["fazhi.monthly.report.line"]
        for user in (self.staff, self.manager, self.office, self.leader):
            with self.subTest(user=user.login):
                lines = Line.with_user(user).search([("is_latest_month", "=", True)])
                self.assertTrue(lines)
                self.assertEqual(set(lines.mapped("month")), {max(lines.mapped("month"))})
        # A staff member whose unit reported only an older month sees that month.
        (self.reports - self.reports.filtered(lambda r: r.month == self.september)).filtered(
            lambda r: r.unit_id == self.child
        ).unlink()
        lines = Line.with_user(self.staff).search([("is_latest_month", "=", True)])
        self.assertEqual(set(lines.mapped("month")), {self.september})
        for view in ("pivot", "graph"):
            arch = Line.get_view(view_type=view)["arch"]
            self.assertNotIn('sample="1"', arch)

    def test_no_sample_data_behind_fazhi_views(self):
        """Odoo's sample data (Latin names, random figures) looked like real
        figures to managers: no fazhi view asks for it."""
        views = self.env["ir.ui.view"].search(
            [("model", "=like", "fazhi.%"), ("arch_db", "like", 'sample="1"')]
        )
        self.assertFalse(views.mapped("xml_id"))
