from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import ACTION, EDIT
from odoo.addons.fazhi_base.tools.cron import run_batches
from odoo.addons.fazhi_base.tools.digest import group_recipients
from odoo.addons.fazhi_base.tools.validators import (
    find_personal_data,
    id_number_message,
    normalize_id_number,
    phone_message,
)
from odoo.addons.fazhi_base.tools.vocabulary import MEASURES, OUTCOMES
from odoo.exceptions import AccessError, UserError, ValidationError

from .fazhi_complaint_time_limit import CHANNELS

IDENTITY_GROUPS = "fazhi_complaints.group_fazhi_complaint_desk,fazhi_base.group_fazhi_office"
# The complainant's identity: readable by the desk and the office only, every
# read through the ORM's public methods traced in the chatter.
IDENTITY_FIELDS = frozenset(
    {"complainant_name", "complainant_phone", "complainant_id_number", "complainant_address"}
)
# Entering the identity is part of registering: the registration form takes it
# in these fields, which always read empty (reading them reveals nothing and is
# not traced) and hand their values to the identity fields on create/write.
IDENTITY_ENTRY_FIELDS = {f"new_{fname}": fname for fname in sorted(IDENTITY_FIELDS)}
OFFICE = "fazhi_base.group_fazhi_office"
# 《信访工作条例》: an extension is approved by the head of the agency (本机关、单位负责人).
LEADER = "fazhi_base.group_fazhi_leader"
# Desk and office (implied by both): registration, accused officers, identity.
REGISTRY = "fazhi_complaints.group_fazhi_complaint_registry"

STATES = [
    ("registered", "Registered"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
    ("assigned", "Assigned"),
    ("investigating", "Investigating"),
    ("concluded", "Concluded"),
    ("feedback", "Feedback given"),
    ("callback", "Satisfaction callback"),
    ("archived", "Archived"),
]
# States in which the conclusion time limit runs.
CONCLUDE_STATES = ("accepted", "assigned", "investigating")
# States after the conclusion (a result exists and may be published).
CONCLUDED_STATES = ("concluded", "feedback", "callback", "archived")
# Written by the desk: the 12345 deadline follows them (``_apply_hotline_default``).
HOTLINE_KEYS = frozenset({"channel", "received_at", "company_id", "hotline_deadline"})

NOTICE_METHODS = [
    ("phone", "Phone"),
    ("sms", "Text message"),
    ("letter", "Letter"),
    ("email", "E-mail"),
    ("visit", "In person"),
    ("hotline", "Through the 12345 hotline"),
    ("status_page", "Public status page"),
]

EXTENSION_STATES = [
    ("requested", "Requested"),
    ("approved", "Approved"),
    ("refused", "Refused"),
]

# Which rule set a deadline (fazhi.complaint.time.limit, the company's 12345
# settings, or the deadline stated by the 12345 transfer).
DEADLINE_RULES = [
    ("hotline_transfer", "12345 transfer deadline"),
    ("company_hotline", "Company 12345 default"),
    ("channel", "Channel time limit"),
]
HOTLINE_DEADLINE_SOURCES = [
    ("transfer", "Stated by the transfer"),
    ("company", "Company 12345 default"),
]

SATISFACTION = [
    ("satisfied", "Satisfied"),
    ("basically_satisfied", "Basically satisfied"),
    ("unsatisfied", "Unsatisfied"),
]


class FazhiComplaint(models.Model):
    """An enforcement complaint or report (行政执法投诉举报).

    Field rules (``fazhi.workflow.mixin``): why who writes what
    -----------------------------------------------------------
    The server, not the form, is the boundary: an RPC client sends any values
    and any context, so ``create``/``write`` refuse what only a step may do.

    * The workflow (``state``, every ``*_date`` stamped by a step, the
      on-time flag, the reopen counter, the extension, the overdue and
      escalation flags) is ``ACTION``: only the buttons set it, after checking
      the source state, the role and the required fields. A handler cannot
      archive, reset ``reopen_count`` or mark ``concluded_on_time``.
    * Publication (``public_summary``, ``is_published``, ``published_date``,
      ``publisher_id``) is ``ACTION``: anyone drafts ``public_summary_draft``;
      only the office's *Approve publication* copies it to the public pages,
      after checking it for phone and ID numbers and the complainant's name.
    * The desk and the office (``group_fazhi_complaint_registry``) keep what
      decides time limits and confidentiality: channel, reception time, 12345
      ticket and deadline, responsible unit, the accused unit and officers and
      the complainant's identity. ``excluded_user_ids`` (everyone ever accused)
      is ``ACTION``: it only grows when officers are accused, and the record
      rules, the figures and the mail rows (followers, notifications, messages)
      hide the complaint from them even after they are no longer accused.
    * Ordinary fields (description, findings, feedback, satisfaction) are
      ``EDIT`` in the states where the step that needs them comes next
      (``_fazhi_state_rules``); an archived complaint is locked but for the
      draft of its published summary.
    * ``attachment_ids`` only adopts the caller's own uploads that are not
      attached to another record (``_check_attachment_adoption``).

    Confidentiality: the complainant's identity fields exist only for the
    complaint desk and the office (``groups=``), and every read of them
    through ``read``/``search_read``/``web_read``/``read_group``/
    ``export_data``/a search, like the *Show identity* button, leaves a trace
    in the chatter (who, when, which complaint). A global record rule hides a
    complaint from the officers it accuses or ever accused, who can neither
    handle nor follow it.

    Migration of historical records goes through the superuser environment
    (``odoo shell``, migration scripts), which the guard lets through.
    """

    _name = "fazhi.complaint"
    _description = "Complaint"
    _inherit = [
        "fazhi.workflow.mixin",
        "fazhi.complaint.public.mixin",
        "fazhi.confidential.mixin",
        "fazhi.excluded.followers.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "fazhi.followup.source.mixin",
    ]
    _order = "received_at desc, id desc"
    _rec_name = "reference"
    _rec_names_search = ["reference", "hotline_ticket"]
    _mail_post_access = "read"

    # Workflow declarations (fazhi.workflow.mixin).
    _fazhi_field_rules = {
        "reference": ACTION,
        "company_id": (EDIT, OFFICE),
        "channel": REGISTRY,
        "received_at": REGISTRY,
        "category_id": EDIT,
        "description": EDIT,
        "attachment_ids": EDIT,
        "hotline_ticket": REGISTRY,
        "hotline_deadline": REGISTRY,
        "hotline_deadline_source": ACTION,
        "is_anonymous": REGISTRY,
        "complainant_name": REGISTRY,
        "complainant_phone": REGISTRY,
        "complainant_id_number": REGISTRY,
        "complainant_address": REGISTRY,
        # fazhi.complaint.public.mixin: the public form's hashes.
        "submit_ip_hash": ACTION,
        "access_code_hash": ACTION,
        "accused_unit_id": REGISTRY,
        "accused_officer_ids": REGISTRY,
        "excluded_user_ids": ACTION,
        "state": ACTION,
        "unit_id": REGISTRY,
        "handler_id": EDIT,
        "accepted_date": ACTION,
        "reject_reason": EDIT,
        "reject_notice_method": EDIT,
        "rejected_date": ACTION,
        "assigned_date": ACTION,
        "investigation_date": ACTION,
        "outcome": EDIT,
        "conclusion": EDIT,
        "measure": EDIT,
        "measures_taken": EDIT,
        "concluded_date": ACTION,
        "concluded_on_time": ACTION,
        "feedback_method": EDIT,
        "feedback_content": EDIT,
        "feedback_date": ACTION,
        "satisfaction": EDIT,
        "callback_date": ACTION,
        "reopen_count": ACTION,
        "reopen_date": ACTION,
        "archived_date": ACTION,
        "extension_days": ACTION,
        "extension_reason": ACTION,
        "extension_notice_method": ACTION,
        "extension_approver_id": ACTION,
        "extension_state": ACTION,
        "extension_requested_days": ACTION,
        "extension_requester_id": ACTION,
        "extension_request_date": ACTION,
        "extension_decision_date": ACTION,
        "extension_refusal_reason": ACTION,
        "is_overdue": ACTION,
        "escalated_accept": ACTION,
        "escalated_conclude": ACTION,
        "escalation_digest_pending": ACTION,
        "public_summary_draft": EDIT,
        "public_summary": ACTION,
        "is_published": ACTION,
        "published_date": ACTION,
        "publisher_id": ACTION,
    }
    # Editable in every state but "archived": classification, evidence, the
    # accused and the complainant's identity (corrections during the handling).
    _FAZHI_COMMON = (
        "category_id",
        "attachment_ids",
        "hotline_ticket",
        "accused_unit_id",
        "accused_officer_ids",
        "is_anonymous",
        "complainant_name",
        "complainant_phone",
        "complainant_id_number",
        "complainant_address",
    )
    _fazhi_state_rules = {
        "registered": (
            *_FAZHI_COMMON,
            "company_id",
            "channel",
            "received_at",
            "description",
            "hotline_deadline",
            "unit_id",
            "handler_id",
            # Typed before "Reject".
            "reject_reason",
            "reject_notice_method",
        ),
        "accepted": (
            *_FAZHI_COMMON,
            "description",
            "hotline_deadline",
            "unit_id",
            "handler_id",
        ),
        "rejected": _FAZHI_COMMON,
        "assigned": (*_FAZHI_COMMON, "hotline_deadline"),
        "investigating": (
            *_FAZHI_COMMON,
            "hotline_deadline",
            "outcome",
            "conclusion",
            "measure",
            "measures_taken",
        ),
        "concluded": (
            *_FAZHI_COMMON,
            "feedback_method",
            "feedback_content",
            "public_summary_draft",
        ),
        "feedback": (*_FAZHI_COMMON, "satisfaction", "public_summary_draft"),
        "callback": (*_FAZHI_COMMON, "public_summary_draft"),
        "archived": ("public_summary_draft",),
    }
    _fazhi_transitions = {
        "accept": (("registered",), "accepted", REGISTRY),
        "reject": (("registered",), "rejected", REGISTRY),
        "assign": (("accepted",), "assigned", REGISTRY),
        "start_investigation": (("assigned",), "investigating", None),
        "conclude": (("investigating",), "concluded", None),
        "give_feedback": (("concluded",), "feedback", None),
        "record_satisfaction": (("feedback",), "callback", None),
        "reopen": (("callback",), "investigating", OFFICE),
        "archive": (("callback", "rejected"), "archived", REGISTRY),
    }
    # A duplicate registration may be deleted (by the office, ACLs); nothing later.
    _fazhi_unlink_states = ("registered",)

    # Overdue complaints marked per call of the cron (one transaction each).
    _ESCALATION_BATCH = 5000

    # ------------------------------------------------------------------
    # Registration
    # ------------------------------------------------------------------
    reference = fields.Char(readonly=True, copy=False, index=True, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    channel = fields.Selection(CHANNELS, required=True, default="phone", tracking=True, index=True)
    received_at = fields.Datetime(
        string="Received at", required=True, default=fields.Datetime.now, tracking=True
    )
    received_date = fields.Date(compute="_compute_received_date", store=True, index=True)
    category_id = fields.Many2one(
        "fazhi.complaint.category", required=True, tracking=True, index=True
    )
    description = fields.Text(required=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "fazhi_complaint_attachment_rel",
        "complaint_id",
        "attachment_id",
        string="Attachments",
        copy=False,
    )
    hotline_ticket = fields.Char(string="12345 ticket number", tracking=True, index=True)
    hotline_deadline = fields.Date(
        string="12345 deadline",
        tracking=True,
        help="Deadline set by the 12345 hotline; it wins over the channel's limits when earlier. "
        "Left empty at registration, it is computed from the company's 12345 settings.",
    )
    hotline_deadline_source = fields.Selection(
        HOTLINE_DEADLINE_SOURCES,
        string="12345 deadline from",
        readonly=True,
        copy=False,
        help="Whether the 12345 deadline was stated by the transfer or computed from the "
        "company's 12345 settings.",
    )

    # ------------------------------------------------------------------
    # Complainant identity: only the complaint desk and the office have these
    # fields. Never tracked (tracking values would show them to others).
    # ------------------------------------------------------------------
    # Not copied: a duplicate would carry the identity out of the complaint's trace.
    is_anonymous = fields.Boolean(string="Anonymous", groups=IDENTITY_GROUPS)
    complainant_name = fields.Char(string="Complainant name", groups=IDENTITY_GROUPS, copy=False)
    complainant_phone = fields.Char(string="Complainant phone", groups=IDENTITY_GROUPS, copy=False)
    complainant_id_number = fields.Char(string="ID number", groups=IDENTITY_GROUPS, copy=False)
    complainant_address = fields.Char(
        string="Complainant address", groups=IDENTITY_GROUPS, copy=False
    )
    # Typed on the registration form (IDENTITY_ENTRY_FIELDS): write-only.
    new_complainant_name = fields.Char(
        string="Complainant name (registration)",
        compute="_compute_identity_entry",
        readonly=False,
        groups=IDENTITY_GROUPS,
    )
    new_complainant_phone = fields.Char(
        string="Complainant phone (registration)",
        compute="_compute_identity_entry",
        readonly=False,
        groups=IDENTITY_GROUPS,
    )
    new_complainant_id_number = fields.Char(
        string="ID number (registration)",
        compute="_compute_identity_entry",
        readonly=False,
        groups=IDENTITY_GROUPS,
    )
    new_complainant_address = fields.Char(
        string="Complainant address (registration)",
        compute="_compute_identity_entry",
        readonly=False,
        groups=IDENTITY_GROUPS,
    )

    # ------------------------------------------------------------------
    # Accused
    # ------------------------------------------------------------------
    accused_unit_id = fields.Many2one("fazhi.unit", string="Accused unit", tracking=True)
    accused_officer_ids = fields.Many2many(
        "res.users",
        "fazhi_complaint_accused_user_rel",
        "complaint_id",
        "user_id",
        string="Accused officers",
        domain=[("share", "=", False)],
        tracking=True,
        help="Officers the complaint is about: they never see, handle or follow it. Only the "
        "complaint desk and the office change them.",
    )
    excluded_user_ids = fields.Many2many(
        "res.users",
        "fazhi_complaint_excluded_user_rel",
        "complaint_id",
        "user_id",
        string="Ever accused",
        readonly=True,
        copy=False,
        groups=IDENTITY_GROUPS,
        help="Everyone who was ever accused in the complaint: they stay kept out of it (record "
        "rules, figures, followers, notifications) even once no longer accused.",
    )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    state = fields.Selection(
        STATES,
        default="registered",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
    )
    unit_id = fields.Many2one(
        "fazhi.unit", string="Responsible unit", tracking=True, index=True, copy=False
    )
    handler_id = fields.Many2one(
        "res.users",
        tracking=True,
        index=True,
        copy=False,
        domain=[("share", "=", False)],
    )
    accepted_date = fields.Date(readonly=True, copy=False)
    reject_reason = fields.Text(string="Rejection reason", tracking=True, copy=False)
    reject_notice_method = fields.Selection(
        NOTICE_METHODS, string="Complainant told by", copy=False, tracking=True
    )
    rejected_date = fields.Date(readonly=True, copy=False)
    assigned_date = fields.Date(readonly=True, copy=False)
    investigation_date = fields.Date(string="Investigation started", readonly=True, copy=False)
    outcome = fields.Selection(OUTCOMES, tracking=True, copy=False, index=True)
    conclusion = fields.Text(copy=False, help="Findings of the investigation.")
    measure = fields.Selection(MEASURES, string="Measure taken", tracking=True, copy=False)
    measures_taken = fields.Text(string="Measures taken", copy=False)
    concluded_date = fields.Date(readonly=True, copy=False, index=True)
    concluded_on_time = fields.Boolean(readonly=True, copy=False)
    feedback_method = fields.Selection(NOTICE_METHODS, tracking=True, copy=False)
    feedback_content = fields.Text(string="Feedback given", copy=False)
    feedback_date = fields.Date(readonly=True, copy=False)
    satisfaction = fields.Selection(SATISFACTION, tracking=True, copy=False, index=True)
    callback_date = fields.Date(readonly=True, copy=False)
    reopen_count = fields.Integer(readonly=True, copy=False)
    reopen_date = fields.Date(readonly=True, copy=False)
    archived_date = fields.Date(readonly=True, copy=False)

    # ------------------------------------------------------------------
    # Time limits
    # ------------------------------------------------------------------
    accept_deadline = fields.Date(
        string="Acceptance deadline", compute="_compute_deadlines", store=True, index=True
    )
    conclude_deadline = fields.Date(
        string="Conclusion deadline", compute="_compute_deadlines", store=True, index=True
    )
    deadline_provisional = fields.Boolean(
        string="Provisional deadline",
        compute="_compute_deadline_provisional",
        help="A working-day deadline that reaches into a year whose public holidays are not "
        "loaded yet: it skips weekends only, and moves when the office loads that year's days.",
    )
    accept_deadline_rule = fields.Selection(
        DEADLINE_RULES,
        string="Acceptance deadline set by",
        compute="_compute_deadlines",
        store=True,
    )
    conclude_deadline_rule = fields.Selection(
        DEADLINE_RULES,
        string="Conclusion deadline set by",
        compute="_compute_deadlines",
        store=True,
    )
    accept_deadline_basis = fields.Char(
        string="Acceptance deadline rule", compute="_compute_deadline_basis"
    )
    conclude_deadline_basis = fields.Char(
        string="Conclusion deadline rule", compute="_compute_deadline_basis"
    )
    # Extension (《信访工作条例》): requested by the office, decided by a leader.
    extension_state = fields.Selection(
        EXTENSION_STATES, string="Extension", readonly=True, copy=False, tracking=True, index=True
    )
    extension_requested_days = fields.Integer(
        string="Extension requested (days)", readonly=True, copy=False
    )
    extension_requester_id = fields.Many2one(
        "res.users", string="Extension requested by", readonly=True, copy=False
    )
    extension_request_date = fields.Date(string="Extension requested on", readonly=True, copy=False)
    extension_days = fields.Integer(
        string="Extension (days)",
        readonly=True,
        copy=False,
        tracking=True,
        help="Days added to the conclusion deadline by the approved extension.",
    )
    extension_reason = fields.Text(readonly=True, copy=False)
    extension_notice_method = fields.Selection(
        NOTICE_METHODS, string="Extension notice", readonly=True, copy=False
    )
    extension_approver_id = fields.Many2one(
        "res.users", string="Extension decided by", readonly=True, copy=False
    )
    extension_decision_date = fields.Date(string="Extension decided on", readonly=True, copy=False)
    extension_refusal_reason = fields.Text(
        string="Extension refusal reason", readonly=True, copy=False
    )
    can_decide_extension = fields.Boolean(
        string="Can decide the extension", compute="_compute_can_decide_extension"
    )
    is_overdue = fields.Boolean(string="Overdue", readonly=True, copy=False, index=True)
    escalated_accept = fields.Boolean(readonly=True, copy=False)
    escalated_conclude = fields.Boolean(readonly=True, copy=False)
    escalation_digest_pending = fields.Boolean(
        readonly=True,
        copy=False,
        help="Escalated by a run of the escalation cron whose digests are not sent yet.",
    )

    # ------------------------------------------------------------------
    # Publication (处理结果向社会公开)
    # ------------------------------------------------------------------
    public_summary_draft = fields.Text(
        string="Summary to publish",
        copy=False,
        help="Anonymised summary proposed for the public pages: no names, phone or ID numbers "
        "or other details that identify the complainant. The office's approval publishes it.",
    )
    public_summary = fields.Text(
        string="Published summary",
        readonly=True,
        copy=False,
        help="The text on the public pages, as the office approved it.",
    )
    is_published = fields.Boolean(
        string="Published", readonly=True, copy=False, index=True, tracking=True
    )
    published_date = fields.Date(readonly=True, copy=False)
    publisher_id = fields.Many2one("res.users", string="Approved by", readonly=True, copy=False)

    def init(self):
        """Existing databases: whoever is accused was accused (ever-accused list), the
        published text is also the draft, and an extension granted before requests existed
        is an approved one. Idempotent, run at each update."""
        self.env.cr.execute(
            """
            INSERT INTO fazhi_complaint_excluded_user_rel (complaint_id, user_id)
            SELECT complaint_id, user_id FROM fazhi_complaint_accused_user_rel
                ON CONFLICT DO NOTHING;
            UPDATE fazhi_complaint SET public_summary_draft = public_summary
             WHERE public_summary_draft IS NULL AND public_summary IS NOT NULL;
            UPDATE fazhi_complaint
               SET extension_state = 'approved', extension_requested_days = extension_days
             WHERE extension_days > 0 AND extension_state IS NULL;
            """
        )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("reference", "category_id")
    def _compute_display_name(self):
        for complaint in self:
            complaint.display_name = complaint.reference or self.env._("New complaint")

    @api.depends("received_at")
    def _compute_received_date(self):
        for complaint in self:
            complaint.received_date = (
                fields.Date.context_today(complaint, complaint.received_at)
                if complaint.received_at
                else False
            )

    @api.depends(
        "channel",
        "company_id",
        "received_date",
        "accepted_date",
        "reopen_date",
        "hotline_deadline",
        "hotline_deadline_source",
        "extension_days",
    )
    def _compute_deadlines(self):
        """Acceptance and conclusion deadlines, and the rule that set each.

        The channel's time limits (fazhi.complaint.time.limit, else 15/60
        calendar days) apply, but for a 12345 transfer: its acceptance limit is
        the company's 12345 setting when there is one, and the transfer's
        deadline (stated by the hotline, or computed from the company's 12345
        settings at registration) wins over both deadlines when earlier. An
        approved extension adds its days to the conclusion deadline. Changing
        the limits or the settings later does not move existing deadlines."""
        Calendar = self.env["resource.calendar"]
        Limit = self.env["fazhi.complaint.time.limit"]
        # {(company, day type): [(complaint, field, start, days, rule)]}: one batch call each.
        todo = defaultdict(list)
        for company, complaints in self.grouped("company_id").items():
            limits = Limit._get_limits(company)
            # sudo: reads the company's own 12345 settings, never returned
            settings = company.sudo()
            for complaint in complaints:
                limit = limits.get(complaint.channel)
                accept_days, accept_type = (
                    (limit.accept_days, limit.accept_day_type) if limit else (15, "calendar")
                )
                conclude_days, conclude_type = (
                    (limit.conclude_days, limit.conclude_day_type) if limit else (60, "calendar")
                )
                accept_rule = "channel"
                if (
                    complaint.channel == "hotline_12345"
                    and settings.fazhi_complaint_hotline_accept_days > 0
                ):
                    accept_days = settings.fazhi_complaint_hotline_accept_days
                    accept_type = settings.fazhi_complaint_hotline_accept_day_type or "working"
                    accept_rule = "company_hotline"
                complaint.accept_deadline = complaint.conclude_deadline = False
                complaint.accept_deadline_rule = complaint.conclude_deadline_rule = False
                if complaint.received_date:
                    todo[company, accept_type].append(
                        (
                            complaint,
                            "accept_deadline",
                            complaint.received_date,
                            accept_days,
                            accept_rule,
                        )
                    )
                start = complaint.reopen_date or complaint.accepted_date
                if start:
                    todo[company, conclude_type].append(
                        (complaint, "conclude_deadline", start, conclude_days, "channel")
                    )
        for (company, day_type), items in todo.items():
            if day_type == "working":
                ends = Calendar._fazhi_add_working_days(
                    [item[2] for item in items], [item[3] for item in items], company=company
                )
            else:
                ends = [start + timedelta(days=days) for _c, _f, start, days, _r in items]
            for (complaint, fname, _start, _days, rule), end in zip(items, ends, strict=True):
                # A 12345 ticket's own deadline wins when it is earlier.
                if complaint.hotline_deadline and complaint.hotline_deadline < end:
                    end = complaint.hotline_deadline
                    rule = (
                        "company_hotline"
                        if complaint.hotline_deadline_source == "company"
                        else "hotline_transfer"
                    )
                if fname == "conclude_deadline" and complaint.extension_days:
                    end += timedelta(days=complaint.extension_days)
                complaint[fname] = end
                complaint[f"{fname}_rule"] = rule

    @api.depends("received_date", "accept_deadline", "conclude_deadline", "channel", "company_id")
    def _compute_deadline_provisional(self):
        """Working-day deadlines reaching into a year without holidays (one
        query per company for all the years concerned)."""
        Holiday = self.env["fazhi.holiday"]
        Limit = self.env["fazhi.complaint.time.limit"]
        for company, complaints in self.grouped("company_id").items():
            limits = Limit._get_limits(company)
            # sudo: reads the company's own 12345 setting, never returned
            hotline_type = company.sudo().fazhi_complaint_hotline_accept_day_type

            def span(complaint, limits=limits, hotline_type=hotline_type):
                limit = limits.get(complaint.channel)
                types = {limit.accept_day_type, limit.conclude_day_type} if limit else set()
                if complaint.channel == "hotline_12345":
                    types.add(hotline_type)
                end = complaint.conclude_deadline or complaint.accept_deadline
                if "working" not in types or not complaint.received_date or not end:
                    return ()
                return range(complaint.received_date.year, end.year + 1)

            spans = {complaint: span(complaint) for complaint in complaints}
            years = {year for years in spans.values() for year in years}
            missing = set(Holiday._fazhi_missing_years(years, company)) if years else set()
            for complaint, years in spans.items():
                complaint.deadline_provisional = bool(missing.intersection(years))

    @api.depends("accept_deadline_rule", "conclude_deadline_rule", "channel")
    @api.depends_context("lang")
    def _compute_deadline_basis(self):
        rules = dict(self._fields["accept_deadline_rule"]._description_selection(self.env))
        channels = dict(self._fields["channel"]._description_selection(self.env))
        for complaint in self:
            for fname in ("accept_deadline", "conclude_deadline"):
                rule = complaint[f"{fname}_rule"]
                if rule == "channel":
                    text = self.env._(
                        "Channel time limit: %(channel)s",
                        channel=channels.get(complaint.channel, ""),
                    )
                else:
                    text = rules.get(rule, False)
                complaint[f"{fname}_basis"] = text

    @api.depends_context("uid")
    @api.depends("company_id", "extension_state", "extension_requester_id")
    def _compute_can_decide_extension(self):
        user = self.env.user
        for complaint in self:
            complaint.can_decide_extension = (
                complaint.extension_state == "requested"
                and complaint.extension_requester_id != user
                and complaint._is_extension_approver(user)
            )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("handler_id", "accused_officer_ids")
    def _check_handler_not_accused(self):
        # sudo: reads who was ever accused (desk/office field) to refuse a handler; returns nothing
        for complaint in self.sudo():
            kept_out = complaint.accused_officer_ids | complaint.excluded_user_ids
            if complaint.handler_id and complaint.handler_id in kept_out:
                raise ValidationError(
                    self.env._(
                        "%(user)s is accused in the complaint %(ref)s and cannot handle it.",
                        user=complaint.handler_id.name,
                        ref=complaint.display_name,
                    )
                )

    @api.constrains("channel", "hotline_ticket")
    def _check_hotline_ticket(self):
        for complaint in self:
            if (
                complaint.channel == "hotline_12345"
                and not (complaint.hotline_ticket or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "A complaint transferred by the 12345 hotline needs its ticket number."
                    )
                )

    def _compute_identity_entry(self):
        # Never the stored identity: what was entered is read back only
        # through the traced paths (Show identity, read of the identity fields).
        for complaint in self:
            for fname in IDENTITY_ENTRY_FIELDS:
                complaint[fname] = False

    @api.constrains("complainant_phone", "complainant_id_number")
    def _check_identity_format(self):
        # sudo: the identity fields are restricted to the desk and the office;
        # their format is checked whoever writes them, only a message is returned
        for complaint in self.sudo():
            id_number = normalize_id_number(complaint.complainant_id_number)
            message = phone_message(self.env, complaint.complainant_phone) or (
                id_number and id_number_message(self.env, id_number, today=self._today())
            )
            if message:
                raise ValidationError(message)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def _identity_entry_values(self, vals):
        """``vals`` with the identity typed on the registration form moved to
        the identity fields, where the field rules of the caller apply."""
        if not IDENTITY_ENTRY_FIELDS.keys() & vals.keys():
            return vals
        vals = dict(vals)
        for entry, fname in IDENTITY_ENTRY_FIELDS.items():
            value = vals.pop(entry, False)
            if value and not vals.get(fname):
                vals[fname] = value
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._identity_entry_values(vals) for vals in vals_list]
        for vals in vals_list:
            if "attachment_ids" in vals:
                self._check_attachment_adoption(vals["attachment_ids"])
            if vals.get("is_anonymous"):
                vals.update(self._anonymous_values())
        complaints = super().create(vals_list)
        complaints._apply_hotline_default()
        complaints._assign_reference()
        complaints._record_exclusions()
        complaints._link_attachments()
        complaints._drop_accused_followers()
        return complaints

    def write(self, vals):
        vals = self._identity_entry_values(vals)
        if "attachment_ids" in vals:
            self._check_attachment_adoption(vals["attachment_ids"])
        if vals.get("is_anonymous"):
            vals = {**vals, **self._anonymous_values()}
        res = super().write(vals)
        if HOTLINE_KEYS & vals.keys() and "hotline_deadline_source" not in vals:
            # Not the default's own write (which gives its source).
            self._apply_hotline_default(stated="hotline_deadline" in vals)
        if "attachment_ids" in vals:
            self._link_attachments()
        if "accused_officer_ids" in vals:
            self._record_exclusions()
        if {"accused_officer_ids", "handler_id"} & vals.keys():
            self._drop_accused_followers()
        return res

    def _assign_reference(self):
        """Draw the reference numbers of new complaints, once they passed their constraints.

        A refused complaint (constraint, refused upload, rate limit: the public form checks
        everything before it creates) therefore never consumes a number."""
        Sequence = self.env["ir.sequence"].sudo()  # only draws the complaint numbering
        for complaint in self.filtered(lambda c: not c.reference or c.reference == "/"):
            # sudo: writes a number drawn here, never a value from the caller
            complaint.sudo().reference = Sequence.next_by_code("fazhi.complaint")

    # ------------------------------------------------------------------
    # 12345 transfers: the transfer's deadline, else the company's default
    # ------------------------------------------------------------------
    def _company_hotline_deadline(self):
        """The 12345 deadline the company's settings give this transfer: its
        conclusion limit for 12345 counted from the reception, or False when
        the company has none."""
        self.ensure_one()
        # sudo: reads the company's own 12345 settings, never returned
        company = self.company_id.sudo()
        days = company.fazhi_complaint_hotline_conclude_days
        if days <= 0 or not self.received_date:
            return False
        if company.fazhi_complaint_hotline_conclude_day_type == "calendar":
            return self.received_date + timedelta(days=days)
        return self.env["resource.calendar"]._fazhi_add_working_days(
            self.received_date, days, company=self.company_id
        )

    def _apply_hotline_default(self, stated=False):
        """Keep the 12345 deadline and its source consistent: a deadline the
        desk gives is the transfer's own; a 12345 transfer registered without
        one gets the company's default (recomputed when its reception, channel
        or company change); a complaint that is no longer a 12345 transfer
        loses a default it had.

        :param stated: the caller has just written ``hotline_deadline``
        """
        for complaint in self:
            source = complaint.hotline_deadline_source
            if complaint.channel != "hotline_12345":
                if source == "company":
                    complaint._fazhi_action_write(
                        {"hotline_deadline": False, "hotline_deadline_source": False}
                    )
                continue
            if complaint.hotline_deadline and (stated or source != "company"):
                if source != "transfer":
                    complaint._fazhi_action_write({"hotline_deadline_source": "transfer"})
                continue
            deadline = complaint._company_hotline_deadline()
            vals = {"hotline_deadline": deadline, "hotline_deadline_source": deadline and "company"}
            if (complaint.hotline_deadline, source) != (deadline, vals["hotline_deadline_source"]):
                complaint._fazhi_action_write(vals)

    @api.model
    def _anonymous_values(self):
        return {
            "complainant_name": False,
            "complainant_phone": False,
            "complainant_id_number": False,
            "complainant_address": False,
        }

    # ------------------------------------------------------------------
    # Attachments: only the caller's own loose uploads are adopted
    # ------------------------------------------------------------------
    @api.model
    def _attachment_command_ids(self, commands):
        """Ids of the attachments that x2many ``commands`` link; refuse the
        commands that create or rewrite attachments through the complaint."""
        ids = set()
        for command in commands or ():
            if isinstance(command, int):
                ids.add(command)
                continue
            if not isinstance(command, list | tuple) or not command:
                continue
            if command[0] == Command.LINK:
                ids.add(command[1])
            elif command[0] == Command.SET:
                ids.update(command[2] or ())
            elif command[0] in (Command.CREATE, Command.UPDATE):
                raise AccessError(
                    self.env._(
                        "Upload the files first, then attach them to the complaint; "
                        "attachments cannot be created or changed through a complaint."
                    )
                )
        return ids

    def _check_attachment_adoption(self, commands):
        """Refuse to link an attachment that is not the caller's own upload, still
        attached to no record (or already to this complaint).

        Linking re-parents the file to the complaint (``_link_attachments``), so
        linking another record's file (another complaint's evidence, the monthly
        summary XLSX) would hand it to whoever reads the complaint. The
        superuser environment (the public form, data files) is trusted."""
        if self.env.su:
            return
        ids = self._attachment_command_ids(commands)
        if not ids:
            return
        # sudo: reads only the owner and the parent of the files named by the caller, to
        # refuse them; nothing of them is returned or changed here.
        attachments = self.env["ir.attachment"].sudo().browse(sorted(ids)).exists()
        refused = attachments.filtered(
            lambda a: (
                not self._attachment_adoptable(a)
                and not (self and all(a in c.sudo().attachment_ids for c in self))
            )
        )
        missing = ids - set(attachments.ids)
        if refused or missing:
            raise AccessError(
                self.env._(
                    "Only files you uploaded yourself and that are not attached to another "
                    "record can be attached to a complaint (attachment %(ids)s).",
                    ids=", ".join(str(i) for i in sorted(set(refused.ids) | missing)),
                )
            )

    def _attachment_adoptable(self, attachment):
        """Whether ``attachment`` (read as sudo) may be linked to the complaints of ``self``."""
        if attachment.res_field:
            return False
        if attachment.res_model == self._name and attachment.res_id and self:
            # Already filed under this very complaint (uploaded from its form).
            return len(self) == 1 and attachment.res_id == self.id
        return (
            attachment.create_uid == self.env.user
            and not attachment.res_id
            and attachment.res_model in (False, self._name)
        )

    def _link_attachments(self):
        """File the adopted uploads under their complaint (access follows the complaint)."""
        for complaint in self:
            # sudo: the caller may not write a loose attachment; only the ones that
            # _check_attachment_adoption let through (loose, the caller's) are re-parented.
            loose = complaint.attachment_ids.sudo().filtered(
                lambda a, c=complaint: not a.res_id and a.res_model in (False, c._name)
            )
            loose.write({"res_model": complaint._name, "res_id": complaint.id})

    # ------------------------------------------------------------------
    # Exclusions: whoever was ever accused stays out
    # ------------------------------------------------------------------
    def _record_exclusions(self):
        """Add the accused officers to ``excluded_user_ids`` (never removed: someone
        who was accused once stays kept out of the complaint)."""
        # sudo: the ever-accused list is the desk's and office's field; only the officers
        # the caller just accused (a desk/office field) are added to it.
        for complaint in self.sudo():
            new = complaint.accused_officer_ids - complaint.excluded_user_ids
            if new:
                complaint._fazhi_action_write(
                    {"excluded_user_ids": [Command.link(user.id) for user in new]}
                )

    def _kept_out_partners(self):
        """Partners of everyone ever accused in the complaints of ``self``."""
        # sudo: the ever-accused list, read to filter recipients, never returned
        complaints = self.sudo()
        return (complaints.excluded_user_ids | complaints.accused_officer_ids).partner_id

    def _fazhi_excluded_partners(self):
        """Officers ever accused never follow the complaint, whoever adds them
        (fazhi.excluded.followers.mixin)."""
        return self._kept_out_partners()

    def _notify_get_recipients(self, message, msg_vals, **kwargs):
        """Officers ever accused are never notified (no inbox entry, no e-mail)."""
        recipients = super()._notify_get_recipients(message, msg_vals, **kwargs)
        banned = set(self._kept_out_partners().ids)
        if not banned:
            return recipients
        return [recipient for recipient in recipients if recipient["id"] not in banned]

    def message_post(self, **kwargs):
        """Officers ever accused are never recipients of a message on the complaint."""
        if self and kwargs.get("partner_ids"):
            banned = set(self._kept_out_partners().ids)
            kwargs["partner_ids"] = [pid for pid in kwargs["partner_ids"] if pid not in banned]
        return super().message_post(**kwargs)

    def _drop_accused_followers(self):
        self._fazhi_drop_followers("excluded_user_ids")

    @api.model
    # ------------------------------------------------------------------
    # Workflow helpers
    # ------------------------------------------------------------------
    def _state_label(self, state=None):
        return dict(self._fields["state"]._description_selection(self.env))[state or self.state]

    def _check_step(self, step):
        """Before a step's business checks: the role and the source state it needs."""
        sources, _target, group = self._fazhi_transitions[step]
        self._fazhi_check_group(group)
        self._fazhi_check_state(sources)

    def _require(self, field_names, step):
        for complaint in self:
            missing = [
                complaint._fields[name].get_description(self.env)["string"]
                for name in field_names
                if not (
                    complaint[name].strip() if isinstance(complaint[name], str) else complaint[name]
                )
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "Fill in %(fields)s before %(step)s (%(ref)s).",
                        fields=", ".join(missing),
                        step=step,
                        ref=complaint.display_name,
                    )
                )

    def _check_office(self, step):
        if not self.env.su and not self.env.user.has_group("fazhi_base.group_fazhi_office"):
            raise AccessError(self.env._("Only the supervision office can %s.", step))

    def _today(self):
        return fields.Date.context_today(self)

    # ------------------------------------------------------------------
    # Workflow steps
    # ------------------------------------------------------------------
    def action_accept(self):
        self._fazhi_move("accept", {"accepted_date": self._today(), "is_overdue": False})
        return True

    def action_reject(self):
        self._check_step("reject")
        self._require(["reject_reason", "reject_notice_method"], self.env._("rejecting"))
        self._fazhi_move("reject", {"rejected_date": self._today(), "is_overdue": False})
        for complaint in self:
            complaint.message_post(
                body=self.env._(
                    "Complaint rejected: %(reason)s. The complainant was told (%(method)s).",
                    reason=complaint.reject_reason,
                    method=dict(NOTICE_METHODS)[complaint.reject_notice_method],
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_assign(self):
        self._check_step("assign")
        self._require(["unit_id", "handler_id"], self.env._("assigning"))
        self._fazhi_move("assign", {"assigned_date": self._today()})
        for complaint in self:
            complaint.message_subscribe(partner_ids=complaint.handler_id.partner_id.ids)
        return True

    def action_start_investigation(self):
        self._fazhi_move("start_investigation", {"investigation_date": self._today()})
        return True

    def action_conclude(self):
        self._check_step("conclude")
        self._require(["outcome", "conclusion"], self.env._("concluding"))
        founded = self.filtered(lambda c: c.outcome != "unfounded")
        founded._require(["measures_taken"], self.env._("concluding a founded complaint"))
        today = self._today()
        for complaint in self:
            complaint._fazhi_move(
                "conclude",
                {
                    "concluded_date": today,
                    "concluded_on_time": bool(
                        complaint.conclude_deadline and today <= complaint.conclude_deadline
                    ),
                    "is_overdue": False,
                },
            )
        founded._open_followups()
        # A request nobody decided before the conclusion has nothing left to extend.
        self.filtered(lambda c: c.extension_state == "requested")._close_extension_activities()
        return True

    def action_give_feedback(self):
        self._check_step("give_feedback")
        self._require(["feedback_method", "feedback_content"], self.env._("giving feedback"))
        self._fazhi_move("give_feedback", {"feedback_date": self._today()})
        return True

    def action_record_satisfaction(self):
        self._check_step("record_satisfaction")
        self._require(["satisfaction"], self.env._("recording the callback"))
        self._fazhi_move("record_satisfaction", {"callback_date": self._today()})
        return True

    def action_reopen(self):
        """不满意: the office reopens the investigation, once."""
        self._check_office(self.env._("reopen a complaint"))
        self._check_step("reopen")
        for complaint in self:
            if complaint.satisfaction != "unsatisfied":
                raise UserError(
                    self.env._(
                        "Only a complaint whose complainant is unsatisfied can be reopened (%s).",
                        complaint.display_name,
                    )
                )
            if complaint.reopen_count:
                raise UserError(
                    self.env._(
                        "The complaint %s was already reopened once; it cannot be reopened again.",
                        complaint.display_name,
                    )
                )
        self._fazhi_move(
            "reopen",
            {
                "reopen_count": 1,
                "reopen_date": self._today(),
                "escalated_conclude": False,
                "concluded_date": False,
                "concluded_on_time": False,
                "feedback_date": False,
                "callback_date": False,
                "satisfaction": False,
            },
        )
        for complaint in self:
            complaint.message_post(
                body=self.env._(
                    "Investigation reopened by %s after an unsatisfied callback.",
                    self.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_set_archived(self):
        self._fazhi_move("archive", {"archived_date": self._today(), "is_overdue": False})
        return True

    # ------------------------------------------------------------------
    # Extension (《信访工作条例》): the office requests, a leader decides
    # ------------------------------------------------------------------
    def _is_extension_approver(self, user):
        """Whether ``user`` may decide this complaint's extension: the Leader
        role, or the head the company names in the settings."""
        self.ensure_one()
        # sudo: reads who the company names as head, compared with the user only
        head = self.company_id.sudo().fazhi_complaint_extension_approver_id
        return user.has_group(LEADER) or (head and user == head)

    def _extension_approvers(self):
        """Who is asked to decide: the company's named head, else its leaders."""
        self.ensure_one()
        # sudo: reads the named head and the leaders' accounts, only to give them an activity
        head = self.company_id.sudo().fazhi_complaint_extension_approver_id
        if head:
            users = head
        else:
            users = (
                self.env.ref(LEADER)
                .sudo()
                .users.filtered(lambda u: self.company_id in u.company_ids)
            )
        root = self.env.ref("base.user_root")
        kept_out = self._kept_out_partners()
        return users.filtered(
            lambda u: (
                u.active
                and not u.share
                and u != root
                and u != self.env.user
                and u.partner_id not in kept_out
            )
        )

    def _close_extension_activities(self):
        activity_type = self.env.ref("fazhi_complaints.mail_activity_type_extension_approval")
        # sudo: removes only the approval activities of these complaints' extension
        # requests, once decided or no longer to decide
        self.sudo().activity_ids.filtered(lambda a: a.activity_type_id == activity_type).unlink()

    def action_open_extend_wizard(self):
        self.ensure_one()
        self._check_office(self.env._("request the extension of a complaint's time limit"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request an extension"),
            "res_model": "fazhi.complaint.extend.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

    def _request_extension(self, days, reason, notice_method):
        """The office requests the one extension of at most the company's maximum;
        the deadline moves only once a leader approves it."""
        self.ensure_one()
        self._check_office(self.env._("request the extension of a complaint's time limit"))
        self._fazhi_check_state(CONCLUDE_STATES)
        if self.extension_days or self.extension_state == "approved":
            raise UserError(
                self.env._("The complaint %s was already extended once.", self.display_name)
            )
        if self.extension_state == "requested":
            raise UserError(
                self.env._(
                    "An extension of the complaint %s already awaits a leader's decision.",
                    self.display_name,
                )
            )
        maximum = self.company_id.fazhi_complaint_extension_max_days
        if not isinstance(days, int) or not 1 <= days <= maximum:
            raise UserError(self.env._("An extension is between 1 and %(max)s days.", max=maximum))
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(self.env._("Give the reason of the extension."))
        if notice_method not in dict(NOTICE_METHODS):
            raise UserError(self.env._("Say how the complainant is told of the extension."))
        self._fazhi_action_write(
            {
                "extension_state": "requested",
                "extension_requested_days": days,
                "extension_reason": reason.strip(),
                "extension_notice_method": notice_method,
                "extension_requester_id": self.env.user.id,
                "extension_request_date": self._today(),
                "extension_approver_id": False,
                "extension_decision_date": False,
                "extension_refusal_reason": False,
            }
        )
        self.message_post(
            body=self.env._(
                "Extension of %(days)s days requested by %(user)s: %(reason)s. A leader decides.",
                days=days,
                user=self.env.user.name,
                reason=reason.strip(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        for user in self._extension_approvers():
            self.activity_schedule(
                "fazhi_complaints.mail_activity_type_extension_approval",
                date_deadline=self._today(),
                summary=self.env._("Extension of %s days requested", days),
                note=reason.strip(),
                user_id=user.id,
            )
        return True

    def _check_extension_decider(self):
        """Before a decision: a pending request, an open complaint, and a leader
        (or the named head) who did not request it."""
        self.ensure_one()
        self.check_access("read")
        if not self._is_extension_approver(self.env.user):
            raise AccessError(
                self.env._(
                    "Only a leader (the Leader role or the head named in the settings) decides "
                    "the extension of a complaint's time limit."
                )
            )
        if self.extension_requester_id == self.env.user:
            raise AccessError(
                self.env._("You requested this extension: another person decides it.")
            )
        if self.extension_state != "requested":
            raise UserError(
                self.env._("No extension of the complaint %s awaits a decision.", self.display_name)
            )
        self._fazhi_check_state(CONCLUDE_STATES)

    def action_approve_extension(self):
        """A leader approves the requested extension: the deadline moves."""
        self._check_extension_decider()
        days = self.extension_requested_days
        # sudo: the leader's role is read-only by ACL; the approver was checked just
        # above and only the decision on this complaint's pending request is written.
        complaint = self.sudo()
        complaint._fazhi_action_write(
            {
                "extension_state": "approved",
                "extension_days": days,
                "extension_approver_id": self.env.user.id,
                "extension_decision_date": self._today(),
            }
        )
        if complaint.conclude_deadline and complaint.conclude_deadline >= self._today():
            complaint._fazhi_action_write({"is_overdue": False})
        self._close_extension_activities()
        self.message_post(
            body=self.env._(
                "Time limit extended by %(days)s days (new deadline %(deadline)s), approved by "
                "%(user)s: %(reason)s. The complainant is told (%(method)s).",
                days=days,
                deadline=fields.Date.to_string(self.conclude_deadline),
                user=self.env.user.name,
                reason=self.extension_reason,
                method=dict(NOTICE_METHODS).get(self.extension_notice_method, ""),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return True

    def action_open_extension_refuse_wizard(self):
        self._check_extension_decider()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refuse the extension"),
            "res_model": "fazhi.complaint.extension.refuse.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

    def _refuse_extension(self, reason):
        """A leader refuses the requested extension: the deadline stays, the
        request and the refusal's reason are kept."""
        self._check_extension_decider()
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(self.env._("Give the reason of the refusal."))
        # sudo: the leader's role is read-only by ACL; the approver was checked just
        # above and only the decision on this complaint's pending request is written.
        self.sudo()._fazhi_action_write(
            {
                "extension_state": "refused",
                "extension_approver_id": self.env.user.id,
                "extension_decision_date": self._today(),
                "extension_refusal_reason": reason.strip(),
            }
        )
        self._close_extension_activities()
        self.message_post(
            body=self.env._(
                "Extension of %(days)s days refused by %(user)s: %(reason)s.",
                days=self.extension_requested_days,
                user=self.env.user.name,
                reason=reason.strip(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return True

    # ------------------------------------------------------------------
    # Publication (处理结果向社会公开): the office's, after a personal-data check
    # ------------------------------------------------------------------
    def _check_publishable(self, text):
        """Refuse ``text`` if it holds phone or ID numbers or the complainant's name."""
        self.ensure_one()
        # sudo: the complainant's name is only compared with the text, never returned
        found = find_personal_data(text, [self.sudo().complainant_name])
        if not found:
            return
        items = []
        for kind, masked in found:
            if kind == "id_number":
                item = self.env._("an ID number (%s)", masked)
            elif kind == "mobile":
                item = self.env._("a mobile phone number (%s)", masked)
            elif kind == "landline":
                item = self.env._("a landline phone number (%s)", masked)
            else:
                item = self.env._("the complainant's name")
            if item not in items:
                items.append(item)
        raise UserError(
            self.env._(
                "The summary to publish for %(ref)s contains personal data: %(found)s. "
                "Remove it before publishing.",
                ref=self.display_name,
                found=", ".join(items),
            )
        )

    def action_publish(self):
        self._check_office(self.env._("approve the publication of a result"))
        self._fazhi_check_state(CONCLUDED_STATES)
        self._require(["public_summary_draft"], self.env._("publishing"))
        today = self._today()
        for complaint in self:
            text = complaint.public_summary_draft.strip()
            complaint._check_publishable(text)
            complaint._fazhi_action_write(
                {
                    "public_summary": text,
                    "is_published": True,
                    "published_date": today,
                    "publisher_id": self.env.user.id,
                }
            )
        return True

    def action_unpublish(self):
        self._check_office(self.env._("withdraw a published result"))
        self._fazhi_action_write({"is_published": False})
        return True

    def action_show_identity(self):
        """Open the complainant's identity; the opening is logged in the chatter."""
        self.ensure_one()
        if not self.env.user.has_groups(IDENTITY_GROUPS):
            raise AccessError(
                self.env._("Only the complaint desk and the office see the complainant.")
            )
        self.message_post(
            body=self.env._("The complainant's identity was opened by %s.", self.env.user.name),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Complainant"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [
                (self.env.ref("fazhi_complaints.fazhi_complaint_view_form_identity").id, "form")
            ],
            "target": "new",
        }

    # ------------------------------------------------------------------
    # Identity audit: every read of the complainant's identity is traced
    # ------------------------------------------------------------------
    def _trace_identity_access(self, fnames, how):
        """Log in the chatter of each complaint of ``self`` that the current user
        read ``fnames`` of its complainant's identity, and how.

        The trace is a log note (``_message_log_batch``: no notification) whose
        author and date say who and when. The superuser environment (server
        code, never an RPC call) is not traced."""
        fnames = IDENTITY_FIELDS & set(fnames or ())
        complaints = self.filtered(lambda c: isinstance(c.id, int))
        if self.env.su or not fnames or not complaints:
            return
        labels = ", ".join(self._fazhi_field_label(f) for f in self._fields if f in fnames)
        body = Markup("<p>%s</p>") % self.env._(
            "The complainant's identity (%(fields)s) was accessed by %(user)s: %(how)s.",
            fields=labels,
            user=self.env.user.name,
            how=how,
        )
        complaints._message_log_batch({complaint.id: body for complaint in complaints})

    def _read_format(self, fnames, load="_classic_read"):
        # read, search_read, web_read, web_search_read and web_save all return their
        # values through here.
        result = super()._read_format(fnames, load=load)
        if not self.env.su and IDENTITY_FIELDS & set(fnames or ()):
            read = self.browse([vals["id"] for vals in result])
            read._trace_identity_access(fnames, self.env._("read"))
        return result

    @api.model
    def _domain_field_names(self, domain):
        """First field names of the leaves of ``domain``."""
        return {
            leaf[0].split(".")[0]
            for leaf in domain or ()
            if isinstance(leaf, list | tuple) and len(leaf) == 3 and isinstance(leaf[0], str)
        }

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(domain, offset=offset, limit=limit, order=order)
        if not self.env.su:
            used = IDENTITY_FIELDS & self._domain_field_names(domain)
            if used:
                # The matches tell whether someone filed a complaint, and which.
                self.browse(query)._trace_identity_access(used, self.env._("search"))
        return query

    @api.model
    def _read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        result = super()._read_group(
            domain, groupby, aggregates, having=having, offset=offset, limit=limit, order=order
        )
        if not self.env.su:
            used = {spec.split(":")[0].split(".")[0] for spec in (*groupby, *aggregates)}
            used |= {name.split(":")[0] for name in self._domain_field_names(having)}
            used &= IDENTITY_FIELDS
            if used:
                # Every complaint of the groups gave its identity to the result.
                self.search(domain or [])._trace_identity_access(used, self.env._("grouped"))
        return result

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        used = {path.split("/")[0] for path in fields_to_export}
        if not self.env.su and IDENTITY_FIELDS & used:
            self._trace_identity_access(used, self.env._("exported"))
        return result

    # ------------------------------------------------------------------
    # Follow-ups
    # ------------------------------------------------------------------
    def _open_followups(self):
        """A (partly) substantiated complaint opens a rectification, or an accountability
        follow-up when officers are accused; they never see it (excluded users)."""
        vals_list = []
        for complaint in self.sudo():
            unit = complaint.accused_unit_id or complaint.unit_id
            if not unit:
                continue
            deadline = complaint.concluded_date + timedelta(
                days=complaint.company_id.fazhi_complaint_followup_days
            )
            accountability = bool(complaint.accused_officer_ids)
            kept_out = complaint.accused_officer_ids | complaint.excluded_user_ids
            vals = {
                "source": complaint,
                "unit_id": unit.id,
                "kind": "accountability" if accountability else "rectification",
                "name": self.env._(
                    "Complaint %(ref)s: %(category)s",
                    ref=complaint.reference,
                    category=complaint.category_id.name,
                ),
                "deadline": deadline,
                "excluded_user_ids": [fields.Command.set(kept_out.ids)],
            }
            if accountability:
                vals["investigation_outcome"] = complaint.outcome
                vals["measure"] = complaint.measure
            owner = unit._get_responsible_users()
            if owner & kept_out:
                vals["user_id"] = False
            vals_list.append(vals)
        if vals_list:
            self.env["fazhi.followup"].sudo()._create_followups(vals_list)

    # ------------------------------------------------------------------
    # Public web (query code and rate limit: fazhi.complaint.public.mixin)
    # ------------------------------------------------------------------
    def _public_state_label(self):
        self.ensure_one()
        return self._state_label()

    # ------------------------------------------------------------------
    # Escalation (限时督办)
    # ------------------------------------------------------------------
    def _overdue_domains(self, today):
        return {
            "accept": [
                ("state", "=", "registered"),
                ("accept_deadline", "<", today),
                ("escalated_accept", "=", False),
            ],
            "conclude": [
                ("state", "in", CONCLUDE_STATES),
                ("conclude_deadline", "<", today),
                ("escalated_conclude", "=", False),
            ],
        }

    def _escalate(self, stage):
        """Mark these complaints overdue for ``stage`` (once: the stage's escalation
        flag) and pending for the run's digests (``_send_escalation_digests``).

        No activity or note per complaint: at 5,000 overdue complaints those cost
        seconds each; the red ribbon, the *Overdue* filter and one digest per person
        carry the escalation."""
        if self:
            # tracking_disable: these marks are not tracked; without it every
            # write reads the tracked fields of all the batch's rows first.
            self.with_context(tracking_disable=True)._fazhi_action_write(
                {"is_overdue": True, f"escalated_{stage}": True, "escalation_digest_pending": True}
            )

    @api.model
    def _send_escalation_digests(self):
        """One digest per person for the complaints escalated since the last
        digests (``escalation_digest_pending``, still overdue): the handler, else
        the responsible unit's manager or liaison, for their complaints, and every
        office user for all of them; never a complaint to one of its accused or
        excluded users. People with the same list and language share one message
        (one notification each). Clears the flags.

        :return: the number of people told
        """
        pending = self.search([("escalation_digest_pending", "=", True)])
        if not pending:
            return 0
        complaints = pending.filtered("is_overdue")
        root = self.env.ref("base.user_root")
        office = (
            self.env.ref("fazhi_base.group_fazhi_office")
            .sudo()
            .users.filtered(lambda u: u.active and not u.share and u != root)
        )
        responsible_by_unit = {unit: unit._get_responsible_users() for unit in complaints.unit_id}
        # sudo: who was ever accused, only to leave them out of the digests
        left_out = {c.id: c.accused_officer_ids | c.excluded_user_ids for c in complaints.sudo()}
        per_user = defaultdict(list)
        nobody = self.env["res.users"]
        for complaint in complaints:
            user = complaint.handler_id or responsible_by_unit.get(complaint.unit_id, nobody)
            if user and (not user.active or user.share or user == root):
                user = nobody
            for person in (user | office) - left_out[complaint.id]:
                per_user[person].append(complaint.id)
        for (ids, lang), users in group_recipients(self.env, per_user).items():
            self.browse(ids).with_context(lang=lang)._notify_escalation(users.partner_id)
        # tracking_disable: an untracked mark (see _escalate)
        pending.with_context(tracking_disable=True)._fazhi_action_write(
            {"escalation_digest_pending": False}
        )
        return len(per_user)

    def _notify_escalation(self, partners, limit=50):
        """One notification to ``partners`` listing these newly overdue complaints.
        E-mails go through the mail queue: nothing leaves before the cron's
        transaction is committed."""
        if not self or not partners:
            return
        items = Markup("").join(
            Markup("<li>%s (%s)</li>") % (c.reference, c._state_label()) for c in self[:limit]
        )
        more = (
            Markup("<p>%s</p>") % self.env._("… and %s more.", len(self) - limit)
            if len(self) > limit
            else Markup("")
        )
        body = (
            Markup("<p>%s</p><ul>%s</ul>")
            % (
                self.env._(
                    "%s complaint(s) passed their time limit and were escalated (限时督办):",
                    len(self),
                ),
                items,
            )
            + more
        )
        self.env["mail.thread"].with_context(mail_notify_force_send=False).message_notify(
            partner_ids=partners.ids,
            subject=self.env._("Overdue complaints (限时督办)"),
            body=body,
        )

    @api.model
    def _cron_escalate_overdue(self):
        """Mark one batch of overdue complaints and escalate each once per overdue
        stage (Odoo 18's cron contract).

        Each call marks at most ``_ESCALATION_BATCH`` complaints, selected by an
        indexed domain (state, deadline, escalation flag), and reports
        ``done``/``remaining`` with ``ir.cron._notify_progress``; the runner
        commits and calls again while some remain. The flag keeps a marked
        complaint out of later batches, so a run killed between two batches loses
        nothing and does nothing twice. The call that leaves nothing to mark sends
        the run's digests (``_send_escalation_digests``). Called outside the
        runner, it does every batch (``fazhi_base.tools.cron.run_batches``)."""
        # sudo: the scheduled action escalates every unit's complaints; it takes no
        # caller input, and the digests leave out the accused and excluded users.
        Complaint = self.sudo()
        domains = self._overdue_domains(self._today())

        def batch():
            limit = self._ESCALATION_BATCH
            done = 0
            for stage, domain in domains.items():
                if done < limit:
                    complaints = Complaint.search(domain, order="id", limit=limit - done)
                    complaints._escalate(stage)
                    done += len(complaints)
            remaining = (
                sum(Complaint.search_count(domain) for domain in domains.values())
                if done == limit
                else 0
            )
            if not remaining:
                Complaint._send_escalation_digests()
            return done, remaining

        run_batches(self.env, batch)
        return True
