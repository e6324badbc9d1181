import logging
from datetime import date, timedelta

from lxml import etree, html
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import ACTION, EDIT
from odoo.exceptions import UserError

from . import fazhi_annual_text as text

_logger = logging.getLogger(__name__)

OFFICE = "fazhi_base.group_fazhi_office"
LEADER = "fazhi_base.group_fazhi_leader"
SECTIONS = ("section_intro", "section_measures", "section_leadership", "section_shortcomings")
SECTIONS += ("section_plan",)
FIGURE_ATTR = "data-fazhi-figure"


class FazhiAnnualReport(models.Model):
    """The annual rule-of-law report (法治政府建设年度报告) of a unit for a year.

    A report belongs to one unit (the commission's top unit for the
    commission's own report) and covers that unit and every unit below it.
    "Draft from the figures" (``action_draft``) writes its sections in the
    headings of seeds 002/003 from the year's figures (``fazhi.annual.figures``).
    Each figure sentence is a generated block of the HTML,
    ``<span data-fazhi-figure="code">...</span>``: drafting again replaces
    the content of those blocks only, so the text people wrote around them
    stays (an empty section is drafted anew). The figures behind the
    sentences are kept as lines (``figure_ids``) whose button opens the
    records they count.

    Workflow (``fazhi.workflow.mixin``): draft -> approved (leader) ->
    reported (office, to the government) -> published (office, on the public
    page). Deadlines come from the company's settings (reported by 31 March
    and published before 1 April of the next year by default): a daily cron
    opens a supervision follow-up for each deadline coming near, which the
    follow-up engine escalates when overdue and the step closes.
    """

    _name = "fazhi.annual.report"
    _description = "Annual rule-of-law report"
    _inherit = ["fazhi.workflow.mixin", "fazhi.followup.source.mixin", "mail.thread"]
    _order = "year desc, unit_id, id"

    _fazhi_field_rules = {
        "unit_id": (OFFICE, ACTION),
        "year": (OFFICE, ACTION),
        "title": OFFICE,
        "doc_number": OFFICE,
        "recipient": OFFICE,
        "issue_date": OFFICE,
        "cc": OFFICE,
        "section_intro": OFFICE,
        "section_measures": OFFICE,
        "section_leadership": OFFICE,
        "section_shortcomings": OFFICE,
        "section_plan": OFFICE,
        "state": ACTION,
        "drafted_date": ACTION,
        "approved_by_id": ACTION,
        "approved_date": ACTION,
        "reported_date": ACTION,
        "published_date": ACTION,
        "figure_ids": ACTION,
        "assessment_ids": ACTION,
    }
    _fazhi_state_rules = {
        "draft": EDIT,
        "approved": (),
        "reported": (),
        "published": (),
    }
    _fazhi_transitions = {
        "approve": (("draft",), "approved", LEADER),
        "reset": (("approved",), "draft", OFFICE),
        "report": (("approved",), "reported", OFFICE),
        "publish": (("reported",), "published", OFFICE),
    }
    _fazhi_unlink_states = ("draft",)

    def _default_unit(self):
        # The commission's top unit: the first unit without parent.
        return self.env["fazhi.unit"].search(
            [("parent_id", "=", False), ("company_id", "=", self.env.company.id)], limit=1
        )

    def _default_year(self):
        return fields.Date.context_today(self).year - 1

    # ------------------------------------------------------------------
    # Identity
    # ------------------------------------------------------------------
    name = fields.Char(compute="_compute_name", store=True)
    unit_id = fields.Many2one(
        "fazhi.unit",
        required=True,
        index=True,
        ondelete="restrict",
        default=lambda self: self._default_unit(),
        tracking=True,
        help="The unit whose report it is; it covers that unit and every unit below it "
        "(the commission's top unit for the commission's own report).",
    )
    company_id = fields.Many2one(
        related="unit_id.company_id", store=True, index=True, precompute=True
    )
    year = fields.Integer(required=True, default=lambda self: self._default_year(), tracking=True)
    title = fields.Char(help="Title of the document; drafted from the unit and the year.")
    doc_number = fields.Char(string="Document number", help="文号, e.g. 平卫法〔2027〕3号.")
    recipient = fields.Char(
        default="市人民政府", help="Addressee of the report (主送), e.g. 市人民政府 or 区政府."
    )
    cc = fields.Char(string="Copy to", help="抄送, e.g. 市依法治市办.")
    issue_date = fields.Date(
        string="Date of the document", help="成文日期, printed above the seal."
    )

    # ------------------------------------------------------------------
    # Sections (HTML; figure sentences are generated blocks)
    # ------------------------------------------------------------------
    # sanitize_attributes=False keeps the data-fazhi-figure markers of the
    # generated blocks; tags are still sanitized (no script, no on* handler).
    section_intro = fields.Html(string="Introduction", sanitize_attributes=False)
    section_measures = fields.Html(string="Main measures and results", sanitize_attributes=False)
    section_leadership = fields.Html(
        string="Duties of the principal leaders", sanitize_attributes=False
    )
    section_shortcomings = fields.Html(
        string="Shortcomings and their causes", sanitize_attributes=False
    )
    section_plan = fields.Html(string="Plan for the next year", sanitize_attributes=False)
    drafted_date = fields.Datetime(string="Figures as of", readonly=True, copy=False)
    figure_ids = fields.One2many(
        "fazhi.annual.report.figure", "report_id", string="Figures", copy=False
    )
    assessment_ids = fields.One2many(
        "fazhi.annual.assessment", "report_id", string="Unit assessment", copy=False
    )

    # ------------------------------------------------------------------
    # Workflow and deadlines
    # ------------------------------------------------------------------
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("approved", "Approved"),
            ("reported", "Reported"),
            ("published", "Published"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    approved_date = fields.Date(readonly=True, copy=False)
    reported_date = fields.Date(readonly=True, copy=False, tracking=True)
    published_date = fields.Date(readonly=True, copy=False, tracking=True)
    report_deadline = fields.Date(
        compute="_compute_deadlines",
        store=True,
        help="Day by which the report is sent to the government (Settings).",
    )
    publish_deadline = fields.Date(
        compute="_compute_deadlines",
        store=True,
        help="Day by which the report is published on the web (Settings).",
    )
    is_report_overdue = fields.Boolean(compute="_compute_overdue")
    is_publish_overdue = fields.Boolean(compute="_compute_overdue")

    _sql_constraints = [
        (
            "unit_year_uniq",
            "unique(unit_id, year)",
            "This unit already has a report for that year.",
        ),
        ("year_check", "CHECK(year >= 2000 AND year <= 2999)", "Give the year as four digits."),
    ]

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("unit_id.name", "year", "title")
    def _compute_name(self):
        for report in self:
            report.name = report.title or text.default_title(report.unit_id.name or "", report.year)

    @api.depends("unit_id", "year")
    def _compute_display_name(self):
        # The title is a sentence ("…关于2026年法治政府建设工作情况的报告"): too long for a
        # breadcrumb or a link; the unit and the year say which report it is.
        for report in self:
            report.display_name = self.env._(
                "%(unit)s, annual report %(year)s",
                unit=report.unit_id.display_name or "",
                year=report.year,
            )

    @api.depends(
        "year",
        "company_id.fazhi_annual_report_due_month",
        "company_id.fazhi_annual_report_due_day",
        "company_id.fazhi_annual_publish_due_month",
        "company_id.fazhi_annual_publish_due_day",
    )
    def _compute_deadlines(self):
        for report in self:
            company = report.company_id or self.env.company
            if not report.year:
                report.report_deadline = report.publish_deadline = False
                continue
            report.report_deadline = _clamped(
                report.year + 1,
                company.fazhi_annual_report_due_month,
                company.fazhi_annual_report_due_day,
            )
            report.publish_deadline = _clamped(
                report.year + 1,
                company.fazhi_annual_publish_due_month,
                company.fazhi_annual_publish_due_day,
            )

    @api.depends("state", "report_deadline", "publish_deadline")
    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        for report in self:
            report.is_report_overdue = bool(
                report.state in ("draft", "approved")
                and report.report_deadline
                and today > report.report_deadline
            )
            report.is_publish_overdue = bool(
                report.state != "published"
                and report.publish_deadline
                and today > report.publish_deadline
            )

    # ------------------------------------------------------------------
    # Period and scope
    # ------------------------------------------------------------------
    def _fazhi_period(self):
        self.ensure_one()
        return date(self.year, 1, 1), date(self.year + 1, 1, 1)

    def _fazhi_scope_units(self):
        """The report's unit and every active unit below it."""
        self.ensure_one()
        # sudo: unit ids to aggregate figures over (the report's own scope).
        return self.env["fazhi.unit"].sudo().search([("id", "child_of", self.unit_id.id)])

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_draft(self):
        """Draft the sections from the year's figures (office, draft reports).

        An empty section is drafted whole; in a section that has text, only
        the generated figure blocks are replaced, the rest stays as written.
        """
        self._fazhi_check_group(OFFICE)
        self._fazhi_check_state(("draft",))
        for report in self:
            report._fazhi_draft()
        return True

    def action_approve(self):
        self._fazhi_move("approve", {"approved_by_id": self.env.uid, "approved_date": _today(self)})
        return True

    def action_reset_draft(self):
        self._fazhi_move("reset", {"approved_by_id": False, "approved_date": False})
        return True

    def action_report(self):
        self._fazhi_move("report", {"reported_date": _today(self)})
        self._fazhi_close_deadline_followups("report")
        return True

    def action_publish(self):
        self._fazhi_move("publish", {"published_date": _today(self)})
        self._fazhi_close_deadline_followups("report")
        self._fazhi_close_deadline_followups("publish")
        return True

    def action_download_docx(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/fazhi/annual_report/{self.id}/docx",
            "target": "download",
        }

    def action_view_assessment(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fazhi_annual_report.fazhi_annual_assessment_action"
        )
        action["domain"] = [("report_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Drafting
    # ------------------------------------------------------------------
    def _fazhi_compute(self):
        """Figures of the report's scope and year: ``(figures, breakdown, per_unit)``."""
        self.ensure_one()
        units = self._fazhi_scope_units()
        date_from, date_to = self._fazhi_period()
        figures = self.env["fazhi.annual.figures"]._fazhi_annual_figures(units, date_from, date_to)
        breakdown = self.env["fazhi.record.figures"]._fazhi_case_breakdown(
            units, date_from, date_to
        )
        return figures, breakdown[False], units

    def _fazhi_draft(self):
        self.ensure_one()
        figures, breakdown, _units = self._fazhi_compute()
        scores = self.env["fazhi.annual.assessment"]._fazhi_scores(
            figures["units"], self.company_id
        )
        context = self._fazhi_text_context(figures["total"], breakdown, scores)
        sentences = text.sentences(context)
        vals = {"drafted_date": fields.Datetime.now()}
        templates = text.sections(context)
        for fname in SECTIONS:
            current = self[fname]
            if _is_blank(current):
                vals[fname] = templates[fname]
            else:
                vals[fname] = refresh_figures(current, sentences)
        if not self.title:
            vals["title"] = text.default_title(self.unit_id.name, self.year)
        with self._fazhi_action_scope():
            self.write(vals)
            self._fazhi_store_figures(figures["total"])
            self.env["fazhi.annual.assessment"]._fazhi_store(self, scores)
        return True

    def _fazhi_text_context(self, total, breakdown, scores):
        company = self.company_id
        field_names = {field: field.name for field in breakdown if field}
        return {
            "year": self.year,
            "unit": self.unit_id.name,
            "figures": total,
            "breakdown": [
                (field_names.get(field) or "其他", count)
                for field, count in sorted(
                    breakdown.items(),
                    key=lambda item: (-item[1], item[0].sequence if item[0] else 9999),
                )
            ],
            "scores": [(row["unit"].name, row["score"]) for row in scores],
            "channels": {
                "phone": company.fazhi_complaint_phone,
                "email": company.fazhi_complaint_email,
                "address": company.fazhi_complaint_address,
                "hotline": company.fazhi_complaint_hotline,
            },
            "min_hours": company.fazhi_training_min_hours,
        }

    def _fazhi_store_figures(self, total):
        """Replace the figure lines by the registry's figures of ``total``."""
        Line = self.env["fazhi.annual.report.figure"]
        registry = Line._fazhi_registry()
        vals_list = []
        for sequence, (code, definition) in enumerate(registry.items()):
            value = total.get(code)
            vals_list.append(
                {
                    "report_id": self.id,
                    "sequence": sequence,
                    "code": code,
                    "value": value or 0.0,
                    "has_value": value is not None,
                    "kind": definition["kind"],
                }
            )
        self.figure_ids.unlink()
        Line.create(vals_list)

    # ------------------------------------------------------------------
    # Deadlines (cron)
    # ------------------------------------------------------------------
    @api.model
    def _cron_deadlines(self):
        """Daily: from ``deadline - reminder days`` on, make sure last year's
        report of each company's top units exists, and that every report not
        yet reported (published) has an open supervision follow-up due on its
        deadline; the follow-up engine escalates it once overdue."""
        today = fields.Date.context_today(self)
        year = today.year - 1
        companies = self.env["fazhi.monthly.report"]._fazhi_companies()
        for company in companies:
            lead = timedelta(days=company.fazhi_annual_reminder_days)
            deadline = _clamped(
                year + 1, company.fazhi_annual_report_due_month, company.fazhi_annual_report_due_day
            )
            if today < deadline - lead:
                continue
            tops = self.env["fazhi.unit"].search(
                [("company_id", "=", company.id), ("parent_id", "=", False)]
            )
            existing = self.search([("unit_id", "in", tops.ids), ("year", "=", year)])
            missing = tops - existing.unit_id
            if missing:
                self.with_company(company).create(
                    [{"unit_id": unit.id, "year": year} for unit in missing]
                )
        reports = self.search([("state", "!=", "published"), ("year", "<", today.year)])
        for report in reports:
            lead = timedelta(days=report.company_id.fazhi_annual_reminder_days)
            if report.state in ("draft", "approved") and today >= report.report_deadline - lead:
                report._fazhi_open_deadline_followup("report", report.report_deadline, today)
            if today >= report.publish_deadline - lead:
                report._fazhi_open_deadline_followup("publish", report.publish_deadline, today)
        return True

    def _fazhi_deadline_followups(self, step):
        marker = f"[{step}]"
        # sudo: a lookup of the follow-ups this model opened for its deadlines.
        return (
            self.env["fazhi.followup"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("kind", "=", "supervision"),
                    ("state", "in", ("open", "in_progress")),
                    ("name", "=like", f"%{marker}"),
                ]
            )
        )

    def _fazhi_open_deadline_followup(self, step, deadline, today):
        self.ensure_one()
        if self._fazhi_deadline_followups(step):
            return
        if step == "report":
            name = self.env._("Send the annual report %(year)s to the government", year=self.year)
        else:
            name = self.env._("Publish the annual report %(year)s on the web", year=self.year)
        # sudo: the cron's own follow-up for the report's unit, on a deadline
        # the model computed; closed by the report's workflow step.
        self.env["fazhi.followup"].sudo()._create_followups(
            [
                {
                    "source": self,
                    "kind": "supervision",
                    "name": f"{name} [{step}]",
                    "deadline": max(deadline, today),
                }
            ]
        )

    def _fazhi_close_deadline_followups(self, step):
        today = _today(self)
        for followup in self._fazhi_deadline_followups(step):
            followup._fazhi_action_write(
                {
                    "state": "done",
                    "result": self.env._("Done on %(date)s.", date=fields.Date.to_string(today)),
                    "done_date": today,
                }
            )


class FazhiAnnualReportFigure(models.Model):
    """A figure of an annual report, with the records behind it."""

    _name = "fazhi.annual.report.figure"
    _description = "Annual report figure"
    _inherit = ["fazhi.workflow.mixin"]
    _order = "report_id, sequence, id"

    # Computed by drafting, never typed.
    _fazhi_field_rules = {
        "report_id": ACTION,
        "sequence": ACTION,
        "code": ACTION,
        "value": ACTION,
        "has_value": ACTION,
        "kind": ACTION,
    }

    report_id = fields.Many2one(
        "fazhi.annual.report", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    code = fields.Char(required=True, index=True)
    kind = fields.Selection(
        [("count", "Count"), ("percent", "Percentage"), ("amount", "Amount")],
        default="count",
        required=True,
    )
    value = fields.Float(string="Raw value")
    has_value = fields.Boolean(default=True)
    name = fields.Char(string="Figure", compute="_compute_display_values")
    value_display = fields.Char(string="Value", compute="_compute_display_values")
    has_records = fields.Boolean(compute="_compute_display_values")

    @api.depends("code", "value", "has_value", "kind")
    @api.depends_context("lang")
    def _compute_display_values(self):
        registry = self._fazhi_registry()
        for line in self:
            definition = registry.get(line.code, {})
            line.name = definition.get("label", line.code)
            line.has_records = bool(definition.get("model"))
            if not line.has_value:
                line.value_display = "—"
            elif line.kind == "percent":
                line.value_display = f"{line.value:.1f}".rstrip("0").rstrip(".") + " %"
            elif line.kind == "amount":
                line.value_display = f"{line.value:,.2f}"
            else:
                line.value_display = str(round(line.value))

    def action_open_records(self):
        """Open the records this figure counts (with the user's own rights)."""
        self.ensure_one()
        definition = self._fazhi_registry().get(self.code)
        if not definition or not definition.get("model"):
            raise UserError(self.env._("This figure has no records to open."))
        report = self.report_id
        units = report._fazhi_scope_units()
        date_from, date_to = report._fazhi_period()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": definition["model"],
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": definition["domain"](self.env, units, date_from, date_to),
            "context": {"create": False},
        }

    @api.model
    def _fazhi_registry(self):
        return text.registry(self.env)


def refresh_figures(value, sentences):
    """``value`` (HTML) with the content of each ``data-fazhi-figure`` block
    replaced by its sentence of ``sentences``; all other content unchanged."""
    root = html.fragment_fromstring(str(value or ""), create_parent="div")
    changed = False
    for node in root.xpath(f"//*[@{FIGURE_ATTR}]"):
        code = node.get(FIGURE_ATTR)
        if code not in sentences:
            continue
        for child in list(node):
            node.remove(child)
        node.text = sentences[code]
        changed = True
    if not changed:
        return value
    parts = [escape(root.text or "")]
    # The nodes come from the stored (sanitized) HTML and the sentences were
    # set as text (escaped by lxml on serialization).
    parts += [
        Markup(etree.tostring(child, encoding="unicode", method="html"))  # noqa: S704
        for child in root
    ]
    return Markup("").join(parts)


def _is_blank(value):
    if not value:
        return True
    return not html.fromstring(f"<div>{value}</div>").text_content().strip()


def _clamped(year, month, day):
    month = min(max(month or 3, 1), 12)
    last = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(max(day or 31, 1), last))


def _today(record):
    return fields.Date.context_today(record)
