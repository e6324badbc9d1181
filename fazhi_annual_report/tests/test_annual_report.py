from freezegun import freeze_time
from markupsafe import Markup

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models import fazhi_annual_text as text
from ..models.fazhi_annual_report import refresh_figures
from .common import AnnualCommon


@freeze_time("2026-12-15")
@tagged("post_install", "-at_install")
class TestDrafting(AnnualCommon):
    def test_commission_sentences(self):
        report = self._report()
        report.with_user(self.office).action_draft()
        measures = str(report.section_measures)
        # 3 cases, 2 public places and 1 drinking water; 15,500 yuan = 1.55 万元
        self.assertIn(
            "全年查处案件3件（其中：公共场所2件，生活饮用水1件），罚没款1.55万元。", measures
        )
        self.assertIn("全年受理行政许可3件，办结3件，按时办件率66.67%", measures)
        self.assertIn("全年行政复议1件，行政诉讼0件，行政复议维持率100%", measures)
        # The public complaint channels (向社会公布投诉电话)
        self.assertIn(
            "向社会公布投诉电话0375-2912345、投诉邮箱ts@example.com、通信地址建设路1号，"
            "并依托12345政务服务热线受理群众投诉举报。",
            measures,
        )
        self.assertIn('data-fazhi-figure="cases"', measures)
        # Every section is drafted, headings of the seeds
        for fname in ("section_intro", "section_leadership", "section_shortcomings"):
            self.assertTrue(str(report[fname]).strip(), fname)
        self.assertIn("2027年推进法治政府建设计划", [h for _f, h in text.headings(2026)])
        self.assertEqual(report.name, "台账测试卫健委关于2026年法治政府建设工作情况的报告")
        # The figures behind, with the records they count
        lines = {line.code: line for line in report.figure_ids}
        self.assertEqual(lines["records.penalty_cases"].value, 3)
        self.assertEqual(lines["records.penalty_amount"].value, 15500)
        action = lines["records.penalty_cases"].with_user(self.office).action_open_records()
        cases = self.env[action["res_model"]].with_user(self.office).search(action["domain"])
        self.assertEqual(len(cases), 3)
        # A unit manager opening the same figure sees only the records of their unit
        seen = self.env[action["res_model"]].with_user(self.manager).search(action["domain"])
        self.assertEqual(seen.unit_id, self.unit_a)

    def test_unit_sentences(self):
        report = self._report(unit=self.unit_a)
        report.with_user(self.office).action_draft()
        self.assertIn(
            "全年查处案件2件（其中：公共场所2件），罚没款0.55万元。", report.section_measures
        )
        report_b = self._report(unit=self.unit_b)
        report_b.with_user(self.office).action_draft()
        self.assertIn(
            "全年查处案件1件（其中：生活饮用水1件），罚没款1.00万元。", report_b.section_measures
        )
        self.assertNotIn("受理行政许可", str(report_b.section_measures))

    def test_sentences_of_every_figure(self):
        figures = {
            "records.penalty_cases": 114,
            "records.penalty_amount": 1554800,
            "records.licensing_received": 1696,
            "records.licensing_concluded": 1696,
            "records.licensing_on_time_rate": 100.0,
            "records.inspection_planned": 2822,
            "records.inspection_visits": 3580,
            "records.inspection_coverage": 99.57,
            "satisfaction.planned": 1000,
            "satisfaction.done": 950,
            "satisfaction.coverage": 95.0,
            "satisfaction.rate": 98.5,
            "callback.cases": 40,
            "callback.done": 40,
            "callback.coverage": 100.0,
            "callback.on_time_rate": 97.5,
            "callback.satisfaction_rate": 100.0,
            "callback.findings": 2,
            "complaint.received": 12,
            "complaint.concluded": 10,
            "complaint.on_time_rate": 90.0,
            "complaint.substantiated_rate": 20.0,
            "indicator.due": 62,
            "indicator.submitted": 31,
            "indicator.progress": 50.0,
            "followup.overdue": 3,
            "indicator.vetoes": 1,
        }
        ctx = {
            "year": 2021,
            "unit": "大足区卫生健康委",
            "figures": figures,
            "breakdown": [("公共场所", 49), ("生活饮用水", 15)],
            "scores": [("审批办", 96.5), ("监督所", 90.0)],
            "channels": {"phone": "7667951", "email": False, "address": False, "hotline": False},
            "min_hours": 40,
        }
        s = text.sentences(ctx)
        self.assertEqual(
            s["cases"],
            "全年查处案件114件（其中：公共场所49件，生活饮用水15件），罚没款155.48万元。",
        )
        self.assertEqual(s["licensing"], "全年受理行政许可1696件，办结1696件，按时办件率100%。")
        self.assertIn(
            "2021年应监督检查单位2822户，监督检查3580户次，监督覆盖率99.57%", s["inspections"]
        )
        self.assertIn("完成950户次，测评率95%，满意率98.5%", s["satisfaction"])
        self.assertIn(
            "回访率100%，按时回访率97.5%，回访满意率100%；回访发现问题2件", s["callbacks"]
        )
        self.assertEqual(
            s["complaints"], "全年受理行政执法投诉举报12件，办结10件，按期办结率90%，查实率20%。"
        )
        self.assertIn("完成进度50%", s["indicators"])
        self.assertEqual(s["channels"], "向社会公布投诉电话7667951受理群众投诉举报。")
        self.assertIn("2个单位平均得分93.25分，审批办以96.5分位列第一", s["assessment"])
        self.assertIn("逾期未完成的整改督办事项3项", s["weak_points"])
        self.assertIn("示范创建触发一票否决事项1项", s["weak_points"])

    def test_second_draft_keeps_user_text(self):
        report = self._report()
        report.with_user(self.office).action_draft()
        # The office rewrites a sentence and adds its own after a figure.
        edited = str(report.section_measures).replace(
            "（二）深化“放管服”改革。", "（二）深化“放管服”改革，推行一窗受理。"
        )
        edited = edited.replace(
            '<span data-fazhi-figure="typical">',
            '自行补充：联合执法4次。<span data-fazhi-figure="typical">',
        )
        report.with_user(self.office).section_measures = Markup(edited)
        # A new case, then a second draft: the figure changes, the edits stay.
        self._case("罚-4", professional_field_id=self.field_water.id, fine_amount=4500)
        report.with_user(self.office).action_draft()
        measures = str(report.section_measures)
        self.assertIn(
            "全年查处案件4件（其中：公共场所2件，生活饮用水2件），罚没款2.00万元。", measures
        )
        self.assertNotIn("全年查处案件3件", measures)
        self.assertIn("（二）深化“放管服”改革，推行一窗受理。", measures)
        self.assertIn("自行补充：联合执法4次。", measures)
        self.assertEqual(
            report.figure_ids.filtered(lambda line: line.code == "records.penalty_cases").value, 4
        )

    def test_refresh_only_touches_blocks(self):
        value = Markup(
            '<p>前文<span data-fazhi-figure="a">旧<b>1</b></span>后文 &amp; 注</p><p>另</p>'
        )
        new = refresh_figures(value, {"a": "新<2>", "b": "无"})
        self.assertEqual(
            str(new),
            '<p>前文<span data-fazhi-figure="a">新&lt;2&gt;</span>后文 &amp; 注</p><p>另</p>',
        )

    def test_assessment_scores(self):
        Assessment = self.env["fazhi.annual.assessment"]
        company = self.env.company
        company.write(
            {
                "fazhi_assessment_weight_coverage": 50,
                "fazhi_assessment_weight_satisfaction": 50,
                "fazhi_assessment_weight_callback": 0,
                "fazhi_assessment_weight_complaint": 0,
                "fazhi_assessment_weight_indicator": 0,
                "fazhi_assessment_weight_training": 0,
            }
        )
        rows = Assessment._fazhi_scores(
            {
                self.unit_a: {"satisfaction.coverage": 100.0, "satisfaction.rate": 80.0},
                # complaints are not weighed: unit B is scored on coverage alone
                self.unit_b: {"satisfaction.coverage": 90.0, "complaint.on_time_rate": 0.0},
                self.commission: {},
            },
            company,
        )
        scores = {row["unit"]: (row["score"], row["rank"]) for row in rows}
        # A: (50 x 100 + 50 x 80) / 100; B: coverage only; the commission: nothing measured
        self.assertEqual(scores, {self.unit_a: (90.0, 1), self.unit_b: (90.0, 1)})
        company.fazhi_assessment_weight_coverage = 10
        rows = Assessment._fazhi_scores(
            {
                self.unit_a: {"satisfaction.coverage": 100.0, "satisfaction.rate": 80.0},
                self.unit_b: {"satisfaction.coverage": 90.0},
            },
            company,
        )
        self.assertEqual(
            [(row["unit"], row["score"], row["rank"]) for row in rows],
            [(self.unit_b, 90.0, 1), (self.unit_a, 83.3, 2)],
        )


@tagged("post_install", "-at_install")
class TestWorkflow(AnnualCommon):
    @freeze_time("2027-02-01")
    def test_steps_and_roles(self):
        report = self._report()
        self.assertEqual(str(report.report_deadline), "2027-03-31")
        self.assertEqual(str(report.publish_deadline), "2027-03-31")
        report.with_user(self.office).action_draft()
        # Only the leader approves; only the office reports and publishes.
        with self.assertRaises(AccessError):
            report.with_user(self.office).action_approve()
        with self.assertRaises(UserError):
            report.with_user(self.office).action_publish()
        report.with_user(self.leader).action_approve()
        self.assertEqual(report.state, "approved")
        self.assertEqual(report.approved_by_id, self.leader)
        # Approved: the text is locked, drafting refused
        with self.assertRaises(UserError):
            report.with_user(self.office).section_plan = Markup("<p>改</p>")
        with self.assertRaises(UserError):
            report.with_user(self.office).action_draft()
        with self.assertRaises(AccessError):
            report.with_user(self.leader).action_report()
        report.with_user(self.office).action_report()
        report.with_user(self.office).action_publish()
        self.assertEqual(report.state, "published")
        self.assertEqual(str(report.published_date), "2027-02-01")

    def test_fields_by_rpc(self):
        report = self._report()
        # The leader cannot type text, nobody writes the state directly.
        with self.assertRaises(AccessError):
            report.with_user(self.leader).write({"section_plan": "<p>x</p>"})
        with self.assertRaises(UserError):
            report.with_user(self.office).write({"state": "published"})
        with self.assertRaises(AccessError):
            self.Report.with_user(self.manager).create({"unit_id": self.unit_a.id, "year": 2025})

    def test_record_rules(self):
        report_a = self._report(unit=self.unit_a)
        report_b = self._report(unit=self.unit_b)
        commission = self._report()
        seen = self.Report.with_user(self.manager).search(
            [("id", "in", (report_a | report_b | commission).ids)]
        )
        self.assertEqual(seen, report_a)
        self.assertEqual(
            self.Report.with_user(self.leader).search_count(
                [("id", "in", (report_a | report_b).ids)]
            ),
            2,
        )
        with self.assertRaises(AccessError):
            self.Report.with_user(self.staff_a).search([])

    def test_deadlines_settings_and_followups(self):
        self.env.company.write(
            {
                "fazhi_annual_report_due_month": 2,
                "fazhi_annual_report_due_day": 31,  # clamped to 28 February
                "fazhi_annual_publish_due_month": 3,
                "fazhi_annual_publish_due_day": 31,
                "fazhi_annual_reminder_days": 10,
            }
        )
        report = self._report()
        self.assertEqual(str(report.report_deadline), "2027-02-28")
        Followup = self.env["fazhi.followup"]
        domain = [("res_model", "=", report._name), ("res_id", "=", report.id)]
        with freeze_time("2027-02-10"):
            self.Report._cron_deadlines()
            self.assertFalse(Followup.search(domain))
        with freeze_time("2027-02-20"):
            self.Report._cron_deadlines()
            self.Report._cron_deadlines()  # idempotent
            followups = Followup.search(domain)
            self.assertEqual(len(followups), 1)
            self.assertEqual(str(followups.deadline), "2027-02-28")
            self.assertEqual(followups.kind, "supervision")
        with freeze_time("2027-03-25"):
            self.assertTrue(report.is_report_overdue)
            self.Report._cron_deadlines()
            self.assertEqual(len(Followup.search(domain)), 2)  # the publication one too
            report.with_user(self.office).action_draft()
            report.with_user(self.leader).action_approve()
            report.with_user(self.office).action_report()
            self.assertEqual(set(Followup.search(domain).mapped("state")), {"done", "open"})
            report.with_user(self.office).action_publish()
            self.assertEqual(set(Followup.search(domain).mapped("state")), {"done"})
