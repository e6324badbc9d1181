from odoo import http
from odoo.addons.fazhi_complaints.controllers.main import PAGE_RE
from odoo.http import request

PER_PAGE = 20
# What the public page shows of a typical case, and nothing else: the counterpart,
# the handlers, the amounts and the case number stay in the back office.
PUBLIC_FIELDS = (
    "case_type",
    "professional_field_id",
    "unit_id",
    "decision_date",
    "typical_summary",
    "typical_published_date",
)


class FazhiTypicalCaseController(http.Controller):
    """The typical cases (典型案例) the office published, beside the complaint
    results and the annual reports on the public pages."""

    @http.route("/typical-cases", type="http", auth="public", methods=["GET"], sitemap=False)
    def typical_cases(self, **kwargs):
        args = request.httprequest.args
        page = args.get("page", "1")
        if any("\x00" in key or "\x00" in value for key, value in args.items(multi=True)) or (
            not PAGE_RE.fullmatch(page)
        ):
            return request.render("fazhi_complaints.complaint_public_bad_request", {}, status=400)
        page = int(page)
        domain = [("is_typical", "=", True), ("typical_published_date", "!=", False)]
        # sudo: the domain keeps the published typical cases only (published by the office
        # for the public, 典型案例), and only PUBLIC_FIELDS are read: plain values, not
        # records, reach the template, so it cannot follow a relation to the counterpart,
        # the handlers or the amounts.
        Case = request.env["fazhi.enforcement.case"].sudo()
        cases = Case.search_read(
            domain,
            list(PUBLIC_FIELDS),
            order="typical_published_date desc, id desc",
            limit=PER_PAGE,
            offset=(page - 1) * PER_PAGE,
        )
        types = dict(Case._fields["case_type"]._description_selection(request.env))
        for case in cases:
            case["case_type"] = types.get(case["case_type"], "")
        total = Case.search_count(domain)
        return request.render(
            "fazhi_annual_report.typical_case_public_list",
            {"cases": cases, "page": page, "has_next": page * PER_PAGE < total},
        )
