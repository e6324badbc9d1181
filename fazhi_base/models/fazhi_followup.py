from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.cron import run_batches
from ..tools.digest import group_recipients
from ..tools.vocabulary import MEASURES, OUTCOMES
from .fazhi_workflow_mixin import ACTION, CREATE_ONLY, EDIT

OPEN_STATES = ("open", "in_progress")
OFFICE = "fazhi_base.group_fazhi_office"
MANAGER = "fazhi_base.group_fazhi_unit_manager"


class FazhiFollowup(models.Model):
    """A rectification, supervision or accountability item (整改 / 督办 / 问责).

    Every fazhi addon opens its follow-ups here. A follow-up belongs to a unit
    (record rules give it to that unit's staff and managers), has an owner and
    a deadline, and may point at the record that caused it (any model, through
    ``res_model`` + ``res_id``).

    Creating follow-ups from another addon
    --------------------------------------
    * Models that open follow-ups should inherit
      ``fazhi.followup.source.mixin``: they get ``followup_ids``,
      ``followup_count``, ``action_view_followups`` (for a smart button) and
      ``records._create_followup(kind, deadline, **values)`` which creates one
      follow-up per record in a single ``create``.
    * Any other code calls ``env["fazhi.followup"]._create_followups(vals_list)``
      where each dict holds the usual field values and may give the source as
      ``"source": record`` instead of ``res_model``/``res_id``; ``unit_id`` and
      ``name`` then default to the source's ``unit_id`` and display name.
    * Plain ``create`` works too: ``{"kind": "rectification", "unit_id": unit.id,
      "deadline": date, "res_model": rec._name, "res_id": rec.id, "name": ...}``.

    The deadline may not be in the past (it is checked on create and whenever
    it changes); the owner defaults to the unit's manager, else its liaison.
    The daily cron ``_cron_escalate_overdue`` escalates each overdue follow-up
    once (until its deadline is moved).

    Accountability and confidentiality
    ----------------------------------
    Accountability follow-ups (``kind == "accountability"``) record the
    ``investigation_outcome`` (属实 / 部分属实 / 不属实) and the ``measure``
    taken; both are required to mark them done (the measure unless the
    outcome is unfounded). ``excluded_user_ids`` lists the users who must never
    see a follow-up (e.g. the officers a complaint or a callback finding is
    about): the global rule ``fazhi_followup_rule_excluded_users`` hides it
    from them whatever their groups (AccessError on read, nothing found by
    search), they cannot own it, they are removed from its followers and
    escalation never notifies them. Set it when creating the follow-up (as
    superuser or office: the field is restricted to the office group).
    """

    _name = "fazhi.followup"
    _description = "Follow-up"
    _inherit = [
        "fazhi.workflow.mixin",
        "fazhi.confidential.mixin",
        "fazhi.excluded.followers.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "deadline, id"
    _rec_names_search = ["name", "reference"]

    # Workflow declarations (fazhi.workflow.mixin): who writes what, in which state.
    _fazhi_field_rules = {
        "name": EDIT,
        "reference": ACTION,
        "kind": (EDIT, OFFICE),
        "description": EDIT,
        "res_model": CREATE_ONLY,
        "res_id": CREATE_ONLY,
        "unit_id": (EDIT, OFFICE),
        "user_id": EDIT,
        # Moving a deadline resets the escalation: the unit's manager or the office.
        "deadline": (EDIT, MANAGER),
        "escalated_date": ACTION,
        "escalation_digest_pending": ACTION,
        "state": ACTION,
        "result": EDIT,
        "evidence_attachment_ids": EDIT,
        "cancel_reason": EDIT,
        "done_date": ACTION,
        "verified_date": ACTION,
        "verifier_id": ACTION,
        "investigation_outcome": EDIT,
        "measure": EDIT,
        "excluded_user_ids": OFFICE,
    }
    _fazhi_state_rules = {
        "open": EDIT,
        "in_progress": EDIT,
        # The cancellation reason is filled in the form before "Cancel".
        "done": ("cancel_reason",),
        "verified": (),
        "cancelled": (),
    }
    _fazhi_transitions = {
        "start": (("open",), "in_progress", None),
        "done": (("in_progress",), "done", None),
        "verify": (("done",), "verified", OFFICE),
        "cancel": (("open", "in_progress", "done"), "cancelled", None),
        "reopen": (("done", "cancelled"), "in_progress", None),
    }

    # Overdue follow-ups escalated per call of the cron (one transaction each).
    _ESCALATION_BATCH = 5000
    # Follow-ups listed by name in one escalation digest.
    _DIGEST_LIMIT = 50

    # ------------------------------------------------------------------
    # Identity
    # ------------------------------------------------------------------
    name = fields.Char(string="Title", required=True, tracking=True)
    reference = fields.Char(readonly=True, copy=False, index=True)
    kind = fields.Selection(
        [
            ("rectification", "Rectification"),
            ("supervision", "Supervision"),
            ("accountability", "Accountability"),
        ],
        required=True,
        default="rectification",
        tracking=True,
        index=True,
    )
    description = fields.Html()
    company_id = fields.Many2one(
        related="unit_id.company_id", store=True, index=True, string="Company"
    )

    # ------------------------------------------------------------------
    # Source record (any model)
    # ------------------------------------------------------------------
    res_model = fields.Char(string="Source model", index=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Source record ID", model_field="res_model", index=True, readonly=True
    )
    res_model_name = fields.Char(string="Source type", compute="_compute_res_model_name")
    source_name = fields.Char(string="Source", compute="_compute_source_name")

    # ------------------------------------------------------------------
    # Responsibility and time limit
    # ------------------------------------------------------------------
    unit_id = fields.Many2one("fazhi.unit", required=True, index=True, tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        domain=[("share", "=", False)],
        help="Defaults to the unit's manager, else its liaison.",
    )
    deadline = fields.Date(required=True, index=True, tracking=True)
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )
    is_my_unit = fields.Boolean(
        string="In my units", compute="_compute_is_my_unit", search="_search_is_my_unit"
    )
    escalated_date = fields.Date(
        readonly=True,
        copy=False,
        help="Day the overdue follow-up was escalated; cleared when the deadline moves.",
    )
    escalation_digest_pending = fields.Boolean(
        readonly=True,
        copy=False,
        help="Escalated by a run of the escalation cron whose digests are not sent yet.",
    )

    # ------------------------------------------------------------------
    # Outcome
    # ------------------------------------------------------------------
    state = fields.Selection(
        [
            ("open", "Open"),
            ("in_progress", "In progress"),
            ("done", "Done"),
            ("verified", "Verified"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="open",
        tracking=True,
        copy=False,
        index=True,
        group_expand="_group_expand_state",
    )
    result = fields.Text()
    evidence_attachment_ids = fields.Many2many(
        "ir.attachment",
        "fazhi_followup_evidence_rel",
        "followup_id",
        "attachment_id",
        string="Evidence",
        copy=False,
    )
    cancel_reason = fields.Text(string="Cancellation reason", tracking=True, copy=False)
    done_date = fields.Date(readonly=True, copy=False)
    verified_date = fields.Date(readonly=True, copy=False)
    verifier_id = fields.Many2one("res.users", string="Verified by", readonly=True, copy=False)

    # ------------------------------------------------------------------
    # Accountability (问责): investigation outcome and measure taken, shared
    # by every addon that opens accountability follow-ups (case callback
    # findings, complaints).
    # ------------------------------------------------------------------
    investigation_outcome = fields.Selection(
        OUTCOMES,
        tracking=True,
        copy=False,
        index=True,
        help="Result of the investigation of an accountability follow-up (属实 / 部分属实 / 不属实).",
    )
    measure = fields.Selection(
        MEASURES,
        string="Measure taken",
        tracking=True,
        copy=False,
        index=True,
        help="Accountability measure (批评教育, 诫勉谈话, 通报批评, 移送纪检监察, 移送司法机关).",
    )

    # ------------------------------------------------------------------
    # Confidentiality
    # ------------------------------------------------------------------
    excluded_user_ids = fields.Many2many(
        "res.users",
        "fazhi_followup_excluded_user_rel",
        "followup_id",
        "user_id",
        string="Excluded users",
        copy=False,
        groups="fazhi_base.group_fazhi_office",
        help="Users who must never see this follow-up, whatever their groups (e.g. the "
        "officers it is about): a global record rule hides it from them, they cannot own "
        "it and they are never among its followers.",
    )

    # ------------------------------------------------------------------
    # Compute and search methods
    # ------------------------------------------------------------------
    @api.depends("reference", "name")
    def _compute_display_name(self):
        for followup in self:
            if followup.reference:
                followup.display_name = f"[{followup.reference}] {followup.name or ''}"
            else:
                followup.display_name = followup.name

    @api.depends("res_model")
    def _compute_res_model_name(self):
        # Model descriptions are not secret; ir.model is read as superuser.
        IrModel = self.env["ir.model"].sudo()
        for followup in self:
            if followup.res_model and followup.res_model in self.env:
                followup.res_model_name = IrModel._get(followup.res_model).display_name
            else:
                followup.res_model_name = False

    @api.depends("res_model", "res_id")
    def _compute_source_name(self):
        names = {}
        for model, followups in self.grouped("res_model").items():
            if not model or model not in self.env:
                continue
            sources = self.env[model].browse(set(followups.mapped("res_id")) - {0}).exists()
            readable = sources._filtered_access("read")
            for source in sources:
                names[model, source.id] = (
                    source.display_name if source in readable else self.env._("Restricted")
                )
        for followup in self:
            followup.source_name = names.get((followup.res_model, followup.res_id), False)

    @api.depends("unit_id")
    def _compute_user_id(self):
        for followup in self:
            if followup.unit_id:
                responsible = followup.unit_id._get_responsible_users()
                # Never give the follow-up to someone it must be hidden from.
                if responsible & followup.sudo().excluded_user_ids._origin:
                    responsible = responsible.browse()
                followup.user_id = responsible or followup.user_id

    @api.depends("deadline", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for followup in self:
            followup.is_overdue = bool(
                followup.deadline and followup.deadline < today and followup.state in OPEN_STATES
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Unsupported search on Overdue: %s", operator))
        today = fields.Date.context_today(self)
        overdue = [("deadline", "<", today), ("state", "in", OPEN_STATES)]
        if (operator == "=") == bool(value):
            return overdue
        return ["|", ("deadline", ">=", today), ("state", "not in", OPEN_STATES)]

    def _my_units(self):
        user = self.env.user
        return user.fazhi_unit_ids | user.fazhi_managed_unit_ids

    @api.depends_context("uid")
    @api.depends("unit_id")
    def _compute_is_my_unit(self):
        units = self._my_units()
        for followup in self:
            followup.is_my_unit = followup.unit_id in units

    def _search_is_my_unit(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Unsupported search on In my units: %s", operator))
        op = "in" if (operator == "=") == bool(value) else "not in"
        return [("unit_id", op, self._my_units().ids)]

    @api.model
    def _group_expand_state(self, states, domain):
        return [key for key, _label in self._fields["state"].selection]

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    def _check_deadline_not_past(self, deadline=None):
        """Refuse a deadline before today (``deadline`` is the one about to be written)."""
        today = fields.Date.context_today(self)
        late = self.filtered(lambda f: (deadline or f.deadline) < today)
        if late:
            raise ValidationError(
                self.env._(
                    "The deadline of a follow-up cannot be in the past (%(names)s: %(deadline)s).",
                    names=", ".join(late.mapped("display_name")),
                    deadline=fields.Date.to_string(deadline or late[0].deadline),
                )
            )

    @api.constrains("user_id", "excluded_user_ids")
    def _check_owner_not_excluded(self):
        for followup in self.sudo():
            if followup.user_id and followup.user_id in followup.excluded_user_ids:
                raise ValidationError(
                    self.env._(
                        "%(user)s is excluded from the follow-up %(name)s and cannot own it.",
                        user=followup.user_id.name,
                        name=followup.display_name,
                    )
                )

    @api.constrains("res_model", "res_id")
    def _check_source(self):
        for followup in self:
            if followup.res_model and followup.res_model not in self.env:
                raise ValidationError(self.env._("Unknown source model: %s", followup.res_model))
            if followup.res_id and not followup.res_model:
                raise ValidationError(self.env._("A source record needs its model."))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        with self._fazhi_create_guard(vals_list):
            for vals in vals_list:
                if not vals.get("reference"):
                    # The sequence is configuration, not data: drawing a number is safe.
                    vals["reference"] = (
                        self.env["ir.sequence"].sudo().next_by_code("fazhi.followup")
                    )
            followups = super().create(vals_list)
        followups._check_deadline_not_past()
        followups._link_evidence_attachments()
        followups._drop_excluded_followers()
        # The sources' follow-up lists (source mixin, not stored) are stale now.
        for model in set(followups.mapped("res_model")) - {False}:
            if model in self.env and "followup_ids" in self.env[model]._fields:
                self.env[model].invalidate_model(["followup_ids", "followup_count"])
        return followups

    def write(self, vals):
        moved = self.browse()
        if "deadline" in vals:
            # Only a real change is checked: rewriting the same (past) date is harmless.
            new_deadline = fields.Date.to_date(vals["deadline"])
            changed = self.filtered(lambda f: f.deadline != new_deadline)
            if new_deadline:
                changed._check_deadline_not_past(new_deadline)
            moved = changed.filtered("escalated_date")
        res = super().write(vals)
        if moved:
            # A new deadline is a new chance: escalate again if it is missed.
            moved._fazhi_action_write({"escalated_date": False})
        if "evidence_attachment_ids" in vals:
            self._link_evidence_attachments()
        if {"excluded_user_ids", "user_id"} & vals.keys():
            self._drop_excluded_followers()
        return res

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        today = fields.Date.context_today(self)
        for vals in vals_list:
            if vals.get("deadline") and fields.Date.to_date(vals["deadline"]) < today:
                vals["deadline"] = today
        return vals_list

    def _link_evidence_attachments(self):
        """Attach evidence uploaded before the record existed to the record."""
        for followup in self:
            orphans = followup.evidence_attachment_ids.filtered(
                lambda a: not a.res_id and a.res_model in (False, self._name)
            )
            if orphans:
                orphans.write({"res_model": self._name, "res_id": followup.id})

    # ------------------------------------------------------------------
    # Confidentiality: excluded users never follow the follow-up
    # (fazhi.excluded.followers.mixin, on excluded_user_ids)
    # ------------------------------------------------------------------
    def _drop_excluded_followers(self):
        """Remove the excluded users' partners from the followers (one search)."""
        self._fazhi_drop_followers()

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _wrong_state(self, allowed):
        """Names and state of the records not in ``allowed`` (for a message), or None."""
        wrong = self.filtered(lambda f: f.state not in allowed)
        if not wrong:
            return None
        labels = dict(self._fields["state"]._description_selection(self.env))
        return {"names": ", ".join(wrong.mapped("display_name")), "state": labels[wrong[0].state]}

    def action_start(self):
        if wrong := self._wrong_state(("open",)):
            raise UserError(
                self.env._(
                    "Only open follow-ups can be started; %(names)s is %(state)s.",
                    **wrong,
                )
            )
        self._fazhi_move("start")
        return True

    def action_done(self):
        if wrong := self._wrong_state(("in_progress",)):
            raise UserError(
                self.env._(
                    "Only follow-ups in progress can be marked done; %(names)s is %(state)s.",
                    **wrong,
                )
            )
        missing = self.filtered(lambda f: not (f.result or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Describe the result before marking the follow-up done: %s",
                    ", ".join(missing.mapped("display_name")),
                )
            )
        accountability = self.filtered(lambda f: f.kind == "accountability")
        if missing := accountability.filtered(lambda f: not f.investigation_outcome):
            raise UserError(
                self.env._(
                    "Give the investigation outcome before marking the accountability "
                    "follow-up done: %s",
                    ", ".join(missing.mapped("display_name")),
                )
            )
        if missing := accountability.filtered(
            lambda f: f.investigation_outcome != "unfounded" and not f.measure
        ):
            raise UserError(
                self.env._(
                    "A substantiated or partly substantiated accountability follow-up needs the "
                    "measure taken before it is done: %s",
                    ", ".join(missing.mapped("display_name")),
                )
            )
        self._fazhi_move("done", {"done_date": fields.Date.context_today(self)})
        return True

    def action_verify(self):
        if not self.env.user.has_group("fazhi_base.group_fazhi_office"):
            raise UserError(self.env._("Only the supervision office can verify a follow-up."))
        if wrong := self._wrong_state(("done",)):
            raise UserError(
                self.env._(
                    "Only done follow-ups can be verified; %(names)s is %(state)s.",
                    **wrong,
                )
            )
        self._fazhi_move(
            "verify",
            {"verified_date": fields.Date.context_today(self), "verifier_id": self.env.user.id},
        )
        return True

    def action_cancel(self, reason=None):
        """Cancel; the reason is given as argument or filled in the form first."""
        if wrong := self._wrong_state(("open", "in_progress", "done")):
            raise UserError(
                self.env._(
                    "Only open, in-progress or done follow-ups can be cancelled; "
                    "%(names)s is %(state)s.",
                    **wrong,
                )
            )
        if reason and isinstance(reason, str) and reason.strip():
            self._fazhi_action_write({"cancel_reason": reason.strip()})
        missing = self.filtered(lambda f: not (f.cancel_reason or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Give the cancellation reason before cancelling: %s",
                    ", ".join(missing.mapped("display_name")),
                )
            )
        self._fazhi_move("cancel")
        return True

    def action_reopen(self):
        if wrong := self._wrong_state(("done", "cancelled")):
            raise UserError(
                self.env._(
                    "Only done or cancelled follow-ups can be reopened; %(names)s is %(state)s.",
                    **wrong,
                )
            )
        self._fazhi_move("reopen", {"done_date": False, "escalated_date": False})
        return True

    def action_open_source(self):
        self.ensure_one()
        if not self.res_model or not self.res_id or self.res_model not in self.env:
            raise UserError(self.env._("This follow-up has no source record."))
        source = self.env[self.res_model].browse(self.res_id).exists()
        if not source:
            raise UserError(self.env._("The source record of this follow-up was deleted."))
        source.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": source._name,
            "res_id": source.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    # ------------------------------------------------------------------
    # API for the other fazhi addons
    # ------------------------------------------------------------------
    @api.model
    def _create_followups(self, vals_list):
        """Create follow-ups; a dict may name its source as ``"source": record``.

        ``unit_id`` and ``name`` default to the source's ``unit_id`` and
        display name. Returns the created follow-ups (one ``create`` call).
        """
        prepared = []
        for vals in vals_list:
            vals = dict(vals)
            source = vals.pop("source", None)
            if source:
                source.ensure_one()
                vals.setdefault("res_model", source._name)
                vals.setdefault("res_id", source.id)
                vals.setdefault("name", source.display_name)
                if "unit_id" in source._fields and source.unit_id:
                    vals.setdefault("unit_id", source.unit_id.id)
            prepared.append(vals)
        return self.create(prepared)

    # ------------------------------------------------------------------
    # Escalation
    # ------------------------------------------------------------------
    def _get_escalation_office_users(self):
        office = self.env.ref("fazhi_base.group_fazhi_office")
        root = self.env.ref("base.user_root")
        return office.sudo().users.filtered(lambda u: u.active and not u.share and u != root)

    def _get_escalation_responsible(self):
        """``{follow-up id: user}``: the unit's manager, else its liaison (an
        empty recordset when that is nobody, an inactive, portal or bot user,
        or one of the follow-up's excluded users)."""
        root = self.env.ref("base.user_root")
        by_unit = {}
        for unit in self.unit_id:
            user = unit._get_responsible_users()
            if user and (not user.active or user.share or user == root):
                user = user.browse()
            by_unit[unit] = user
        # sudo: excluded users are read only to leave them out.
        excluded = {followup.id: followup.excluded_user_ids for followup in self.sudo()}
        return {followup.id: by_unit[followup.unit_id] - excluded[followup.id] for followup in self}

    def _escalate(self):
        """Escalate these follow-ups once (one batch of the cron): an *Overdue
        follow-up* activity on each for its unit's responsible user (manager,
        else liaison; one ``create``, no e-mail per activity), a chatter note
        on each (one batch insert), the escalation mark and the pending-digest
        flag. The people are told by ``_send_escalation_digests`` at the end
        of the run: one digest each, whatever the number of follow-ups."""
        if not self:
            return
        today = fields.Date.context_today(self)
        activity_type = self.env.ref("fazhi_base.mail_activity_type_fazhi_escalation")
        model_id = self.env["ir.model"]._get_id(self._name)
        office_users = self._get_escalation_office_users()
        responsible_by_followup = self._get_escalation_responsible()
        # sudo: excluded users are read only to leave them out of the note.
        excluded_by_followup = {followup.id: followup.excluded_user_ids for followup in self.sudo()}
        state_labels = dict(self._fields["state"]._description_selection(self.env))
        vals_list = []
        bodies = {}
        for followup in self:
            responsible = responsible_by_followup[followup.id]
            if responsible:
                vals_list.append(
                    {
                        "res_model_id": model_id,
                        "res_id": followup.id,
                        "activity_type_id": activity_type.id,
                        "user_id": responsible.id,
                        "summary": self.env._("Overdue follow-up: %s", followup.display_name),
                        "note": Markup("<p>%s</p>")
                        % self.env._(
                            "%(name)s (%(unit)s) was due on %(deadline)s and is still %(state)s.",
                            name=followup.display_name,
                            unit=followup.unit_id.display_name,
                            deadline=fields.Date.to_string(followup.deadline),
                            state=state_labels[followup.state],
                        ),
                        "date_deadline": today,
                    }
                )
            # Excluded users (e.g. the officers an accountability item is
            # about) are never told about it, nor named in its chatter.
            told = (responsible | office_users) - excluded_by_followup[followup.id]
            bodies[followup.id] = Markup("<p>%s</p>") % self.env._(
                "Overdue since %(deadline)s: escalated to %(users)s.",
                deadline=fields.Date.to_string(followup.deadline),
                users=", ".join(told.mapped("name"))
                or self.env._("nobody (no manager, liaison or office user)"),
            )
        # mail_activity_quick_update: no e-mail per activity, see the digests.
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)
        self._message_log_batch(bodies)
        # tracking_disable: these marks are not tracked; without it every write
        # reads the tracked fields of all the batch's rows first.
        self.with_context(tracking_disable=True)._fazhi_action_write(
            {"escalated_date": today, "escalation_digest_pending": True}
        )

    @api.model
    def _send_escalation_digests(self):
        """Send the digests of the follow-ups escalated since the last digests
        (``escalation_digest_pending``, still open and escalated): one message
        per person, to the unit's responsible user for their units' items and
        to every office user for all of them, never listing an item to one of
        its excluded users. People with the same list and language share one
        message (one notification each). Clears the flags.

        :return: the number of people told
        """
        pending = self.search([("escalation_digest_pending", "=", True)])
        if not pending:
            return 0
        followups = pending.filtered(lambda f: f.escalated_date and f.state in OPEN_STATES)
        office_users = self._get_escalation_office_users()
        responsible_by_followup = followups._get_escalation_responsible()
        # sudo: excluded users are read only to leave them out of the digests.
        excluded_by_followup = {f.id: f.excluded_user_ids for f in followups.sudo()}
        per_user = defaultdict(list)
        for followup in followups:
            told = (responsible_by_followup[followup.id] | office_users) - excluded_by_followup[
                followup.id
            ]
            for user in told:
                per_user[user].append(followup.id)
        for (ids, lang), users in group_recipients(self.env, per_user).items():
            self.browse(ids).with_context(lang=lang)._notify_escalation(users)
        # tracking_disable: an untracked mark (see _escalate)
        pending.with_context(tracking_disable=True)._fazhi_action_write(
            {"escalation_digest_pending": False}
        )
        return len(per_user)

    def _notify_escalation(self, users):
        """One digest message to ``users`` listing these escalated follow-ups
        (the first ``_DIGEST_LIMIT`` by name), in the context's language.
        E-mails go through the mail queue: nothing leaves before the cron's
        transaction is committed."""
        if not self or not users:
            return
        base_url = self[:1].get_base_url()
        items = Markup("").join(
            Markup('<li><a href="%s/odoo/%s/%s">%s</a> (%s, %s)</li>')
            % (
                base_url,
                self._name,
                followup.id,
                followup.display_name,
                followup.unit_id.display_name,
                fields.Date.to_string(followup.deadline),
            )
            for followup in self[: self._DIGEST_LIMIT]
        )
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._("These follow-ups are overdue and were escalated to you:"),
            items,
        )
        if len(self) > self._DIGEST_LIMIT:
            body += Markup("<p>%s</p>") % self.env._(
                "… and %s more: see the Escalated filter of the follow-ups.",
                len(self) - self._DIGEST_LIMIT,
            )
        self.env["mail.thread"].with_context(mail_notify_force_send=False).message_notify(
            partner_ids=users.partner_id.ids,
            subject=self.env._("%s overdue follow-up(s) escalated", len(self)),
            body=body,
        )

    @api.model
    def _cron_escalate_overdue(self):
        """Escalate one batch of overdue follow-ups (Odoo 18's cron contract).

        Each call escalates at most ``_ESCALATION_BATCH`` follow-ups not
        escalated yet and reports ``done``/``remaining`` with
        ``ir.cron._notify_progress``; the runner commits and calls again while
        some remain. ``escalated_date`` keeps a handled follow-up out of later
        batches, so a run killed between two batches loses nothing and does
        nothing twice. The call that leaves nothing to escalate sends the
        run's digests (``_send_escalation_digests``, also those of an earlier
        run that stopped before its digests). Called outside the runner, it
        does every batch (``fazhi_base.tools.cron.run_batches``).
        """
        # sudo: the scheduled action escalates every unit's follow-ups; it takes
        # no caller input, and activities, notes and digests skip excluded users.
        Followup = self.sudo()
        domain = [("is_overdue", "=", True), ("escalated_date", "=", False)]

        def batch():
            limit = self._ESCALATION_BATCH
            followups = Followup.search(domain, order="id", limit=limit)
            followups._escalate()
            remaining = Followup.search_count(domain) if len(followups) == limit else 0
            if not remaining:
                Followup._send_escalation_digests()
            return len(followups), remaining

        run_batches(self.env, batch)
        return True


class FazhiFollowupSourceMixin(models.AbstractModel):
    """Mixin for models whose records open follow-ups (source records).

    Gives ``followup_ids``, ``followup_count`` (what the user may see),
    ``action_view_followups`` for a smart button, and ``_create_followup``.
    Override ``_prepare_followup_values`` to change the defaults.
    """

    _name = "fazhi.followup.source.mixin"
    _description = "Source of follow-ups"

    followup_ids = fields.Many2many(
        "fazhi.followup", string="Follow-ups", compute="_compute_followup_ids"
    )
    followup_count = fields.Integer(string="Follow-up count", compute="_compute_followup_count")

    def _followup_domain(self):
        return [("res_model", "=", self._name), ("res_id", "in", self.ids)]

    # What the current user may see (excluded users see none): per user.
    @api.depends_context("uid")
    def _compute_followup_ids(self):
        followups = self.env["fazhi.followup"].search(self._followup_domain())
        by_source = followups.grouped("res_id")
        empty = self.env["fazhi.followup"]
        for record in self:
            record.followup_ids = by_source.get(record.id, empty)

    @api.depends_context("uid")
    def _compute_followup_count(self):
        counts = dict(
            self.env["fazhi.followup"]._read_group(self._followup_domain(), ["res_id"], ["__count"])
        )
        for record in self:
            record.followup_count = counts.get(record.id, 0)

    def _prepare_followup_values(self):
        self.ensure_one()
        vals = {"res_model": self._name, "res_id": self.id, "name": self.display_name}
        if "unit_id" in self._fields and self.unit_id:
            vals["unit_id"] = self.unit_id.id
        return vals

    def _create_followup(self, kind, deadline, **values):
        """Create one follow-up per record (one ``create``); ``values`` override
        the defaults of ``_prepare_followup_values`` (e.g. ``unit_id``,
        ``name``, ``description``, ``user_id``)."""
        vals_list = [
            {**record._prepare_followup_values(), "kind": kind, "deadline": deadline, **values}
            for record in self
        ]
        return self.env["fazhi.followup"].create(vals_list)

    def action_view_followups(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("fazhi_base.fazhi_followup_action")
        action["domain"] = self._followup_domain()
        context = {"default_res_model": self._name}
        if len(self) == 1:
            context["default_res_id"] = self.id
            if "unit_id" in self._fields and self.unit_id:
                context["default_unit_id"] = self.unit_id.id
        action["context"] = context
        return action
