import hashlib
import hmac
import re
import secrets
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .fazhi_complaint_time_limit import CHANNELS

IDENTITY_GROUPS = "fazhi_base.group_fazhi_complaint_desk,fazhi_base.group_fazhi_office"

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

NOTICE_METHODS = [
    ("phone", "Phone"),
    ("sms", "Text message"),
    ("letter", "Letter"),
    ("email", "E-mail"),
    ("visit", "In person"),
    ("hotline", "Through the 12345 hotline"),
    ("status_page", "Public status page"),
]

OUTCOMES = [
    ("substantiated", "Substantiated"),
    ("partly_substantiated", "Partly substantiated"),
    ("unfounded", "Unfounded"),
]

MEASURES = [
    ("criticism_education", "Criticism and education"),
    ("admonition_talk", "Admonition talk"),
    ("public_criticism", "Public criticism"),
    ("transfer_discipline", "Transfer to the discipline inspection body"),
    ("transfer_judiciary", "Transfer to the judicial authorities"),
]

SATISFACTION = [
    ("satisfied", "Satisfied"),
    ("basically_satisfied", "Basically satisfied"),
    ("unsatisfied", "Unsatisfied"),
]

PHONE_RE = re.compile(r"^\+?[0-9][0-9 \-]{5,19}$")
ID_NUMBER_RE = re.compile(r"^[0-9]{17}[0-9Xx]$")
# Query codes: no 0/O/1/I to keep them easy to read out on the phone.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 10


class FazhiComplaint(models.Model):
    """An enforcement complaint or report (行政执法投诉举报).

    Confidentiality: the complainant's identity fields exist only for the
    complaint desk and the office (``groups=``); a global record rule hides a
    complaint from the officers it accuses, who can neither handle nor follow
    it. Opening the identity (``action_show_identity``) leaves a chatter trace.
    """

    _name = "fazhi.complaint"
    _description = "Complaint"
    _inherit = ["mail.thread", "mail.activity.mixin", "fazhi.followup.source.mixin"]
    _order = "received_at desc, id desc"
    _rec_name = "reference"
    _rec_names_search = ["reference", "hotline_ticket"]
    _mail_post_access = "read"

    _ESCALATION_BATCH = 1000

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
        "fazhi.complaint.category", string="Category", required=True, tracking=True, index=True
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
        help="Deadline set by the 12345 hotline; it wins over the channel's limits when earlier.",
    )

    # ------------------------------------------------------------------
    # Complainant identity: only the complaint desk and the office have these
    # fields. Never tracked (tracking values would show them to others).
    # ------------------------------------------------------------------
    is_anonymous = fields.Boolean(string="Anonymous", groups=IDENTITY_GROUPS)
    complainant_name = fields.Char(string="Complainant", groups=IDENTITY_GROUPS)
    complainant_phone = fields.Char(string="Complainant phone", groups=IDENTITY_GROUPS)
    complainant_id_number = fields.Char(string="ID number", groups=IDENTITY_GROUPS)
    complainant_address = fields.Char(string="Complainant address", groups=IDENTITY_GROUPS)
    submit_ip_hash = fields.Char(groups="base.group_system", copy=False, index=True)
    access_code_hash = fields.Char(groups="base.group_system", copy=False)

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
        help="Officers the complaint is about: they never see, handle or follow it.",
    )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    state = fields.Selection(
        STATES, default="registered", required=True, tracking=True, copy=False, index=True
    )
    unit_id = fields.Many2one(
        "fazhi.unit", string="Responsible unit", tracking=True, index=True, copy=False
    )
    handler_id = fields.Many2one(
        "res.users",
        string="Handler",
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
    extension_days = fields.Integer(readonly=True, copy=False, tracking=True)
    extension_reason = fields.Text(readonly=True, copy=False)
    extension_notice_method = fields.Selection(
        NOTICE_METHODS, string="Extension notice", readonly=True, copy=False
    )
    extension_approver_id = fields.Many2one(
        "res.users", string="Extension approved by", readonly=True, copy=False
    )
    is_overdue = fields.Boolean(string="Overdue", readonly=True, copy=False, index=True)
    escalated_accept = fields.Boolean(readonly=True, copy=False)
    escalated_conclude = fields.Boolean(readonly=True, copy=False)

    # ------------------------------------------------------------------
    # Publication (处理结果向社会公开)
    # ------------------------------------------------------------------
    public_summary = fields.Text(
        string="Anonymised summary",
        copy=False,
        help="Published on the public pages once approved by the office: no names, phone "
        "numbers or other details that identify the complainant.",
    )
    is_published = fields.Boolean(string="Published", readonly=True, copy=False, index=True)
    published_date = fields.Date(readonly=True, copy=False)
    publisher_id = fields.Many2one("res.users", string="Approved by", readonly=True, copy=False)

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
        "extension_days",
    )
    def _compute_deadlines(self):
        Calendar = self.env["resource.calendar"]
        Limit = self.env["fazhi.complaint.time.limit"]
        # {(company, day type): [(complaint, field, start, days)]}: one batch call each.
        todo = defaultdict(list)
        for company, complaints in self.grouped("company_id").items():
            limits = Limit._get_limits(company)
            for complaint in complaints:
                limit = limits.get(complaint.channel)
                accept_days, accept_type = (
                    (limit.accept_days, limit.accept_day_type) if limit else (15, "calendar")
                )
                conclude_days, conclude_type = (
                    (limit.conclude_days, limit.conclude_day_type) if limit else (60, "calendar")
                )
                complaint.accept_deadline = complaint.conclude_deadline = False
                if complaint.received_date:
                    todo[company, accept_type].append(
                        (complaint, "accept_deadline", complaint.received_date, accept_days)
                    )
                start = complaint.reopen_date or complaint.accepted_date
                if start:
                    todo[company, conclude_type].append(
                        (complaint, "conclude_deadline", start, conclude_days)
                    )
        for (company, day_type), items in todo.items():
            if day_type == "working":
                ends = Calendar._fazhi_add_working_days(
                    [item[2] for item in items], [item[3] for item in items], company=company
                )
            else:
                ends = [start + timedelta(days=days) for _c, _f, start, days in items]
            for (complaint, fname, _start, _days), end in zip(items, ends, strict=True):
                # A 12345 ticket's own deadline wins when it is earlier.
                if complaint.hotline_deadline and complaint.hotline_deadline < end:
                    end = complaint.hotline_deadline
                if fname == "conclude_deadline" and complaint.extension_days:
                    end += timedelta(days=complaint.extension_days)
                complaint[fname] = end

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("handler_id", "accused_officer_ids")
    def _check_handler_not_accused(self):
        for complaint in self:
            if complaint.handler_id and complaint.handler_id in complaint.accused_officer_ids:
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

    @api.constrains("complainant_phone", "complainant_id_number")
    def _check_identity_format(self):
        for complaint in self.sudo():
            phone = (complaint.complainant_phone or "").strip()
            if phone and not PHONE_RE.match(phone):
                raise ValidationError(self.env._("The phone number %s is not valid.", phone))
            id_number = (complaint.complainant_id_number or "").strip()
            if id_number and not ID_NUMBER_RE.match(id_number):
                raise ValidationError(
                    self.env._("An ID number has 18 characters: 17 digits, then a digit or X.")
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("is_anonymous"):
                vals.update(self._anonymous_values())
        complaints = super().create(vals_list)
        complaints._assign_reference()
        complaints._link_attachments()
        complaints._drop_accused_followers()
        return complaints

    def write(self, vals):
        if vals.get("is_anonymous"):
            vals = {**vals, **self._anonymous_values()}
        res = super().write(vals)
        if "attachment_ids" in vals:
            self._link_attachments()
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

    @api.model
    def _anonymous_values(self):
        return {
            "complainant_name": False,
            "complainant_phone": False,
            "complainant_id_number": False,
            "complainant_address": False,
        }

    def _link_attachments(self):
        """Attach the uploaded files to their complaint (access follows the complaint)."""
        for complaint in self:
            loose = complaint.attachment_ids.sudo().filtered(
                lambda a, c=complaint: a.res_model != c._name or a.res_id != c.id
            )
            loose.write({"res_model": complaint._name, "res_id": complaint.id})

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        """Accused officers never follow the complaint, whoever adds them."""
        if not partner_ids:
            return super()._message_subscribe(partner_ids, subtype_ids, customer_ids)
        accused = self.sudo().accused_officer_ids.partner_id
        if not accused & self.env["res.partner"].browse(partner_ids):
            return super()._message_subscribe(partner_ids, subtype_ids, customer_ids)
        for complaint in self:
            allowed = [
                pid
                for pid in partner_ids
                if pid not in complaint.sudo().accused_officer_ids.partner_id.ids
            ]
            if allowed:
                super(FazhiComplaint, complaint)._message_subscribe(
                    allowed, subtype_ids, customer_ids
                )
        return True

    def _drop_accused_followers(self):
        self._fazhi_drop_followers("accused_officer_ids")

    # ------------------------------------------------------------------
    # Workflow helpers
    # ------------------------------------------------------------------
    def _state_label(self, state=None):
        return dict(self._fields["state"]._description_selection(self.env))[state or self.state]

    def _check_state(self, allowed, step):
        wrong = self.filtered(lambda c: c.state not in allowed)
        if wrong:
            raise UserError(
                self.env._(
                    "%(step)s is not possible for %(ref)s: it is %(state)s; this step needs "
                    "a complaint that is %(allowed)s.",
                    step=step,
                    ref=", ".join(wrong.mapped("display_name")),
                    state=wrong[0]._state_label(),
                    allowed=self.env._(" or ").join(self._state_label(s) for s in allowed),
                )
            )

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
        self._check_state(("registered",), self.env._("Acceptance"))
        self.write({"state": "accepted", "accepted_date": self._today(), "is_overdue": False})
        return True

    def action_reject(self):
        self._check_state(("registered",), self.env._("Rejection"))
        self._require(["reject_reason", "reject_notice_method"], self.env._("rejecting"))
        self.write({"state": "rejected", "rejected_date": self._today(), "is_overdue": False})
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
        self._check_state(("accepted",), self.env._("Assignment"))
        self._require(["unit_id", "handler_id"], self.env._("assigning"))
        self.write({"state": "assigned", "assigned_date": self._today()})
        for complaint in self:
            complaint.message_subscribe(partner_ids=complaint.handler_id.partner_id.ids)
        return True

    def action_start_investigation(self):
        self._check_state(("assigned",), self.env._("Starting the investigation"))
        self.write({"state": "investigating", "investigation_date": self._today()})
        return True

    def action_conclude(self):
        self._check_state(("investigating",), self.env._("Conclusion"))
        self._require(["outcome", "conclusion"], self.env._("concluding"))
        founded = self.filtered(lambda c: c.outcome != "unfounded")
        founded._require(["measures_taken"], self.env._("concluding a founded complaint"))
        today = self._today()
        for complaint in self:
            complaint.write(
                {
                    "state": "concluded",
                    "concluded_date": today,
                    "concluded_on_time": bool(
                        complaint.conclude_deadline and today <= complaint.conclude_deadline
                    ),
                    "is_overdue": False,
                }
            )
        founded._open_followups()
        return True

    def action_give_feedback(self):
        self._check_state(("concluded",), self.env._("Feedback"))
        self._require(["feedback_method", "feedback_content"], self.env._("giving feedback"))
        self.write({"state": "feedback", "feedback_date": self._today()})
        return True

    def action_record_satisfaction(self):
        self._check_state(("feedback",), self.env._("The satisfaction callback"))
        self._require(["satisfaction"], self.env._("recording the callback"))
        self.write({"state": "callback", "callback_date": self._today()})
        return True

    def action_reopen(self):
        """不满意: the office reopens the investigation, once."""
        self._check_office(self.env._("reopen a complaint"))
        self._check_state(("callback",), self.env._("Reopening"))
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
        self.write(
            {
                "state": "investigating",
                "reopen_count": 1,
                "reopen_date": self._today(),
                "escalated_conclude": False,
                "concluded_date": False,
                "concluded_on_time": False,
                "feedback_date": False,
                "callback_date": False,
                "satisfaction": False,
            }
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
        self._check_state(("callback", "rejected"), self.env._("Archiving"))
        self.write({"state": "archived", "archived_date": self._today(), "is_overdue": False})
        return True

    def action_open_extend_wizard(self):
        self.ensure_one()
        self._check_office(self.env._("extend a complaint's time limit"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Extend the time limit"),
            "res_model": "fazhi.complaint.extend.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

    def _extend(self, days, reason, notice_method):
        """One extension of at most the company's maximum, approved by the office."""
        self.ensure_one()
        self._check_office(self.env._("extend a complaint's time limit"))
        self._check_state(CONCLUDE_STATES, self.env._("An extension"))
        if self.extension_days:
            raise UserError(
                self.env._("The complaint %s was already extended once.", self.display_name)
            )
        maximum = self.company_id.fazhi_complaint_extension_max_days
        if not 1 <= days <= maximum:
            raise UserError(self.env._("An extension is between 1 and %(max)s days.", max=maximum))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the extension."))
        if not notice_method:
            raise UserError(self.env._("Say how the complainant is told of the extension."))
        vals = {
            "extension_days": days,
            "extension_reason": reason.strip(),
            "extension_notice_method": notice_method,
            "extension_approver_id": self.env.user.id,
        }
        self.write(vals)
        if self.conclude_deadline and self.conclude_deadline >= self._today():
            self.is_overdue = False
        self.message_post(
            body=self.env._(
                "Time limit extended by %(days)s days (new deadline %(deadline)s), approved by "
                "%(user)s: %(reason)s. The complainant was told (%(method)s).",
                days=days,
                deadline=fields.Date.to_string(self.conclude_deadline),
                user=self.env.user.name,
                reason=reason.strip(),
                method=dict(NOTICE_METHODS)[notice_method],
            ),
            subtype_xmlid="mail.mt_note",
        )
        return True

    def action_publish(self):
        self._check_office(self.env._("approve the publication of a result"))
        self._check_state(CONCLUDED_STATES, self.env._("Publication"))
        self._require(["public_summary"], self.env._("publishing"))
        self.write(
            {
                "is_published": True,
                "published_date": self._today(),
                "publisher_id": self.env.user.id,
            }
        )
        return True

    def action_unpublish(self):
        self._check_office(self.env._("withdraw a published result"))
        self.write({"is_published": False})
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
                "excluded_user_ids": [fields.Command.set(complaint.accused_officer_ids.ids)],
            }
            if accountability:
                vals["investigation_outcome"] = complaint.outcome
                vals["measure"] = complaint.measure
            owner = unit._get_responsible_users()
            if owner & complaint.accused_officer_ids:
                vals["user_id"] = False
            vals_list.append(vals)
        if vals_list:
            self.env["fazhi.followup"].sudo()._create_followups(vals_list)

    # ------------------------------------------------------------------
    # Public web
    # ------------------------------------------------------------------
    @api.model
    def _hash_secret(self, value):
        key = self.env["ir.config_parameter"].sudo().get_param("database.secret", "")
        return hmac.new(key.encode(), (value or "").encode(), hashlib.sha256).hexdigest()

    def _set_new_access_code(self):
        """Give the complaint a new query code; return it (only its hash is stored)."""
        self.ensure_one()
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        self.sudo().access_code_hash = self._hash_secret(code)
        return code

    @api.model
    def _find_by_reference_and_code(self, reference, code):
        """The complaint with this reference and query code, or an empty recordset.

        Unknown reference and wrong code give the same answer."""
        reference = (reference or "").strip().upper()
        code = (code or "").strip().upper().replace(" ", "")
        complaint = self.sudo().search([("reference", "=", reference)], limit=1)
        expected = complaint.access_code_hash if complaint else self._hash_secret("-")
        if complaint and code and hmac.compare_digest(expected, self._hash_secret(code)):
            return complaint
        return self.browse()

    @api.model
    def _count_recent_submissions(self, ip_hash, hours=1):
        since = fields.Datetime.now() - timedelta(hours=hours)
        return self.sudo().search_count(
            [("submit_ip_hash", "=", ip_hash), ("create_date", ">=", since)]
        )

    @api.model
    def _submission_limit_reached(self, ip_hash):
        """Whether the address ``ip_hash`` filed the company's hourly number of public
        complaints. Locks the address until the end of the transaction, so that the caller
        may create its complaint in the same transaction and the limit holds under
        concurrent requests.

        The transaction's snapshot predates the lock (REPEATABLE READ: the request queried
        the database before) and misses what the requests that held the lock meanwhile
        committed: those complaints are counted in a new transaction, started once the
        lock is granted (the lock is released after the holder's commit is visible).
        """
        self.env.cr.execute(
            SQL("SELECT pg_advisory_xact_lock(hashtext(%s))", "fazhi_complaint:" + ip_hash)
        )
        with self.env.registry.cursor() as cr:
            committed = self.with_env(self.env(cr=cr))._count_recent_submissions(ip_hash)
        recent = max(committed, self._count_recent_submissions(ip_hash))
        return recent >= self.env.company.sudo().fazhi_complaint_rate_limit

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
        """Mark overdue for ``stage`` (once: the stage's escalation flag) and return
        ``{user: complaints}`` of the people to tell: the handler, else the responsible
        unit's manager or liaison (never an accused officer).

        No activity or note per complaint: at 5,000 overdue complaints those cost
        seconds each; the red ribbon, the *Overdue* filter and one digest per person
        (``_notify_escalation``) carry the escalation."""
        per_user = defaultdict(lambda: self.browse())
        if not self:
            return per_user
        units = self.unit_id
        responsible_by_unit = {unit: unit._get_responsible_users() for unit in units}
        accused_by_complaint = {c.id: c.accused_officer_ids for c in self}
        for complaint in self:
            user = complaint.handler_id or responsible_by_unit.get(complaint.unit_id)
            if user and user not in accused_by_complaint[complaint.id]:
                per_user[user] |= complaint
        self.write({"is_overdue": True, f"escalated_{stage}": True})
        return per_user

    def _notify_escalation(self, partners, limit=50):
        """One notification to ``partners`` listing these newly overdue complaints."""
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
        self.env["mail.thread"].message_notify(
            partner_ids=partners.ids,
            subject=self.env._("Overdue complaints (限时督办)"),
            body=body,
        )

    @api.model
    def _cron_escalate_overdue(self):
        """Mark overdue complaints and escalate each once per overdue stage.

        Overdue complaints are selected by an indexed domain (state, deadline,
        escalation flag), in bounded batches; the flag makes reruns idempotent.
        Each responsible person gets one digest, the office one digest of all."""
        Complaint = self.sudo()
        today = self._today()
        escalated_ids = []
        per_user = defaultdict(list)
        for stage, domain in self._overdue_domains(today).items():
            while True:
                batch = Complaint.search(domain, order="id", limit=self._ESCALATION_BATCH)
                for user, complaints in batch._escalate(stage).items():
                    per_user[user] += complaints.ids
                escalated_ids += batch.ids
                if len(batch) < self._ESCALATION_BATCH:
                    break
        root = self.env.ref("base.user_root")
        office = (
            self.env.ref("fazhi_base.group_fazhi_office")
            .sudo()
            .users.filtered(lambda u: u.active and not u.share and u != root)
        )
        for user, ids in per_user.items():
            if user.active and not user.share and user not in office:
                Complaint.browse(ids)._notify_escalation(user.partner_id)
        Complaint.browse(escalated_ids)._notify_escalation(office.partner_id)
        self.env["ir.cron"]._notify_progress(done=len(escalated_ids), remaining=0)
        return True
