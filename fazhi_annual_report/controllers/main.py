from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request

from ..models import fazhi_annual_text as text
from ..report.annual_report_docx import build_docx

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class AnnualReportController(http.Controller):
    # ------------------------------------------------------------------
    # Back office: the .docx, read as the user (ACLs and record rules)
    # ------------------------------------------------------------------
    @http.route("/fazhi/annual_report/<int:report_id>/docx", type="http", auth="user")
    def annual_report_docx(self, report_id):
        report = request.env["fazhi.annual.report"].browse(report_id)
        try:
            report.check_access("read")
            # MissingError for a deleted record
            report.fetch(["name"])
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        data = build_docx(report)
        return request.make_response(
            data,
            headers=[
                ("Content-Type", DOCX_MIMETYPE),
                ("Content-Length", str(len(data))),
                ("Content-Disposition", content_disposition(f"{report.name}.docx")),
            ],
        )

    # ------------------------------------------------------------------
    # Public pages: published reports only
    # ------------------------------------------------------------------
    def _published(self, report_id=None):
        # sudo: the public reads published reports only (the domain below);
        # a published report is public by definition (政务公开).
        Report = request.env["fazhi.annual.report"].sudo()
        domain = [("state", "=", "published")]
        if report_id is not None:
            domain.append(("id", "=", report_id))
        return Report.search(domain, order="year desc, id desc")

    @http.route("/annual-reports", type="http", auth="public", methods=["GET"], sitemap=False)
    def annual_reports(self):
        return request.render(
            "fazhi_annual_report.annual_report_public_list", {"reports": self._published()}
        )

    @http.route(
        "/annual-reports/<int:report_id>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def annual_report_page(self, report_id):
        report = self._published(report_id)
        if not report:
            raise NotFound()
        return request.render(
            "fazhi_annual_report.annual_report_public_page",
            {"report": report, "headings": text.headings(report.year), "numerals": text.NUMERALS},
        )

    @http.route(
        "/annual-reports/<int:report_id>/pdf",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def annual_report_pdf(self, report_id):
        report = self._published(report_id)
        if not report:
            raise NotFound()
        # sudo: rendering a published report (checked above) for the public.
        pdf, _type = (
            request.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf("fazhi_annual_report.action_report_annual_report", report.ids)
        )
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", str(len(pdf))),
                ("Content-Disposition", content_disposition(f"{report.name}.pdf")),
            ],
        )
