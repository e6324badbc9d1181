"""Issue 15: the answers to XLSX for a campaign, a unit and any months.

Rendered through report_xlsx as each role would print it, read back with
openpyxl: header, cells, and only the lines the reader's record rules give.
"""

import io
from datetime import date, datetime
from unittest.mock import patch

import openpyxl

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common_statistics import SatisfactionStatsCase

CAMPAIGN_REPORT = "fazhi_satisfaction.fazhi_satisfaction_campaign_answers_xlsx_report"
PERIOD_REPORT = "fazhi_satisfaction.fazhi_satisfaction_answer_export_xlsx_report"
HEADER = [
    "Unit",
    "Month",
    "Counterpart",
    "Counterpart type",
    "Channel",
    "Questionnaire",
    "Question",
    "Answer",
    "Rating",
    "Submitted on",
]


@tagged("post_install", "-at_install")
class TestAnswersXlsx(SatisfactionStatsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # unit A: September (1 answer), October (the known answers: 88
        # lines), November (2 answers); unit B: October (3 answers)
        cls.sep_a = cls._campaign(cls.unit_a, date(2026, 9, 1), cls.partners[:1])
        cls._answer(
            cls.sep_a.task_ids,
            [cls._choice(cls.q_sat, "满意")],
            submitted=datetime(2026, 9, 10, 8, 0),
        )
        cls.oct_a = cls._campaign(cls.unit_a, date(2026, 10, 1), cls.partners)
        cls._known_answers(cls.oct_a)
        cls.nov_a = cls._campaign(cls.unit_a, date(2026, 11, 1), cls.partners[:2])
        for task in cls.nov_a.task_ids:
            cls._answer(
                task,
                [cls._choice(cls.q_sat, "不满意"), cls._choice(cls.q_problem, "越权执法")],
                submitted=datetime(2026, 11, 3, 8, 0),
            )
        cls.oct_b = cls._campaign(cls.unit_b, date(2026, 10, 1), cls.partners[:3])
        for task in cls.oct_b.task_ids:
            cls._answer(task, [cls._choice(cls.q_sat, "基本满意")])

    def _render(self, user, report, records):
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(tz="UTC", lang="en_US")
            ._render_xlsx(report, records.ids, None)
        )
        self.assertEqual(kind, "xlsx")
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        sheets = [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]
        for rows in sheets:
            self.assertEqual(list(rows[0]), HEADER)
        return [row for rows in sheets for row in rows[1:]]

    def _export(self, user, units=None, month_from="2026-10-01", month_to="2026-10-01", **vals):
        wizard = (
            self.env["fazhi.satisfaction.answer.export"]
            .with_user(user)
            .create(
                {
                    "unit_ids": [(6, 0, (units or self.env["fazhi.unit"]).ids)],
                    "month_from": month_from,
                    "month_to": month_to,
                    **vals,
                }
            )
        )
        return self._render(user, PERIOD_REPORT, wizard)

    def test_campaign(self):
        rows = self._render(self.staff_a, CAMPAIGN_REPORT, self.oct_a)
        self.assertEqual(len(rows), 88)
        self.assertEqual({row[0] for row in rows}, {"统计审批办"})
        self.assertEqual({row[1] for row in rows}, {"2026-10"})
        # ordered by answer, then question: the first answer's first line
        first = rows[0]
        self.assertEqual(
            first,
            (
                "统计审批办",
                "2026-10",
                first[2],
                "Enterprise",
                "Phone",
                "统计测试问卷",
                "你到统计审批办办事满意吗？",
                "满意",
                "Satisfied",
                datetime(2026, 10, 20, 9, 30),
            ),
        )
        self.assertTrue(first[2].startswith("相对人"))
        # the problem reported and the factual answers
        self.assertEqual(
            [row[7:9] for row in rows if row[7] == "越权执法"], [("越权执法", "Problem")]
        )
        self.assertEqual(len([row for row in rows if row[7] == "是" and row[8] is None]), 20)
        # the Print menu of the campaigns offers it
        report = self.env.ref(CAMPAIGN_REPORT)
        self.assertEqual(report.binding_model_id.model, "fazhi.satisfaction.campaign")
        self.assertEqual(report.report_type, "xlsx")

    def test_unit_over_months(self):
        rows = self._export(self.office, self.unit_a, "2026-10-15", "2026-11-30")
        self.assertEqual(len(rows), 88 + 4)
        self.assertEqual({row[0] for row in rows}, {"统计审批办"})
        # months in order
        months = [row[1] for row in rows]
        self.assertEqual(months, sorted(months))
        self.assertEqual(set(months), {"2026-10", "2026-11"})
        november = [row for row in rows if row[1] == "2026-11"]
        self.assertEqual(
            sorted(row[7] for row in november), ["不满意", "不满意", "越权执法", "越权执法"]
        )
        # every unit of a wider range: B's October too, September alone (the
        # answers of the database's other units, the demo's, come along)
        rows = self._export(self.office, None, "2026-09-01", "2026-11-01")
        ours = [row for row in rows if row[0] in ("统计审批办", "统计监督所")]
        self.assertEqual(len(ours), 93 + 3)
        rows = self._export(self.office, self.unit_b)
        self.assertEqual([row[0] for row in rows], ["统计监督所"] * 3)
        # the parent unit with the units below
        self.assertEqual(len(self._export(self.leader, self.unit_parent)), 88 + 3)
        self.assertFalse(self._export(self.leader, self.unit_parent, include_child_units=False))
        with self.assertRaises(ValidationError):
            self._export(self.office, self.unit_a, "2026-11-01", "2026-10-01")

    def test_staff_of_another_unit(self):
        # B's staff asking for unit A's answers get none of them
        self.assertEqual(self._export(self.staff_b, self.unit_a), [])
        # the parent unit and the units below: B's rows only
        rows = self._export(self.staff_b, self.unit_parent)
        self.assertEqual(len(rows), 3)
        self.assertEqual(rows, self._export(self.staff_b, self.unit_b))
        # with no unit chosen, only their unit's
        rows = self._export(self.staff_b, None, "2026-09-01", "2026-11-01")
        self.assertEqual(len(rows), 3)
        self.assertEqual({row[0] for row in rows}, {"统计监督所"})
        # nor through the campaign's Print
        with self.assertRaises(AccessError):
            self._render(self.staff_b, CAMPAIGN_REPORT, self.oct_a)
        # the manager of A reads A's answers
        self.assertEqual(len(self._export(self.manager_a, self.unit_a)), 88)

    def test_rows_go_on_in_a_new_sheet(self):
        report = type(self.env["report.fazhi_satisfaction.answers_xlsx"])
        with patch.object(report, "_SHEET_ROWS", 31), patch.object(report, "_FETCH_SIZE", 7):
            content, __ = self.env["ir.actions.report"]._render_xlsx(
                CAMPAIGN_REPORT, self.oct_a.ids, None
            )
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        self.assertEqual(
            book.sheetnames,
            ["Questionnaire answers", "Questionnaire answers (2)", "Questionnaire answers (3)"],
        )
        counts = [sheet.max_row - 1 for sheet in book.worksheets]
        self.assertEqual(counts, [30, 30, 28])
