import re
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import ACTION, CREATE_ONLY, EDIT
from odoo.exceptions import AccessError, UserError, ValidationError

# Seed 004: 已完成情况 (200 字以内) and 下一步举措 (200 字以内). Python's len() of a
# str counts characters (code points), not bytes: 200 Chinese characters pass.
MAX_CHARS = 200

# Copy rule (seed 004: 不可照抄指标项). Both texts are normalised by dropping every
# non-word character (punctuation, Chinese or ASCII, and whitespace) and
# lower-casing; then character 3-grams are compared:
#   containment = share of the indicator's 3-grams found in the entry text;
#   coverage    = share of the entry text's 3-grams found in the indicator.
# A text copies the indicator when containment >= COPY_CONTAINMENT (most of the
# indicator is in it, whatever was added around it) or when coverage >=
# COPY_COVERAGE and the text has at least COPY_MIN_LENGTH characters (it is
# essentially an excerpt of the indicator). Quoting a few words of the
# indicator in a genuine answer stays far below both thresholds.
COPY_NGRAM = 3
COPY_CONTAINMENT = 0.6
COPY_COVERAGE = 0.8
COPY_MIN_LENGTH = 15

_NON_WORD = re.compile(r"[\W_]+")

OPEN_STATES = ("draft", "returned")
DONE_STATES = ("submitted", "approved", "accepted")
UNIT_MANAGER = "fazhi_base.group_fazhi_unit_manager"
OFFICE = "fazhi_base.group_fazhi_office"
# What the unit types while an entry is open (draft or returned).
CONTENT_FIELDS = (
    "breakdown",
    "completion",
    "next_steps",
    "evidence_attachment_ids",
    "official_document_ids",
)


def normalise_text(text):
    """Text without punctuation and whitespace, lower-cased (for the copy rule)."""
    return _NON_WORD.sub("", text or "").lower()


def _ngrams(text, size=COPY_NGRAM):
    if len(text) <= size:
        return {text} if text else set()
    return {text[i : i + size] for i in range(len(text) - size + 1)}


def copy_scores(indicator_text, text):
    """``(containment, coverage)`` of ``text`` against the indicator (0..1)."""
    indicator_grams = _ngrams(normalise_text(indicator_text))
    text_grams = _ngrams(normalise_text(text))
    if not indicator_grams or not text_grams:
        return 0.0, 0.0
    shared = len(indicator_grams & text_grams)
    return shared / len(indicator_grams), shared / len(text_grams)


def copies_indicator(indicator_text, text):
    """Whether ``text`` copies ``indicator_text`` (see the thresholds above)."""
    containment, coverage = copy_scores(indicator_text, text)
    if containment >= COPY_CONTAINMENT:
        return True
    return coverage >= COPY_COVERAGE and len(normalise_text(text)) >= COPY_MIN_LENGTH


class FazhiIndicatorEntry(models.Model):
    """What a responsible unit reports on one indicator in one round.

    Fields of seed 004's table: 具体分解内容 (``breakdown``), 已完成情况
    (``completion``, at most 200 characters) and 下一步举措 (``next_steps``, at
    most 200 characters), with evidence files. None of the three may copy the
    indicator text (see ``copies_indicator``). Bonus items (加分) need an
    official document to be submitted.

    Workflow: draft -> submitted (the unit's people) -> approved (the unit's
    manager, not the submitter) -> accepted (office); a submitted or approved
    entry can be returned with a reason (office, or the unit's manager while it
    is submitted), is corrected and submitted again. Only draft and returned
    entries can be edited.

    The server enforces it for every caller (``fazhi.workflow.mixin``): the
    state, who submitted, approved and reviewed and when are written only by the
    actions, and whoever submitted an entry cannot approve it.
    """

    _name = "fazhi.indicator.entry"
    _description = "Indicator entry"
    _inherit = ["fazhi.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "campaign_id, round_sequence, indicator_sequence, indicator_id, unit_id, id"

    # Workflow declarations (fazhi.workflow.mixin): who writes what, in which
    # state. Who submitted, approved and reviewed, and when, is written only by
    # the actions: nobody can forge a submitter to approve their own entry.
    _fazhi_field_rules = {
        # Created by the campaign (one entry per assignment and round), then fixed:
        # moving an entry would move it to another unit.
        "assignment_id": CREATE_ONLY,
        "round_id": CREATE_ONLY,
        "breakdown": EDIT,
        "completion": EDIT,
        "next_steps": EDIT,
        "evidence_attachment_ids": EDIT,
        "official_document_ids": EDIT,
        "state": ACTION,
        "submitted_by_id": ACTION,
        "submitted_date": ACTION,
        "approved_by_id": ACTION,
        "approved_date": ACTION,
        "reviewed_by_id": ACTION,
        "reviewed_date": ACTION,
        # Typed by the office or the unit's manager before "Return".
        "return_reason": UNIT_MANAGER,
        "reminder_sent_date": ACTION,
    }
    _fazhi_state_rules = {
        "draft": CONTENT_FIELDS,
        "returned": CONTENT_FIELDS,
        "submitted": ("return_reason",),
        "approved": ("return_reason",),
        "accepted": (),
    }
    # Who within the group may act (the unit's people submit, the unit's
    # manager approves, not the submitter) is checked by the actions.
    _fazhi_transitions = {
        "submit": (OPEN_STATES, "submitted", "fazhi_base.group_fazhi_staff"),
        "approve": (("submitted",), "approved", UNIT_MANAGER),
        "accept": (("approved",), "accepted", OFFICE),
        "return": (("submitted", "approved"), "returned", UNIT_MANAGER),
    }
    _fazhi_unlink_states = OPEN_STATES

    # Days before a round's deadline when the cron reminds the units.
    _REMINDER_DAYS = 3

    # ------------------------------------------------------------------
    # What and who
    # ------------------------------------------------------------------
    assignment_id = fields.Many2one(
        "fazhi.indicator.assignment", required=True, index=True, ondelete="cascade"
    )
    round_id = fields.Many2one(
        "fazhi.indicator.campaign.round", required=True, index=True, ondelete="cascade"
    )
    campaign_id = fields.Many2one(related="assignment_id.campaign_id", store=True, index=True)
    indicator_id = fields.Many2one(related="assignment_id.indicator_id", store=True, index=True)
    unit_id = fields.Many2one(related="assignment_id.unit_id", store=True, index=True)
    company_id = fields.Many2one(related="assignment_id.company_id", store=True, index=True)
    indicator_code = fields.Char(related="indicator_id.code", string="Code")
    indicator_text = fields.Text(related="indicator_id.name", string="Indicator text")
    indicator_kind = fields.Selection(related="indicator_id.kind", store=True, string="Kind")
    indicator_sequence = fields.Integer(
        related="indicator_id.sequence", store=True, string="Indicator sequence"
    )
    round_sequence = fields.Integer(
        related="round_id.sequence", store=True, string="Round sequence"
    )
    evidence_requirements = fields.Text(related="indicator_id.evidence_requirements")
    responsible_department_names = fields.Char(
        related="indicator_id.responsible_department_names", string="Responsible departments"
    )
    campaign_veto_triggered = fields.Boolean(
        related="campaign_id.veto_triggered", string="Campaign vetoed"
    )

    # ------------------------------------------------------------------
    # Content (seed 004's columns)
    # ------------------------------------------------------------------
    breakdown = fields.Text(
        help="具体分解内容: how the unit breaks the indicator down into concrete work.",
    )
    completion = fields.Text(
        string="Completed", help="已完成情况: what was done, at most 200 characters."
    )
    next_steps = fields.Text(
        string="Next steps", help="下一步举措: what comes next, at most 200 characters."
    )
    completion_length = fields.Integer(compute="_compute_lengths")
    next_steps_length = fields.Integer(compute="_compute_lengths")
    evidence_attachment_ids = fields.Many2many(
        "ir.attachment",
        "fazhi_indicator_entry_evidence_rel",
        "entry_id",
        "attachment_id",
        string="Evidence",
        copy=False,
    )
    official_document_ids = fields.Many2many(
        "ir.attachment",
        "fazhi_indicator_entry_official_doc_rel",
        "entry_id",
        "attachment_id",
        string="Official documents",
        copy=False,
        help="Bonus items (加分) need the official document that proves them.",
    )

    # ------------------------------------------------------------------
    # Live value of the indicator's measured figure
    # ------------------------------------------------------------------
    figure_key = fields.Selection(related="indicator_id.figure_key", string="Measured figure")
    figure_value_display = fields.Char(
        string="Live value",
        compute="_compute_figure_display",
        help="The indicator's measured figure for the unit over the campaign's period "
        "(start to end or today); — when there is nothing to measure.",
    )
    figure_target_display = fields.Char(string="Target value", compute="_compute_figure_display")
    figure_status = fields.Selection(
        [("none", "Not measured"), ("met", "Target met"), ("missed", "Target missed")],
        compute="_compute_figure_display",
    )

    # ------------------------------------------------------------------
    # Workflow and time
    # ------------------------------------------------------------------
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
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
    deadline = fields.Date(related="round_id.deadline", store=True, index=True)
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )
    progress = fields.Float(
        string="Completion (%)",
        compute="_compute_progress",
        store=True,
        aggregator="avg",
        help="100 once submitted, approved or accepted; the pivot averages it per unit and round.",
    )
    submitted_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    submitted_date = fields.Datetime(readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_date = fields.Datetime(readonly=True, copy=False)
    reviewed_by_id = fields.Many2one("res.users", string="Reviewed by", readonly=True, copy=False)
    reviewed_date = fields.Datetime(string="Reviewed on", readonly=True, copy=False)
    return_reason = fields.Text(tracking=True, copy=False)
    reminder_sent_date = fields.Date(readonly=True, copy=False)

    _sql_constraints = [
        (
            "assignment_round_uniq",
            "unique(assignment_id, round_id)",
            "An assignment has one entry per round.",
        ),
    ]

    # ------------------------------------------------------------------
    # Compute and search
    # ------------------------------------------------------------------
    @api.depends("indicator_code", "unit_id.name", "round_id.name")
    def _compute_display_name(self):
        for entry in self:
            parts = [entry.indicator_code, entry.unit_id.name, entry.round_id.name]
            entry.display_name = " / ".join(p for p in parts if p)

    @api.depends("completion", "next_steps")
    def _compute_lengths(self):
        for entry in self:
            entry.completion_length = len(entry.completion or "")
            entry.next_steps_length = len(entry.next_steps or "")

    @api.depends("deadline", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for entry in self:
            entry.is_overdue = bool(
                entry.deadline and entry.deadline < today and entry.state in OPEN_STATES
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Unsupported search on Overdue: %s", operator))
        today = fields.Date.context_today(self)
        overdue = [("deadline", "<", today), ("state", "in", OPEN_STATES)]
        if (operator == "=") == bool(value):
            return overdue
        return [
            "|",
            "|",
            ("deadline", "=", False),
            ("deadline", ">=", today),
            ("state", "not in", OPEN_STATES),
        ]

    @api.depends(
        "indicator_id.figure_key",
        "indicator_id.target_operator",
        "indicator_id.target_value",
        "indicator_id.target_uom",
        "unit_id",
        "campaign_id.date_start",
        "campaign_id.date_end",
    )
    @api.depends_context("lang")
    def _compute_figure_display(self):
        """The live value ("85.5 %", or "—" when nothing is measured or the
        figure's addon is not installed), the target and whether it is met;
        empty for an indicator without figure. One measure per period and
        figure for the whole batch (``_fazhi_figure_values``)."""
        Report = self.env["fazhi.monthly.report"]
        figures = Report._fazhi_figures()
        values = self._fazhi_figure_values()
        for entry in self:
            indicator = entry.indicator_id
            if not indicator.figure_key:
                entry.figure_value_display = ""
                entry.figure_target_display = ""
                entry.figure_status = "none"
                continue
            value = values.get(entry.id)
            figure = figures.get(indicator.figure_key)
            entry.figure_value_display = (
                Report._fazhi_figure_format(figure, value) if figure else "—"
            )
            entry.figure_target_display = indicator._fazhi_target_display(figures)
            entry.figure_status = indicator._fazhi_figure_status(value)

    def _fazhi_figure_values(self):
        """``{entry.id: value or None}``: each entry's figure for its unit over
        its campaign's period (``_fazhi_figure_period``), through the figure
        registry's ``measure`` (``fazhi.monthly.report``): one call per period
        for all the entries' units and figures, never one per entry."""
        today = fields.Date.context_today(self)
        by_period = defaultdict(lambda: self.browse())
        for entry in self:
            if entry.indicator_id.figure_key and entry.campaign_id:
                period = entry.campaign_id._fazhi_figure_period(today)
                if period:
                    by_period[period] |= entry
        values = {}
        Report = self.env["fazhi.monthly.report"]
        for (date_from, date_to), entries in by_period.items():
            measured = Report._fazhi_figure_measure_values(
                set(entries.indicator_id.mapped("figure_key")),
                entries.unit_id,
                date_from,
                date_to,
            )
            for entry in entries:
                by_unit = measured.get(entry.indicator_id.figure_key, {})
                values[entry.id] = by_unit.get(entry.unit_id)
        return values

    @api.depends("state")
    def _compute_progress(self):
        for entry in self:
            entry.progress = 100.0 if entry.state in DONE_STATES else 0.0

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("completion", "next_steps")
    def _check_length(self):
        labels = {"completion": self.env._("Completed"), "next_steps": self.env._("Next steps")}
        for entry in self:
            for fname, label in labels.items():
                length = len(entry[fname] or "")
                if length > MAX_CHARS:
                    raise ValidationError(
                        self.env._(
                            "%(field)s of %(entry)s has %(length)s characters; at most %(max)s "
                            "are allowed. Shorten it.",
                            field=label,
                            entry=entry.display_name,
                            length=length,
                            max=MAX_CHARS,
                        )
                    )

    @api.constrains("breakdown", "completion", "next_steps", "assignment_id")
    def _check_not_copied(self):
        labels = {
            "breakdown": self.env._("Breakdown"),
            "completion": self.env._("Completed"),
            "next_steps": self.env._("Next steps"),
        }
        for entry in self:
            indicator_text = entry.indicator_id.name
            for fname, label in labels.items():
                if entry[fname] and copies_indicator(indicator_text, entry[fname]):
                    raise ValidationError(
                        self.env._(
                            "%(field)s of %(entry)s copies the indicator text. Describe the "
                            "unit's concrete work, figures and measures instead of repeating "
                            "the indicator.",
                            field=label,
                            entry=entry.display_name,
                        )
                    )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _check_states(self, allowed, action):
        wrong = self.filtered(lambda e: e.state not in allowed)
        if wrong:
            raise UserError(
                self.env._(
                    "%(entry)s is %(state)s: it cannot be %(action)s.",
                    entry=wrong[0].display_name,
                    state=wrong[0]._state_label(),
                    action=action,
                )
            )

    def _is_office(self, user=None):
        return self.env.su or (user or self.env.user).has_group("fazhi_base.group_fazhi_office")

    def _is_unit_person(self, user):
        self.ensure_one()
        # sudo: reads the unit's membership only to answer yes/no; nothing is
        # returned to the caller, and the write that follows runs as the user.
        unit = self.unit_id.sudo()
        return user in unit.member_ids or user in unit.manager_id or user in unit.liaison_id

    def _is_unit_manager(self, user):
        """Manager of the entry's unit or of a unit above it."""
        self.ensure_one()
        # sudo: the unit tree is read only to answer yes/no (is the entry's unit
        # under a unit the user manages); the write that follows runs as the user.
        managed = user.sudo().fazhi_managed_unit_ids
        if not managed:
            return False
        return bool(
            self.env["fazhi.unit"]
            .sudo()
            .search_count([("id", "=", self.unit_id.id), ("id", "child_of", managed.ids)])
        )

    def action_submit(self):
        self._check_states(OPEN_STATES, self.env._("submitted"))
        user = self.env.user
        for entry in self:
            if not self._is_office() and not entry._is_unit_person(user):
                raise AccessError(
                    self.env._(
                        "Only the people of %(unit)s submit its entries.",
                        unit=entry.unit_id.display_name,
                    )
                )
            labels = {
                "breakdown": self.env._("Breakdown"),
                "completion": self.env._("Completed"),
                "next_steps": self.env._("Next steps"),
            }
            empty = [label for fname, label in labels.items() if not (entry[fname] or "").strip()]
            if empty:
                raise UserError(
                    self.env._(
                        "Fill in %(fields)s of %(entry)s before submitting it.",
                        fields=", ".join(empty),
                        entry=entry.display_name,
                    )
                )
            if entry.indicator_kind == "bonus" and not entry.official_document_ids:
                raise UserError(
                    self.env._(
                        "%(entry)s is a bonus item: attach the official document that proves it "
                        "before submitting.",
                        entry=entry.display_name,
                    )
                )
        self._fazhi_move(
            "submit", {"submitted_by_id": user.id, "submitted_date": fields.Datetime.now()}
        )
        return True

    def action_approve(self):
        self._check_states(("submitted",), self.env._("approved"))
        user = self.env.user
        for entry in self:
            if not self._is_office() and not entry._is_unit_manager(user):
                raise AccessError(
                    self.env._(
                        "Only the manager of %(unit)s approves its entries.",
                        unit=entry.unit_id.display_name,
                    )
                )
            # Separation of duties, for every person: whoever submitted an
            # entry does not approve it (submitted_by_id is written only by
            # action_submit, so it cannot be forged).
            if not self.env.su and entry.submitted_by_id == user:
                raise AccessError(
                    self.env._(
                        "%(entry)s was submitted by you; another manager or the office approves "
                        "it.",
                        entry=entry.display_name,
                    )
                )
        self._fazhi_move(
            "approve", {"approved_by_id": user.id, "approved_date": fields.Datetime.now()}
        )
        return True

    def action_accept(self):
        if not self._is_office():
            raise AccessError(self.env._("Only the supervision office accepts entries."))
        self._check_states(("approved",), self.env._("accepted"))
        self._fazhi_move(
            "accept", {"reviewed_by_id": self.env.user.id, "reviewed_date": fields.Datetime.now()}
        )
        return True

    def action_return(self, reason=None):
        """Return to the unit with a reason (argument, or ``return_reason`` filled first)."""
        self._check_states(("submitted", "approved"), self.env._("returned"))
        user = self.env.user
        for entry in self:
            if self._is_office():
                continue
            if entry.state != "submitted" or not entry._is_unit_manager(user):
                raise AccessError(
                    self.env._(
                        "Only the supervision office, or the unit's manager before approval, "
                        "returns %(entry)s.",
                        entry=entry.display_name,
                    )
                )
        for entry in self:
            text = (reason if isinstance(reason, str) else "") or entry.return_reason or ""
            if not text.strip():
                raise UserError(
                    self.env._(
                        "Give the reason for returning %(entry)s (comments for the unit).",
                        entry=entry.display_name,
                    )
                )
            entry._fazhi_move(
                "return",
                {
                    "return_reason": text.strip(),
                    "reviewed_by_id": user.id,
                    "reviewed_date": fields.Datetime.now(),
                },
            )
            entry.message_post(
                body=Markup("<p>%s</p>")
                % self.env._("Entry returned: %(reason)s", reason=text.strip()),
                partner_ids=entry.submitted_by_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return True

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------
    @api.model
    def _cron_remind_deadlines(self):
        """One to-do per unit and round whose open entries are due within
        ``_REMINDER_DAYS`` days, for the unit's manager (else liaison), on the
        campaign; each entry is reminded once (``reminder_sent_date``)."""
        today = fields.Date.context_today(self)
        # sudo: a private cron method (not callable over RPC) that reminds every
        # unit; it only creates to-dos for the units' own managers or liaisons.
        entries = self.sudo().search(
            [
                ("state", "in", OPEN_STATES),
                ("reminder_sent_date", "=", False),
                ("deadline", ">=", today),
                ("deadline", "<=", today + timedelta(days=self._REMINDER_DAYS)),
                ("campaign_id.state", "=", "running"),
            ]
        )
        if not entries:
            return True
        groups = defaultdict(lambda: self.sudo().browse())
        for entry in entries:
            groups[(entry.unit_id, entry.round_id)] |= entry
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("fazhi.indicator.campaign")
        vals_list = []
        for (unit, rnd), unit_entries in groups.items():
            user = unit._get_responsible_users()
            if not user:
                continue
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": rnd.campaign_id.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "summary": self.env._(
                        "%(round)s: %(count)s indicator entries of %(unit)s due on %(deadline)s",
                        round=rnd.name,
                        count=len(unit_entries),
                        unit=unit.name,
                        deadline=fields.Date.to_string(rnd.deadline),
                    ),
                    "date_deadline": rnd.deadline,
                }
            )
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)
        entries._fazhi_action_write({"reminder_sent_date": today})
        return True
