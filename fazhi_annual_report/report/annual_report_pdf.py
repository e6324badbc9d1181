from odoo import api, models

from ..models import fazhi_annual_text as text
from .annual_report_docx import chinese_date


class ReportAnnualReport(models.AbstractModel):
    """Values of the PDF (``report_annual_report``): the numbered headings
    and the number formats of the document."""

    _name = "report.fazhi_annual_report.report_annual_report"
    _description = "Annual report PDF"

    @api.model
    def _get_report_values(self, docids, data=None):
        return {
            "doc_ids": docids,
            "doc_model": "fazhi.annual.report",
            "docs": self.env["fazhi.annual.report"].browse(docids),
            "headings_of": text.headings,
            "numerals": text.NUMERALS,
            "pct": text.pct,
            "chinese_date": chinese_date,
        }
