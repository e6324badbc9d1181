from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import ACTION
from odoo.exceptions import AccessError, UserError, ValidationError

ENTRY_DONE_STATES = ("submitted", "approved", "accepted")
OFFICE = "fazhi_base.group_fazhi_office"
# Fields of a running campaign the office may still change: the framework and
# the company are fixed once the assignments exist.
RUNNING_FIELDS = (
    "name",
    "owner_unit_id",
    "liaison_id",
    "leader_id",
    "date_start",
    "date_end",
    "stage_ids",
    "round_ids",
)


class FazhiIndicatorCampaign(models.Model):
    """A demonstration-creation campaign (创建活动) on one indicator framework.

    It has stages with dates (推进 / 整改提升 / 申报) and reporting rounds
    (第一轮, 第二轮 台账梳理). ``action_start`` creates, in one batch, an
    assignment per third-level indicator and responsible unit and an entry per
    assignment and round; a round added later gets its entries when created.

    Configuration of the office: every field is the office's, the state moves
    only through the actions, the framework and company are fixed once started,
    and only a draft campaign (no unit has worked on it yet) can be deleted.
    """

    _name = "fazhi.indicator.campaign"
    _description = "Demonstration campaign"
    _inherit = ["fazhi.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"

    # Workflow declarations (fazhi.workflow.mixin).
    _fazhi_field_rules = {
        "name": OFFICE,
        "framework_id": OFFICE,
        "owner_unit_id": OFFICE,
        "company_id": OFFICE,
        "liaison_id": OFFICE,
        "leader_id": OFFICE,
        "date_start": OFFICE,
        "date_end": OFFICE,
        "state": ACTION,
        "stage_ids": OFFICE,
        "round_ids": OFFICE,
        # Created by action_start, never through the campaign.
        "assignment_ids": ACTION,
        "entry_ids": ACTION,
    }
    _fazhi_state_rules = {
        "draft": (*RUNNING_FIELDS, "framework_id", "company_id"),
        "running": RUNNING_FIELDS,
        # As the form shows it: the name of a closed campaign stays as it was.
        "closed": tuple(f for f in RUNNING_FIELDS if f != "name"),
    }
    _fazhi_transitions = {
        "start": (("draft",), "running", OFFICE),
        "close": (("running",), "closed", OFFICE),
        "reopen": (("closed",), "running", OFFICE),
    }
    _fazhi_unlink_states = ("draft",)

    name = fields.Char(required=True, tracking=True)
    framework_id = fields.Many2one(
        "fazhi.indicator.framework", required=True, tracking=True, ondelete="restrict"
    )
    owner_unit_id = fields.Many2one(
        "fazhi.unit",
        string="Owner unit",
        tracking=True,
        help="Unit that files the whole table (上报单位); indicators whose departments match "
        "no unit are assigned to it.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    liaison_id = fields.Many2one("res.users", tracking=True, domain=[("share", "=", False)])
    leader_id = fields.Many2one("res.users", tracking=True, domain=[("share", "=", False)])
    date_start = fields.Date(string="Start date")
    date_end = fields.Date(string="End date")
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("closed", "Closed")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
    )
    stage_ids = fields.One2many("fazhi.indicator.campaign.stage", "campaign_id", string="Stages")
    round_ids = fields.One2many("fazhi.indicator.campaign.round", "campaign_id", string="Rounds")
    assignment_ids = fields.One2many(
        "fazhi.indicator.assignment", "campaign_id", string="Assignments"
    )
    entry_ids = fields.One2many("fazhi.indicator.entry", "campaign_id", string="Entries")
    current_round_id = fields.Many2one(
        "fazhi.indicator.campaign.round", compute="_compute_current_round_id"
    )

    # ------------------------------------------------------------------
    # Veto and progress
    # ------------------------------------------------------------------
    veto_triggered = fields.Boolean(
        string="Veto triggered",
        compute="_compute_veto_triggered",
        store=True,
        index=True,
        help="A veto indicator (一票否决) was marked as triggered: the campaign fails.",
    )
    assignment_count = fields.Integer(compute="_compute_progress")
    entry_count = fields.Integer(compute="_compute_progress")
    done_entry_count = fields.Integer(string="Entries submitted", compute="_compute_progress")
    accepted_entry_count = fields.Integer(string="Entries accepted", compute="_compute_progress")
    overdue_entry_count = fields.Integer(string="Overdue entries", compute="_compute_progress")
    completion_rate = fields.Float(string="Completion (%)", compute="_compute_progress")
    feedback_count = fields.Integer(compute="_compute_progress")

    @api.depends("assignment_ids.veto_triggered")
    def _compute_veto_triggered(self):
        for campaign in self:
            campaign.veto_triggered = any(campaign.assignment_ids.mapped("veto_triggered"))

    @api.depends("round_ids.date_start", "round_ids.deadline")
    @api.depends_context("uid")
    def _compute_current_round_id(self):
        today = fields.Date.context_today(self)
        for campaign in self:
            rounds = campaign.round_ids.sorted(lambda r: (r.sequence, r.id))
            started = rounds.filtered(lambda r: not r.date_start or r.date_start <= today)
            campaign.current_round_id = (started[-1:] or rounds[:1]).id

    def _compute_progress(self):
        Entry = self.env["fazhi.indicator.entry"]
        domain = [("campaign_id", "in", self.ids)]
        by_state = {}
        for campaign, state, count in Entry._read_group(
            domain, ["campaign_id", "state"], ["__count"]
        ):
            by_state.setdefault(campaign.id, {})[state] = count
        overdue = dict(
            Entry._read_group([*domain, ("is_overdue", "=", True)], ["campaign_id"], ["__count"])
        )
        assignments = dict(
            self.env["fazhi.indicator.assignment"]._read_group(domain, ["campaign_id"], ["__count"])
        )
        feedback = dict(
            self.env["fazhi.indicator.feedback"]._read_group(domain, ["campaign_id"], ["__count"])
        )
        for campaign in self:
            states = by_state.get(campaign.id, {})
            total = sum(states.values())
            done = sum(states.get(s, 0) for s in ENTRY_DONE_STATES)
            campaign.entry_count = total
            campaign.done_entry_count = done
            campaign.accepted_entry_count = states.get("accepted", 0)
            campaign.overdue_entry_count = overdue.get(campaign, 0)
            campaign.assignment_count = assignments.get(campaign, 0)
            campaign.feedback_count = feedback.get(campaign, 0)
            campaign.completion_rate = round(100.0 * done / total, 1) if total else 0.0

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for campaign in self:
            if (
                campaign.date_start
                and campaign.date_end
                and campaign.date_end < campaign.date_start
            ):
                raise ValidationError(self.env._("The campaign cannot end before it starts."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _check_office(self):
        if not self.env.su and not self.env.user.has_group("fazhi_base.group_fazhi_office"):
            raise AccessError(self.env._("Only the supervision office manages campaigns."))

    def action_start(self):
        """Create the assignments (indicator x responsible unit) and the entries
        (assignment x round) of draft campaigns, each in one ``create``."""
        self._check_office()
        for campaign in self:
            if campaign.state != "draft":
                raise UserError(
                    self.env._("Campaign %(name)s is already started.", name=campaign.name)
                )
            if not campaign.round_ids:
                raise UserError(
                    self.env._(
                        "Add at least one reporting round to %(name)s before starting it.",
                        name=campaign.name,
                    )
                )
        for campaign in self:
            campaign._create_assignments()
        self._fazhi_move("start")
        return True

    def _create_assignments(self):
        self.ensure_one()
        indicators = self.env["fazhi.indicator"].search(
            [("framework_id", "=", self.framework_id.id), ("level", "=", "3")]
        )
        indicators.filtered(lambda i: not i.responsible_unit_ids)._match_responsible_units()
        vals_list, fallback = [], self.env["fazhi.indicator"]
        for indicator in indicators:
            units = indicator.responsible_unit_ids.filtered(
                lambda u: u.company_id == self.company_id
            )
            if not units:
                if not self.owner_unit_id:
                    fallback |= indicator
                    continue
                units = self.owner_unit_id
                fallback |= indicator
            vals_list += [
                {"campaign_id": self.id, "indicator_id": indicator.id, "unit_id": unit.id}
                for unit in units
            ]
        if fallback and not self.owner_unit_id:
            raise UserError(
                self.env._(
                    "No responsible unit for indicators %(codes)s: link their units (Match units "
                    "or by hand) or set the campaign's owner unit.",
                    codes=", ".join(fallback.mapped("code")),
                )
            )
        assignments = self.env["fazhi.indicator.assignment"].create(vals_list)
        self.round_ids._create_entries(assignments)
        if fallback:
            self.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Assigned to the owner unit %(unit)s (no unit matches their departments): "
                    "%(codes)s",
                    unit=self.owner_unit_id.display_name,
                    codes=", ".join(fallback.mapped("code")),
                )
            )
        return assignments

    def action_close(self):
        self._check_office()
        if self.filtered(lambda c: c.state != "running"):
            raise UserError(self.env._("Only running campaigns can be closed."))
        self._fazhi_move("close")
        return True

    def action_reopen(self):
        self._check_office()
        if self.filtered(lambda c: c.state != "closed"):
            raise UserError(self.env._("Only closed campaigns can be reopened."))
        self._fazhi_move("reopen")
        return True

    def _fazhi_figure_period(self, today):
        """``(date_from, date_to)`` over which the live values of the
        campaign's entries are measured: from its start (or the first of
        this year) to its end or today, whichever comes first (``date_to``
        excluded); ``None`` before it starts."""
        self.ensure_one()
        date_from = self.date_start or today.replace(month=1, day=1)
        date_to = min(self.date_end or today, today) + timedelta(days=1)
        return (date_from, date_to) if date_from < date_to else None

    def _action_for(self, xml_id):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xml_id)
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"default_campaign_id": self.id}
        return action

    def action_view_entries(self):
        return self._action_for("fazhi_indicators.fazhi_indicator_entry_action")

    def action_view_assignments(self):
        return self._action_for("fazhi_indicators.fazhi_indicator_assignment_action")

    def action_view_feedback(self):
        return self._action_for("fazhi_indicators.fazhi_indicator_feedback_action")


class FazhiIndicatorCampaignStage(models.Model):
    """A stage of a campaign with its dates (推进 / 整改提升 / 申报)."""

    _name = "fazhi.indicator.campaign.stage"
    _description = "Campaign stage"
    _order = "campaign_id, sequence, id"

    campaign_id = fields.Many2one(
        "fazhi.indicator.campaign", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    stage_type = fields.Selection(
        [
            ("promotion", "Promotion"),
            ("rectification", "Rectification and improvement"),
            ("declaration", "Declaration"),
        ],
        string="Type",
        required=True,
        default="promotion",
    )
    date_start = fields.Date(string="Start date")
    date_end = fields.Date(string="End date")
    description = fields.Text()

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for stage in self:
            if stage.date_start and stage.date_end and stage.date_end < stage.date_start:
                raise ValidationError(
                    self.env._("Stage %(name)s ends before it starts.", name=stage.name)
                )


class FazhiIndicatorCampaignRound(models.Model):
    """A reporting round (第一轮 / 第二轮 台账梳理): every assignment gets one entry."""

    _name = "fazhi.indicator.campaign.round"
    _description = "Reporting round"
    _order = "campaign_id, sequence, id"

    campaign_id = fields.Many2one(
        "fazhi.indicator.campaign", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    stage_id = fields.Many2one(
        "fazhi.indicator.campaign.stage", domain="[('campaign_id', '=', campaign_id)]"
    )
    date_start = fields.Date(string="Start date")
    deadline = fields.Date(help="Entries of this round are overdue after this day.")

    @api.depends("name", "campaign_id.name")
    def _compute_display_name(self):
        for rnd in self:
            rnd.display_name = rnd.name or ""

    @api.model_create_multi
    def create(self, vals_list):
        rounds = super().create(vals_list)
        running = rounds.filtered(lambda r: r.campaign_id.state == "running")
        if running:
            running._create_entries(running.campaign_id.assignment_ids)
        return rounds

    def _create_entries(self, assignments):
        """One entry per round of ``self`` and assignment of the same campaign
        (one ``create``); the breakdown of the assignment's latest entry is
        carried over."""
        Entry = self.env["fazhi.indicator.entry"]
        if not self or not assignments:
            return Entry
        existing = set(
            Entry.search_fetch(
                [("round_id", "in", self.ids), ("assignment_id", "in", assignments.ids)],
                ["round_id", "assignment_id"],
            ).mapped(lambda e: (e.round_id.id, e.assignment_id.id))
        )
        vals_list = [
            {
                "assignment_id": assignment.id,
                "round_id": rnd.id,
                "breakdown": assignment.breakdown or False,
            }
            for rnd in self
            for assignment in assignments
            if assignment.campaign_id == rnd.campaign_id and (rnd.id, assignment.id) not in existing
        ]
        return Entry.create(vals_list)
