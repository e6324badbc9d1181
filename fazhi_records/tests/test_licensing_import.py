import base64

from freezegun import freeze_time

from odoo.tests import tagged

from .common import RecordsCommon

CSV = """Application number,Unit,Licensing matter,Applicant,Received on,Legal time limit (working days),Concluded on
卫许-001,台账测试审批办,公共场所卫生许可,某宾馆,2026-03-02,20,2026-03-06
卫许-002,台账测试审批办,生活饮用水供水单位卫生许可,某水厂,2026-03-03,20,
"""


@freeze_time("2026-06-30")
@tagged("post_install", "-at_install")
class TestLicensingImport(RecordsCommon):
    OPTIONS = {
        "has_headers": True,
        "date_format": "%Y-%m-%d",
        "datetime_format": "",
        "float_thousand_separator": ",",
        "float_decimal_separator": ".",
        "advanced": False,
        "quoting": '"',
        "separator": ",",
        "encoding": "utf-8",
    }

    def _import(self, csv, dryrun=False):
        importer = (
            self.env["base_import.import"]
            .with_user(self.staff_a)
            .create(
                {
                    "res_model": "fazhi.licensing.record",
                    "file": base64.b64decode(base64.b64encode(csv.encode())),
                    "file_name": "licensing.csv",
                    "file_type": "text/csv",
                }
            )
        )
        preview = importer.parse_preview(self.OPTIONS)
        self.assertFalse(preview.get("error"), preview)
        # The export's column titles map by themselves.
        fields = [(preview["matches"].get(i) or [False])[0] for i in range(len(preview["headers"]))]
        self.assertEqual(
            fields,
            [
                "name",
                "unit_id",
                "matter",
                "applicant",
                "received_date",
                "legal_days",
                "concluded_date",
            ],
        )
        return importer.execute_import(
            fields, preview["headers"], {**self.OPTIONS, "dryrun": dryrun}
        )

    def test_import_csv(self):
        result = self._import(CSV)
        self.assertFalse(result["messages"], result["messages"])
        records = self.Licensing.browse(result["ids"])
        self.assertEqual(records.mapped("name"), ["卫许-001", "卫许-002"])
        first = records[0]
        self.assertEqual(first.unit_id, self.unit_a)
        self.assertEqual(first.actual_days, 4)
        self.assertEqual(first.days_compressed, 16)
        self.assertTrue(first.on_time)
        self.assertFalse(records[1].concluded_date)

    def test_import_refuses_bad_rows(self):
        bad = CSV.replace("2026-03-06", "2026-02-06")
        result = self._import(bad, dryrun=True)
        self.assertTrue(result["messages"])
        self.assertIn("before it was received", result["messages"][0]["message"])
        self.assertFalse(self.Licensing.search([("name", "=like", "卫许-%")]))
