import logging
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .fazhi_workflow_mixin import ACTION, EDIT, FazhiWorkflowError

OFFICE = "fazhi_base.group_fazhi_office"

_logger = logging.getLogger(__name__)

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

    Figures: the hook ``_fazhi_collect_figures``
    ---------------------------------------------
    The report's lines (``fazhi.monthly.report.line``) are never typed: every
    installed fazhi addon contributes its own figures through one batch hook::

        class FazhiMonthlyReport(models.Model):
            _inherit = "fazhi.monthly.report"

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
                            "name": self.env._("Complaints received"),
                            "value": counts.get(report.unit_id, 0),
                            "uom": self.env._("items"),
                        })
                return figures

    Contract:

    * ``self`` is a batch of reports (any units, any months): compute the
      figures for all of them at once with ``_read_group`` (one query per
      figure and month, never one per report), usually as ``sudo()`` since
      figures are aggregates every reader of the report may see.
    * Return ``{report.id: [line values, ...]}`` with an entry for every
      report of ``self``; always start from ``super()``'s dict and append.
    * Line values: ``source`` (stable key ``"<addon>.<figure>"``, used as the
      XLSX column and to keep the users' notes across refreshes), ``name``
      (translated label), ``value`` (float), optional ``uom`` ("%", "items"),
      ``target`` and ``sequence`` (default: order of the list).

    ``action_refresh_figures()`` (and ``_fazhi_refresh_figures()``) replace
    the lines with one unlink and one batched create; it runs when reports are
    created and again just before they are submitted.
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
    name = fields.Char(compute="_compute_name", store=True)
    unit_id = fields.Many2one(
        "fazhi.unit", required=True, index=True, tracking=True, ondelete="restrict"
    )
    month = fields.Date(
        required=True,
        default=_default_month,
        index=True,
        tracking=True,
        help="First day of the month the report is about.",
    )
    month_label = fields.Char(string="Month label", compute="_compute_month_label", store=True)
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
    @api.depends("unit_id.name", "month_label")
    def _compute_name(self):
        for report in self:
            report.name = " ".join(filter(None, [report.unit_id.name, report.month_label]))

    @api.depends("month")
    def _compute_month_label(self):
        for report in self:
            report.month_label = report.month.strftime("%Y-%m") if report.month else False

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

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_submit(self):
        """Submit to the office (the unit's members, manager or liaison)."""
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
        self._fazhi_refresh_figures()
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
            items = self.env._("items")
            for report in reports:
                unit = report.unit_id
                figures[report.id] += [
                    {
                        "source": "fazhi_base.followup_opened",
                        "name": self.env._("Follow-ups opened"),
                        "value": opened.get(unit, 0),
                        "uom": items,
                    },
                    {
                        "source": "fazhi_base.followup_due",
                        "name": self.env._("Follow-ups due"),
                        "value": due.get(unit, 0),
                        "uom": items,
                    },
                    {
                        "source": "fazhi_base.followup_done",
                        "name": self.env._("Follow-ups due and done"),
                        "value": done.get(unit, 0),
                        "uom": items,
                    },
                    {
                        "source": "fazhi_base.followup_overdue",
                        "name": self.env._("Follow-ups overdue"),
                        "value": overdue.get(unit, 0),
                        "uom": items,
                        "target": 0.0,
                    },
                ]
        return figures

    def _fazhi_refresh_figures(self):
        """Replace the lines of ``self`` by the hook's figures (no state check).

        Notes typed on a line survive when the new figures carry the same
        ``source``.
        """
        if not self:
            return
        figures = self._fazhi_collect_figures()
        notes = {
            (line.report_id.id, line.source): line.note
            for line in self.line_ids
            if line.note and line.source
        }
        vals_list = []
        for report in self:
            for position, vals in enumerate(figures.get(report.id, []), start=1):
                vals = dict(vals, report_id=report.id)
                vals.setdefault("sequence", position * 10)
                note = notes.get((report.id, vals.get("source")))
                if note and not vals.get("note"):
                    vals["note"] = note
                vals_list.append(vals)
        Line = self.env["fazhi.monthly.report.line"]
        with self._fazhi_action_scope():
            self.line_ids.unlink()
            Line.create(vals_list)

    def _fazhi_figure_table(self):
        """Figures of ``self`` as a table for exports.

        :return: ``(columns, values)``: ``columns`` a list of
            ``(source, label, uom)`` in line order (union over the reports),
            ``values`` a dict ``{(report_id, source): value}``.
        """
        columns = {}
        values = {}
        for line in self.line_ids.sorted(lambda line: (line.sequence, line.id)):
            key = line.source or line.name
            columns.setdefault(key, (key, line.name, line.uom or ""))
            values[(line.report_id.id, key)] = line.value
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
        groups = defaultdict(lambda: self.browse())
        for report in self:
            groups[report.month] |= report
        return groups

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
                    "summary": self.env._(
                        "Submit the monthly report %(month)s", month=report.month_label
                    ),
                }
            )
        if activity_vals:
            self.env["mail.activity"].create(activity_vals)
        pending._fazhi_action_write({"reminder_sent_date": today})
        return pending


class FazhiMonthlyReportLine(models.Model):
    """One figure of a monthly report, filled by ``_fazhi_collect_figures``."""

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
        "name": ACTION,
        "value": ACTION,
        "uom": ACTION,
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
    source = fields.Char(
        help="Key of the contributing addon and figure, e.g. fazhi_base.followup_opened."
    )
    name = fields.Char(string="Figure", required=True)
    value = fields.Float(aggregator="sum")
    uom = fields.Char(string="Unit of measure", help='E.g. "%" or "items".')
    target = fields.Float(aggregator="avg", help="Expected value, when the figure has one.")
    note = fields.Char()
    # Stored copies for pivots and graphs (unit x figure x month).
    unit_id = fields.Many2one(related="report_id.unit_id", store=True, index=True)
    month = fields.Date(related="report_id.month", store=True)
    state = fields.Selection(related="report_id.state", string="Report state")
    company_id = fields.Many2one(related="report_id.company_id", store=True)

    def _fazhi_check_unlink(self):
        # Reached only outside the action path (the report's refresh).
        raise FazhiWorkflowError(
            self.env._("Figures are replaced by refreshing the report, not deleted one by one.")
        )
