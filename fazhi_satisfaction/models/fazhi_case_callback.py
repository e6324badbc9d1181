from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import ACTION, CREATE_ONLY, EDIT
from odoo.addons.fazhi_base.tools.cron import run_batches
from odoo.exceptions import AccessError, UserError, ValidationError

from .fazhi_enforcement_case import CASE_TYPES

MANAGER = "fazhi_base.group_fazhi_unit_manager"

CALLBACK_METHODS = [
    ("visit", "Visit"),
    ("phone", "Phone"),
    ("wechat", "WeChat"),
]
SATISFACTION_LEVELS = [
    ("satisfied", "Satisfied"),
    ("basically_satisfied", "Basically satisfied"),
    ("dissatisfied", "Dissatisfied"),
]
# Context of the monthly generation's single create: no chatter message,
# follower or tracking per planned callback (the officers work from their
# list; the office is told once per unit about the callbacks without officer).
GENERATION_CONTEXT = {"tracking_disable": True}


class FazhiCaseCallback(models.Model):
    """The callback (回访) of a closed enforcement case.

    Seeds 000 and 001: every closed case is called back in the following
    month by visit, phone or WeChat, by a callback officer who is not one of
    the case's handlers (回访人员和办案人员分离, held by ``_check_officer_not_handler``
    here and by the case for handlers added afterwards).

    Workflow (``fazhi.workflow.mixin``): ``planned`` -> ``done`` (the
    counterpart was reached: method, date, satisfaction and findings recorded)
    or ``unreachable`` (three failed attempts, counted separately from the
    done callbacks); a unit manager plans an unreachable callback again. The
    officer fills the result while the callback is planned; once done or
    unreachable it is locked for every caller, and the state moves only
    through the buttons. Any finding opens an accountability follow-up
    (fazhi_base ``fazhi.followup``, kind ``accountability``) owned by the
    supervision office and hidden from everyone who ever handled the case
    (the case's ``excluded_user_ids``), their followers and notifications
    included.

    The daily cron ``_cron_generate_callbacks`` plans, idempotently, one
    callback this month for every case closed last month that has none
    (``_generate_callbacks``).
    """

    _name = "fazhi.case.callback"
    _description = "Case callback"
    _inherit = [
        "fazhi.workflow.mixin",
        "fazhi.confidential.mixin",
        "fazhi.excluded.followers.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "fazhi.followup.source.mixin",
    ]
    _order = "planned_month desc, id desc"
    _rec_names_search = ["case_id.number", "partner_id.name"]
    # The case's handlers never follow its callbacks (fazhi.excluded.followers.mixin).
    _fazhi_excluded_users_field = "case_excluded_user_ids"

    # Guarded workflow (fazhi.workflow.mixin).
    _fazhi_field_rules = {
        "case_id": CREATE_ONLY,
        # Copies of the case's fields: computed, or given by the generation.
        "unit_id": ACTION,
        "company_id": ACTION,
        "case_type": ACTION,
        "partner_id": ACTION,
        # Who calls and when: proposed by the creator, then the managers'.
        "officer_id": (EDIT, MANAGER),
        "planned_month": (EDIT, MANAGER),
        "state": ACTION,
        "attempt_ids": ACTION,
        # What the officer fills while the callback is planned.
        "method": EDIT,
        "date": EDIT,
        "satisfaction": EDIT,
        "finding_ids": EDIT,
        "finding_other": EDIT,
        "notes": EDIT,
    }
    _fazhi_state_rules = {
        "planned": EDIT,
        # The recorded result is final: it may have opened a follow-up.
        "done": (),
        "unreachable": (),
    }
    _fazhi_transitions = {
        "done": (("planned",), "done", None),
        "unreachable": (("planned",), "unreachable", None),
        "reopen": (("unreachable",), "planned", MANAGER),
    }
    _fazhi_unlink_states = ("planned",)

    # Failed attempts after which the counterpart is unreachable.
    _MAX_FAILED_ATTEMPTS = 3
    # Closed cases planned per call of the generation cron (one transaction each).
    _GENERATION_BATCH = 10000

    def _default_planned_month(self):
        return fields.Date.context_today(self).replace(day=1)

    # ------------------------------------------------------------------
    # Case
    # ------------------------------------------------------------------
    case_id = fields.Many2one(
        "fazhi.enforcement.case",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
    )
    # Copies of the case's fields (for record rules, filters and grouping),
    # kept in step with the case. Not related fields: the monthly generation
    # gives their values in its single create, and a related field would
    # write them back to the case; not readonly, so that Odoo keeps the given
    # values instead of computing them again for every new callback. They are
    # never written directly (see write()).
    _CASE_FIELDS = ("unit_id", "company_id", "case_type", "partner_id")
    unit_id = fields.Many2one(
        "fazhi.unit",
        compute="_compute_case_fields",
        store=True,
        readonly=False,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_case_fields",
        store=True,
        readonly=False,
        index=True,
    )
    case_type = fields.Selection(
        CASE_TYPES,
        compute="_compute_case_fields",
        store=True,
        readonly=False,
        string="Case type",
    )
    partner_id = fields.Many2one(
        "res.partner",
        compute="_compute_case_fields",
        store=True,
        readonly=False,
        index=True,
        string="Counterpart",
    )
    closing_date = fields.Date(related="case_id.closing_date")
    handler_ids = fields.Many2many(related="case_id.handler_ids", string="Case handlers")
    case_excluded_user_ids = fields.Many2many(
        related="case_id.excluded_user_ids", string="Handlers of the case, past and present"
    )
    partner_phone = fields.Char(related="partner_id.phone", string="Phone")
    partner_mobile = fields.Char(related="partner_id.mobile", string="Mobile")
    partner_wechat = fields.Char(related="partner_id.fazhi_wechat", string="WeChat ID")

    # ------------------------------------------------------------------
    # Planning
    # ------------------------------------------------------------------
    officer_id = fields.Many2one(
        "res.users",
        string="Callback officer",
        index=True,
        tracking=True,
        domain=[("share", "=", False)],
        help="Who calls the counterpart back; never one of the case's handlers.",
    )
    needs_officer = fields.Boolean(
        compute="_compute_needs_officer",
        search="_search_needs_officer",
        help="Planned without a callback officer: the unit has no designated officer who is "
        "not a handler of the case. The office assigns one.",
    )
    planned_month = fields.Date(
        required=True,
        index=True,
        default=lambda self: self._default_planned_month(),
        tracking=True,
        help="First day of the month in which the callback is due.",
    )
    deadline = fields.Date(
        compute="_compute_deadline",
        store=True,
        help="Last day of the planned month: callbacks done by then are on time.",
    )

    # ------------------------------------------------------------------
    # Result
    # ------------------------------------------------------------------
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("unreachable", "Unreachable")],
        required=True,
        default="planned",
        tracking=True,
        copy=False,
        index=True,
    )
    method = fields.Selection(CALLBACK_METHODS, tracking=True)
    date = fields.Date(string="Callback date", tracking=True, copy=False)
    attempt_ids = fields.One2many(
        "fazhi.case.callback.attempt", "callback_id", string="Attempts", copy=False
    )
    attempt_count = fields.Integer(compute="_compute_attempts")
    failed_attempt_count = fields.Integer(string="Failed attempts", compute="_compute_attempts")
    reached = fields.Boolean(
        compute="_compute_attempts",
        help="The counterpart was reached (an attempt succeeded).",
    )
    satisfaction = fields.Selection(SATISFACTION_LEVELS, tracking=True, copy=False)
    finding_ids = fields.Many2many(
        "fazhi.callback.finding",
        "fazhi_case_callback_finding_rel",
        "callback_id",
        "finding_id",
        string="Findings",
        copy=False,
        help="Problems the counterpart reported; any finding opens an accountability "
        "follow-up for the supervision office.",
    )
    finding_other = fields.Char(
        string="Other finding", copy=False, help="Required when a finding such as 其他 is ticked."
    )
    finding_needs_text = fields.Boolean(compute="_compute_finding_needs_text")
    has_findings = fields.Boolean(compute="_compute_has_findings", search="_search_has_findings")
    notes = fields.Text(copy=False)
    on_time = fields.Boolean(
        compute="_compute_on_time",
        help="Done by the end of the planned month (the figures compute it in SQL).",
    )

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("case_id.number", "partner_id.name")
    def _compute_display_name(self):
        for callback in self:
            callback.display_name = self.env._(
                "Callback %(number)s (%(partner)s)",
                number=callback.case_id.number or "",
                partner=callback.partner_id.name or "",
            )

    @api.depends("case_id.unit_id", "case_id.company_id", "case_id.case_type", "case_id.partner_id")
    def _compute_case_fields(self):
        for callback in self:
            # sudo: copies the case's unit, company, type and counterpart onto
            # its callback (stored, never written by a caller: ACTION fields).
            case = callback.case_id.sudo()
            callback.unit_id = case.unit_id
            callback.company_id = case.company_id
            callback.case_type = case.case_type
            callback.partner_id = case.partner_id

    @api.depends("planned_month")
    def _compute_deadline(self):
        for callback in self:
            callback.deadline = callback.planned_month and callback.planned_month + relativedelta(
                day=31
            )

    @api.depends("officer_id", "state")
    def _compute_needs_officer(self):
        for callback in self:
            callback.needs_officer = callback.state == "planned" and not callback.officer_id

    def _search_needs_officer(self, operator, value):
        return self._search_flag(
            operator, value, [("state", "=", "planned"), ("officer_id", "=", False)]
        )

    @api.depends("attempt_ids.reached")
    def _compute_attempts(self):
        for callback in self:
            attempts = callback.attempt_ids
            callback.attempt_count = len(attempts)
            callback.failed_attempt_count = len(attempts.filtered(lambda a: not a.reached))
            callback.reached = any(attempts.mapped("reached"))

    @api.depends("finding_ids.requires_text")
    def _compute_finding_needs_text(self):
        for callback in self:
            callback.finding_needs_text = any(callback.finding_ids.mapped("requires_text"))

    @api.depends("finding_ids")
    def _compute_has_findings(self):
        for callback in self:
            callback.has_findings = bool(callback.finding_ids)

    def _search_has_findings(self, operator, value):
        return self._search_flag(operator, value, [("finding_ids", "!=", False)])

    @api.depends("state", "date", "deadline")
    def _compute_on_time(self):
        for callback in self:
            callback.on_time = bool(
                callback.state == "done"
                and callback.date
                and callback.deadline
                and callback.date <= callback.deadline
            )

    @api.model
    def _search_flag(self, operator, value, domain):
        """Domain of a boolean search on a flag defined by ``domain``."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on this flag: %s", operator))
        return domain if (operator == "=") == value else ["!", *domain]

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("officer_id", "case_id")
    def _check_officer_not_handler(self):
        """回访人员和办案人员分离: the officer never handled the case, not even
        in the past (the case's ``excluded_user_ids``)."""
        # sudo: a check only (it refuses, never returns data).
        for callback in self.sudo():
            if callback.officer_id and callback.officer_id in callback.case_id.excluded_user_ids:
                raise ValidationError(
                    self.env._(
                        "%(person)s handled case %(number)s and cannot call it back: callback "
                        "officers and case handlers must be different people.",
                        person=callback.officer_id.name,
                        number=callback.case_id.number,
                    )
                )

    @api.constrains("finding_ids", "finding_other")
    def _check_finding_other(self):
        for callback in self:
            if callback.finding_needs_text and not (callback.finding_other or "").strip():
                raise ValidationError(
                    self.env._(
                        "Describe the finding %(finding)s of %(callback)s.",
                        finding=callback.finding_ids.filtered("requires_text")[0].name,
                        callback=callback.display_name,
                    )
                )

    @api.constrains("date", "case_id")
    def _check_date(self):
        today = fields.Date.context_today(self)
        for callback in self.filtered("date"):
            if callback.date > today:
                raise ValidationError(
                    self.env._(
                        "The callback date of %(callback)s cannot be in the future.",
                        callback=callback.display_name,
                    )
                )
            # sudo: a check only, against the case's closing date.
            closing = callback.sudo().case_id.closing_date
            if closing and callback.date < closing:
                raise ValidationError(
                    self.env._(
                        "The callback date of %(callback)s cannot be before the case was "
                        "closed (%(date)s).",
                        callback=callback.display_name,
                        date=fields.Date.to_string(closing),
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def _prepare_month(self, vals):
        """The planned month is stored as its first day."""
        if vals.get("planned_month"):
            vals["planned_month"] = fields.Date.to_date(vals["planned_month"]).replace(day=1)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "planned_month" not in vals:
                vals["planned_month"] = self._default_planned_month()
            self._prepare_month(vals)
        callbacks = super().create(vals_list)
        callbacks._drop_excluded_followers()
        return callbacks

    def write(self, vals):
        self._prepare_month(vals)
        res = super().write(vals)
        if "officer_id" in vals:
            self._drop_excluded_followers()
        return res

    # ------------------------------------------------------------------
    # Confidentiality: the case's handlers (past and present) never follow
    # (fazhi.excluded.followers.mixin, on case_excluded_user_ids)
    # ------------------------------------------------------------------
    def _drop_excluded_followers(self):
        self._fazhi_drop_followers()

    def _notify_get_recipients(self, message, msg_vals, **kwargs):
        """Nobody who handled the case is notified of a callback's messages,
        not even when named as a recipient (no e-mail, no inbox entry)."""
        recipients = super()._notify_get_recipients(message, msg_vals, **kwargs)
        if not self or not recipients:
            return recipients
        # sudo: reads who handled the case, to leave them out (narrows only).
        excluded = set(self.sudo().case_id.excluded_user_ids.partner_id.ids)
        return [data for data in recipients if data["id"] not in excluded]

    @api.model
    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _check_officer_rights(self):
        """The officer records the callback; the unit's managers and the office
        may record it for them."""
        if self.env.su or self.env.user.has_group(MANAGER):
            return
        others = self.filtered(lambda c: c.officer_id and c.officer_id != self.env.user)
        if others:
            raise AccessError(
                self.env._(
                    "Only %(person)s, the callback officer of %(callback)s, or a manager can "
                    "record it.",
                    person=others[0].officer_id.name,
                    callback=others[0].display_name,
                )
            )

    def _take_over(self):
        """Callbacks without officer become the current user's (checked by the
        separation rule)."""
        unassigned = self.filtered(lambda callback: not callback.officer_id)
        if unassigned and not self.env.su:
            unassigned._fazhi_action_write({"officer_id": self.env.uid})

    def action_done(self):
        """Record the callback: the counterpart was reached.

        Needs the method and the satisfaction; the date defaults to today.
        Opens an accountability follow-up for every callback with findings.
        """
        self._fazhi_check_state(self._fazhi_transitions["done"][0])
        self._check_officer_rights()
        self._take_over()
        for callback in self:
            if not callback.method:
                raise UserError(
                    self.env._(
                        "Choose how %(callback)s was made (visit, phone or WeChat).",
                        callback=callback.display_name,
                    )
                )
            if not callback.satisfaction:
                raise UserError(
                    self.env._(
                        "Record the counterpart's satisfaction in %(callback)s.",
                        callback=callback.display_name,
                    )
                )
            if not callback.officer_id:
                raise UserError(
                    self.env._(
                        "Assign the callback officer of %(callback)s first.",
                        callback=callback.display_name,
                    )
                )
        self.env["fazhi.case.callback.attempt"]._fazhi_action_create(
            [
                {
                    "callback_id": callback.id,
                    "method": callback.method,
                    "reached": True,
                    "user_id": callback.officer_id.id,
                }
                for callback in self
            ]
        )
        undated = self.filtered(lambda callback: not callback.date)
        undated._fazhi_move("done", {"date": fields.Date.context_today(self)})
        (self - undated)._fazhi_move("done")
        self._open_accountability_followups()
        return True

    def action_record_failed_attempt(self, note=None):
        """Record an attempt that did not reach the counterpart; after three
        failed attempts the callback is unreachable."""
        self._fazhi_check_state(self._fazhi_transitions["unreachable"][0])
        self._check_officer_rights()
        self._take_over()
        missing = self.filtered(lambda callback: not callback.method)
        if missing:
            raise UserError(
                self.env._(
                    "Choose how %(callback)s was attempted (visit, phone or WeChat).",
                    callback=missing[0].display_name,
                )
            )
        self.env["fazhi.case.callback.attempt"]._fazhi_action_create(
            [
                {
                    "callback_id": callback.id,
                    "method": callback.method,
                    "reached": False,
                    "user_id": (callback.officer_id or self.env.user).id,
                    "note": note or False,
                }
                for callback in self
            ]
        )
        unreachable = self.filtered(
            lambda callback: callback.failed_attempt_count >= self._MAX_FAILED_ATTEMPTS
        )
        if unreachable:
            unreachable._fazhi_move("unreachable")
            unreachable._message_log_batch(
                {
                    callback.id: Markup("<p>%s</p>")
                    % self.env._(
                        "The counterpart could not be reached after %(count)s attempts.",
                        count=callback.failed_attempt_count,
                    )
                    for callback in unreachable
                }
            )
        return True

    def action_reopen(self):
        """Plan an unreachable callback again (e.g. a new phone number was found)."""
        self._fazhi_move("reopen")
        return True

    # ------------------------------------------------------------------
    # Accountability follow-ups
    # ------------------------------------------------------------------
    @api.model
    def _get_accountability_owner(self, excluded, company=None):
        """The supervision office user who owns the accountability follow-ups
        of ``company`` (default: the current one), never one of ``excluded``:
        the company's *callback findings owner*, else the first office user (by
        id) who is not an administrator, else the first administrator."""
        company = company or self.env.company
        office_users = self.env["fazhi.followup"]._get_escalation_office_users() - excluded
        # sudo: the company's settings field is the office's; read to pick an owner.
        chosen = company.sudo().fazhi_callback_followup_user_id
        if chosen in office_users:
            return chosen
        return office_users.sorted(lambda u: (u.has_group("base.group_system"), u.id))[:1]

    def _open_accountability_followups(self):
        """One accountability follow-up per callback with findings (one create).

        The follow-up belongs to the case's unit (so it counts in the unit's
        figures), is owned by the supervision office, is due in
        the company's ``fazhi_callback_followup_days`` working days (15 by
        default) and is hidden from everyone who ever handled the case (they
        cannot read it, find it, own it, follow it or see its mail rows).
        """
        # sudo: the officer records the findings, the follow-up is the office's
        # (officers may not create follow-ups of other units); its values come
        # from the callbacks the caller has just recorded, nothing else.
        todo = self.sudo().filtered("finding_ids")
        if not todo:
            return self.env["fazhi.followup"]
        today = fields.Date.context_today(self)
        Calendar = self.env["resource.calendar"]
        deadlines = {}
        for company, callbacks in todo.grouped("company_id").items():
            company = company or self.env.company
            dates = Calendar._fazhi_add_working_days(
                [today] * len(callbacks), company.fazhi_callback_followup_days, company=company
            )
            deadlines.update(zip(callbacks.ids, dates, strict=True))
        vals_list = []
        for callback in todo:
            case = callback.case_id
            owner = self._get_accountability_owner(case.excluded_user_ids, case.company_id)
            findings = callback.finding_ids
            labels = ", ".join(findings.mapped("name"))
            if callback.finding_other:
                labels = f"{labels} ({callback.finding_other})"
            vals_list.append(
                {
                    "source": callback,
                    "kind": "accountability",
                    "name": self.env._(
                        "Callback findings on case %(number)s: %(findings)s",
                        number=case.number,
                        findings=labels,
                    ),
                    "unit_id": case.unit_id.id,
                    "user_id": owner.id,
                    "deadline": deadlines[callback.id],
                    "description": callback._accountability_description(),
                    "excluded_user_ids": [Command.set(case.excluded_user_ids.ids)],
                }
            )
        # sudo: see above; the follow-ups are created hidden from the handlers.
        followups = (
            self.env["fazhi.followup"]
            .sudo()
            .with_context(mail_create_nosubscribe=True)
            ._create_followups(vals_list)
        )
        todo._message_log_batch(
            {
                followup.res_id: Markup("<p>%s</p>")
                % self.env._("Accountability follow-up %(name)s opened.", name=followup.reference)
                for followup in followups
            }
        )
        return followups

    def _accountability_description(self):
        self.ensure_one()
        case = self.case_id
        labels = dict(self._fields["satisfaction"]._description_selection(self.env))
        methods = dict(self._fields["method"]._description_selection(self.env))
        rows = [
            (self.env._("Case"), case.number),
            (self.env._("Counterpart"), case.partner_id.display_name),
            (self.env._("Closing date"), fields.Date.to_string(case.closing_date)),
            (self.env._("Callback"), f"{fields.Date.to_string(self.date)} {methods[self.method]}"),
            (self.env._("Callback officer"), self.officer_id.name),
            (self.env._("Satisfaction"), labels.get(self.satisfaction, "")),
            (self.env._("Findings"), ", ".join(self.finding_ids.mapped("name"))),
            (self.env._("Other finding"), self.finding_other or ""),
            (self.env._("Notes"), self.notes or ""),
        ]
        items = Markup("").join(
            Markup("<li><strong>%s</strong>: %s</li>") % (label, value)
            for label, value in rows
            if value
        )
        intro = self.env._(
            "Investigate the findings of this case callback; where they amount to a "
            "disciplinary or criminal matter, transfer them to the competent body."
        )
        return Markup("<p>%s</p><ul>%s</ul>") % (intro, items)

    # ------------------------------------------------------------------
    # Monthly generation
    # ------------------------------------------------------------------
    @api.model
    def _generation_case_domain(self, closing_month):
        """Cases closed in the month of ``closing_month`` without any callback."""
        start = fields.Date.to_date(closing_month).replace(day=1)
        return [
            ("closing_date", ">=", start),
            ("closing_date", "<", start + relativedelta(months=1)),
            ("callback_ids", "=", False),
        ]

    @api.model
    def _generate_callbacks(self, closing_month, limit=None):
        """Plan the callbacks of the cases closed in ``closing_month``.

        Every case closed in that month without any callback gets one, planned
        in the following month and assigned round-robin among its unit's
        callback officers who never handled it: each case goes to the
        eligible officer with the fewest callbacks of that month in the unit
        (ties: the lowest user id), counting those planned earlier, so runs
        stay balanced and deterministic. A case without an eligible officer
        gets a callback without officer (``needs_officer``) and the office is
        told once per unit (``_notify_missing_officers``).

        Batched: one search_read of the cases, one read of the officers, one
        _read_group of the month's load and one create. Idempotent: a case
        that has a callback is skipped. Runs as the caller (use sudo()).

        :param closing_month: a date in the month the cases were closed
        :param limit: plan at most this many cases (one batch of the cron; the
            next batch counts this one's callbacks in the officers' load)
        :return: the created callbacks
        """
        start = fields.Date.to_date(closing_month).replace(day=1)
        stop = start + relativedelta(months=1)
        cases = self.env["fazhi.enforcement.case"].search_read(
            self._generation_case_domain(closing_month),
            ["unit_id", "company_id", "case_type", "partner_id", "excluded_user_ids"],
            order="unit_id, closing_date, id",
            limit=limit,
            load=None,
        )
        if not cases:
            return self.browse()
        units = self.env["fazhi.unit"].browse({case["unit_id"] for case in cases})
        officers = {
            unit.id: unit.callback_officer_ids.filtered("active").sorted("id").ids for unit in units
        }
        load = defaultdict(lambda: defaultdict(int))
        for unit, officer, count in self._read_group(
            [
                ("planned_month", "=", stop),
                ("unit_id", "in", units.ids),
                ("officer_id", "!=", False),
            ],
            ["unit_id", "officer_id"],
            ["__count"],
        ):
            load[unit.id][officer.id] = count
        vals_list = []
        for case in cases:
            counts = load[case["unit_id"]]
            handlers = set(case["excluded_user_ids"])
            eligible = [uid for uid in officers[case["unit_id"]] if uid not in handlers]
            officer = min(eligible, key=counts.__getitem__) if eligible else False
            if officer:
                counts[officer] += 1
            vals_list.append(self._planned_values(case, officer, stop))
        callbacks = self.with_context(**GENERATION_CONTEXT)._fazhi_action_create(vals_list)
        callbacks.filtered(lambda callback: not callback.officer_id)._notify_missing_officers()
        return callbacks

    @api.model
    def _planned_values(self, case, officer_id, planned_month):
        """Values of a new planned callback of ``case`` (a dict read from the
        case: ``id``, ``unit_id``, ``company_id``, ``case_type``,
        ``partner_id``) for the generation's single create, with the copies
        of the case's fields, which Odoo then keeps instead of computing them
        again per record (in step with _compute_case_fields)."""
        return {
            "case_id": case["id"],
            "officer_id": officer_id or False,
            "planned_month": planned_month,
            "unit_id": case["unit_id"],
            "company_id": case["company_id"],
            "case_type": case["case_type"],
            "partner_id": case["partner_id"],
        }

    def _notify_missing_officers(self):
        """Tell the office, once per unit, about callbacks without officer.

        One activity per unit (on the unit, for the office user who owns the
        accountability follow-ups) lists every planned callback of the unit
        still without officer; an open activity of a previous run is updated
        instead of a new one being created.
        """
        if not self:
            return
        activity_type = self.env.ref("fazhi_satisfaction.mail_activity_type_fazhi_callback_officer")
        units = self.unit_id
        pending = self.search(
            [("unit_id", "in", units.ids), ("needs_officer", "=", True)], order="planned_month, id"
        )
        existing = {
            activity.res_id: activity
            for activity in self.env["mail.activity"].search(
                [
                    ("res_model", "=", "fazhi.unit"),
                    ("res_id", "in", units.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        }
        model_id = self.env["ir.model"]._get_id("fazhi.unit")
        today = fields.Date.context_today(self)
        shown = 50
        create_list = []
        for unit, callbacks in pending.grouped("unit_id").items():
            owner = self._get_accountability_owner(self.env["res.users"], unit.company_id)
            numbers = ", ".join(callbacks[:shown].mapped("case_id.number"))
            if len(callbacks) > shown:
                numbers += self.env._(" and %(count)s more", count=len(callbacks) - shown)
            note = Markup("<p>%s</p><p>%s</p>") % (
                self.env._(
                    "%(count)s case callback(s) of %(unit)s have no callback officer: the unit "
                    "has no designated callback officer who is not a handler of the case. "
                    "Designate officers on the unit and assign them.",
                    count=len(callbacks),
                    unit=unit.display_name,
                ),
                numbers,
            )
            summary = self.env._("Assign callback officers")
            if unit.id in existing:
                existing[unit.id].write({"note": note})
                continue
            create_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": unit.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary,
                    "note": note,
                    "user_id": owner.id or self.env.ref("base.user_admin").id,
                    "date_deadline": today,
                }
            )
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(create_list)

    @api.model
    def _cron_generate_callbacks(self):
        """Daily: plan this month's callbacks of the cases closed last month.

        Daily rather than monthly so that cases entered late (or a missed
        run) are caught up; a second run creates nothing. One batch of
        ``_GENERATION_BATCH`` cases per call, progress reported to Odoo 18's
        cron runner, which commits and calls again while cases remain (a
        planned case has a callback, so no batch takes it again). Called
        outside the runner, it does every batch
        (``fazhi_base.tools.cron.run_batches``).
        """
        today = fields.Date.context_today(self)
        month = today.replace(day=1) - relativedelta(months=1)
        # sudo: the scheduled action plans every unit's callbacks; no caller input.
        Callback = self.sudo()

        def batch():
            limit = self._GENERATION_BATCH
            callbacks = Callback._generate_callbacks(month, limit=limit)
            remaining = 0
            if len(callbacks) == limit:
                remaining = (
                    self.env["fazhi.enforcement.case"]
                    .sudo()
                    .search_count(self._generation_case_domain(month))
                )
            return len(callbacks), remaining

        run_batches(self.env, batch)
        return True
