import contextvars
import logging
import re
from collections import defaultdict
from datetime import date, datetime, time, timedelta

import pytz
from babel.dates import format_skeleton
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.misc import babel_locale_parse

from .fazhi_workflow_mixin import ACTION, EDIT, FazhiWorkflowError

OFFICE = "fazhi_base.group_fazhi_office"

_logger = logging.getLogger(__name__)

# Set while ``web_save`` reads back the record it saved: saving a note must
# not change the figures under the user's eyes (see ``web_read``).
_SAVING = contextvars.ContextVar("fazhi_monthly_report_saving", default=False)

# Follow-up states (fazhi.followup) used by fazhi_base's own figures.
FOLLOWUP_DONE_STATES = ("done", "verified")
FOLLOWUP_CLOSED_STATES = ("done", "verified", "cancelled")


class FazhiMonthlyReport(models.Model):
    """Monthly unit report (月报) of one unit for one month.

    Seeds 000 and 001 ask every unit to report its month's work to the office
    "于每月25日前" / "每月28日之前": the report of month M is due on day D of
    month M, D being the company's ``fazhi_monthly_report_due_day`` (default
    25, clamped to the last day of short months).

    Workflow: ``draft`` -> ``submitted`` (the unit's own people: members,
    manager or liaison) -> ``accepted`` or ``returned`` (Supervision office
    only; a return needs a reason). A returned report is corrected and
    submitted again. Any other step raises a ``UserError``; the wrong role
    raises an ``AccessError``. Submitted and accepted reports are locked.

    Figures: the registry ``_fazhi_figure_definitions`` and the hook ``_fazhi_collect_figures``
    ------------------------------------------------------------------------------------------
    Every figure has a stable code (``"<addon>.<figure>"``). Each addon
    declares its figures once, in ``_fazhi_figure_definitions`` (label, kind,
    target, order, optionally a live measure), and computes their monthly
    values in ``_fazhi_collect_figures``. Lines store the code, the value and
    the target; the label and unit come from the registry when they are shown,
    in the reader's language. The same registry serves the indicators' live
    values (``fazhi.indicator.figure_key``) and any other report by figure::

        class FazhiMonthlyReport(models.Model):
            _inherit = "fazhi.monthly.report"

            def _fazhi_figure_definitions(self):
                return {
                    **super()._fazhi_figure_definitions(),
                    "fazhi_complaints.received": {
                        "label": self.env._("Complaints received"),
                        "sequence": 400,
                    },
                }

            def _fazhi_collect_figures(self):
                figures = super()._fazhi_collect_figures()
                Complaint = self.env["fazhi.complaint"].sudo()
                for month, reports in self._fazhi_group_by_month().items():
                    start, stop = self._fazhi_month_bounds(month)  # UTC datetimes
                    counts = self._fazhi_count_by_unit(Complaint, [  # one _read_group
                        ("unit_id", "in", reports.unit_id.ids),
                        ("create_date", ">=", start), ("create_date", "<", stop),
                    ])
                    for report in reports:
                        figures[report.id].append({
                            "source": "fazhi_complaints.received",
                            "value": counts.get(report.unit_id, 0),
                        })
                return figures

    Contract:

    * A definition is ``{"label": str, "kind": "count" | "percent",
      "target": None | number | "report", "sequence": int, "live":
      callable(env, company) or None}``; only ``label`` is required (kind
      ``count``, no target, no live measure by default). The label is a
      ``self.env._("...")`` literal, so that it is translated for whoever reads.
      ``target`` ``"report"`` means each line brings its own target.
    * ``"measure"`` (optional): ``callable(env, units, date_from, date_to)``
      returning ``{code: {unit: number or None}}`` for ``date_from``
      (included) to ``date_to`` (excluded), the value of each unit of
      ``units`` (a ``fazhi.unit`` recordset) over any period (the indicator
      entries' live values, ``_fazhi_figure_measure_values``). Several codes
      may share one callable: it is called once per period for all of them,
      and returns every code it measures. Aggregate with ``_read_group``
      over all the units at once.
    * ``self`` is a batch of reports (any units, any months): compute the
      figures for all of them at once with ``_read_group`` (one query per
      figure and month, never one per report), usually as ``sudo()`` since
      figures are aggregates every reader of the report may see.
    * Return ``{report.id: [line values, ...]}`` with an entry for every
      report of ``self``; always start from ``super()``'s dict and append.
    * Line values: ``source`` (a registered code), ``value`` (a number, or
      ``None`` when there is nothing to measure, e.g. a rate of no cases) and,
      for a ``"report"`` target, ``target``. Nothing else: the label, unit,
      order and fixed target come from the registry.

    ``action_refresh_figures()`` (and ``_fazhi_refresh_figures()``) bring
    the lines up to date in place (changed lines written, new ones created in
    one batch, vanished ones removed); it runs when reports are created and
    each time an open report is displayed to someone who may write it.

    What is shown is what is submitted
    ----------------------------------
    While a report is open (draft or returned), the form recomputes its
    figures when it is opened (``web_read``, on the action path, and only for
    users who may write the report: a leader reads the stored figures and
    their date, ``figures_date``). Submission never changes them silently:
    ``action_submit`` recomputes once more and, if anything differs from what
    was displayed (``figures_revision``, sent back by the form's button), it
    stores the new figures, does *not* submit, and asks the user to check
    them and submit again. A submitted report therefore carries exactly the
    figures its submitter last saw; after submission they are frozen.
    """

    _name = "fazhi.monthly.report"
    _description = "Monthly unit report"
    _inherit = ["fazhi.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "month desc, unit_id, id"

    # Workflow declarations (fazhi.workflow.mixin).
    _fazhi_field_rules = {
        "unit_id": EDIT,
        "month": EDIT,
        "reminder_sent_date": ACTION,
        "state": ACTION,
        "submitted_by_id": ACTION,
        "submitted_date": ACTION,
        "return_reason": OFFICE,
        "figures_date": ACTION,
        "figures_revision": ACTION,
        "narrative": EDIT,
        "attachment_ids": EDIT,
        # Lines guard their own fields: only their notes are typed.
        "line_ids": EDIT,
    }
    _fazhi_state_rules = {
        "draft": EDIT,
        "returned": EDIT,
        # The office types the reason of a return before clicking "Return".
        "submitted": ("return_reason",),
        "accepted": (),
    }
    _fazhi_transitions = {
        "submit": (("draft", "returned"), "submitted", None),
        "accept": (("submitted",), "accepted", OFFICE),
        "return": (("submitted",), "returned", OFFICE),
    }
    _fazhi_unlink_states = ("draft", "returned")

    _OPEN_STATES = ("draft", "returned")
    _DONE_STATES = ("submitted", "accepted")

    def _default_month(self):
        return fields.Date.context_today(self).replace(day=1)

    # ------------------------------------------------------------------
    # Identity
    # ------------------------------------------------------------------
    # Name and month label are shown in the reader's language ("审批办 2026年11月",
    # "审批办 November 2026"), hence not stored; the name is searchable.
    name = fields.Char(compute="_compute_name", search="_search_name")
    unit_id = fields.Many2one(
        "fazhi.unit", required=True, index=True, tracking=True, ondelete="restrict"
    )
    month = fields.Date(
        required=True,
        default=lambda self: self._default_month(),
        index=True,
        tracking=True,
        help="First day of the month the report is about.",
    )
    month_label = fields.Char(string="Month label", compute="_compute_month_label")
    company_id = fields.Many2one(
        related="unit_id.company_id", store=True, index=True, precompute=True
    )

    # ------------------------------------------------------------------
    # Deadline
    # ------------------------------------------------------------------
    due_date = fields.Date(
        compute="_compute_due_date",
        store=True,
        help="Day of the month by which the unit submits this report (company setting).",
    )
    submitted_late = fields.Boolean(compute="_compute_submitted_late", store=True)
    is_late = fields.Boolean(
        string="Late",
        compute="_compute_is_late",
        search="_search_is_late",
        help="Submitted after the due date, or still not submitted after it.",
    )
    reminder_sent_date = fields.Date(
        readonly=True, copy=False, help="Day the reminder activity was scheduled."
    )
    is_my_unit = fields.Boolean(
        string="Of my units",
        compute="_compute_is_my_unit",
        search="_search_is_my_unit",
        help="Reports of the units the user works for and of the units below them; "
        "every report for the Supervision office and leaders (commission-wide roles).",
    )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("accepted", "Accepted"),
            ("returned", "Returned"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
    )
    submitted_by_id = fields.Many2one(
        "res.users", string="Submitted by", readonly=True, copy=False, tracking=True
    )
    submitted_date = fields.Datetime(string="Submitted on", readonly=True, copy=False)
    return_reason = fields.Text(
        copy=False,
        tracking=True,
        help="Why the office returned the report; required to return it.",
    )

    # ------------------------------------------------------------------
    # Content
    # ------------------------------------------------------------------
    narrative = fields.Html(help="Work done this month, problems found, next steps.")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "fazhi_monthly_report_ir_attachment_rel",
        "report_id",
        "attachment_id",
        string="Supporting documents",
        copy=False,
    )
    line_ids = fields.One2many(
        "fazhi.monthly.report.line", "report_id", string="Figures", copy=False
    )
    figures_date = fields.Datetime(
        string="Figures as of",
        readonly=True,
        copy=False,
        help="When the figures were last computed. While the report is open they are "
        "computed again each time its unit or the office opens it; once submitted they "
        "stay as submitted.",
    )
    figures_revision = fields.Integer(
        readonly=True,
        copy=False,
        help="Incremented each time the figures change; submission checks that the "
        "figures displayed are still the current ones.",
    )

    _sql_constraints = [
        (
            "unit_month_uniq",
            "unique(unit_id, month)",
            "Duplicate monthly report: this unit already has a report for that month.",
        ),
    ]

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("unit_id.name", "month")
    @api.depends_context("lang")
    def _compute_name(self):
        for report in self:
            month = self._fazhi_month_label(report.month) if report.month else ""
            report.name = " ".join(filter(None, [report.unit_id.name, month]))

    def _search_name(self, operator, value):
        """Unit name and/or month: "审批办", "2026年11月", "审批办 2026-11"."""
        if operator not in ("ilike", "like", "=", "=ilike", "=like") or not isinstance(value, str):
            return [("unit_id.name", operator, value)]
        found = re.search(r"(\d{4})\s*[-/.年]\s*(\d{1,2})", value)
        if not found or not 1 <= int(found[2]) <= 12:
            return [("unit_id.name", operator, value)]
        domain = [("month", "=", date(int(found[1]), int(found[2]), 1))]
        rest = (value[: found.start()] + value[found.end() :]).replace("月", " ").strip()
        if rest:
            domain = expression.AND([domain, [("unit_id.name", operator, rest)]])
        return domain

    @api.depends("month")
    @api.depends_context("lang")
    def _compute_month_label(self):
        for report in self:
            report.month_label = self._fazhi_month_label(report.month) if report.month else False

    # Deliberately not depending on the company's due day: a new due day is
    # applied by res.company.write to the open reports only, so submitted
    # reports keep the date they were judged against.
    @api.depends("month", "company_id")
    def _compute_due_date(self):
        for report in self:
            company = report.company_id or self.env.company
            report.due_date = report.month and self._fazhi_due_date(company, report.month)

    @api.depends("submitted_date", "due_date")
    def _compute_submitted_late(self):
        for report in self:
            if report.submitted_date and report.due_date:
                local = fields.Datetime.context_timestamp(report, report.submitted_date)
                report.submitted_late = local.date() > report.due_date
            else:
                report.submitted_late = False

    @api.depends("state", "due_date", "submitted_late")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for report in self:
            if report.state in self._DONE_STATES:
                report.is_late = report.submitted_late
            else:
                report.is_late = bool(report.due_date and today > report.due_date)

    @api.depends("unit_id")
    @api.depends_context("uid")
    def _compute_is_my_unit(self):
        units = self._fazhi_my_units()
        for report in self:
            report.is_my_unit = units is None or report.unit_id in units

    def _search_is_my_unit(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on the My units field."))
        units = self._fazhi_my_units()
        mine = [(1, "=", 1)] if units is None else [("unit_id", "in", units.ids)]
        return mine if (operator == "=") == value else ["!", *mine]

    @api.model
    def _fazhi_my_units(self):
        """Units whose reports are "mine" for the user: ``None`` (all) for the
        commission-wide roles, else the units the user is a member, manager or
        liaison of, and every unit below them."""
        user = self.env.user
        if user.has_group("fazhi_base.group_fazhi_office") or user.has_group(
            "fazhi_base.group_fazhi_leader"
        ):
            return None
        # sudo: unit ids only, to build a filter; the record rules still
        # decide which of their reports the user reads.
        Unit = self.env["fazhi.unit"].sudo()
        own = Unit.search(
            [
                "|",
                "|",
                ("member_ids", "in", user.ids),
                ("manager_id", "=", user.id),
                ("liaison_id", "=", user.id),
            ]
        )
        return Unit.search([("id", "child_of", own.ids)]) if own else Unit

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on the Late field."))
        today = fields.Date.context_today(self)
        late = [
            "|",
            "&",
            ("state", "in", self._DONE_STATES),
            ("submitted_late", "=", True),
            "&",
            ("state", "in", self._OPEN_STATES),
            ("due_date", "<", today),
        ]
        return late if (operator == "=") == value else ["!", *late]

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("month"):
                vals["month"] = self._fazhi_first_of_month(vals["month"])
        reports = super().create(vals_list)
        reports._fazhi_refresh_figures()
        return reports

    def write(self, vals):
        if vals.get("month"):
            vals["month"] = self._fazhi_first_of_month(vals["month"])
        return super().write(vals)

    def web_read(self, specification):
        """The form of an open report shows current figures: reading it with
        its lines recomputes them first (on the action path), for users who
        may write the report. Others (leaders) read the stored figures and
        ``figures_date``; nobody's read becomes a write they could not make."""
        if "line_ids" in specification and not _SAVING.get():
            self._fazhi_refresh_on_display()
        return super().web_read(specification)

    # ``web_read`` is declared read-only (``api.readonly``), so that the web
    # client may serve it from a read-only replica; this override writes the
    # refreshed figures, so it asks for a read/write cursor.
    web_read._readonly = False

    def web_save(self, vals, specification, next_id=None):
        # Saving a note reads the record back: the figures stay those shown.
        token = _SAVING.set(True)
        try:
            return super().web_save(vals, specification, next_id=next_id)
        finally:
            _SAVING.reset(token)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_submit(self):
        """Submit to the office (the unit's members, manager or liaison).

        What is submitted is exactly what was displayed: the figures are
        recomputed one last time and, if they differ from those the user saw
        (the form sends ``figures_revision`` as ``fazhi_figures_revision`` in
        the button's context; a caller without a form compares with the
        stored figures), the new figures are stored and nothing is submitted:
        the user gets a notification asking to check them and submit again.
        Refusing with an error would roll the new figures back, and
        submitting the new figures would send something nobody looked at.
        The context value only narrows what is accepted: whatever it says,
        the submitted figures are the server's own, current ones.
        """
        for report in self:
            if report.state not in self._OPEN_STATES:
                raise UserError(
                    self.env._(
                        "Only a draft or returned report can be submitted; %(report)s is %(state)s.",
                        report=report.display_name,
                        state=report._fazhi_state_label(),
                    )
                )
            if not self.env.su and not report._fazhi_is_unit_staff(self.env.user):
                raise AccessError(
                    self.env._(
                        "Only the people of %(unit)s can submit its monthly report.",
                        unit=report.unit_id.display_name,
                    )
                )
        shown = self.env.context.get("fazhi_figures_revision")
        stale = self.browse()
        if len(self) == 1 and isinstance(shown, int) and shown != self.figures_revision:
            stale = self
        stale |= self._fazhi_refresh_figures()
        if stale:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "sticky": True,
                    "title": self.env._("Figures updated, not submitted"),
                    "message": self.env._(
                        "The figures of %(reports)s changed since they were displayed. "
                        "Check the updated figures, then submit again.",
                        reports=", ".join(stale.mapped("display_name")),
                    ),
                    "next": {"type": "ir.actions.client", "tag": "soft_reload"},
                },
            }
        self._fazhi_move(
            "submit",
            {
                "submitted_by_id": self.env.uid,
                "submitted_date": fields.Datetime.now(),
                "return_reason": False,
            },
        )
        self._fazhi_close_reminders()
        return True

    def action_accept(self):
        """Accept a submitted report (Supervision office)."""
        self._fazhi_check_office()
        for report in self:
            if report.state != "submitted":
                raise UserError(
                    self.env._(
                        "Only a submitted report can be accepted; %(report)s is %(state)s.",
                        report=report.display_name,
                        state=report._fazhi_state_label(),
                    )
                )
        self._fazhi_move("accept")
        return True

    def action_return(self, reason=None):
        """Return a submitted report to its unit (Supervision office).

        :param str reason: why; defaults to the report's ``return_reason``,
            which the office fills in the form before clicking Return.
        """
        self._fazhi_check_office()
        for report in self:
            if report.state != "submitted":
                raise UserError(
                    self.env._(
                        "Only a submitted report can be returned; %(report)s is %(state)s.",
                        report=report.display_name,
                        state=report._fazhi_state_label(),
                    )
                )
            if not (reason or report.return_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Give the reason for returning %(report)s.", report=report.display_name
                    )
                )
        for report in self:
            text = (reason or report.return_reason).strip()
            report._fazhi_move("return", {"return_reason": text})
            report.message_post(
                body=self.env._("Report returned: %(reason)s", reason=text),
                partner_ids=report.submitted_by_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def action_refresh_figures(self):
        """Recompute the figures of draft or returned reports from every addon."""
        self._fazhi_check_editable()
        self._fazhi_refresh_figures()
        return True

    # ------------------------------------------------------------------
    # Figures (the hook)
    # ------------------------------------------------------------------
    @api.model
    def _fazhi_figure_definitions(self):
        """The figures fazhi_base measures: ``{code: definition}``.

        Extend it in every addon that contributes figures (see the class
        docstring): ``{**super()._fazhi_figure_definitions(), code: {...}}``.
        """
        return {
            "fazhi_base.followup_opened": {
                "label": self.env._("Follow-ups opened"),
                "sequence": 100,
            },
            "fazhi_base.followup_due": {
                "label": self.env._("Follow-ups due"),
                "sequence": 110,
            },
            "fazhi_base.followup_done": {
                "label": self.env._("Follow-ups due and done"),
                "sequence": 120,
            },
            "fazhi_base.followup_overdue": {
                "label": self.env._("Follow-ups overdue"),
                "sequence": 130,
                "target": 0.0,
                "live": _live_followups_overdue,
            },
        }

    @api.model
    def _fazhi_figures(self):
        """Every installed figure, definitions completed with their defaults,
        labels in the language of ``self.env``: ``{code: definition}``."""
        figures = {}
        for position, (code, definition) in enumerate(self._fazhi_figure_definitions().items()):
            figures[code] = {
                "code": code,
                "label": definition["label"],
                "kind": definition.get("kind", "count"),
                "target": definition.get("target"),
                "sequence": definition.get("sequence", 1000 + position),
                "live": definition.get("live"),
                "measure": definition.get("measure"),
            }
        return figures

    @api.model
    def _fazhi_figure_uom(self, figure):
        """Unit shown after a value of ``figure`` (a ``_fazhi_figures`` item)."""
        return "%" if figure["kind"] == "percent" else self.env._("items")

    @api.model
    def _fazhi_figure_format(self, figure, value, has_value=True):
        """``value`` of ``figure`` as shown: "3 件", "85.5 %", "—" (nothing measured)."""
        if not has_value or value is None:
            return "—"
        if figure["kind"] == "count":
            number = str(round(value))
        else:
            number = f"{value:.1f}".rstrip("0").rstrip(".")
        return f"{number} {self._fazhi_figure_uom(figure)}"

    @api.model
    def _fazhi_figure_live_values(self, codes, company):
        """Current value of each figure of ``codes`` that has a live measure,
        for ``company``: ``{code: number or None}``; one call per code."""
        figures = self._fazhi_figures()
        return {
            code: figures[code]["live"](self.env, company)
            for code in codes
            if code in figures and figures[code]["live"]
        }

    @api.model
    def _fazhi_figure_measure_values(self, codes, units, date_from, date_to):
        """Value of each figure of ``codes`` that has a ``measure`` for each
        unit of ``units`` from ``date_from`` (included) to ``date_to``
        (excluded): ``{code: {unit: number or None}}``. A code that is not
        installed or has no measure is absent. One call per distinct measure."""
        figures = self._fazhi_figures()
        measures = {
            figures[code]["measure"] for code in codes if figures.get(code, {}).get("measure")
        }
        values = {}
        for measure in measures:
            values.update(measure(self.env, units, date_from, date_to))
        return {code: values[code] for code in codes if code in values}

    def _fazhi_collect_figures(self):
        """Return ``{report.id: [line values]}`` for every report of ``self``.

        Extend it with ``_inherit = "fazhi.monthly.report"``: call ``super()``,
        append your addon's lines to each report's list and return the dict
        (see the class docstring for the contract). fazhi_base contributes the
        follow-up figures of the unit for the month.
        """
        figures = {report.id: [] for report in self}
        self._fazhi_collect_followup_figures(figures)
        return figures

    def _fazhi_collect_followup_figures(self, figures):
        """fazhi_base's own figures: the unit's follow-ups (fazhi.followup).

        * opened: created during the month (cancelled ones excluded);
        * due: deadline in the month (cancelled excluded);
        * done: deadline in the month and now done or verified;
        * overdue: deadline before the end of the month (before today for the
          current month) and still neither done, verified nor cancelled.
        """
        Followup = self.env["fazhi.followup"].sudo()
        today = fields.Date.context_today(self)
        for month, reports in self._fazhi_group_by_month().items():
            start, stop = self._fazhi_month_bounds(month)
            next_month = month + relativedelta(months=1)
            base = [("unit_id", "in", reports.unit_id.ids)]
            opened = self._fazhi_count_by_unit(
                Followup,
                [
                    *base,
                    ("create_date", ">=", start),
                    ("create_date", "<", stop),
                    ("state", "!=", "cancelled"),
                ],
            )
            in_month = [("deadline", ">=", month), ("deadline", "<", next_month)]
            due = self._fazhi_count_by_unit(
                Followup, [*base, *in_month, ("state", "!=", "cancelled")]
            )
            done = self._fazhi_count_by_unit(
                Followup, [*base, *in_month, ("state", "in", FOLLOWUP_DONE_STATES)]
            )
            overdue = self._fazhi_count_by_unit(
                Followup,
                [
                    *base,
                    ("deadline", "<", min(next_month, today)),
                    ("state", "not in", FOLLOWUP_CLOSED_STATES),
                ],
            )
            for report in reports:
                unit = report.unit_id
                figures[report.id] += [
                    {"source": "fazhi_base.followup_opened", "value": opened.get(unit, 0)},
                    {"source": "fazhi_base.followup_due", "value": due.get(unit, 0)},
                    {"source": "fazhi_base.followup_done", "value": done.get(unit, 0)},
                    {"source": "fazhi_base.followup_overdue", "value": overdue.get(unit, 0)},
                ]
        return figures

    def _fazhi_refresh_on_display(self):
        """Refresh the open reports of ``self`` that the user may write
        (``web_read``): never a write by someone who could not make it."""
        reports = self.filtered(lambda report: report.state in self._OPEN_STATES)
        if not reports or not self.env["fazhi.monthly.report.line"].has_access("create"):
            return
        reports = reports.filtered(lambda report: report.has_access("write"))
        reports._fazhi_refresh_figures()

    def _fazhi_refresh_figures(self):
        """Bring the lines of ``self`` up to the hook's figures (no state check).

        Lines are updated in place: a line whose figure is still measured keeps
        its id and its note; only changed values are written, new figures
        created, figures no longer measured removed. The order and the fixed
        targets come from the registry. Nothing measured and no target are
        stored as NULL (SQL aggregates skip them: the pivot shows "—" instead
        of adding a rate of no cases as 0 % or averaging a missing target as
        0); readers of the record still get 0.0, ``has_value`` and the
        registry's target say what it means.

        The lines are read, inserted and updated in three SQL statements,
        whatever the number of reports (a province's month is 1,000 reports of
        about 55 lines): they are the server's computation, never typed, and
        nothing else is stored on them. The caller's right to write the
        reports and their lines is checked first, as the ORM would.

        :return: the reports whose figures changed (their ``figures_revision``
            is incremented); every report of ``self`` gets ``figures_date``.
        """
        if not self:
            return self.browse()
        Line = self.env["fazhi.monthly.report.line"]
        if not self.env.su:
            self.check_access("write")
            Line.check_access("create")
            Line.check_access("write")
        figures = self._fazhi_collect_figures()
        registry = self._fazhi_figures()
        existing = self._fazhi_read_lines()
        codes_by_report = defaultdict(list)
        for report_id, code in existing:
            codes_by_report[report_id].append(code)
        to_insert = []
        to_update = []
        to_remove = []
        changed = set()
        for report in self:
            seen = set()
            for vals in figures.get(report.id, []):
                code = vals["source"]
                figure = registry.get(code)
                if not figure:
                    raise ValueError(f"Monthly figure {code!r} is not registered.")
                value = vals.get("value")
                target = figure["target"]
                if target == "report":
                    target = vals.get("target")
                # As stored: NULL for nothing measured and for no target.
                new = (
                    figure["sequence"],
                    None if value is None else float(value),
                    value is not None,
                    None if target is None else float(target),
                )
                seen.add(code)
                lines = existing.get((report.id, code))
                if not lines:
                    to_insert.append((report.id, code, *new))
                    changed.add(report.id)
                    continue
                (line_id, *old), *duplicates = lines
                to_remove += [duplicate[0] for duplicate in duplicates]
                if tuple(old) == new:
                    continue
                to_update.append((line_id, *new))
                if _fazhi_figure_changed(old, new):
                    changed.add(report.id)
            for code in codes_by_report.get(report.id, ()):
                if code not in seen:
                    to_remove += [line[0] for line in existing[(report.id, code)]]
                    changed.add(report.id)
        changed_reports = self.browse(sorted(changed))
        with self._fazhi_action_scope():
            if to_remove:
                Line.browse(to_remove).unlink()
            self._fazhi_write_lines(to_insert, to_update)
            now = fields.Datetime.now()
            (self - changed_reports).write({"figures_date": now})
            by_revision = defaultdict(list)
            for report in changed_reports:
                by_revision[report.figures_revision].append(report.id)
            for revision, ids in by_revision.items():
                self.browse(ids).write({"figures_date": now, "figures_revision": revision + 1})
        return changed_reports

    def _fazhi_read_lines(self):
        """The stored lines of ``self``: ``{(report_id, code): [(id, sequence,
        value, has_value, target), ...]}``, as stored (NULL is ``None``), in
        the lines' order (the first of duplicates is the one kept)."""
        Line = self.env["fazhi.monthly.report.line"]
        Line.flush_model(["report_id", "source", "sequence", "value", "has_value", "target"])
        self.env.cr.execute(
            SQL(
                """
                SELECT id, report_id, source, COALESCE(sequence, 0), value,
                       COALESCE(has_value, FALSE), target
                  FROM fazhi_monthly_report_line
                 WHERE report_id = ANY(%s)
                 ORDER BY report_id, sequence, id
                """,
                self.ids,
            )
        )
        existing = defaultdict(list)
        for line_id, report_id, code, sequence, value, has_value, target in self.env.cr.fetchall():
            existing[(report_id, code)].append((line_id, sequence, value, has_value, target))
        return existing

    def _fazhi_write_lines(self, to_insert, to_update):
        """Insert and update figure lines in one statement each.

        :param to_insert: ``[(report_id, code, sequence, value, has_value, target)]``
        :param to_update: ``[(line_id, sequence, value, has_value, target)]``
        """
        if not to_insert and not to_update:
            return
        Line = self.env["fazhi.monthly.report.line"]
        cr = self.env.cr
        now = cr.now()
        if to_insert:
            report_ids, codes, sequences, values, has_values, targets = zip(*to_insert, strict=True)
            # The stored copies of the report's unit, month and company, as
            # the related fields would store them.
            reports = {report.id: report for report in self.browse(set(report_ids))}
            cr.execute(
                SQL(
                    """
                    INSERT INTO fazhi_monthly_report_line
                        (report_id, source, sequence, value, has_value, target,
                         unit_id, month, company_id,
                         create_uid, create_date, write_uid, write_date)
                    SELECT *, %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM unnest(%(report_ids)s::int[], %(codes)s::varchar[],
                                  %(sequences)s::int[], %(values)s::float8[],
                                  %(has_values)s::bool[], %(targets)s::float8[],
                                  %(unit_ids)s::int[], %(months)s::date[],
                                  %(company_ids)s::int[])
                    """,
                    uid=self.env.uid,
                    now=now,
                    report_ids=_sql_array(report_ids),
                    codes=_sql_array(codes),
                    sequences=_sql_array(sequences),
                    values=_sql_array(values),
                    has_values=_sql_array(has_values),
                    targets=_sql_array(targets),
                    unit_ids=_sql_array(reports[report_id].unit_id.id for report_id in report_ids),
                    months=_sql_array(str(reports[report_id].month) for report_id in report_ids),
                    company_ids=_sql_array(
                        reports[report_id].company_id.id or None for report_id in report_ids
                    ),
                )
            )
        if to_update:
            line_ids, sequences, values, has_values, targets = zip(*to_update, strict=True)
            cr.execute(
                SQL(
                    """
                    UPDATE fazhi_monthly_report_line line
                       SET sequence = new.sequence, value = new.value,
                           has_value = new.has_value, target = new.target,
                           write_uid = %(uid)s, write_date = %(now)s
                      FROM unnest(%(line_ids)s::int[], %(sequences)s::int[],
                                  %(values)s::float8[], %(has_values)s::bool[],
                                  %(targets)s::float8[])
                           AS new(id, sequence, value, has_value, target)
                     WHERE line.id = new.id
                    """,
                    uid=self.env.uid,
                    now=now,
                    line_ids=_sql_array(line_ids),
                    sequences=_sql_array(sequences),
                    values=_sql_array(values),
                    has_values=_sql_array(has_values),
                    targets=_sql_array(targets),
                )
            )
        Line.invalidate_model()
        self.invalidate_recordset(["line_ids"])

    def _fazhi_figure_table(self):
        """Figures of ``self`` as a table for exports, labels in the reader's language.

        :return: ``(columns, values)``: ``columns`` a list of
            ``(code, label, uom, kind)`` in registry order (union over the
            reports), ``values`` a dict ``{(report_id, code): cell}``, the cell
            an ``int`` for a count, a ``float`` for a percentage, "—" when
            nothing was measured.
        """
        registry = self._fazhi_figures()
        columns = {}
        values = {}
        # Plain values in one query (a province's month is ~55,000 lines);
        # the lines' record rules apply as for ``line_ids``.
        lines = self.env["fazhi.monthly.report.line"].search_read(
            [("report_id", "in", self.ids)],
            ["report_id", "source", "value", "has_value"],
            order="sequence, id",
            load=None,
        )
        for line in lines:
            code = line["source"]
            figure = registry.get(code)
            if not figure:
                continue
            columns.setdefault(
                code, (code, figure["label"], self._fazhi_figure_uom(figure), figure["kind"])
            )
            if not line["has_value"]:
                cell = "—"
            elif figure["kind"] == "count":
                cell = round(line["value"])
            else:
                cell = line["value"]
            values[(line["report_id"], code)] = cell
        return list(columns.values()), values

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @api.model
    def _fazhi_count_by_unit(self, model, domain):
        """``{unit: count}`` of the ``model`` records matching ``domain`` (one query)."""
        return dict(model._read_group(domain, ["unit_id"], ["__count"]))

    @api.model
    def _fazhi_companies(self):
        """Companies that have active units (the crons work per company)."""
        groups = self.env["fazhi.unit"].sudo()._read_group([("active", "=", True)], ["company_id"])
        return self.env["res.company"].browse([company.id for [company] in groups])

    @api.model
    def _fazhi_month_label(self, month):
        """A month as people write it, in the reader's language: ``2026年11月``
        in Chinese, ``November 2026`` in English (never the first day's date)."""
        lang = self.env.context.get("lang") or self.env.user.lang or "en_US"
        return format_skeleton("yMMMM", fields.Date.to_date(month), locale=babel_locale_parse(lang))

    @api.model
    def _fazhi_first_of_month(self, value):
        return fields.Date.to_date(value).replace(day=1)

    @api.model
    def _fazhi_due_date(self, company, month):
        """Due date of the reports of ``month`` for ``company`` (clamped)."""
        month = self._fazhi_first_of_month(month)
        last_day = month + relativedelta(day=31)
        day = company.fazhi_monthly_report_due_day or 25
        return month.replace(day=min(day, last_day.day))

    @api.model
    def _fazhi_reminder_date(self, company, month):
        """Day the reminders of ``month`` start (never before the 1st)."""
        due = self._fazhi_due_date(company, month)
        return max(
            self._fazhi_first_of_month(month),
            due - timedelta(days=company.fazhi_monthly_reminder_days),
        )

    @api.model
    def _fazhi_month_bounds(self, month):
        """UTC bounds ``(start, stop)`` of a month for Datetime domains.

        The month is taken in the user's time zone (UTC when none is set).
        """
        tz_name = self.env.context.get("tz") or self.env.user.tz
        tz = pytz.timezone(tz_name) if tz_name in pytz.all_timezones_set else pytz.utc
        month = self._fazhi_first_of_month(month)
        bounds = []
        for day in (month, month + relativedelta(months=1)):
            local = tz.localize(datetime.combine(day, time.min))
            bounds.append(local.astimezone(pytz.utc).replace(tzinfo=None))
        return tuple(bounds)

    def _fazhi_group_by_month(self):
        """``{month: reports}`` of ``self``, in the order of ``self``."""
        ids = defaultdict(list)
        for report in self:
            ids[report.month].append(report.id)
        return {month: self.browse(report_ids) for month, report_ids in ids.items()}

    def _fazhi_state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _fazhi_is_unit_staff(self, user):
        """Whether ``user`` works for the report's unit (member, manager, liaison)."""
        self.ensure_one()
        unit = self.unit_id.sudo()
        return user in unit.member_ids or user in unit.manager_id or user in unit.liaison_id

    def _fazhi_check_office(self):
        if not self.env.su and not self.env.user.has_group("fazhi_base.group_fazhi_office"):
            raise AccessError(
                self.env._("Only the Supervision office accepts or returns monthly reports.")
            )

    def _fazhi_check_editable(self):
        locked = self.filtered(lambda report: report.state not in self._OPEN_STATES)
        if locked:
            raise UserError(
                self.env._(
                    "%(report)s is %(state)s: it can no longer be changed. "
                    "The office can return it to its unit.",
                    report=locked[0].display_name,
                    state=locked[0]._fazhi_state_label(),
                )
            )

    def _fazhi_close_reminders(self):
        """Mark the reminder activities of submitted reports as done."""
        todo = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        reminders = self.sudo().activity_ids.filtered(
            lambda activity: activity.automated and activity.activity_type_id == todo
        )
        if reminders:
            reminders.action_feedback(feedback=self.env._("Monthly report submitted."))

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------
    @api.model
    def _cron_send_reminders(self):
        """Daily: remind the units that have not submitted this month's report.

        From ``due date - lead days`` until the due date (so a missed run is
        caught up), for every company: create the missing draft reports of its
        active units in one batch, then schedule one to-do activity per open
        report not reminded yet for the unit's manager (else its liaison).
        Idempotent: a second run creates nothing.
        """
        today = fields.Date.context_today(self)
        month = today.replace(day=1)
        for company in self._fazhi_companies():
            due = self._fazhi_due_date(company, month)
            if not self._fazhi_reminder_date(company, month) <= today <= due:
                continue
            self.with_company(company)._fazhi_remind_units(company, month, today)
        return True

    @api.model
    def _fazhi_remind_units(self, company, month, today):
        units = self.env["fazhi.unit"].search([("company_id", "=", company.id)])
        reports = self.search([("unit_id", "in", units.ids), ("month", "=", month)])
        missing_units = units - reports.unit_id
        if missing_units:
            reports |= self.create([{"unit_id": unit.id, "month": month} for unit in missing_units])
        pending = reports.filtered(
            lambda report: report.state in self._OPEN_STATES and not report.reminder_sent_date
        )
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        activity_vals = []
        for report in pending:
            user = report.unit_id._get_responsible_users()
            if not user:
                _logger.info("Monthly report %s: unit without manager or liaison", report.name)
                continue
            activity_vals.append(
                {
                    "activity_type_id": todo.id,
                    "res_model_id": model_id,
                    "res_id": report.id,
                    "user_id": user.id,
                    "date_deadline": report.due_date,
                    "automated": True,
                    # In the reader's language, not the cron's.
                    "summary": report.with_context(lang=user.lang).env._(
                        "Submit the monthly report %(month)s",
                        month=report.with_context(lang=user.lang).month_label,
                    ),
                }
            )
        if activity_vals:
            self.env["mail.activity"].create(activity_vals)
        pending._fazhi_action_write({"reminder_sent_date": today})
        return pending


def _sql_array(values):
    """``values`` as the text of a PostgreSQL array, to be cast in the query
    (``%s::int[]``): one parameter parsed at once, where a Python list is sent
    as an ``ARRAY[...]`` expression of one node per element (seconds for the
    ~55,000 lines of a province's month). ``None`` is NULL."""

    def element(value):
        if value is None:
            return "NULL"
        if isinstance(value, bool):
            return "t" if value else "f"
        if isinstance(value, str):
            return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if isinstance(value, float):
            return repr(value)
        return str(value)

    return "{" + ",".join(map(element, values)) + "}"


def _fazhi_figure_changed(old, new):
    """Whether a line's figure changed between ``old`` and ``new`` (``(sequence,
    value, has_value, target)`` as stored): its value, whether it was measured
    or its target, read as the ORM reads them (NULL is 0); not its order."""
    (__, old_value, old_has, old_target), (__, new_value, new_has, new_target) = old, new
    return (
        old_has != new_has
        or abs((old_value or 0.0) - (new_value or 0.0)) > 1e-9
        or abs((old_target or 0.0) - (new_target or 0.0)) > 1e-9
    )


def _live_followups_overdue(env, company):
    """Live value of ``fazhi_base.followup_overdue``: the company's follow-ups
    past their deadline today and neither done, verified nor cancelled."""
    # sudo: a count of the company's follow-ups is all that leaves this
    # function, never a record, its name or its unit.
    Followup = env["fazhi.followup"].sudo()
    return Followup.search_count(
        [
            ("company_id", "=", company.id),
            ("deadline", "<", fields.Date.context_today(Followup)),
            ("state", "not in", FOLLOWUP_CLOSED_STATES),
        ]
    )


class FazhiMonthlyReportLine(models.Model):
    """One figure of a monthly report, filled by ``_fazhi_collect_figures``.

    A line stores the figure's code (``source``), its value and its target;
    the label and the unit are the registry's, in the reader's language
    (``fazhi.monthly.report._fazhi_figures``), so that reports computed by a
    cron or by people of any language group under one figure.
    """

    _name = "fazhi.monthly.report.line"
    _description = "Monthly report figure"
    _inherit = ["fazhi.workflow.mixin"]
    _order = "report_id, sequence, id"

    # Figures are computed, never typed: only the note is a person's, and
    # only while the report is open. The state is the report's.
    _fazhi_field_rules = {
        "report_id": ACTION,
        "sequence": ACTION,
        "source": ACTION,
        "value": ACTION,
        "has_value": ACTION,
        "target": ACTION,
        "note": EDIT,
    }
    _fazhi_state_rules = {
        "draft": EDIT,
        "returned": EDIT,
        "submitted": (),
        "accepted": (),
    }

    report_id = fields.Many2one(
        "fazhi.monthly.report", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    source = fields.Selection(
        selection="_selection_source",
        string="Figure",
        index=True,
        help="Code of the figure, e.g. fazhi_base.followup_opened; shown as its label.",
    )
    value = fields.Float(aggregator="sum")
    has_value = fields.Boolean(
        string="Measured",
        default=True,
        help="Unset when there was nothing to measure, e.g. a rate of no cases.",
    )
    target = fields.Float(aggregator="avg", help="Expected value, when the figure has one.")
    note = fields.Char()
    # Shown in the reader's language, from the figure registry.
    name = fields.Char(string="Label", compute="_compute_figure_display")
    uom = fields.Char(string="Unit of measure", compute="_compute_figure_display")
    value_display = fields.Char(string="Value as shown", compute="_compute_figure_display")
    target_display = fields.Char(string="Target as shown", compute="_compute_figure_display")
    # Stored copies for pivots and graphs (unit x figure x month).
    unit_id = fields.Many2one(related="report_id.unit_id", store=True, index=True)
    month = fields.Date(related="report_id.month", store=True)
    state = fields.Selection(related="report_id.state", string="Report state")
    company_id = fields.Many2one(related="report_id.company_id", store=True)
    month_label = fields.Char(related="report_id.month_label", string="Month label")
    is_latest_month = fields.Boolean(
        string="Latest month reported",
        compute="_compute_is_latest_month",
        search="_search_is_latest_month",
        help="Figures of the latest month for which the reader can see reports.",
    )

    @api.model
    def _selection_source(self):
        figures = self.env["fazhi.monthly.report"]._fazhi_figures().values()
        return [
            (figure["code"], figure["label"])
            for figure in sorted(figures, key=lambda figure: figure["sequence"])
        ]

    @api.depends("source", "value", "has_value", "target")
    @api.depends_context("lang")
    def _compute_figure_display(self):
        Report = self.env["fazhi.monthly.report"]
        registry = Report._fazhi_figures()
        for line in self:
            figure = registry.get(line.source)
            if not figure:
                # A figure of an addon no longer installed: its code and number.
                line.name = line.source or ""
                line.uom = ""
                line.value_display = "—" if not line.has_value else f"{line.value:g}"
                line.target_display = ""
                continue
            line.name = figure["label"]
            line.uom = Report._fazhi_figure_uom(figure)
            line.value_display = Report._fazhi_figure_format(figure, line.value, line.has_value)
            line.target_display = (
                Report._fazhi_figure_format(figure, line.target)
                if figure["target"] is not None
                else ""
            )

    def _fazhi_latest_month(self):
        """Latest month among the figures the user may read (record rules apply)."""
        latest = self.search([], order="month desc", limit=1)
        return latest.month

    @api.depends("month")
    @api.depends_context("uid")
    def _compute_is_latest_month(self):
        latest = self._fazhi_latest_month()
        for line in self:
            line.is_latest_month = bool(latest) and line.month == latest

    def _search_is_latest_month(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on the Latest month field."))
        latest = self._fazhi_latest_month()
        domain = [("month", "=", latest)] if latest else [(0, "=", 1)]
        return domain if (operator == "=") == value else ["!", *domain]

    def _fazhi_check_unlink(self):
        # Reached only outside the action path (the report's refresh).
        raise FazhiWorkflowError(
            self.env._("Figures are replaced by refreshing the report, not deleted one by one.")
        )
