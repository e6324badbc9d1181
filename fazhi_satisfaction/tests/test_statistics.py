from datetime import date

import pytz
from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..models.fazhi_satisfaction_answer_report import (
    CHANNEL_SELECTION,
    COUNTERPART_TYPE_SELECTION,
    RATING_SELECTION,
    STATISTICS_TZ,
)
from .common_statistics import SatisfactionStatsCase

SOURCES = {
    f"fazhi_satisfaction.{name}"
    for name in (
        "interviews_planned",
        "interviews_done",
        "coverage",
        "coverage_target",
        "satisfaction_rate",
        "unknown_rate",
        "problems",
    )
}


@tagged("post_install", "-at_install")
class TestStatistics(SatisfactionStatsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.month = date(2026, 10, 1)
        cls.campaign_a = cls._campaign(cls.unit_a, cls.month, cls.partners)
        cls.answers_a = cls._known_answers(cls.campaign_a)
        # Unit B: two answers to question 1, both 不满意.
        cls.campaign_b = cls._campaign(cls.unit_b, cls.month, cls.partners[:2])
        for task in cls.campaign_b.task_ids:
            cls._answer(task, [cls._choice(cls.q_sat, "不满意")])
        cls.Report = cls.env["fazhi.satisfaction.answer.report"]

    def _stats(self, domain, groupby, report=None):
        """``{group key: (answers, satisfaction %, unknown %, problem %, problems)}``."""
        report = report if report is not None else self.Report
        return {
            tuple(group) if len(group) > 1 else group[0]: values
            for *group, answers, satisfaction, unknown, problem, problems in report._read_group(
                domain,
                groupby,
                [
                    "answer_count:sum",
                    "satisfaction_rate:avg",
                    "unknown_rate:avg",
                    "problem_rate:avg",
                    "problem_count:sum",
                ],
            )
            for values in [(answers, satisfaction, unknown, problem, problems)]
        }

    # ------------------------------------------------------------------
    # The view
    # ------------------------------------------------------------------
    def test_rows(self):
        rows = self.Report.search([("campaign_id", "=", self.campaign_a.id)])
        # one row per answered choice: 7 + 20 + 20 + 1 + 20 + 20
        self.assertEqual(len(rows), 88)
        self.assertEqual(rows.unit_id, self.unit_a)
        self.assertEqual(set(rows.mapped("month")), {self.month})
        self.assertEqual(rows.company_id, self.unit_a.company_id)
        self.assertEqual(rows.survey_id, self.survey)
        self.assertEqual(rows.user_input_id, self.answers_a)
        first = rows.filtered(
            lambda r: r.question_id == self.q_problem and r.answer_id.value == "越权执法"
        )
        self.assertEqual(len(first), 1)
        self.assertEqual(first.partner_id.name, "相对人00")
        self.assertEqual(first.rating, "problem")
        self.assertEqual(first.counterpart_type, "enterprise")
        self.assertEqual(first.channel, "phone")
        self.assertEqual(first.task_id.partner_id, first.partner_id)
        self.assertEqual((first.problem_count, first.problem_rate), (1, 100.0))
        self.assertFalse(first.satisfaction_rate)
        fact = rows.filtered(lambda r: r.question_id == self.q_fact)
        self.assertEqual(len(fact), 20)
        self.assertEqual(set(fact.mapped("rating")), {False})
        self.assertEqual(sum(fact.mapped("answer_count")), 20)

    def test_only_submitted_fazhi_answers(self):
        task = self.campaign_a.task_ids[0]
        before = self.Report.search_count([])
        in_progress = self._answer(task, [self._choice(self.q_sat, "满意")])
        in_progress.state = "in_progress"
        no_unit = self._answer(task, [self._choice(self.q_sat, "满意")])
        no_unit.fazhi_unit_id = False
        # a skipped question and a text answer are no choice rows
        self._answer(task, []).write(
            {
                "user_input_line_ids": [
                    Command.create(
                        {"question_id": self.q_sat.id, "skipped": True, "answer_type": False}
                    ),
                    Command.create(
                        {
                            "question_id": self.q_sat.id,
                            "answer_type": "char_box",
                            "value_char_box": "说明",
                        }
                    ),
                ]
            }
        )
        self.assertEqual(self.Report.search_count([]), before)

    def test_month_without_campaign(self):
        """An answer given for a unit outside any campaign counts in the month it
        was created."""
        answer = self.env["survey.user_input"].create(
            {
                "survey_id": self.survey.id,
                "fazhi_unit_id": self.unit_b.id,
                "state": "done",
                "user_input_line_ids": [
                    Command.create(
                        {
                            "question_id": self.q_sat.id,
                            "answer_type": "suggestion",
                            "suggested_answer_id": self._choice(self.q_sat, "满意").id,
                        }
                    )
                ],
            }
        )
        row = self.Report.search([("user_input_id", "=", answer.id)])
        self.assertEqual(len(row), 1)
        # in Beijing time (STATISTICS_TZ), create_date being UTC
        created = pytz.utc.localize(answer.create_date).astimezone(pytz.timezone(STATISTICS_TZ))
        self.assertEqual(row.month, created.date().replace(day=1))
        self.assertFalse(row.campaign_id)
        self.assertFalse(row.channel)

    def test_selections_match_sources(self):
        """The report repeats the selections of its sources (for translations)."""
        sources = {
            "rating": self.env["survey.question.answer"]._fields["fazhi_rating"],
            "counterpart_type": self.env["res.partner"]._fields["fazhi_counterpart_type"],
            "channel": self.env["fazhi.satisfaction.task"]._fields["channel"],
        }
        expected = {
            "rating": RATING_SELECTION,
            "counterpart_type": COUNTERPART_TYPE_SELECTION,
            "channel": CHANNEL_SELECTION,
        }
        for fname, field in sources.items():
            with self.subTest(field=fname):
                self.assertEqual(
                    field._description_selection(self.env),
                    self.Report._fields[fname]._description_selection(self.env),
                )
                self.assertEqual(
                    [key for key, __ in field._description_selection(self.env)],
                    [key for key, __ in expected[fname]],
                )

    # ------------------------------------------------------------------
    # Exact rates
    # ------------------------------------------------------------------
    def test_rates_by_question(self):
        stats = self._stats([("unit_id", "=", self.unit_a.id)], ["question_id"])
        answers, satisfaction, unknown, problem, problems = stats[self.q_sat]
        self.assertEqual(answers, 7)
        self.assertAlmostEqual(satisfaction, 80.0, places=9)  # (3 + 1) / (3 + 1 + 1)
        self.assertAlmostEqual(unknown, 100 * 2 / 7, places=9)  # 不了解 / all four ratings
        self.assertEqual(round(unknown, 2), 28.57)
        self.assertFalse(problem)
        self.assertEqual(problems, 0)
        self.assertAlmostEqual(stats[self.q_sat95][1], 95.0, places=9)
        self.assertAlmostEqual(stats[self.q_sat90][1], 90.0, places=9)
        # only 不了解: no satisfaction rate at all, unknown 100 %
        self.assertIs(stats[self.q_unknown][1], False)
        self.assertEqual(stats[self.q_unknown][2], 100.0)
        # problem incidence: 1 of 20
        self.assertAlmostEqual(stats[self.q_problem][3], 5.0, places=9)
        self.assertEqual(stats[self.q_problem][4], 1)
        self.assertFalse(stats[self.q_problem][1])
        # a factual question has no rate
        self.assertEqual(stats[self.q_fact][:4], (20, False, False, False))

    def test_rating_change_follows(self):
        """A manager re-rates a choice in the survey editor: the statistics follow."""
        choice = self._choice(self.q_sat, "不了解")
        self.assertEqual(
            (
                choice.fazhi_satisfaction_value,
                choice.fazhi_unknown_value,
                choice.fazhi_problem_value,
            ),
            (-1.0, 100.0, -1.0),
        )
        choice.fazhi_rating = "dissatisfied"
        self.assertEqual((choice.fazhi_satisfaction_value, choice.fazhi_unknown_value), (0.0, 0.0))
        stats = self._stats([("unit_id", "=", self.unit_a.id)], ["question_id"])
        self.assertAlmostEqual(stats[self.q_sat][1], 100 * 4 / 7, places=9)
        self.assertEqual(stats[self.q_sat][2], 0.0)
        choice.fazhi_rating = False
        stats = self._stats([("unit_id", "=", self.unit_a.id)], ["question_id"])
        self.assertEqual(stats[self.q_sat][1], 80.0)
        self.assertEqual(stats[self.q_sat][2], 0.0)

    def test_rates_by_unit_and_counts(self):
        stats = self._stats([("month", "=", self.month)], ["unit_id"])
        # unit A: 满意 3+19+18, 基本满意 1, 不满意 1+1+2 -> 41 / 45
        self.assertAlmostEqual(stats[self.unit_a][1], 100 * 41 / 45, places=9)
        # unknown: 2 + 1 of 45 rated + 3 unknown
        self.assertAlmostEqual(stats[self.unit_a][2], 100 * 3 / 48, places=9)
        self.assertEqual(stats[self.unit_a][4], 1)
        # unit B: 不满意 x2
        self.assertEqual(stats[self.unit_b][:3], (2, 0.0, 0.0))
        counts = self.Report._read_group(
            [("unit_id", "=", self.unit_a.id), ("question_id", "=", self.q_sat.id)],
            [],
            [
                "satisfied_count:sum",
                "basically_satisfied_count:sum",
                "dissatisfied_count:sum",
                "unknown_count:sum",
                "problem_count:sum",
            ],
        )
        self.assertEqual(counts, [(3, 1, 1, 2, 0)])

    def test_rates_by_counterpart_type_and_channel(self):
        domain = [("unit_id", "=", self.unit_a.id), ("question_id", "=", self.q_sat.id)]
        by_type = self._stats(domain, ["counterpart_type"])
        self.assertEqual(by_type["enterprise"][:3], (4, 100.0, 0.0))
        self.assertEqual(by_type["private_enterprise"][1], 0.0)
        self.assertAlmostEqual(by_type["private_enterprise"][2], 100 * 2 / 3, places=9)
        by_channel = self._stats(domain, ["channel"])
        self.assertEqual(by_channel["phone"][:3], (4, 100.0, 0.0))
        self.assertEqual(by_channel["wechat"][:2], (3, 0.0))
        # both at once, and the pivot's unit x month
        both = self._stats(domain, ["counterpart_type", "channel"])
        self.assertEqual(set(both), {("enterprise", "phone"), ("private_enterprise", "wechat")})
        pivot = self._stats([("question_id", "=", self.q_sat.id)], ["unit_id", "month:month"])
        self.assertEqual(pivot[self.unit_a, self.month][1], 80.0)
        self.assertEqual(pivot[self.unit_b, self.month][1], 0.0)

    def test_pivot_read_group(self):
        """The pivot's ``read_group`` averages the rates exactly as well."""
        groups = self.Report.read_group(
            [("question_id", "=", self.q_sat.id)],
            ["satisfaction_rate:avg", "unknown_rate:avg", "answer_count:sum"],
            ["unit_id", "month:month"],
            lazy=False,
        )
        by_unit = {group["unit_id"][0]: group for group in groups}
        self.assertAlmostEqual(by_unit[self.unit_a.id]["satisfaction_rate"], 80.0)
        self.assertAlmostEqual(by_unit[self.unit_a.id]["unknown_rate"], 28.5714285714)
        self.assertEqual(by_unit[self.unit_a.id]["answer_count"], 7)
        # other granularities than the month go the usual way
        self.assertEqual(
            self.Report._read_group(
                [("unit_id", "=", self.unit_a.id)], ["month:year"], ["answer_count:sum"]
            ),
            [(date(2026, 1, 1), 88)],
        )
        self.assertEqual(
            self.Report._read_group(
                [("unit_id", "=", self.unit_a.id)], ["month:quarter"], ["__count"]
            ),
            [(date(2026, 10, 1), 88)],
        )
        # the default aggregators of the measures
        fields_info = self.Report.fields_get(["satisfaction_rate", "answer_count"], ["aggregator"])
        self.assertEqual(fields_info["satisfaction_rate"]["aggregator"], "avg")
        self.assertEqual(fields_info["answer_count"]["aggregator"], "sum")

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_access(self):
        report_a = self.Report.search([("unit_id", "=", self.unit_a.id)])
        report_b = self.Report.search([("unit_id", "=", self.unit_b.id)])
        self.assertTrue(report_a and report_b)
        # staff: their unit only, both ways
        for user, own, other in (
            (self.staff_a, report_a, report_b),
            (self.staff_b, report_b, report_a),
        ):
            with self.subTest(user=user.login):
                Report = self.Report.with_user(user)
                self.assertEqual(Report.search([]), own)
                self.assertEqual(
                    {unit for [unit] in Report._read_group([], ["unit_id"])},
                    {own.unit_id.with_user(user)},
                )
                with self.assertRaises(AccessError):
                    other[:1].with_user(user).read(["rating"])
        # the unit manager of A sees A; office and leader see everything
        self.assertEqual(self.Report.with_user(self.manager_a).search([]), report_a)
        everything = self.Report.search([])
        for user in (self.office, self.leader):
            self.assertEqual(self.Report.with_user(user).search([]), everything)
        # a manager of the parent unit sees the units below
        self.unit_parent.manager_id = self.staff_b
        self.staff_b.groups_id = [
            Command.link(self.env.ref("fazhi_base.group_fazhi_unit_manager").id)
        ]
        self.assertEqual(self.Report.with_user(self.staff_b).search([]), report_a | report_b)

    def test_actions_and_views(self):
        for xmlid, model in (
            ("fazhi_satisfaction.fazhi_satisfaction_answer_report_action", self.Report._name),
            (
                "fazhi_satisfaction.fazhi_satisfaction_statistics_action",
                "fazhi.satisfaction.statistics",
            ),
            (
                "fazhi_satisfaction.fazhi_satisfaction_dashboard_action",
                "fazhi.satisfaction.statistics",
            ),
        ):
            action = self.env.ref(xmlid)
            self.assertEqual(action.res_model, model)
        for view_type in ("pivot", "graph", "list", "search"):
            view = self.Report.with_user(self.staff_a).get_view(view_type=view_type)
            self.assertIn("<", view["arch"])
        Statistics = self.env["fazhi.satisfaction.statistics"].with_user(self.staff_a)
        for view_type in ("pivot", "graph", "search"):
            self.assertIn("<", Statistics.get_view(view_type=view_type)["arch"])
        # the menu Statistics opens the kept statistics, Answer details the lines
        self.assertEqual(
            self.env.ref("fazhi_satisfaction.fazhi_satisfaction_answer_report_menu").action,
            self.env.ref("fazhi_satisfaction.fazhi_satisfaction_statistics_action"),
        )
        self.assertEqual(
            self.env.ref("fazhi_satisfaction.fazhi_satisfaction_answer_details_menu").action,
            self.env.ref("fazhi_satisfaction.fazhi_satisfaction_answer_report_action"),
        )
        menu = self.env.ref("fazhi_satisfaction.fazhi_satisfaction_dashboard_menu")
        self.assertEqual(
            menu.action, self.env.ref("fazhi_satisfaction.fazhi_satisfaction_dashboard_action")
        )

    # ------------------------------------------------------------------
    # Monthly report figures
    # ------------------------------------------------------------------
    def test_monthly_report_figures(self):
        # 18 of 20 interviews done in unit A, none in B
        self.campaign_a.task_ids.sorted("id")[:18].write({"state": "done"})
        self.assertAlmostEqual(self.campaign_a.coverage, 0.9)
        unit_c = self.env["fazhi.unit"].create({"name": "无测评科", "code": "ST-C"})
        reports = self.env["fazhi.monthly.report"].create(
            [
                {"unit_id": unit.id, "month": self.month}
                for unit in (self.unit_a, self.unit_b, unit_c)
            ]
        )
        report_a, report_b, report_c = reports

        def figures(report):
            return {
                line.source: (line.value, line.uom, line.target)
                for line in report.line_ids
                if line.source in SOURCES
            }

        self.assertEqual(
            figures(report_a),
            {
                "fazhi_satisfaction.interviews_planned": (20, "items", 0.0),
                "fazhi_satisfaction.interviews_done": (18, "items", 0.0),
                "fazhi_satisfaction.coverage": (90.0, "%", 90.0),
                "fazhi_satisfaction.coverage_target": (90.0, "%", 0.0),
                "fazhi_satisfaction.satisfaction_rate": (round(100 * 41 / 45, 2), "%", 0.0),
                "fazhi_satisfaction.unknown_rate": (6.25, "%", 0.0),
                "fazhi_satisfaction.problems": (1, "items", 0.0),
            },
        )
        self.assertEqual(figures(report_b)["fazhi_satisfaction.interviews_planned"][0], 2)
        self.assertEqual(figures(report_b)["fazhi_satisfaction.coverage"][0], 0.0)
        self.assertEqual(figures(report_b)["fazhi_satisfaction.satisfaction_rate"][0], 0.0)
        # a unit without campaign nor answer gets no satisfaction line
        self.assertFalse(figures(report_c))
        # another month: nothing either
        other = self.env["fazhi.monthly.report"].create(
            {"unit_id": self.unit_a.id, "month": date(2026, 9, 1)}
        )
        self.assertFalse(figures(other))

    def test_measure_per_unit_and_period(self):
        """The registry's ``measure`` (the indicators' live values): coverage
        and satisfaction rate of each unit over a period, from the sums; the
        monthly report's figures for one month, ``None`` without campaign."""
        self.campaign_a.task_ids.sorted("id")[:18].write({"state": "done"})
        unit_c = self.env["fazhi.unit"].create({"name": "无测评科", "code": "ST-C"})
        codes = {"fazhi_satisfaction.coverage", "fazhi_satisfaction.satisfaction_rate"}
        values = self.env["fazhi.monthly.report"]._fazhi_figure_measure_values(
            codes,
            self.unit_a | unit_c,
            self.month - relativedelta(months=2),
            self.month + relativedelta(months=1),
        )
        self.assertEqual(values["fazhi_satisfaction.coverage"][self.unit_a], 90.0)
        self.assertEqual(
            values["fazhi_satisfaction.satisfaction_rate"][self.unit_a], round(100 * 41 / 45, 2)
        )
        self.assertIsNone(values["fazhi_satisfaction.coverage"][unit_c])
        self.assertIsNone(values["fazhi_satisfaction.satisfaction_rate"][unit_c])

    def test_monthly_report_figures_batch(self):
        """The queries do not grow with the number of reports of a month."""
        units = self.env["fazhi.unit"].create(
            [{"name": f"批量科{index}", "code": f"ST-BATCH-{index}"} for index in range(10)]
        )
        reports = self.env["fazhi.monthly.report"].create(
            [{"unit_id": unit.id, "month": self.month} for unit in units | self.unit_a]
        )

        def count_queries(records):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            records._fazhi_collect_figures()
            return self.env.cr.sql_log_count - before

        one = count_queries(reports[-1])
        self.assertEqual(count_queries(reports), one)
