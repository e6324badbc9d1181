import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.tests import tagged

from ..report.fazhi_indicator_checklist_xlsx import COLUMN_HEADERS
from .common import IndicatorCase

REPORT = "fazhi_indicators.fazhi_indicator_campaign_xlsx_report"
RATE = "fazhi_indicators.rectification_done_rate"


@tagged("post_install", "-at_install")
class TestLiveValues(IndicatorCase):
    """An entry shows its indicator's figure for its unit over the campaign's
    period (the registry's ``measure``), the target, and "—" when there is
    nothing to measure; the exported table prints them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ind_1.write(
            {
                "figure_key": RATE,
                "target_operator": ">=",
                "target_value": 100.0,
                "target_uom": "%",
                "deadline_text": "2021 年年底前",
            }
        )

    def followups(self, *specs):
        """Rectification follow-ups ``(unit, deadline, done)``, opened before
        their deadlines."""
        with freeze_time("2029-11-01"):
            followups = self.env["fazhi.followup"].create(
                [
                    {"name": f"整改{index}", "unit_id": unit.id, "deadline": deadline}
                    for index, (unit, deadline, _done) in enumerate(specs)
                ]
            )
            for followup, (_unit, _deadline, done) in zip(followups, specs, strict=True):
                if done:
                    followup.write({"state": "done", "result": "已整改"})
        return followups

    def shown(self, entry):
        entry.invalidate_recordset(
            ["figure_value_display", "figure_target_display", "figure_status"]
        )
        entry = entry.with_context(lang="en_US")
        return entry.figure_value_display, entry.figure_target_display, entry.figure_status

    @freeze_time("2030-06-15")
    def test_value_equals_figure_of_the_records(self):
        self.assertEqual(self.shown(self.entry_a), ("—", "≥ 100 %", "none"))
        self.followups(
            (self.unit_a, date(2030, 3, 1), True),
            (self.unit_a, date(2030, 4, 1), False),
            (self.unit_a, date(2030, 5, 1), False),
            # another unit, outside the period, not yet due: not counted
            (self.unit_b, date(2030, 3, 1), True),
            (self.unit_a, date(2029, 12, 1), True),
            (self.unit_a, date(2030, 7, 1), True),
        )
        measured = self.env["fazhi.monthly.report"]._fazhi_figure_measure_values(
            {RATE}, self.unit_a, date(2030, 1, 1), date(2030, 6, 16)
        )[RATE][self.unit_a]
        self.assertAlmostEqual(measured, 33.3)
        self.assertEqual(self.shown(self.entry_a), ("33.3 %", "≥ 100 %", "missed"))
        # The staff of the unit read the same value (counts only, as sudo).
        self.assertEqual(self.entry_a.with_user(self.staff).figure_value_display, "33.3 %")
        # The campaign's period bounds it: started in April, one of two done.
        self.campaign.date_start = date(2030, 4, 1)
        self.assertEqual(self.shown(self.entry_a)[0], "0 %")
        self.campaign.date_start = date(2030, 5, 2)
        self.assertEqual(self.shown(self.entry_a), ("—", "≥ 100 %", "none"))
        # A target that is met.
        self.campaign.date_start = date(2030, 1, 1)
        self.ind_1.write({"target_operator": ">=", "target_value": 30.0})
        self.assertEqual(self.shown(self.entry_a)[2], "met")

    def test_values_in_one_batch(self):
        """The queries do not grow with the number of entries."""
        self.ind_2.figure_key = RATE

        self.env.invalidate_all()
        start = self.cr.sql_log_count
        self.campaign.entry_ids.mapped("figure_value_display")
        few = self.cr.sql_log_count - start
        units = self.env["fazhi.unit"].create(
            [{"name": f"批量科{index}", "code": f"T-B{index}"} for index in range(8)]
        )
        self.ind_2.responsible_unit_ids = units
        assignments = self.env["fazhi.indicator.assignment"].create(
            [
                {"campaign_id": self.campaign.id, "indicator_id": self.ind_2.id, "unit_id": u.id}
                for u in units
            ]
        )
        self.round_1._create_entries(assignments)
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        self.campaign.entry_ids.mapped("figure_value_display")
        many = self.cr.sql_log_count - start
        self.assertLessEqual(many, few + 2)

    def test_uninstalled_or_no_figure(self):
        """A figure code of an addon that is not installed shows "—" (the
        shipped checklist links complaints, satisfaction and records figures
        while fazhi_indicators depends on fazhi_base only)."""
        self.ind_2.write(
            {
                "figure_key": "fazhi_nowhere.rate",
                "target_operator": ">=",
                "target_value": 90.0,
                "target_uom": "%",
            }
        )
        self.assertEqual(self.shown(self.entry_b), ("—", "≥ 90 %", "none"))
        self.assertEqual(self.shown(self.entry_bonus), ("", "", "none"))
        # No target stated: the value alone.
        self.ind_1.target_operator = False
        self.assertEqual(self.shown(self.entry_a), ("—", "", "none"))

    def test_shipped_links(self):
        """The seed-004 indicators with a measurable target are linked to the
        figure that measures them; each installed one has a per-unit measure."""
        framework = self.env.ref("fazhi_indicators.fazhi_indicator_framework_qp2023")
        linked = {
            indicator.code: (
                indicator.figure_key,
                indicator.target_operator,
                indicator.target_value,
            )
            for indicator in framework.indicator_ids
            if indicator.figure_key
        }
        self.assertEqual(linked["19"], ("fazhi_complaints.bad_review_rectified_rate", ">=", 100.0))
        self.assertEqual(linked["59"], ("fazhi_records.legal_review_rate", ">=", 100.0))
        self.assertEqual(linked["65"], ("fazhi_records.officers_short", "<=", 0.0))
        self.assertEqual(linked["48"][:2], ("fazhi_satisfaction.satisfaction_rate", False))
        self.assertEqual(
            set(linked),
            {"19", "20", "48", "54", "59", "63", "65", "71"},
        )
        figures = self.env["fazhi.monthly.report"]._fazhi_figures()
        installed = self.env["ir.module.module"].search(
            [("state", "=", "installed"), ("name", "like", "fazhi_%")]
        )
        for code, (figure_key, _operator, _value) in linked.items():
            if figure_key.split(".")[0] in installed.mapped("name"):
                self.assertTrue(figures[figure_key]["measure"], code)
        self.assertEqual(framework.deadline_text, "2月27日前")
        deadlines = {
            indicator.code: indicator.deadline_text
            for indicator in framework.indicator_ids
            if indicator.deadline_text
        }
        self.assertEqual(set(deadlines), {"42", "91"})
        for code, text in deadlines.items():
            indicator = framework.indicator_ids.filtered(lambda i, c=code: i.code == c)
            self.assertIn(text, indicator.name)

    @freeze_time("2030-06-15")
    def test_export_columns_and_contact(self):
        self.followups(
            (self.unit_a, date(2030, 3, 1), True), (self.unit_a, date(2030, 4, 1), False)
        )
        self.root_unit.phone = "69721380"
        content, _type = self.env["ir.actions.report"]._render(REPORT, self.campaign.ids)
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        self.assertEqual(sheet["A1"].value, "附件 1")
        self.assertEqual(
            tuple(cell.value for cell in sheet[5]),
            (*COLUMN_HEADERS, "完成时限", "当前值", "目标值"),
        )
        merged = {str(rng) for rng in sheet.merged_cells.ranges}
        self.assertTrue({"A1:I1", "A2:I2", "A4:I4"} <= merged)
        rows = {
            row[0]: row[6:]
            for row in sheet.iter_rows(min_row=6, max_row=11, values_only=True)
            if row[0]
        }
        self.assertEqual(rows["1"], ("2021 年年底前", "50 %", "≥ 100 %"))
        self.assertFalse(any(rows["九-1-1"]))
        footer = [sheet.cell(row=r, column=1).value for r in range(13, 19)]
        self.assertEqual(footer[4], "完成时限：2月27日前")
        self.assertEqual(footer[5], f"联系人：{self.office.name}\u3000联系电话：69721380")
        self.assertIn("A18:I18", merged)
        self.assertEqual(sheet.print_title_rows, "$5:$5")
        self.assertGreater(sheet.column_dimensions["G"].width, 10)
        # Without a round deadline, the framework's (seed 004: 2月27日前).
        self.round_1.deadline = False
        self.framework.deadline_text = "3月31日前"
        content, _type = self.env["ir.actions.report"]._render(REPORT, self.campaign.ids)
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        self.assertEqual(sheet.cell(row=17, column=1).value, "完成时限：3月31日前")
