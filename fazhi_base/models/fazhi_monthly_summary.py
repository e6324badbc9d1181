import logging
from collections import Counter
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .fazhi_workflow_mixin import ACTION, EDIT

_logger = logging.getLogger(__name__)


class FazhiMonthlySummary(models.Model):
    """The office's view of one month: which unit reported, late or not.

    Created once per company and month by ``_cron_send_summary`` the day after
    the due day, and e-mailed (template ``fazhi_monthly_summary_mail_template``,
    XLSX attached through its ``report_template_ids``) to the company's
    summary recipients, or by default to every Supervision office and Leader
    user. The office can create one by hand and use "Send now".
    """

    _name = "fazhi.monthly.summary"
    _description = "Monthly summary of the unit reports"
    _inherit = ["fazhi.workflow.mixin", "mail.thread"]
    _order = "month desc, id desc"

    # Workflow declarations (fazhi.workflow.mixin); the ACLs give the model
    # to the office (read-only for leaders).
    _fazhi_field_rules = {
        "company_id": EDIT,
        "month": EDIT,
        "state": ACTION,
        "sent_date": ACTION,
        "recipient_ids": EDIT,
        "mail_id": ACTION,
    }
    _fazhi_state_rules = {
        "draft": EDIT,
        # A sent summary can be sent again, to other recipients.
        "sent": ("recipient_ids",),
    }
    _fazhi_transitions = {"send": (("draft", "sent"), "sent", "fazhi_base.group_fazhi_office")}

    def _default_month(self):
        return fields.Date.context_today(self).replace(day=1)

    # In the reader's language ("月报汇总 2026年11月"), hence not stored.
    name = fields.Char(compute="_compute_name")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    month = fields.Date(
        required=True,
        default=lambda self: self._default_month(),
        help="First day of the month summarised.",
    )
    month_label = fields.Char(compute="_compute_month_label")
    due_date = fields.Date(compute="_compute_due_date")
    state = fields.Selection(
        [("draft", "Not sent"), ("sent", "Sent")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    sent_date = fields.Datetime(readonly=True, copy=False)
    recipient_ids = fields.Many2many(
        "res.partner",
        "fazhi_monthly_summary_res_partner_rel",
        "summary_id",
        "partner_id",
        string="Recipients",
        help="Filled from the settings when the summary is sent, if left empty.",
    )
    mail_id = fields.Many2one(
        "mail.mail",
        string="E-mail",
        readonly=True,
        copy=False,
        ondelete="set null",
        groups="base.group_system",
    )
    mail_state = fields.Selection(related="mail_id.state", string="E-mail state")

    # The month's figures, computed live from the reports.
    report_ids = fields.Many2many(
        "fazhi.monthly.report", string="Reports", compute="_compute_report_ids"
    )
    unit_count = fields.Integer(string="Units", compute="_compute_unit_figures")
    submitted_count = fields.Integer(string="Submitted", compute="_compute_unit_figures")
    missing_count = fields.Integer(string="Not submitted", compute="_compute_unit_figures")
    late_count = fields.Integer(string="Late", compute="_compute_unit_figures")
    unit_status_html = fields.Html(
        string="Unit status", compute="_compute_unit_figures", sanitize=False
    )

    _sql_constraints = [
        (
            "company_month_uniq",
            "unique(company_id, month)",
            "There is already a monthly summary for this month.",
        ),
    ]

    @api.depends("month")
    @api.depends_context("lang")
    def _compute_name(self):
        for summary in self:
            summary.name = self.env._("Monthly summary %(month)s", month=summary.month_label or "")

    @api.depends("month")
    @api.depends_context("lang")
    def _compute_month_label(self):
        Report = self.env["fazhi.monthly.report"]
        for summary in self:
            summary.month_label = (
                Report._fazhi_month_label(summary.month) if summary.month else False
            )

    @api.depends("month", "company_id.fazhi_monthly_report_due_day")
    def _compute_due_date(self):
        Report = self.env["fazhi.monthly.report"]
        for summary in self:
            summary.due_date = summary.month and Report._fazhi_due_date(
                summary.company_id, summary.month
            )

    @api.depends("month", "company_id")
    def _compute_report_ids(self):
        reports = self.env["fazhi.monthly.report"].search(
            [("company_id", "in", self.company_id.ids), ("month", "in", self.mapped("month"))]
        )
        by_key = {}
        for report in reports:
            by_key.setdefault((report.company_id.id, report.month), []).append(report.id)
        for summary in self:
            summary.report_ids = by_key.get((summary.company_id.id, summary.month), [])

    @api.depends("month", "company_id")
    @api.depends_context("lang")
    def _compute_unit_figures(self):
        headers = [
            self.env._("Unit"),
            self.env._("Report state"),
            self.env._("Submitted on"),
            self.env._("Late"),
        ]
        yes, no = self.env._("Yes"), self.env._("No")
        for summary in self:
            rows = summary._fazhi_unit_rows()
            submitted = [row for row in rows if row["report"].state in ("submitted", "accepted")]
            summary.unit_count = len(rows)
            summary.submitted_count = len(submitted)
            summary.missing_count = len(rows) - len(submitted)
            summary.late_count = len([row for row in rows if row["is_late"]])
            body = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
                % (
                    row["unit"].display_name,
                    row["state_label"],
                    row["submitted_date"].strftime("%Y-%m-%d %H:%M")
                    if row["submitted_date"]
                    else "",
                    yes if row["is_late"] else no,
                )
                for row in rows
            )
            head = Markup("").join(Markup("<th>%s</th>") % header for header in headers)
            summary.unit_status_html = Markup(
                '<table class="table table-sm table-bordered" border="1" cellpadding="4" '
                'style="border-collapse: collapse;"><thead><tr>%s</tr></thead>'
                "<tbody>%s</tbody></table>"
            ) % (head, body)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        Report = self.env["fazhi.monthly.report"]
        for vals in vals_list:
            if vals.get("month"):
                vals["month"] = Report._fazhi_first_of_month(vals["month"])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("month"):
            vals["month"] = self.env["fazhi.monthly.report"]._fazhi_first_of_month(vals["month"])
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_send_now(self):
        """E-mail the summary now (again, if it was already sent): office only."""
        if not self.env.su and not self.env.user.has_group("fazhi_base.group_fazhi_office"):
            raise AccessError(self.env._("Only the Supervision office sends the monthly summary."))
        self._fazhi_send()
        return True

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _fazhi_unit_rows(self):
        """One row per unit expected to report: its report (maybe empty) and status.

        Units: the company's active units plus any unit that filed a report
        for the month, ordered like the unit list.
        """
        self.ensure_one()
        reports = self.report_ids
        units = self.env["fazhi.unit"].search([("company_id", "=", self.company_id.id)])
        units = (units | reports.unit_id).sorted(lambda unit: (unit.complete_name or "", unit.id))
        report_by_unit = {report.unit_id: report for report in reports}
        labels = dict(reports._fields["state"]._description_selection(self.env))
        today = fields.Date.context_today(self)
        rows = []
        for unit in units:
            report = report_by_unit.get(unit, reports.browse())
            if report:
                state_label = labels[report.state]
                is_late = report.is_late
                submitted = report.submitted_date and fields.Datetime.context_timestamp(
                    self, report.submitted_date
                ).replace(tzinfo=None)
            else:
                state_label = self.env._("Missing")
                is_late = bool(self.due_date and today > self.due_date)
                submitted = False
            rows.append(
                {
                    "unit": unit,
                    "report": report,
                    "state_label": state_label,
                    "submitted_date": submitted,
                    "is_late": is_late,
                }
            )
        return rows

    def _fazhi_default_recipients(self):
        """Partners who receive the summary of ``self``'s company."""
        self.ensure_one()
        users = self.company_id.fazhi_summary_user_ids
        if not users:
            groups = self.env.ref("fazhi_base.group_fazhi_office") | self.env.ref(
                "fazhi_base.group_fazhi_leader"
            )
            users = self.env["res.users"].search(
                [
                    ("groups_id", "in", groups.ids),
                    ("share", "=", False),
                    ("company_ids", "in", self.company_id.ids),
                ]
            )
        return users.filtered("email").partner_id

    def _fazhi_mail_lang(self):
        """Language of the summary e-mail and its XLSX: the one most of the
        recipients read, else the company's, else the sender's."""
        self.ensure_one()
        langs = Counter(lang for lang in self.recipient_ids.mapped("lang") if lang)
        if langs:
            return langs.most_common(1)[0][0]
        return self.company_id.partner_id.lang or self.env.lang

    def _fazhi_send(self):
        """Queue the summary e-mail (with the XLSX) for each summary of ``self``.

        The body and the XLSX are rendered in the recipients' language
        (``_fazhi_mail_lang``), not in the language of whoever sends (the cron).
        """
        template = self.env.ref("fazhi_base.fazhi_monthly_summary_mail_template")
        for summary in self:
            if not summary.recipient_ids:
                summary.recipient_ids = summary._fazhi_default_recipients()
            if not summary.recipient_ids:
                raise UserError(
                    self.env._(
                        "Nobody to send %(summary)s to: set the recipients in the settings.",
                        summary=summary.display_name,
                    )
                )
            mail_id = template.with_context(lang=summary._fazhi_mail_lang()).send_mail(
                summary.id,
                force_send=False,
                email_layout_xmlid="mail.mail_notification_light",
            )
            # sudo: ``mail_id`` is a system-only field; who may send was checked
            # by action_send_now (office) or is the cron (superuser).
            summary.sudo()._fazhi_move(
                "send", {"sent_date": fields.Datetime.now(), "mail_id": mail_id}
            )
            summary.message_post(
                body=self.env._(
                    "Summary e-mailed to %(recipients)s.",
                    recipients=", ".join(summary.recipient_ids.mapped("display_name")),
                )
            )
        return True

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------
    @api.model
    def _fazhi_months_to_send(self, company, today):
        """Months whose summary is due today for ``company``.

        The summary of month M is sent from the day after M's due date until
        the end of that day's month (a missed run is caught up). When the due
        date is the last day of M, that window is the next month, hence the
        look at the previous month too.
        """
        Report = self.env["fazhi.monthly.report"]
        month = today.replace(day=1)
        months = []
        for candidate in (month - relativedelta(months=1), month):
            send_on = Report._fazhi_due_date(company, candidate) + timedelta(days=1)
            if send_on <= today <= send_on + relativedelta(day=31):
                months.append(candidate)
        return months

    @api.model
    def _cron_send_summary(self):
        """Daily: create and e-mail each company's monthly summary exactly once."""
        today = fields.Date.context_today(self)
        vals_list = []
        for company in self.env["fazhi.monthly.report"]._fazhi_companies():
            for month in self._fazhi_months_to_send(company, today):
                vals_list.append({"company_id": company.id, "month": month})
        if not vals_list:
            return True
        existing = self.search(
            [
                ("company_id", "in", [vals["company_id"] for vals in vals_list]),
                ("month", "in", [vals["month"] for vals in vals_list]),
            ]
        )
        done = {(summary.company_id.id, summary.month) for summary in existing}
        vals_list = [vals for vals in vals_list if (vals["company_id"], vals["month"]) not in done]
        if vals_list:
            summaries = self.create(vals_list)
            for summary in summaries:
                summary.with_company(summary.company_id)._fazhi_send()
        return True
