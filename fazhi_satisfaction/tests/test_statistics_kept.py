"""The kept satisfaction statistics (``fazhi.satisfaction.statistics``) equal
the answer lines at every step.

After each random step (answers added, submitted, reopened for editing, a
choice changed, lines and answers deleted, a campaign closed and reopened, a
choice's rating changed, the nightly merge, a full rebuild) the rows of the
kept table are compared, group by group and measure by measure, with the same
sums computed from the lines by the per-line view
(``fazhi.satisfaction.answer.report``), which reads the counterpart type from
the interview and the walk-in flag from the answer, not from the lines.
"""

import random
from datetime import date
from unittest.mock import patch

from odoo import Command, models
from odoo.tests import tagged
from odoo.tools import SQL

from ..models.fazhi_satisfaction_statistics import (
    DATA_TABLE,
    DIMENSIONS,
    MEASURES,
    UNIT_DATA_TABLE,
    UNIT_DIMENSIONS,
)
from .common_statistics import SatisfactionStatsCase

VIEW_SUMS = {
    "answer_count": "SUM(answer_count)",
    "satisfied_count": "SUM(satisfied_count)",
    "basically_satisfied_count": "SUM(basically_satisfied_count)",
    "dissatisfied_count": "SUM(dissatisfied_count)",
    "unknown_count": "SUM(unknown_count)",
    "problem_count": "SUM(problem_count)",
    "satisfaction_sum": "COALESCE(SUM(satisfaction_rate), 0)",
    "satisfaction_base": "COUNT(satisfaction_rate)",
    "unknown_sum": "COALESCE(SUM(unknown_rate), 0)",
    "unknown_base": "COUNT(unknown_rate)",
    "problem_sum": "COALESCE(SUM(problem_rate), 0)",
    "problem_base": "COUNT(problem_rate)",
}


@tagged("post_install", "-at_install")
class TestStatisticsKept(SatisfactionStatsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.month = date(2026, 10, 1)
        # a multiple-choice problem question: the incidence counts an answer once
        cls.q_multi = cls._question(
            55,
            "5b",
            "是否存在以下情况？",
            [("推诿扯皮", "problem"), ("吃拿卡要", "problem"), ("不存在以上情况", "no_problem")],
        )
        cls.q_multi.question_type = "multiple_choice"
        cls.q_multi.suggested_answer_ids.filtered(
            lambda c: c.value == "不存在以上情况"
        ).fazhi_is_exclusive = True
        cls.campaign_a = cls._campaign(cls.unit_a, cls.month, cls.partners)
        cls.campaign_b = cls._campaign(cls.unit_b, cls.month, cls.partners[:8])
        cls.answers_a = cls._known_answers(cls.campaign_a)
        cls.Statistics = cls.env["fazhi.satisfaction.statistics"]

    # ------------------------------------------------------------------
    # Comparison
    # ------------------------------------------------------------------
    def _kept(self):
        self.env.flush_all()
        dims = SQL(", ").join(SQL.identifier(d) for d in DIMENSIONS)
        sums = SQL(", ").join(SQL("SUM(%s)", SQL.identifier(m)) for m in MEASURES)
        self.env.cr.execute(
            SQL(
                "SELECT %s, %s FROM %s GROUP BY %s HAVING %s",
                dims,
                sums,
                SQL.identifier(DATA_TABLE),
                dims,
                SQL(" OR ").join(SQL("SUM(%s) <> 0", SQL.identifier(m)) for m in MEASURES),
            )
        )
        return self._normalise(self.env.cr.fetchall())

    def _from_lines(self):
        self.env.flush_all()
        dims = SQL(", ").join(SQL.identifier(d) for d in DIMENSIONS)
        self.env.cr.execute(
            SQL(
                "SELECT %s, %s FROM fazhi_satisfaction_answer_report GROUP BY %s",
                dims,
                SQL(", ").join(SQL(VIEW_SUMS[m]) for m in MEASURES),
                dims,
            )
        )
        return self._normalise(self.env.cr.fetchall())

    @staticmethod
    def _normalise(rows):
        width = len(DIMENSIONS)
        return {
            tuple(row[:width]): tuple(round(float(value), 6) for value in row[width:])
            for row in rows
        }

    def _sums(self, table, dimensions):
        self.env.flush_all()
        dims = SQL(", ").join(SQL.identifier(d) for d in dimensions)
        self.env.cr.execute(
            SQL(
                "SELECT %s, %s FROM %s GROUP BY %s HAVING %s",
                dims,
                SQL(", ").join(SQL("SUM(%s)", SQL.identifier(m)) for m in MEASURES),
                SQL.identifier(table),
                dims,
                SQL(" OR ").join(SQL("SUM(%s) <> 0", SQL.identifier(m)) for m in MEASURES),
            )
        )
        width = len(dimensions)
        return {
            tuple(row[:width]): tuple(round(float(value), 6) for value in row[width:])
            for row in self.env.cr.fetchall()
        }

    def assertExact(self, step):
        # the unit-month level adds up to the data table
        self.assertEqual(
            self._sums(UNIT_DATA_TABLE, UNIT_DIMENSIONS),
            self._sums(DATA_TABLE, UNIT_DIMENSIONS),
            f"unit-month statistics differ from the kept rows after {step}",
        )
        kept, lines = self._kept(), self._from_lines()
        self.assertTrue(lines, "the scenario has answers")
        differences = {
            key: (kept.get(key), lines.get(key))
            for key in kept.keys() | lines.keys()
            if kept.get(key) != lines.get(key)
        }
        self.assertFalse(
            differences, f"kept statistics differ from the lines after {step}: {differences}"
        )

    # ------------------------------------------------------------------
    # Random steps
    # ------------------------------------------------------------------
    def _random_choices(self, rng):
        choices = []
        for question in (self.q_sat, self.q_sat95, self.q_sat90, self.q_unknown, self.q_fact):
            if rng.random() < 0.85:
                choices.append(rng.choice(question.suggested_answer_ids))
        problems = self.q_multi.suggested_answer_ids.filtered(lambda c: c.fazhi_rating == "problem")
        if rng.random() < 0.5:
            choices += list(problems.sorted(lambda c: rng.random())[: rng.randint(1, 2)])
        else:
            choices.append(self.q_multi.suggested_answer_ids - problems)
        return choices

    def _add_answers(self, rng, count):
        tasks = (self.campaign_a | self.campaign_b).task_ids
        answers = self.env["survey.user_input"]
        for __ in range(count):
            answer = self._answer(rng.choice(tasks), self._random_choices(rng))
            if rng.random() < 0.3:
                answer.state = "in_progress"
            answers |= answer
        return answers

    def _live_answers(self):
        return self.env["survey.user_input"].search(
            [("fazhi_task_id.campaign_id", "in", (self.campaign_a | self.campaign_b).ids)]
        )

    def test_random_changes(self):
        rng = random.Random(14)
        self.assertExact("the known answers")
        for round_ in range(6):
            self._add_answers(rng, 6)
            self.assertExact(f"round {round_}: answers added")

            answers = self._live_answers()
            # submitted answers taken back into progress, and submitted ones
            for answer in answers.sorted(lambda a: rng.random())[:3]:
                answer.state = "in_progress" if answer.state == "done" else "done"
            self.assertExact(f"round {round_}: answers submitted and taken back")

            # a chosen choice replaced by another choice of the same question
            lines = answers.user_input_line_ids.filtered(
                lambda line: line.question_id in (self.q_sat, self.q_sat90)
            )
            for line in lines.sorted(lambda a: rng.random())[:4]:
                line.suggested_answer_id = rng.choice(line.question_id.suggested_answer_ids)
            self.assertExact(f"round {round_}: choices changed")

            # the first of two problem lines deleted: the incidence moves to the other
            doubles = answers.filtered(
                lambda a: (
                    len(
                        a.user_input_line_ids.filtered(
                            lambda line: (
                                line.question_id == self.q_multi
                                and line.suggested_answer_id.fazhi_rating == "problem"
                            )
                        )
                    )
                    == 2
                )
            )
            if doubles:
                doubles[0].user_input_line_ids.filtered(
                    lambda line: line.question_id == self.q_multi
                ).sorted("id")[0].unlink()
                self.assertExact(f"round {round_}: first problem line deleted")

            # lines and whole answers deleted
            some_lines = answers.user_input_line_ids.sorted(lambda a: rng.random())[:5]
            some_lines.filtered(lambda line: line.question_id != self.q_multi).unlink()
            self.assertExact(f"round {round_}: lines deleted")
            answers.sorted(lambda a: rng.random())[:2].unlink()
            self.assertExact(f"round {round_}: answers deleted")

        # a statement writing many answers at once
        self._live_answers().write({"state": "done"})
        self.assertExact("every answer submitted in one statement")

    def test_lines_moved_between_answers_and_units(self):
        answers = self._add_answers(random.Random(7), 4)
        answers.write({"state": "done"})
        line = answers[0].user_input_line_ids[0]
        line.user_input_id = answers[1]
        self.assertExact("a line moved to another answer")
        # an answer moved to another unit's task takes its lines along
        task_b = self.campaign_b.task_ids[0]
        answers[2].write({"fazhi_task_id": task_b.id, "fazhi_unit_id": self.unit_b.id})
        self.assertExact("an answer moved to another unit")
        # an answer without campaign: no counterpart type
        answers[3].write({"fazhi_task_id": False})
        self.assertExact("an answer taken out of its campaign")

    def test_campaign_close_and_reopen(self):
        self._add_answers(random.Random(3), 5)
        self.assertExact("answers added")
        self.campaign_a.with_user(self.office).action_close()
        self.assertExact("campaign closed")
        self.campaign_a.with_user(self.office)._fazhi_reopen("补录一份答卷")
        self._answer(self.campaign_a.task_ids[0], [self._choice(self.q_sat, "不满意")])
        self.assertExact("campaign reopened and a late answer")
        self.campaign_a.with_user(self.office).action_close()
        self.assertExact("campaign closed again")

    def test_choice_rating_changed(self):
        self.assertExact("the known answers")
        unknown = self._choice(self.q_sat, "不了解")
        unknown.fazhi_rating = "dissatisfied"
        self.assertExact("a choice rated anew")
        # rewriting the same rating (a module update of the data) rebuilds nothing
        self.env.cr.execute(SQL("SELECT MAX(id) FROM %s", SQL.identifier(DATA_TABLE)))
        last = self.env.cr.fetchone()[0]
        unknown.fazhi_rating = "dissatisfied"
        self.env.cr.execute(SQL("SELECT MAX(id) FROM %s", SQL.identifier(DATA_TABLE)))
        self.assertEqual(self.env.cr.fetchone()[0], last)

    def test_merge_and_rebuild(self):
        self._add_answers(random.Random(11), 10)
        self.env.flush_all()
        self.env.cr.execute(
            SQL("SELECT COUNT(*) FROM %s WHERE is_delta", SQL.identifier(DATA_TABLE))
        )
        self.assertGreater(self.env.cr.fetchone()[0], 0)
        merged = self.Statistics._fazhi_compact()
        self.assertGreater(merged, 0)
        self.env.cr.execute(
            SQL("SELECT COUNT(*) FROM %s WHERE is_delta", SQL.identifier(DATA_TABLE))
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.assertExact("the nightly merge")
        # after the merge, one row per group
        self.env.cr.execute(
            SQL(
                "SELECT COUNT(*) = COUNT(DISTINCT (%s)) FROM %s",
                SQL(", ").join(SQL.identifier(d) for d in DIMENSIONS),
                SQL.identifier(DATA_TABLE),
            )
        )
        self.assertTrue(self.env.cr.fetchone()[0])
        self._add_answers(random.Random(12), 3)
        self.assertExact("answers after the merge")
        self.Statistics._fazhi_rebuild()
        self.assertExact("a full rebuild")
        self.Statistics._cron_compact()
        self.assertExact("the cron's merge")

    def test_triggers_off_then_rebuild(self):
        """What an upgrade does: lines rewritten with the triggers off, then a rebuild."""
        Statistics = self.Statistics
        Statistics._fazhi_set_triggers(False)
        self._add_answers(random.Random(5), 3)
        self.env.flush_all()
        self.assertNotEqual(self._kept(), self._from_lines())
        Statistics._fazhi_set_triggers(True)
        Statistics._fazhi_rebuild()
        self.assertExact("rebuild after writes without triggers")

    # ------------------------------------------------------------------
    # Reading: same figures as the lines, same access rules
    # ------------------------------------------------------------------
    def test_read_group_equals_lines(self):
        self._add_answers(random.Random(21), 8)
        measures = [
            "answer_count:sum",
            "satisfied_count:sum",
            "dissatisfied_count:sum",
            "problem_count:sum",
            "satisfaction_rate:avg",
            "unknown_rate:avg",
            "problem_rate:avg",
        ]
        Report = self.env["fazhi.satisfaction.answer.report"]
        for groupby in (
            ["unit_id", "month:month"],
            ["question_id", "rating"],
            ["counterpart_type"],
            ["unit_id", "question_id"],
        ):
            for user in (self.office, self.staff_a, self.manager_a, self.leader):

                def rounded(groups):
                    return {
                        tuple(group[: len(groupby)]): tuple(
                            round(value, 6) if isinstance(value, float) else value
                            for value in group[len(groupby) :]
                        )
                        for group in groups
                    }

                kept = rounded(self.Statistics.with_user(user)._read_group([], groupby, measures))
                lines = rounded(Report.with_user(user)._read_group([], groupby, measures))
                self.assertEqual(kept, lines, (groupby, user.login))
        # the known figures of question 1 in unit A: 80 % satisfied, 2/7 unknown
        [(rate, unknown)] = self.Statistics._read_group(
            [
                ("campaign_id", "=", self.campaign_a.id),
                ("question_id", "=", self.q_sat.id),
                ("unit_id", "=", self.unit_a.id),
            ],
            [],
            ["satisfaction_rate:avg", "unknown_rate:avg"],
        )
        # (the random answers of this test also fall in unit A: compare with the lines)
        [(line_rate, line_unknown)] = Report._read_group(
            [("campaign_id", "=", self.campaign_a.id), ("question_id", "=", self.q_sat.id)],
            [],
            ["satisfaction_rate:avg", "unknown_rate:avg"],
        )
        self.assertAlmostEqual(rate, line_rate)
        self.assertAlmostEqual(unknown, line_unknown)

    def test_unit_level_reads(self):
        """Queries naming only units, months, campaigns, companies and the
        walk-in flag read the unit-month level, with the same figures."""
        self._add_answers(random.Random(8), 6)
        Statistics = self.Statistics
        self.assertTrue(
            Statistics._fazhi_unit_level_answers(
                [("month", ">=", "2026-01-01"), ("unit_id", "child_of", self.unit_parent.id)],
                ["unit_id", "month:month"],
                ["satisfaction_rate:avg", "__count"],
                [],
                None,
            )
        )
        for query in (
            ([], ["question_id"], ["answer_count:sum"], [], None),
            ([("rating", "=", "dissatisfied")], ["unit_id"], ["answer_count:sum"], [], None),
            ([("id", ">", 0)], ["unit_id"], ["answer_count:sum"], [], None),
            ([], ["unit_id"], ["answer_count:sum"], [], "question_id"),
            ([], [], ["answer_count:sum"], [], None),
        ):
            self.assertFalse(Statistics._fazhi_unit_level_answers(*query), query)
        measures = ["answer_count:sum", "satisfaction_rate:avg", "problem_rate:avg", "__count"]
        for user in (self.office, self.staff_a, self.staff_b, self.manager_a):
            for groupby in (["unit_id", "month:month"], ["campaign_id"], ["is_walkin"]):
                routed = Statistics.with_user(user)._read_group([], groupby, measures)
                with patch.object(
                    type(Statistics), "_fazhi_unit_level_answers", lambda *args: False
                ):
                    fine = Statistics.with_user(user)._read_group([], groupby, measures)
                self.assertEqual(len(routed), len(fine))
                for one, other in zip(routed, fine, strict=True):
                    self.assertEqual(one[: len(groupby)], other[: len(groupby)])
                    for a, b in zip(one[len(groupby) :], other[len(groupby) :], strict=True):
                        self.assertAlmostEqual(a or 0, b or 0)
        # the count of a group is its number of answers, on both levels
        [(__, count, answers)] = Statistics._read_group(
            [("unit_id", "=", self.unit_a.id)], ["unit_id"], ["__count", "answer_count:sum"]
        )
        self.assertEqual(count, answers)

    def test_group_labels_as_odoo(self):
        """``read_group``'s labels, ranges and domains are Odoo's own."""
        self._add_answers(random.Random(9), 4)
        fields_ = ["answer_count:sum", "satisfaction_rate:avg"]
        for model in ("fazhi.satisfaction.statistics", "fazhi.satisfaction.statistics.unit"):
            Model = self.env[model].with_user(self.office)
            for groupby in (
                ["unit_id", "month:month"],
                ["month:year", "is_walkin"],
                ["campaign_id", "month:quarter"],
                ["month:day"],
            ):
                ours = Model.read_group([("month", "!=", False)], fields_, groupby, lazy=False)
                with patch.object(
                    type(Model),
                    "_read_group_format_result",
                    models.BaseModel._read_group_format_result,
                ):
                    odoo = Model.read_group([("month", "!=", False)], fields_, groupby, lazy=False)
                self.assertEqual(ours, odoo, (model, groupby))
            if model == "fazhi.satisfaction.statistics":
                groupby = ["question_id", "rating", "counterpart_type"]
                ours = Model.read_group([], fields_, groupby, lazy=False)
                with patch.object(
                    type(Model),
                    "_read_group_format_result",
                    models.BaseModel._read_group_format_result,
                ):
                    odoo = Model.read_group([], fields_, groupby, lazy=False)
                self.assertEqual(ours, odoo, groupby)

    def test_known_figures(self):
        [(answers, rate, unknown)] = self.Statistics._read_group(
            [("campaign_id", "=", self.campaign_a.id), ("question_id", "=", self.q_sat.id)],
            [],
            ["answer_count:sum", "satisfaction_rate:avg", "unknown_rate:avg"],
        )
        self.assertEqual(answers, 7)
        self.assertAlmostEqual(rate, 80.0)
        self.assertAlmostEqual(unknown, 200 / 7)
        by_type = dict(
            self.Statistics._read_group(
                [("campaign_id", "=", self.campaign_a.id), ("question_id", "=", self.q_sat.id)],
                ["counterpart_type"],
                ["satisfaction_rate:avg"],
            )
        )
        self.assertEqual(by_type, {"enterprise": 100.0, "private_enterprise": 0.0})

    def test_unit_scoped_users(self):
        self._answer(self.campaign_b.task_ids[0], [self._choice(self.q_sat, "不满意")])
        for user, units in (
            (self.staff_a, self.unit_a),
            (self.staff_b, self.unit_b),
            (self.manager_a, self.unit_a),
            (self.office, self.unit_a | self.unit_b),
        ):
            Statistics = self.Statistics.with_user(user)
            # (the database's other units, the demo's, are not this test's)
            seen = {
                unit
                for [unit] in Statistics._read_group(
                    [("unit_id", "in", (self.unit_a | self.unit_b).ids)], ["unit_id"]
                )
            }
            self.assertEqual(seen, set(units), user.login)
            # a domain naming another unit finds nothing more
            other = (self.unit_a | self.unit_b) - units
            if other:
                self.assertFalse(Statistics.search([("unit_id", "in", other.ids)]))
        # nobody writes the kept statistics through the ORM
        row = self.Statistics.search([], limit=1)
        self.assertFalse(self.Statistics.with_user(self.office).has_access("write"))
        self.assertTrue(row)


@tagged("post_install", "-at_install")
class TestStatisticsOtherSurveys(SatisfactionStatsCase):
    def test_other_surveys_untouched(self):
        """The answers of another survey of the instance count nowhere and cost
        no row."""
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT COUNT(*) FROM %s", SQL.identifier(DATA_TABLE)))
        before = self.env.cr.fetchone()[0]
        self._answer_another_survey()
        self.env.cr.execute(SQL("SELECT COUNT(*) FROM %s", SQL.identifier(DATA_TABLE)))
        self.assertEqual(self.env.cr.fetchone()[0], before)

    def test_uninstall_removes_the_triggers(self):
        """The uninstall hook leaves Odoo's answer lines as they were: no
        trigger, no function, no table of fazhi's (rolled back with the test)."""
        self.env["fazhi.satisfaction.statistics"]._fazhi_drop_structure()
        self.env.cr.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'survey_user_input_line'::regclass "
            "AND tgname LIKE 'fazhi%%'"
        )
        self.assertFalse(self.env.cr.fetchall())
        self.env.cr.execute("SELECT to_regclass(%s)", [DATA_TABLE])
        self.assertIsNone(self.env.cr.fetchone()[0])
        self.env.cr.execute(
            "SELECT proname FROM pg_proc WHERE proname LIKE 'fazhi_satisfaction_statistics%%'"
        )
        self.assertFalse(self.env.cr.fetchall())
        # the survey app still records answers
        self._answer_another_survey()

    def _answer_another_survey(self):
        survey = self.env["survey.survey"].create({"title": "员工午餐调查"})
        question = self.env["survey.question"].create(
            {
                "survey_id": survey.id,
                "title": "午餐满意吗？",
                "question_type": "simple_choice",
                "suggested_answer_ids": [Command.create({"value": "满意"})],
            }
        )
        answer = self.env["survey.user_input"].create(
            {
                "survey_id": survey.id,
                "state": "done",
                "user_input_line_ids": [
                    Command.create(
                        {
                            "question_id": question.id,
                            "answer_type": "suggestion",
                            "suggested_answer_id": question.suggested_answer_ids.id,
                        }
                    )
                ],
            }
        )
        self.env.flush_all()
        self.assertEqual(len(answer.user_input_line_ids), 1)
