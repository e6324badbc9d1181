from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import ACTION, EDIT
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

OFFICE = "fazhi_base.group_fazhi_office"

CASE_TYPES = [
    ("licensing", "Administrative licensing"),
    ("penalty", "Administrative penalty"),
    ("inspection", "Administrative inspection"),
    ("coercion", "Administrative coercion"),
    ("confirmation", "Administrative confirmation"),
    ("other", "Other"),
]


class FazhiEnforcementCase(models.Model):
    """A closed administrative enforcement case (行政执法案件) of a unit.

    Seeds 000 and 001: every closed licensing or penalty case (and the other
    enforcement cases) is called back the following month by someone who is
    not one of its handlers (回访人员和办案人员分离). Cases are typed in or
    imported from XLSX/CSV with Odoo's importer; the case number is unique
    within its unit.

    Rules held by the model: at least one handler, and as many as the
    two-officer rule (两名以上执法人员, ``fazhi.enforcement.handler.rule``) asks
    for the case's kind; the counterpart is a registered
    counterpart; the closing date is not in the future; a handler is never
    the officer of one of the case's callbacks.

    回访人员和办案人员分离 holds for everyone who was *ever* a handler:
    ``excluded_user_ids`` keeps them all (filled on create and on every change
    of ``handler_ids``, never emptied, only by the model itself). The record
    rules of the callbacks, their attempts, figures and mail rows, and the
    accountability follow-ups opened from the findings, exclude them; a handler
    who takes themselves off the case stays excluded. Only the supervision
    office changes the handlers of an existing case, and every change is
    logged in the chatter (who added or removed whom).

    The case has no workflow state; ``fazhi.workflow.mixin`` guards its
    fields (``_fazhi_state_rules`` is empty: the rules hold in every case).
    """

    _name = "fazhi.enforcement.case"
    _description = "Enforcement case"
    _inherit = ["fazhi.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "closing_date desc, id desc"
    _rec_name = "number"
    _rec_names_search = ["number", "partner_id.name"]

    # Guarded fields (fazhi.workflow.mixin); no state: the rules hold always.
    _fazhi_field_rules = {
        "number": EDIT,
        # Given by whoever registers the case; then changed by the office only:
        # they decide who calls whom back and when, and are copied onto the
        # callbacks (a handler must not move or re-address their own callback).
        "case_type": (EDIT, OFFICE),
        "unit_id": (EDIT, OFFICE),
        "partner_id": (EDIT, OFFICE),
        "handler_ids": (EDIT, OFFICE),
        "closing_date": (EDIT, OFFICE),
        "decision_summary": EDIT,
        # Callbacks are planned by the generation or created on their own.
        "callback_ids": ACTION,
        "excluded_user_ids": ACTION,
    }
    _fazhi_state_rules = {}

    def _default_unit_id(self):
        return self.env.user.fazhi_unit_ids[:1]

    # ------------------------------------------------------------------
    # Identity
    # ------------------------------------------------------------------
    number = fields.Char(
        string="Case number",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        help="Number of the case file (案号), unique within the unit.",
    )
    case_type = fields.Selection(
        CASE_TYPES,
        string="Case type",
        required=True,
        default="licensing",
        tracking=True,
        index=True,
    )
    unit_id = fields.Many2one(
        "fazhi.unit",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        default=lambda self: self._default_unit_id(),
    )
    company_id = fields.Many2one(
        related="unit_id.company_id", store=True, index=True, precompute=True, string="Company"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Counterpart",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        domain=[("is_fazhi_counterpart", "=", True)],
        help="Administrative counterpart (行政相对人) of the case, from the counterpart register.",
    )
    handler_ids = fields.Many2many(
        "res.users",
        "fazhi_enforcement_case_handler_rel",
        "case_id",
        "user_id",
        string="Handlers",
        domain=[("share", "=", False)],
        help="Officers who handled the case (办案人员): at least one, two for the kinds of "
        "case the two-officer rule lists (penalties, inspections, coercive measures). "
        "They never call the case back.",
    )
    excluded_user_ids = fields.Many2many(
        "res.users",
        "fazhi_enforcement_case_excluded_user_rel",
        "case_id",
        "user_id",
        string="Handlers, past and present",
        copy=False,
        readonly=True,
        help="Everyone who was ever a handler of the case, kept when they are taken off it: "
        "they never see or make its callbacks, their figures or the accountability "
        "follow-ups opened from them (回访人员和办案人员分离).",
    )
    closing_date = fields.Date(required=True, index=True, tracking=True)
    decision_summary = fields.Text(help="Decision or outcome of the case, in short.")

    # ------------------------------------------------------------------
    # Callbacks
    # ------------------------------------------------------------------
    callback_ids = fields.One2many("fazhi.case.callback", "case_id", string="Callbacks")
    callback_count = fields.Integer(compute="_compute_callback_count")
    user_is_office = fields.Boolean(
        compute="_compute_user_is_office",
        help="The current user may change the registration (type, unit, counterpart, "
        "handlers, closing date).",
    )

    _sql_constraints = [
        (
            "number_unit_uniq",
            "unique(number, unit_id)",
            "Duplicate case: this unit already has a case with this number.",
        ),
    ]

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends_context("uid")
    @api.depends("callback_ids")
    def _compute_callback_count(self):
        # What the user may see: the case's handlers see none.
        counts = dict(
            self.env["fazhi.case.callback"]._read_group(
                [("case_id", "in", self._origin.ids)], ["case_id"], ["__count"]
            )
        )
        for case in self:
            case.callback_count = counts.get(case._origin, 0)

    @api.depends_context("uid")
    def _compute_user_is_office(self):
        self.user_is_office = self.env.su or self.env.user.has_group(OFFICE)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("handler_ids", "case_type")
    def _check_handlers(self):
        type_labels = dict(self._fields["case_type"]._description_selection(self.env))
        # The kinds and their minimum are data (fazhi.enforcement.handler.rule).
        minimums = self.env["fazhi.enforcement.handler.rule"]._fazhi_minimums()
        for case in self:
            minimum = minimums.get(case.case_type, 1)
            if len(case.handler_ids) >= minimum:
                continue
            if minimum > 1:
                raise ValidationError(
                    self.env._(
                        "Case %(number)s is an %(type)s: it needs at least %(count)s handlers "
                        "(the two-officer rule); it has %(actual)s.",
                        number=case.number,
                        type=type_labels[case.case_type].lower(),
                        count=minimum,
                        actual=len(case.handler_ids),
                    )
                )
            raise ValidationError(
                self.env._("Case %(number)s needs at least one handler.", number=case.number)
            )

    @api.constrains("handler_ids")
    def _check_handlers_not_callback_officers(self):
        """回访人员和办案人员分离, from the case side: a handler added afterwards
        may not be the officer of one of the case's callbacks."""
        # Searched rather than read through callback_ids: the case's handlers
        # must not get the hidden callbacks in their cache. sudo: a check only.
        officers = defaultdict(lambda: self.env["res.users"])
        for callback in (
            self.env["fazhi.case.callback"]
            .sudo()
            .search_fetch([("case_id", "in", self.ids)], ["case_id", "officer_id"])
        ):
            officers[callback.case_id.id] |= callback.officer_id
        for case in self:
            clash = officers[case.id] & case.handler_ids
            if clash:
                raise ValidationError(
                    self.env._(
                        "%(person)s is the callback officer of case %(number)s and cannot also "
                        "be one of its handlers: callback officers and case handlers must be "
                        "different people.",
                        person=clash[0].name,
                        number=case.number,
                    )
                )

    @api.constrains("partner_id")
    def _check_partner_is_counterpart(self):
        for case in self:
            if case.partner_id and not case.partner_id.is_fazhi_counterpart:
                raise ValidationError(
                    self.env._(
                        "The counterpart of case %(number)s must be a registered counterpart; "
                        "%(partner)s is not one.",
                        number=case.number,
                        partner=case.partner_id.display_name,
                    )
                )

    @api.constrains("closing_date")
    def _check_closing_date(self):
        today = fields.Date.context_today(self)
        for case in self:
            if case.closing_date and case.closing_date > today:
                raise ValidationError(
                    self.env._(
                        "Case %(number)s cannot be closed in the future (%(date)s).",
                        number=case.number,
                        date=fields.Date.to_string(case.closing_date),
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def init(self):
        # Cases registered before the history existed: their handlers are
        # recorded once (idempotent; runs on every install or update).
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO fazhi_enforcement_case_excluded_user_rel (case_id, user_id)
                SELECT case_id, user_id FROM fazhi_enforcement_case_handler_rel
                ON CONFLICT DO NOTHING
                """
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._prepare_number(vals)
        self._check_duplicates(
            [(vals.get("number"), vals.get("unit_id") or False) for vals in vals_list]
        )
        cases = super().create(vals_list)
        cases._record_handlers()
        return cases

    def write(self, vals):
        self._prepare_number(vals)
        if "number" in vals or "unit_id" in vals:
            self._check_duplicates(
                [
                    (vals.get("number", case.number), vals.get("unit_id", case.unit_id.id))
                    for case in self
                ],
                exclude=self,
            )
        before = {case.id: case.handler_ids for case in self} if "handler_ids" in vals else None
        res = super().write(vals)
        if before is not None:
            self._record_handlers()
            self._log_handler_changes(before)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_called_back(self):
        """A called-back case stays; one with a planned callback is deleted by
        the office only (its handler must not make the callback disappear)."""
        # sudo: a check only (the callbacks may be hidden from the caller).
        callbacks = (
            self.env["fazhi.case.callback"]
            .sudo()
            .search_fetch([("case_id", "in", self.ids)], ["case_id", "state"])
        )
        worked = callbacks.filtered(lambda callback: callback.state != "planned")[:1]
        if callbacks and not worked and not self.env.su and not self.env.user.has_group(OFFICE):
            raise UserError(
                self.env._(
                    "Case %(number)s has a planned callback: only the supervision office can "
                    "delete it.",
                    number=callbacks[0].case_id.number,
                )
            )
        if worked:
            raise UserError(
                self.env._(
                    "Case %(number)s has been called back and cannot be deleted.",
                    number=worked[0].case_id.number,
                )
            )

    @api.model
    def _check_duplicates(self, keys, exclude=None):
        """Refuse, naming it, a case number already used in its unit, by another
        case or twice in ``keys`` (``(number, unit_id)`` pairs about to be
        written). Checked before the SQL constraint ``number_unit_uniq`` (which
        remains for concurrent imports) so that the importer reports the row
        with the number and the unit. One query."""
        keys = [(number, unit_id) for number, unit_id in keys if number and unit_id]
        if not keys:
            return
        seen = set()
        duplicate = None
        for key in keys:
            if key in seen:
                duplicate = key
                break
            seen.add(key)
        if not duplicate:
            # sudo: numbers of other units' cases are checked, and only the
            # duplicate's number and unit name (given by the caller) are shown.
            existing = self.sudo().search_fetch(
                [
                    ("number", "in", [number for number, _unit in keys]),
                    ("unit_id", "in", [unit_id for _number, unit_id in keys]),
                    ("id", "not in", exclude.ids if exclude else []),
                ],
                ["number", "unit_id"],
            )
            used = {(case.number, case.unit_id.id) for case in existing}
            duplicate = next((key for key in keys if key in used), None)
        if duplicate:
            raise ValidationError(
                self.env._(
                    "Duplicate case: %(unit)s already has a case numbered %(number)s.",
                    # sudo: unit names are not confidential.
                    unit=self.env["fazhi.unit"].browse(duplicate[1]).sudo().display_name,
                    number=duplicate[0],
                )
            )

    @api.model
    def _prepare_number(self, vals):
        """Case numbers are stored without surrounding blanks (so that " 12" and
        "12" are recognised as the same number on import)."""
        if isinstance(vals.get("number"), str):
            vals["number"] = vals["number"].strip()

    def _record_handlers(self):
        """Add the current handlers to ``excluded_user_ids`` (never removes
        anyone) and extend the exclusion to what the case's callbacks opened.
        One write per set of new handlers (an import shares a few)."""
        to_link = defaultdict(list)
        for case in self:
            missing = case.handler_ids - case.excluded_user_ids
            if missing:
                to_link[tuple(missing.ids)].append(case.id)
        if not to_link:
            return
        # sudo: the caller has just created or written these cases (ACLs, rules
        # and the handler_ids rule passed); this only copies the users already
        # in handler_ids into the history, whoever wrote them.
        cases = self.sudo()
        for user_ids, case_ids in to_link.items():
            cases.browse(case_ids)._fazhi_action_write(
                {"excluded_user_ids": [Command.link(uid) for uid in user_ids]}
            )
        self.browse(
            [cid for case_ids in to_link.values() for cid in case_ids]
        )._sync_excluded_handlers()

    def _log_handler_changes(self, before):
        """One note per case whose handlers changed: who added or removed whom."""
        for case in self:
            old, new = before[case.id], case.handler_ids
            added, removed = new - old, old - new
            if not (added or removed):
                continue
            lines = []
            if added:
                lines.append(self.env._("Added: %(names)s", names=", ".join(added.mapped("name"))))
            if removed:
                lines.append(
                    self.env._("Removed: %(names)s", names=", ".join(removed.mapped("name")))
                )
            body = Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._("Handlers changed by %(user)s.", user=self.env.user.name),
                Markup("").join(Markup("<li>%s</li>") % line for line in lines),
            )
            case._message_log(body=body)

    def _sync_excluded_handlers(self):
        """Keep everyone who ever handled the case out of what its callbacks
        show: unsubscribe them from the callbacks and add them to the excluded
        users of the accountability follow-ups (which unsubscribes them there)."""
        # sudo: the callbacks and follow-ups are hidden from the case's handlers
        # (possibly the caller); this only narrows who may see them.
        callbacks = (
            self.env["fazhi.case.callback"]
            .sudo()
            .with_context(active_test=False)
            .search([("case_id", "in", self.ids)])
        )
        if not callbacks:
            return
        callbacks._fazhi_drop_followers("case_excluded_user_ids")
        followups = (
            self.env["fazhi.followup"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "fazhi.case.callback"),
                    ("res_id", "in", callbacks.ids),
                    ("kind", "=", "accountability"),
                ]
            )
        )
        excluded = {callback.id: callback.case_id.excluded_user_ids for callback in callbacks}
        to_add = defaultdict(list)
        for followup in followups:
            missing = excluded[followup.res_id] - followup.excluded_user_ids
            if missing:
                to_add[tuple(missing.ids)].append(followup.id)
        for user_ids, followup_ids in to_add.items():
            followups.browse(followup_ids).write(
                {"excluded_user_ids": [Command.link(uid) for uid in user_ids]}
            )

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import template for enforcement cases"),
                "template": "/fazhi_satisfaction/static/xls/fazhi_enforcement_case_import.xlsx",
            }
        ]

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_callbacks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fazhi_satisfaction.fazhi_case_callback_action"
        )
        action["domain"] = [("case_id", "=", self.id)]
        action["context"] = {"default_case_id": self.id}
        return action
