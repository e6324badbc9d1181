import io
import shutil
import subprocess
import tempfile
import unicodedata
import unittest

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from ..report.annual_report_docx import build_docx
from .common import AnnualCommon

try:
    import docx
except ImportError:  # pragma: no cover - python-docx is a manifest dependency
    docx = None


@freeze_time("2026-12-15")
@tagged("post_install", "-at_install")
class TestOutput(AnnualCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.report = cls._report(doc_number="台卫法〔2027〕1号", issue_date="2027-03-20")
        cls.report.with_user(cls.office).action_draft()

    def test_docx(self):
        data = build_docx(self.report.with_user(self.office))
        document = docx.Document(io.BytesIO(data))
        headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
        self.assertEqual(
            headings,
            [
                "一、推进法治政府建设的主要举措和成效",
                "二、党政主要负责人履行推进法治政府建设第一责任人职责情况",
                "三、推进法治政府建设的不足和原因",
                "四、2027年推进法治政府建设计划",
            ],
        )
        body = "\n".join(p.text for p in document.paragraphs)
        self.assertIn("全年查处案件3件（其中：公共场所2件，生活饮用水1件），罚没款1.55万元。", body)
        self.assertIn("台卫法〔2027〕1号", body)
        self.assertIn("市人民政府：", body)
        self.assertIn("2027年3月20日", body)


# wkhtmltopdf fetches the report's assets from the server: an HttpCase, whose requests
# share the test's cursor (a TransactionCase would hold locks those requests wait on).
@freeze_time("2026-12-15")
@tagged("post_install", "-at_install")
class TestOutputPdf(AnnualCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.report = cls._report(doc_number="台卫法〔2027〕1号", issue_date="2027-03-20")
        cls.report.with_user(cls.office).action_draft()

    @unittest.skipUnless(
        shutil.which("wkhtmltopdf") and shutil.which("pdftotext"),
        "wkhtmltopdf and pdftotext (poppler-utils) are needed",
    )
    def test_pdf(self):
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            .with_user(self.office)
            ._render_qweb_pdf("fazhi_annual_report.action_report_annual_report", self.report.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        content = _pdf_text(pdf)
        for expected in (
            "台账测试卫健委关于2026年法治政府建设工作情况的报告",
            "台卫法〔2027〕1号",
            "一、推进法治政府建设的主要举措和成效",
            "四、2027年推进法治政府建设计划",
            "全年查处案件3件",
            "2027年3月20日",
        ):
            self.assertIn(expected, content)


def _pdf_text(pdf):
    """The text of ``pdf`` (pdftotext), without white space; NFKC folds the
    Kangxi radicals some CJK fonts map their glyphs to (⽂ -> 文)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        content = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", handle.name, "-"],
            check=True,
            capture_output=True,
        ).stdout.decode()
    return unicodedata.normalize("NFKC", "".join(content.split()))
