import base64
import io

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..report.fazhi_indicator_checklist_xlsx import COLUMN_HEADERS
from .common import IndicatorCase

REPORT = "fazhi_indicators.fazhi_indicator_campaign_xlsx_report"
ENTRY_REPORT = "fazhi_indicators.fazhi_indicator_entry_xlsx_report"


@tagged("post_install", "-at_install")
class TestExport(IndicatorCase):
    def render(self, report, records, data=None):
        content, file_type = self.env["ir.actions.report"]._render(report, records.ids, data)
        self.assertEqual(file_type, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content))

    def test_campaign_table_layout(self):
        self.fill(self.entry_a)
        workbook = self.render(REPORT, self.campaign, {"date": "2023-02-28"})
        self.assertEqual(len(workbook.worksheets), 1)
        sheet = workbook.worksheets[0]
        self.assertEqual(sheet["A1"].value, "附件 1")
        self.assertEqual(sheet["A2"].value, "《测试责任清单》指标分解表")
        self.assertEqual(sheet["A3"].value, "(卫健委内容)")
        self.assertEqual(sheet["A4"].value, "上报单位：测试卫健委")
        merged = {str(rng) for rng in sheet.merged_cells.ranges}
        self.assertTrue({"A1:F1", "A2:F2", "A3:F3", "A4:F4"} <= merged)
        # No indicator has a deadline or a figure: the seed's six columns only.
        self.assertEqual(tuple(cell.value for cell in sheet[5]), COLUMN_HEADERS)
        self.assertEqual(
            COLUMN_HEADERS,
            (
                "三级指标序号",
                "三级指标内容",
                "具体分解内容",
                "责任部门",
                "已完成情况 (200 字以内)",
                "下一步举措 (200 字以内)",
            ),
        )
        rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows(min_row=6, max_row=11)]
        self.assertEqual(
            rows[0],
            (
                "1",
                self.ind_1.name,
                self.GENUINE["breakdown"],
                "测试审批办",
                self.GENUINE["completion"],
                self.GENUINE["next_steps"],
            ),
        )
        self.assertEqual([row[0] for row in rows], ["1", "10", "10", "九-1-1", "九-2-1", "九-2-2"])
        self.assertEqual(rows[2][3], "测试监督所")
        self.assertEqual(rows[5][3], "相关科室", "fallback rows keep the checklist's wording")
        footer = [sheet.cell(row=r, column=1).value for r in range(13, 19)]
        self.assertEqual(
            footer,
            [
                f"联络员：{self.office.name}",
                "日期：2023年2月28日",
                "主要领导（签字）：",
                "填表说明：不可照抄指标项。",
                # The round's deadline (2099-02-27), as seed 004 writes it.
                "完成时限：2月27日前",
                f"联系人：{self.office.name}\u3000联系电话：",
            ],
        )
        self.assertIn("A16:F16", merged)
        self.assertIn("A18:F18", merged)
        self.assertIsNone(sheet["A19"].value)
        # Column widths set, text wrapped, A4 landscape, header row repeated.
        self.assertGreater(sheet.column_dimensions["B"].width, 40)
        self.assertGreater(sheet.column_dimensions["E"].width, 30)
        self.assertLess(sheet.column_dimensions["A"].width, 15)
        self.assertTrue(sheet["B6"].alignment.wrap_text)
        self.assertTrue(sheet["E6"].alignment.wrap_text)
        self.assertTrue(sheet["B5"].font.b)
        self.assertEqual(sheet.page_setup.orientation, "landscape")
        self.assertEqual(int(sheet.page_setup.paperSize), 9)
        self.assertEqual(sheet.print_title_rows, "$5:$5")
        # One page wide (fitToWidth defaults to 1), as many pages high as needed.
        self.assertTrue(sheet.sheet_properties.pageSetUpPr.fitToPage)
        self.assertIn(sheet.page_setup.fitToWidth, (None, 1))
        self.assertEqual(sheet.page_setup.fitToHeight, 0)

    def test_page_numbers_and_print_menu(self):
        """Every exported table numbers its pages (第 n 页 / 共 m 页) and keeps
        its print setup; both reports are offered in the Print menu."""
        self.fill(self.entry_a)
        entries = self.campaign.entry_ids.filtered(lambda e: e.unit_id == self.unit_a)
        workbooks = (
            self.render(REPORT, self.campaign),
            self.render(REPORT, self.campaign, {"unit_ids": [self.unit_b.id]}),
            self.render(ENTRY_REPORT, entries.with_user(self.staff)),
        )
        for workbook in workbooks:
            for sheet in workbook.worksheets:
                with self.subTest(sheet=sheet.title):
                    footer = sheet.oddFooter.center.text
                    self.assertEqual(footer, "第 &P 页 / 共 &N 页")
                    self.assertEqual(sheet.oddHeader.center.text, "&A")
                    self.assertEqual(sheet.print_title_rows, "$5:$5")
                    self.assertEqual(sheet.page_setup.orientation, "landscape")
                    self.assertTrue(sheet.sheet_properties.pageSetUpPr.fitToPage)
                    self.assertEqual(sheet.page_setup.fitToHeight, 0)
        for xmlid, model in (
            (REPORT, "fazhi.indicator.campaign"),
            (ENTRY_REPORT, "fazhi.indicator.entry"),
        ):
            report = self.env.ref(xmlid)
            self.assertEqual(report.binding_type, "report")
            self.assertEqual(report.binding_model_id.model, model)
            bindings = self.env["ir.actions.actions"].get_bindings(model)
            self.assertIn(report.id, [action["id"] for action in bindings.get("report", [])])
            self.assertNotIn(report.id, [action["id"] for action in bindings.get("action", [])])
        # The campaign form offers it in its header as well, once started.
        arch = self.env["fazhi.indicator.campaign"].get_view(view_type="form")["arch"]
        self.assertIn(f'name="{self.env.ref(REPORT).id}"', arch)

    def test_one_unit_table(self):
        workbook = self.render(REPORT, self.campaign, {"unit_ids": [self.unit_b.id]})
        sheet = workbook.worksheets[0]
        self.assertEqual(sheet.title, "测试监督所")
        self.assertEqual(sheet["A4"].value, "上报单位：测试监督所")
        codes = [sheet.cell(row=r, column=1).value for r in (6, 7)]
        self.assertEqual(codes, ["10", "九-2-1"])
        self.assertIsNone(sheet["A8"].value)

    def test_entries_table_per_unit(self):
        self.fill(self.entry_a)
        entries = self.campaign.entry_ids.filtered(lambda e: e.unit_id == self.unit_a)
        workbook = self.render(ENTRY_REPORT, entries.with_user(self.staff))
        self.assertEqual(len(workbook.worksheets), 1)
        sheet = workbook.worksheets[0]
        self.assertEqual(sheet["A4"].value, "上报单位：测试审批办")
        self.assertEqual(sheet["E6"].value, self.GENUINE["completion"])
        self.assertEqual(sheet.print_title_rows, "$5:$5")


def make_xlsx(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return base64.b64encode(buffer.getvalue())


SEED_LAYOUT = [
    ["《测试导入责任清单》指标分解表"],
    ["(卫健委内容)"],
    ["上报单位：测试区卫生健康委员会（盖章）"],
    list(COLUMN_HEADERS),
    ["1", "全面普及行政审批服务。", None, "审批办", None, None],
    [48, "重点领域执法有力，人民群众具有较", None, "监督所", None, None],
    [None, "高满意度。", None, None, None, None],
    ["九-1-1", "获得的表彰奖励。（须附正式文件证明）", None, "相关科室", None, None],
    ["九-2-1", "发生严重违法行政行为的。", None, "相关科室", None, None],
    ["联络员："],
    ["日期："],
    ["主要领导（签字）："],
    ["填表说明：不可照抄指标项。"],
]


@tagged("post_install", "-at_install")
class TestImport(IndicatorCase):
    def wizard(self, rows=None, **values):
        return (
            self.env["fazhi.indicator.import.wizard"]
            .with_user(self.office)
            .create({"file": make_xlsx(rows or SEED_LAYOUT), "filename": "清单.xlsx", **values})
        )

    def test_import_seed_layout(self):
        action = self.wizard().action_import()
        framework = self.env["fazhi.indicator.framework"].search(
            [("name", "=", "《测试导入责任清单》指标分解表")]
        )
        self.assertEqual(action["domain"], [("framework_id", "=", framework.id)])
        self.assertEqual(framework.export_subtitle, "(卫健委内容)")
        self.assertEqual(framework.default_reporting_unit_name, "测试区卫生健康委员会（盖章）")
        self.assertEqual(framework.instructions, "不可照抄指标项。")
        indicators = framework.indicator_ids
        self.assertEqual(indicators.mapped("code"), ["1", "48", "九-1-1", "九-2-1"])
        self.assertEqual(indicators[1].name, "重点领域执法有力，人民群众具有较高满意度。")
        self.assertEqual(indicators[1].responsible_department_names, "监督所")
        self.assertEqual(indicators.mapped("kind"), ["normal", "normal", "bonus", "veto"])

    def test_duplicate_import_refused_then_updated(self):
        self.wizard().action_import()
        framework = self.env["fazhi.indicator.framework"].search(
            [("name", "=", "《测试导入责任清单》指标分解表")]
        )
        with self.assertRaisesRegex(UserError, "already exist"):
            self.wizard(framework_id=framework.id).action_import()
        rows = [list(r) for r in SEED_LAYOUT]
        rows[4][3] = "审批办、办公室"
        self.wizard(rows, framework_id=framework.id, update_existing=True).action_import()
        self.assertEqual(len(framework.indicator_ids), 4)
        self.assertEqual(framework.indicator_ids[0].responsible_department_names, "审批办、办公室")

    def test_bad_files_refused(self):
        with self.assertRaisesRegex(UserError, "not an XLSX"):
            self.env["fazhi.indicator.import.wizard"].create(
                {"file": base64.b64encode(b"not a workbook"), "filename": "x.xlsx"}
            ).action_import()
        with self.assertRaisesRegex(UserError, "No header row"):
            self.wizard([["a", "b"], ["1", "2"]]).action_import()
        duplicated = [*SEED_LAYOUT[:5], SEED_LAYOUT[4], *SEED_LAYOUT[9:]]
        with self.assertRaisesRegex(UserError, "Duplicate codes"):
            self.wizard(duplicated).action_import()
