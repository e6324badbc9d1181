import io

import openpyxl
from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools.misc import file_open

from .test_case_common import CaseCallbackCommon

FIELDS = ["number", "case_type", "unit_id", "partner_id", "handler_ids", "closing_date"]


@tagged("post_install", "-at_install")
@freeze_time("2026-03-05")
class TestCaseImport(CaseCallbackCommon):
    """Import through Odoo's importer (``load``, what the XLSX/CSV import
    runs): every bad row is reported with its row number; duplicates are
    reported, never created twice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._case("CB-I-EXIST", cls.handler1, closing="2026-01-15")
        cls.unit_name = cls.approval.name
        cls.partner_name = cls.partner.name
        cls.both = f"{cls.handler1.name},{cls.handler2.name}"

    def _row(self, number, case_type="licensing", unit=None, handlers=None, closing="2026-02-03"):
        return [
            number,
            case_type,
            unit or self.unit_name,
            self.partner_name,
            handlers or self.handler1.name,
            closing,
        ]

    def _errors(self, result):
        """{row index: [messages]} of the error messages of a load() result."""
        errors = {}
        for message in result["messages"]:
            if message["type"] == "error":
                errors.setdefault(message["rows"]["from"], []).append(message["message"])
        return errors

    def test_good_rows(self):
        rows = [
            self._row("CB-I-001"),
            self._row("CB-I-002", "Administrative penalty", handlers=self.both),
        ]
        result = self.Case.load(FIELDS, rows)
        self.assertEqual(result["messages"], [])
        cases = self.Case.browse(result["ids"])
        self.assertEqual(cases.mapped("number"), ["CB-I-001", "CB-I-002"])
        self.assertEqual(cases[1].case_type, "penalty")
        self.assertEqual(cases[1].handler_ids, self.handler1 | self.handler2)
        self.assertEqual(cases.unit_id, self.approval)

    def test_duplicate_and_bad_rows_are_all_reported(self):
        rows = [
            self._row("CB-I-010"),  # 0: good
            self._row("CB-I-011", "penalty", handlers=self.both),  # 1: good
            self._row("CB-I-010"),  # 2: duplicate of row 0 in the same file
            self._row("CB-I-EXIST"),  # 3: duplicate of a case in the database
            self._row("CB-I-012", "penalty"),  # 4: penalty with one handler
            self._row("CB-I-013", unit="不存在的科室"),  # 5: unknown unit
            self._row(" CB-I-011 "),  # 6: duplicate of row 1 once trimmed
        ]
        count = self.Case.search_count([])
        result = self.Case.load(FIELDS, rows)
        errors = self._errors(result)
        self.assertEqual(sorted(errors), [0, 2, 3, 4, 5, 6], "every bad row")
        # Odoo's importer first creates the rows as one batch; when that fails
        # it retries row by row (which finds each bad row) and puts the batch's
        # error first, at the batch's first row: row 0 shows the first
        # duplicate found (row 2's), naming its case number. Row 1 has nothing.
        self.assertEqual(result["messages"][0]["rows"], {"from": 0, "to": 0})
        self.assertEqual(errors[0], [errors[2][0]])
        self.assertRegex(errors[2][0], "Duplicate case: .*回访测试审批办.* CB-I-010")
        self.assertRegex(errors[3][0], "Duplicate case: .*CB-I-EXIST")
        self.assertRegex(errors[4][0], "CB-I-012 .*at least 2 handlers .*two-officer rule")
        self.assertIn("不存在的科室", errors[5][0])
        self.assertRegex(errors[6][0], "Duplicate case: .*CB-I-011")
        # Odoo's load is all or nothing: with any error nothing is imported, so
        # the good rows are not half-imported either; the user sees every
        # error at once, fixes the file and imports it again.
        self.assertFalse(result["ids"])
        self.assertEqual(self.Case.search_count([]), count)
        fixed = [rows[0], rows[1], self._row("CB-I-012", "penalty", handlers=self.both)]
        result = self.Case.load(FIELDS, fixed)
        self.assertEqual(result["messages"], [])
        self.assertEqual(len(result["ids"]), 3)
        self.assertEqual(self.Case.search_count([]), count + 3)
        # Importing the same file twice creates nothing the second time.
        again = self.Case.load(FIELDS, fixed)
        self.assertFalse(again["ids"])
        errors = self._errors(again)
        self.assertEqual(sorted(errors), [0, 1, 2])
        for index, number in enumerate(["CB-I-010", "CB-I-011", "CB-I-012"]):
            self.assertIn(
                f"Duplicate case: 回访测试审批办 already has a case numbered {number}.",
                errors[index],
            )
        self.assertEqual(self.Case.search_count([]), count + 3)

    def test_import_as_staff(self):
        """Staff import their unit's cases; another unit's rows are refused."""
        Case = self.Case.with_user(self.officer_a)
        result = Case.load(FIELDS, [self._row("CB-I-020")])
        self.assertEqual(result["messages"], [])
        other = Case.load(FIELDS, [self._row("CB-I-021", unit=self.supervision.name)])
        self.assertFalse(other["ids"])
        self.assertEqual(sorted(self._errors(other)), [0])

    def _xlsx(self, rows):
        """An XLSX with the shipped template's header row and ``rows``."""
        path = "fazhi_satisfaction/static/xls/fazhi_enforcement_case_import.xlsx"
        with file_open(path, "rb") as template:
            headers = [cell.value for cell in openpyxl.load_workbook(template).active[1]]
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Cases"
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        data = io.BytesIO()
        book.save(data)
        return data.getvalue()

    def test_xlsx_template_through_the_importer(self):
        """The template's columns map to the case fields by themselves; the
        importer's test run lists the bad rows of an XLSX file by row."""
        self.assertEqual(
            self.Case.get_import_templates()[0]["template"],
            "/fazhi_satisfaction/static/xls/fazhi_enforcement_case_import.xlsx",
        )
        rows = [
            ["CB-X-001", "Administrative licensing", self.unit_name, self.partner_name,
             self.handler1.name, "2026-02-03", "准予许可"],
            ["CB-X-002", "Administrative penalty", self.unit_name, self.partner_name,
             self.handler1.name, "2026-02-04", "罚款"],
            ["CB-X-001", "Administrative licensing", self.unit_name, self.partner_name,
             self.handler2.name, "2026-02-05", ""],
        ]  # fmt: skip
        importer = self.env["base_import.import"].create(
            {
                "res_model": "fazhi.enforcement.case",
                "file": self._xlsx(rows),
                "file_name": "cases.xlsx",
                "file_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
        options = {
            "has_headers": True,
            "sheet": "Cases",
            "date_format": "%Y-%m-%d",
            "datetime_format": "",
            "float_thousand_separator": ",",
            "float_decimal_separator": ".",
            "advanced": False,
            "quoting": '"',
            "separator": ",",
            "encoding": "",
        }
        preview = importer.parse_preview(options)
        self.assertFalse(preview.get("error"), preview)
        fields = [
            (preview["matches"].get(index) or [False])[0]
            for index in range(len(preview["headers"]))
        ]
        self.assertEqual(
            fields,
            [
                "number",
                "case_type",
                "unit_id",
                "partner_id",
                "handler_ids",
                "closing_date",
                "decision_summary",
            ],
        )
        count = self.Case.search_count([])
        result = importer.execute_import(fields, preview["headers"], options, dryrun=True)
        errors = {}
        for message in result["messages"]:
            errors.setdefault(message["rows"]["from"], []).append(message["message"])
        self.assertIn(1, errors)  # the penalty with one handler
        self.assertRegex(" ".join(errors[1]), "CB-X-002 .*two-officer rule")
        self.assertIn(2, errors)  # the duplicate of the first row
        self.assertRegex(" ".join(errors[2]), "Duplicate case: .*CB-X-001")
        self.assertEqual(self.Case.search_count([]), count, "a test run imports nothing")
