from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import ACTION, CREATE_ONLY, EDIT
from odoo.addons.fazhi_base.tools.cron import run_batches
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare, float_round

OFFICE = "fazhi_base.group_fazhi_office"

SATISFACTION_RATINGS = ("satisfied", "basically_satisfied", "dissatisfied")
# The figures of a campaign, frozen when it is closed.
_FIGURES = ("snapshot_count", "done_count", "coverage", "is_under_target")

# Context of the batch creation of tasks: no chatter message, follower or
# tracking value per task.
TASK_BATCH_CONTEXT = {
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "tracking_disable": True,
}


class FazhiSatisfactionCampaign(models.Model):
    """The monthly satisfaction campaign (测评批次) of a unit.

    Seeds 000 and 001 ask every unit to interview, each month, at least 90 % of
    the counterparts it manages and serves with the questionnaire. The daily
    cron ``_cron_generate_campaigns`` creates, for the current month, one
    campaign per unit with active counterparts: the snapshot of those
    counterparts is one interview task (``fazhi.satisfaction.task``) each.

    Coverage = completed tasks / snapshot size, live until the campaign is
    closed: ``action_close`` freezes the figures (the computes skip closed
    campaigns) and refuses any further answer or attempt.

    Month-end close: the daily cron ``_cron_close_months`` closes the open
    campaigns of every month that ended more than the company's grace period
    ago (``fazhi_satisfaction_close_grace_days``, 3 days by default: March's
    campaigns close on the night of 4 April), as ``action_close`` does, and
    gives the unit's manager (else liaison) a to-do in their language. The
    office reopens a closed campaign with a reason (``action_reopen`` opens
    the reason wizard, the reason goes to the chatter); a reopened campaign is
    not closed again by the cron until the grace period has passed after the
    day it was reopened (reopened on 10 April: closed again on the night of
    14 April), so late answers can be entered and no campaign stays open by
    oversight. Closing, by hand or by the cron, locks the campaign rows
    (``SELECT ... FOR UPDATE``) and checks their state in SQL, so a campaign
    closed by hand while the cron runs is closed, and its weak points
    followed up, once.

    Guarded (``fazhi.workflow.mixin``): the state, the figures and the closing
    fields change only through ``action_close`` / ``action_reopen`` (the
    latter the office's); the unit and month are given at creation; the
    questionnaire and the target are the office's; a closed campaign is
    locked for every direct write.

    Weak points (薄弱环节): when campaigns close (``action_close``), every
    question whose satisfaction rate is under its ``fazhi_threshold`` and
    every problem choice chosen at least once opens a rectification follow-up
    (``fazhi.followup``) for the campaign's unit, due N working days after the
    closing day (company setting ``fazhi_satisfaction_followup_days``). The
    campaigns of a year archived for their unit
    (``fazhi.satisfaction.archive``) cannot be reopened.
    """

    _name = "fazhi.satisfaction.campaign"
    _description = "Satisfaction campaign"
    _inherit = [
        "fazhi.workflow.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "fazhi.followup.source.mixin",
    ]
    _order = "month desc, name, id"

    # Workflow declarations (fazhi.workflow.mixin): who writes what, in which state.
    _fazhi_field_rules = {
        "unit_id": CREATE_ONLY,
        "month": CREATE_ONLY,
        # The city's questionnaire and target: a unit does not lower its own.
        "survey_id": (EDIT, OFFICE),
        "target_rate": (EDIT, OFFICE),
        "state": ACTION,
        # Tasks are generated (and added) on the task model, never moved here.
        "task_ids": ACTION,
        # The figures, frozen when the campaign is closed.
        "snapshot_count": ACTION,
        "done_count": ACTION,
        "coverage": ACTION,
        "is_under_target": ACTION,
        "closed_date": ACTION,
        "closed_by_id": ACTION,
        "auto_closed": ACTION,
        "reopened_date": ACTION,
        "reminder_sent": ACTION,
        "report_reminder_sent": ACTION,
        "weak_point_keys": ACTION,
    }
    _fazhi_state_rules = {
        "open": EDIT,
        "closed": (),
    }
    _fazhi_transitions = {
        "close": (("open",), "closed", None),
        "reopen": (("closed",), "open", OFFICE),
    }
    _fazhi_unlink_states = ("open",)

    # Generation cron, per call (one transaction each): at most this many units'
    # campaigns, and no more units once their tasks would pass the task bound
    # (a unit alone above it still gets its campaign, alone in its batch).
    _GENERATION_BATCH = 200
    _GENERATION_TASK_BATCH = 50000
    # Month-end close cron, per call (one transaction each): at most this many
    # campaigns closed, their weak points followed up and their managers told.
    _CLOSE_BATCH = 100

    # ------------------------------------------------------------------
    # Identity
    # ------------------------------------------------------------------
    name = fields.Char(compute="_compute_name", store=True, readonly=True)
    unit_id = fields.Many2one(
        "fazhi.unit",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    company_id = fields.Many2one(
        related="unit_id.company_id", store=True, index=True, string="Company"
    )
    month = fields.Date(
        required=True,
        index=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="First day of the month of the campaign.",
    )
    survey_id = fields.Many2one(
        "survey.survey",
        string="Questionnaire",
        required=True,
        ondelete="restrict",
        domain=[("is_fazhi_questionnaire", "=", True)],
        default=lambda self: self._default_survey(),
        tracking=True,
    )
    target_rate = fields.Float(
        string="Target coverage",
        default=lambda self: self.env.company.fazhi_satisfaction_target_rate,
        tracking=True,
        help="Share of the snapshot to interview this month (0.9 is 90 %).",
    )
    state = fields.Selection(
        [("open", "Open"), ("closed", "Closed")],
        required=True,
        default="open",
        tracking=True,
        copy=False,
        index=True,
    )

    # ------------------------------------------------------------------
    # Tasks and figures (frozen once closed)
    # ------------------------------------------------------------------
    task_ids = fields.One2many("fazhi.satisfaction.task", "campaign_id", string="Interview tasks")
    snapshot_count = fields.Integer(
        string="Counterparts",
        compute="_compute_figures",
        store=True,
        aggregator="sum",
        help="Number of interview tasks: the unit's active counterparts when the campaign "
        "was generated.",
    )
    done_count = fields.Integer(
        string="Completed",
        compute="_compute_figures",
        store=True,
        aggregator="sum",
        help="Interview tasks whose questionnaire was submitted.",
    )
    coverage = fields.Float(
        compute="_compute_figures",
        store=True,
        aggregator="avg",
        help="Completed interviews / counterparts (0 when there is none).",
    )
    is_under_target = fields.Boolean(
        string="Under target",
        compute="_compute_figures",
        store=True,
        index=True,
    )
    closed_date = fields.Date(readonly=True, copy=False, tracking=True)
    closed_by_id = fields.Many2one("res.users", string="Closed by", readonly=True, copy=False)
    auto_closed = fields.Boolean(
        string="Closed at month end",
        readonly=True,
        copy=False,
        help="Closed by the month-end close once the month and its grace period were over.",
    )
    reopened_date = fields.Date(
        string="Reopened on",
        readonly=True,
        copy=False,
        help="Last day the office reopened the campaign (the reason is in the chatter). The "
        "month-end close closes it again once the grace period has passed after that day.",
    )
    report_reminder_sent = fields.Boolean(
        readonly=True,
        copy=False,
        help="The unit's manager got the under-target reminder before the monthly report's "
        "due day.",
    )
    reminder_sent = fields.Boolean(
        readonly=True,
        copy=False,
        help="The unit's manager got the under-target reminder as the month is about to close.",
    )

    # ------------------------------------------------------------------
    # Weak points
    # ------------------------------------------------------------------
    weak_point_keys = fields.Json(
        readonly=True,
        copy=False,
        help="Weak points that already opened a follow-up (question, or question and choice), "
        "so that closing a reopened campaign again does not duplicate them.",
    )

    _sql_constraints = [
        (
            "unit_month_uniq",
            "unique(unit_id, month)",
            "A unit has one satisfaction campaign per month.",
        ),
    ]

    @api.model
    def _default_survey(self):
        # fazhi's companies are health commissions (卫生健康委员会): their own
        # plan's questionnaire (seed 000) unless the company chose another one
        return self.env.company.fazhi_satisfaction_survey_id or self.env.ref(
            "fazhi_satisfaction.survey_survey_000", raise_if_not_found=False
        )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("unit_id.name", "month")
    def _compute_name(self):
        for campaign in self:
            month = campaign.month.strftime("%Y-%m") if campaign.month else ""
            campaign.name = " ".join(filter(None, (campaign.unit_id.name, month)))

    @api.depends("task_ids.state", "target_rate", "state")
    def _compute_figures(self):
        """Figures of the open campaigns; closed ones keep their stored figures
        (the ORM marks the fields computed before calling this method, so a
        record left out keeps its value)."""
        campaigns = self.filtered(lambda c: c.state != "closed")
        counts = defaultdict(lambda: defaultdict(int))
        if campaigns._origin:
            for campaign, state, count in self.env["fazhi.satisfaction.task"]._read_group(
                [("campaign_id", "in", campaigns._origin.ids)],
                ["campaign_id", "state"],
                ["__count"],
            ):
                counts[campaign.id][state] += count
        for campaign in campaigns:
            by_state = counts[campaign._origin.id]
            snapshot = sum(by_state.values())
            done = by_state["done"]
            coverage = done / snapshot if snapshot else 0.0
            campaign.snapshot_count = snapshot
            campaign.done_count = done
            campaign.coverage = coverage
            campaign.is_under_target = (
                float_compare(coverage, campaign.target_rate, precision_digits=6) < 0
            )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("month")
    def _check_month(self):
        for campaign in self:
            if campaign.month.day != 1:
                raise ValidationError(
                    self.env._("The month of a campaign is the first day of that month.")
                )

    @api.constrains("target_rate")
    def _check_target_rate(self):
        for campaign in self:
            if not 0.0 < campaign.target_rate <= 1.0:
                raise ValidationError(
                    self.env._(
                        "The target coverage of %(campaign)s must be above 0 %% and at most "
                        "100 %%.",
                        campaign=campaign.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self._fazhi_in_action():
            # The figures are computed: a value given with a new campaign, even
            # an "empty" one (is_under_target False, which the mixin lets
            # through as a form's blank), would be stored instead.
            given = [f for vals in vals_list for f in _FIGURES if f in vals]
            if given:
                self._fazhi_raise({"action": sorted(set(given))}, "open")
        for vals in vals_list:
            if vals.get("month"):
                vals["month"] = fields.Date.to_date(vals["month"]).replace(day=1)
        return super().create(vals_list)

    def write(self, vals):
        # What may change, and in which state, is the guard's (see the
        # declarations above): a closed campaign is locked, its figures and
        # state change only through the actions.
        if vals.get("month"):
            vals["month"] = fields.Date.to_date(vals["month"]).replace(day=1)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed_or_answered(self):
        for campaign in self:
            if campaign.state == "closed":
                raise UserError(
                    self.env._(
                        "The closed campaign %(campaign)s cannot be deleted.",
                        campaign=campaign.display_name,
                    )
                )
            if campaign.done_count:
                raise UserError(
                    self.env._(
                        "The campaign %(campaign)s has completed interviews and cannot be deleted.",
                        campaign=campaign.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_close(self):
        """Close the campaigns: their figures are stored as they are now and no
        longer change; no answer or attempt is accepted any more."""
        if any(campaign.state != "open" for campaign in self):
            raise UserError(self.env._("Only open campaigns can be closed."))
        # Locked and checked in SQL: closed meanwhile (by the month-end close
        # or another user) is refused, not closed and followed up twice.
        if self._fazhi_lock_state("open") != self:
            raise UserError(self.env._("Only open campaigns can be closed."))
        self._fazhi_close()
        return True

    def action_reopen(self):
        """Ask the supervision office for the reason of reopening these closed
        campaigns (``fazhi.satisfaction.campaign.reopen``), which reopens them
        (``_fazhi_reopen``)."""
        self._fazhi_check_can_reopen()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reopen campaigns"),
            "res_model": "fazhi.satisfaction.campaign.reopen",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_campaign_ids": [Command.set(self.ids)]},
        }

    def action_view_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fazhi_satisfaction.fazhi_satisfaction_task_action"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"default_campaign_id": self.id}
        return action

    def action_view_statistics(self):
        """The satisfaction statistics of this campaign (pivot by question)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fazhi_satisfaction.fazhi_satisfaction_statistics_action"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {
            "pivot_row_groupby": ["question_id"],
            "pivot_column_groupby": ["rating"],
            "pivot_measures": ["answer_count", "satisfaction_rate"],
        }
        action["display_name"] = self.env._("Statistics of %s", self.display_name)
        return action

    # ------------------------------------------------------------------
    # Closing and reopening
    # ------------------------------------------------------------------
    def _fazhi_lock_state(self, state):
        """Lock the rows of these campaigns (``SELECT ... FOR UPDATE``, waiting
        for a transaction closing or reopening them) and return those whose
        state, read in SQL, is ``state``. Under PostgreSQL's repeatable read,
        a row another transaction changed and committed meanwhile raises a
        serialization failure, and Odoo retries the request: with the new
        state, which the caller then refuses. Their cached state and weak
        point keys are read again."""
        if not self:
            return self
        self.flush_recordset(["state", "weak_point_keys"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id IN %s AND state = %s ORDER BY id FOR UPDATE",
                SQL.identifier(self._table),
                tuple(self.ids),
                state,
            )
        )
        ids = {row[0] for row in self.env.cr.fetchall()}
        self.invalidate_recordset(["state", "weak_point_keys", "closed_date", "reopened_date"])
        return self.filtered(lambda campaign: campaign.id in ids)

    def _fazhi_close(self, auto=False):
        """Close these open (and locked) campaigns in one write: store their
        figures as they are now, then open the follow-ups of their new weak
        points (one statistics query, one create).

        :param auto: closed by the month-end close (no user closes it)
        :return: the created follow-ups
        """
        # Store the latest figures before the state guard freezes them.
        self.flush_recordset(list(_FIGURES))
        # Who closes by hand: whoever may write the campaign (ACL and record
        # rules: the unit's manager, the office); staff and leaders may not.
        self._fazhi_move(
            "close",
            {
                "closed_date": fields.Date.context_today(self),
                "closed_by_id": False if auto else self.env.user.id,
                "auto_closed": auto,
            },
        )
        return self._fazhi_create_weak_point_followups()

    def _fazhi_check_can_reopen(self):
        """Who reopens what: the supervision office, closed campaigns, not of
        an archived year."""
        self._fazhi_check_year_not_archived()
        if not self.env.su and not self.env.user.has_group(OFFICE):
            raise UserError(self.env._("Only the supervision office can reopen a campaign."))
        if any(campaign.state != "closed" for campaign in self):
            raise UserError(self.env._("Only closed campaigns can be reopened."))

    def _fazhi_reopen(self, reason):
        """Reopen closed campaigns (supervision office only) for ``reason``,
        posted in their chatter: the figures become live again and late
        answers are accepted. The campaigns of an archived year stay closed.
        The month-end close leaves them open for the grace period from today
        on (``reopened_date``)."""
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for reopening the campaign."))
        self._fazhi_check_can_reopen()
        if self._fazhi_lock_state("closed") != self:
            raise UserError(self.env._("Only closed campaigns can be reopened."))
        self._fazhi_move(
            "reopen",
            {
                "closed_date": False,
                "closed_by_id": False,
                "auto_closed": False,
                "reopened_date": fields.Date.context_today(self),
            },
        )
        for campaign in self:
            campaign.message_post(
                body=self.env._("Campaign reopened. Reason: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
            )
        return True

    @api.model
    def _fazhi_close_due_where(self, today):
        """SQL condition on ``campaign`` (joined to its ``company``): open
        campaigns due for the month-end close on ``today``: their month ended
        more than the company's grace days ago, and they were not reopened, or
        reopened more than the grace days ago."""
        cutoff = SQL("(%s::date - COALESCE(company.fazhi_satisfaction_close_grace_days, 3))", today)
        return SQL(
            """campaign.state = 'open'
               AND campaign.month < date_trunc('month', %(cutoff)s)::date
               AND (campaign.reopened_date IS NULL OR campaign.reopened_date < %(cutoff)s)""",
            cutoff=cutoff,
        )

    @api.model
    def _cron_close_months(self):
        """Daily month-end close: close the open campaigns of the months that
        ended more than the grace period ago, open the follow-ups of their weak
        points and tell each unit's manager (else liaison).

        Odoo 18's cron contract: each call closes one batch of at most
        ``_CLOSE_BATCH`` campaigns and reports ``done``/``remaining`` with
        ``ir.cron._notify_progress``; the runner commits and calls again while
        campaigns remain, so a run stopped between two batches resumes where
        it was. The batch is read and locked in SQL (``FOR UPDATE SKIP
        LOCKED``: a campaign being closed or reopened by hand right now is
        left to that user, and looked at again the next call or night); a
        closed campaign is never taken again, so running twice closes and
        follows up nothing more."""
        today = fields.Date.context_today(self)
        # sudo: the cron closes every unit's campaigns; no caller's input
        Campaign = self.sudo()
        Campaign.flush_model(["state", "month", "reopened_date", "company_id"])
        self.env["res.company"].flush_model(["fazhi_satisfaction_close_grace_days"])
        due = self._fazhi_close_due_where(today)
        self.env.cr.execute(
            SQL(
                """SELECT count(*)
                     FROM fazhi_satisfaction_campaign campaign
                     LEFT JOIN res_company company ON company.id = campaign.company_id
                    WHERE %s""",
                due,
            )
        )
        total = self.env.cr.fetchone()[0]
        campaigns = Campaign.browse()
        if total:
            self.env.cr.execute(
                SQL(
                    """SELECT campaign.id
                         FROM fazhi_satisfaction_campaign campaign
                         LEFT JOIN res_company company ON company.id = campaign.company_id
                        WHERE %(due)s
                        ORDER BY campaign.id
                        LIMIT %(limit)s
                          FOR UPDATE OF campaign SKIP LOCKED""",
                    due=due,
                    limit=self._CLOSE_BATCH,
                )
            )
            campaigns = Campaign.browse(row[0] for row in self.env.cr.fetchall())
            # Locked: read their state again, as it is in the database now.
            campaigns.invalidate_recordset(["state", "weak_point_keys"])
            followups = campaigns._fazhi_close(auto=True)
            campaigns._fazhi_notify_closed(followups)
        self.env["ir.cron"]._notify_progress(done=len(campaigns), remaining=total - len(campaigns))
        return True

    def _fazhi_notify_closed(self, followups):
        """One to-do per campaign closed at month end for its unit's manager
        (else liaison), in their language: the final coverage and the weak
        points opened (one create). Units without anybody responsible are
        told nothing (the office sees the closed campaigns)."""
        activity_type = self.env.ref("fazhi_satisfaction.mail_activity_type_fazhi_campaign_closed")
        model_id = self.env["ir.model"]._get_id(self._name)
        root = self.env.ref("base.user_root")
        today = fields.Date.context_today(self)
        per_campaign = defaultdict(list)
        for followup in followups:
            per_campaign[followup.res_id].append(followup)
        vals_list = []
        for campaign in self:
            user = campaign.unit_id._get_responsible_users()
            if not user or not user.active or user.share or user == root:
                continue
            lang_env = campaign.with_context(lang=user.lang or "en_US").env
            opened = per_campaign[campaign.id]
            if opened:
                weak = lang_env._(
                    "%(count)s weak point(s) became rectification follow-ups, due on %(deadline)s.",
                    count=len(opened),
                    deadline=min(followup.deadline for followup in opened),
                )
            else:
                weak = lang_env._("No weak point was found.")
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": campaign.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "summary": lang_env._(
                        "Campaign closed: coverage %(coverage)s %% (target %(target)s %%)",
                        coverage=round(campaign.coverage * 100, 1),
                        target=round(campaign.target_rate * 100, 1),
                    ),
                    "note": Markup("<p>%s</p><p>%s</p>")
                    % (
                        lang_env._(
                            "%(campaign)s was closed at the end of the month: %(done)s of "
                            "%(total)s counterparts interviewed. Its figures are final.",
                            campaign=campaign.display_name,
                            done=campaign.done_count,
                            total=campaign.snapshot_count,
                        ),
                        weak,
                    ),
                    "date_deadline": today,
                }
            )
        return self.env["mail.activity"].create(vals_list)

    # ------------------------------------------------------------------
    # Generation
    # ------------------------------------------------------------------
    @api.model
    def _generation_units(self, month, unit_ids=None):
        """The units that get a campaign of ``month`` (any day of it) and are
        still without one, with their number of active counterparts (the tasks
        of their campaign), in unit id order.

        Active units (among ``unit_ids`` when given) that have not opted out,
        have active counterparts and no campaign for that month yet (archived
        campaigns included: ``unit_month_uniq`` allows one per unit and month).
        Two queries and a grouped count, whatever the number of counterparts.

        :return: ``{unit: number of counterparts}``
        """
        month = fields.Date.to_date(month).replace(day=1)
        unit_domain = [("fazhi_satisfaction_opt_out", "=", False)]
        if unit_ids is not None:
            unit_domain.append(("id", "in", list(unit_ids)))
        units = self.env["fazhi.unit"].search(unit_domain, order="id")
        existing = self.with_context(active_test=False).search(
            [("month", "=", month), ("unit_id", "in", units.ids)]
        )
        units -= existing.unit_id
        if not units:
            return {}
        counts = dict(
            self.env["res.partner"]._read_group(
                [("is_fazhi_counterpart", "=", True), ("fazhi_unit_ids", "in", units.ids)],
                ["fazhi_unit_ids"],
                ["__count"],
            )
        )
        return {unit: counts[unit] for unit in units if counts.get(unit)}

    @api.model
    def _generate_campaigns(self, month, unit_ids=None):
        """Create the campaigns of ``month`` (any day of it) and their tasks.

        For every unit of ``_generation_units`` (among ``unit_ids`` when
        given): one campaign and one task per active counterpart. The
        counterparts are read with one grouped query, the campaigns and then
        all the tasks are created with one ``create`` each, so the cost does
        not grow with queries per counterpart. Idempotent: a second call
        creates nothing.

        :return: the created campaigns
        """
        month = fields.Date.to_date(month).replace(day=1)
        units = self.env["fazhi.unit"].browse(u.id for u in self._generation_units(month, unit_ids))
        if not units:
            return self.browse()

        # One query: the active counterparts of these units, grouped by unit
        # and type, with the partner ids aggregated.
        by_unit = defaultdict(list)
        groups = self.env["res.partner"]._read_group(
            [
                ("is_fazhi_counterpart", "=", True),
                ("fazhi_unit_ids", "in", units.ids),
            ],
            ["fazhi_unit_ids", "fazhi_counterpart_type"],
            ["id:array_agg"],
        )
        for unit, counterpart_type, partner_ids in groups:
            if unit in units:
                by_unit[unit.id] += [(partner_id, counterpart_type) for partner_id in partner_ids]

        # Generated values (the unit, the month) are the action's: created on
        # the action path, with the caller's access rights.
        campaigns = self._fazhi_action_create(
            [
                {
                    "unit_id": unit.id,
                    "month": month,
                    "survey_id": (
                        unit.company_id.fazhi_satisfaction_survey_id or self._default_survey()
                    ).id,
                    "target_rate": unit.company_id.fazhi_satisfaction_target_rate,
                }
                for unit in units
            ]
        )
        # The campaign's unit, month and company are given with each task: the
        # ORM would otherwise compute these stored related fields task by task.
        vals_list = []
        for campaign in campaigns:
            common = {
                "campaign_id": campaign.id,
                "unit_id": campaign.unit_id.id,
                "month": campaign.month,
                "company_id": campaign.company_id.id,
                "state": "todo",
            }
            vals_list += [
                dict(common, partner_id=partner_id, counterpart_type=counterpart_type or False)
                for partner_id, counterpart_type in sorted(by_unit[campaign.unit_id.id])
            ]
        self.env["fazhi.satisfaction.task"].with_context(**TASK_BATCH_CONTEXT)._fazhi_action_create(
            vals_list
        )
        return campaigns

    @api.model
    def _cron_generate_campaigns(self):
        """Daily: create the current month's campaigns that do not exist yet
        (on the 1st, the whole month; later, units that got counterparts or
        stopped opting out since).

        Odoo 18's cron contract: each call creates one batch, at most
        ``_GENERATION_BATCH`` units' campaigns and, unless a single unit
        exceeds it, at most ``_GENERATION_TASK_BATCH`` tasks, and reports
        ``done``/``remaining`` (units) with ``ir.cron._notify_progress``; the
        runner commits and calls again while units remain. A unit with its
        campaign of the month is never taken again (``_generation_units``,
        ``unit_month_uniq``), so a run killed between two batches loses
        nothing and creates nothing twice. Called outside the runner, it does
        every batch (``fazhi_base.tools.cron.run_batches``)."""
        today = fields.Date.context_today(self)
        # sudo: the cron creates every unit's campaigns; no caller's input
        Campaign = self.sudo()

        def batch():
            candidates = Campaign._generation_units(today)
            unit_ids, tasks = [], 0
            for unit, count in candidates.items():
                if unit_ids and (
                    len(unit_ids) >= self._GENERATION_BATCH
                    or tasks + count > self._GENERATION_TASK_BATCH
                ):
                    break
                unit_ids.append(unit.id)
                tasks += count
            campaigns = Campaign._generate_campaigns(today, unit_ids) if unit_ids else self.browse()
            return len(campaigns), len(candidates) - len(campaigns)

        run_batches(self.env, batch)
        return True

    # ------------------------------------------------------------------
    # Reminder
    # ------------------------------------------------------------------
    @api.model
    def _cron_remind_under_target(self):
        """Daily: the manager (else liaison) of a unit whose open campaign of
        the month is under its target gets a to-do twice: before the monthly
        report's due day (the report's 测评情况 gives the coverage; lead time
        in Settings, 3 days by default), and again in the last days of the
        month (5 by default). Each once per campaign; on a day that is both,
        one to-do."""
        today = fields.Date.context_today(self)
        month = today.replace(day=1)
        month_end = month + relativedelta(months=1, days=-1)
        Report = self.env["fazhi.monthly.report"]
        # sudo: the cron reminds every unit; no caller's input
        campaigns = self.sudo().search(
            [
                ("state", "=", "open"),
                ("month", "=", month),
                ("is_under_target", "=", True),
                "|",
                ("report_reminder_sent", "=", False),
                ("reminder_sent", "=", False),
            ]
        )
        before_report = self.browse()
        month_closing = self.browse()
        for company, company_campaigns in campaigns.grouped("company_id").items():
            due = Report._fazhi_due_date(company, month)
            if today >= month_end - relativedelta(days=company.fazhi_satisfaction_reminder_days):
                month_closing |= company_campaigns.filtered(lambda c: not c.reminder_sent)
            elif today >= due - relativedelta(days=company.fazhi_satisfaction_report_lead_days):
                before_report |= company_campaigns.filtered(lambda c: not c.report_reminder_sent)
        before_report._remind_under_target()._fazhi_action_write({"report_reminder_sent": True})
        # The month's last reminder also stands for a report reminder not sent.
        month_closing._remind_under_target()._fazhi_action_write(
            {"reminder_sent": True, "report_reminder_sent": True}
        )
        return True

    def _remind_under_target(self):
        """One to-do per campaign for its unit's responsible user (one create);
        campaigns whose unit has nobody responsible are left for a later run."""
        activity_type = self.env.ref("fazhi_satisfaction.mail_activity_type_fazhi_coverage")
        model_id = self.env["ir.model"]._get_id(self._name)
        root = self.env.ref("base.user_root")
        vals_list = []
        reminded = self.browse()
        for campaign in self:
            user = campaign.unit_id._get_responsible_users()
            if not user or not user.active or user.share or user == root:
                continue
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": campaign.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "summary": self.env._(
                        "Coverage %(coverage)s %% under the target %(target)s %%",
                        coverage=round(campaign.coverage * 100, 1),
                        target=round(campaign.target_rate * 100, 1),
                    ),
                    "note": self.env._(
                        "%(done)s of %(total)s counterparts interviewed for %(campaign)s.",
                        done=campaign.done_count,
                        total=campaign.snapshot_count,
                        campaign=campaign.display_name,
                    ),
                    "date_deadline": campaign.month + relativedelta(months=1, days=-1),
                }
            )
            reminded |= campaign
        self.env["mail.activity"].create(vals_list)
        return reminded

    # ------------------------------------------------------------------
    # Helpers for the tasks, attempts and answers
    # ------------------------------------------------------------------
    def _fazhi_check_open(self):
        """Refuse to go on when one of these campaigns is closed."""
        closed = self.filtered(lambda c: c.state == "closed")
        if closed:
            raise UserError(
                self.env._(
                    "The satisfaction campaign %(campaign)s was closed on %(date)s: its figures "
                    "are final and it accepts no more interviews, answers or attempts.",
                    campaign=closed[0].display_name,
                    date=closed[0].closed_date or "",
                )
            )
        return True

    # ------------------------------------------------------------------
    # Weak points
    # ------------------------------------------------------------------
    def _fazhi_weak_points(self):
        """The weak points of these campaigns, from one ``_read_group`` on the
        statistics (superuser: figures, not records).

        :return: list of dicts ``{"campaign", "question", "kind": "rate" |
            "problem", "choice" (problem), "count" (problem), "rate" (rate),
            "choices": [(choice, rating, count)], "key"}`` in a stable order
        """
        if not self:
            return []
        # sudo: figures of these campaigns (counts), not records
        groups = (
            self.env["fazhi.satisfaction.statistics"]
            .sudo()
            ._read_group(
                [("campaign_id", "in", self.ids)],
                ["campaign_id", "question_id", "answer_id", "rating"],
                ["answer_count:sum"],
            )
        )
        per_question = defaultdict(list)
        for campaign, question, choice, rating, count in groups:
            per_question[campaign, question].append((choice, rating, count))

        weak_points = []
        for (campaign, question), choices in per_question.items():
            choices.sort(key=lambda item: (item[0].sequence, item[0].id))
            by_rating = defaultdict(int)
            for _choice, rating, count in choices:
                by_rating[rating] += count
            rated = sum(by_rating[rating] for rating in SATISFACTION_RATINGS)
            if rated:
                rate = (by_rating["satisfied"] + by_rating["basically_satisfied"]) / rated
                if float_compare(rate, question.fazhi_threshold, precision_digits=6) < 0:
                    weak_points.append(
                        {
                            "campaign": campaign,
                            "question": question,
                            "kind": "rate",
                            "rate": rate,
                            "rated": rated,
                            "choices": choices,
                            "key": f"rate:{question.id}",
                        }
                    )
            for choice, rating, count in choices:
                if rating == "problem" and count:
                    weak_points.append(
                        {
                            "campaign": campaign,
                            "question": question,
                            "kind": "problem",
                            "choice": choice,
                            "count": count,
                            "choices": choices,
                            "key": f"problem:{question.id}:{choice.id}",
                        }
                    )
        weak_points.sort(
            key=lambda wp: (
                wp["campaign"].id,
                wp["question"].sequence,
                wp["question"].id,
                wp["kind"] != "rate",
                (wp["choice"].sequence, wp["choice"].id) if "choice" in wp else (0, 0),
            )
        )
        return weak_points

    def _fazhi_create_weak_point_followups(self):
        """Open one rectification follow-up per new weak point of these
        (closed) campaigns: one ``_read_group``, one ``create``.

        :return: the created follow-ups
        """
        # sudo: the follow-ups are opened by the closing itself, for the unit of
        # each campaign closed here; their values come from the statistics.
        Followup = self.env["fazhi.followup"].sudo()
        weak_points = [
            wp
            for wp in self._fazhi_weak_points()
            if wp["key"] not in (wp["campaign"].weak_point_keys or [])
        ]
        if not weak_points:
            return Followup
        deadlines = self._fazhi_weak_point_deadlines()
        probes = {}
        vals_list = []
        new_keys = defaultdict(list)
        for wp in weak_points:
            campaign = wp["campaign"]
            if campaign not in probes:
                probes[campaign] = self.env["survey.user_input"].new(
                    {"fazhi_unit_id": campaign.unit_id.id}
                )
            vals_list.append(
                {
                    "kind": "rectification",
                    "unit_id": campaign.unit_id.id,
                    "deadline": deadlines[campaign.id],
                    "res_model": campaign._name,
                    "res_id": campaign.id,
                    "name": campaign._fazhi_weak_point_name(wp),
                    "description": campaign._fazhi_weak_point_description(wp, probes[campaign]),
                }
            )
            new_keys[campaign].append(wp["key"])
        followups = Followup.create(vals_list)
        for campaign, keys in new_keys.items():
            # On the action path: the keys of the follow-ups just opened.
            campaign._fazhi_action_write(
                {"weak_point_keys": (campaign.weak_point_keys or []) + keys}
            )
        return followups

    def _fazhi_weak_point_deadlines(self):
        """``{campaign id: deadline}``: N working days after the closing day."""
        Calendar = self.env["resource.calendar"]
        today = fields.Date.context_today(self)
        deadlines = {}
        for company, campaigns in self.grouped("company_id").items():
            company = company or self.env.company
            starts = [campaign.closed_date or today for campaign in campaigns]
            days = company.fazhi_satisfaction_followup_days or 10
            for campaign, deadline in zip(
                campaigns,
                Calendar._fazhi_add_working_days(starts, days, company=company),
                strict=True,
            ):
                deadlines[campaign.id] = deadline
        return deadlines

    def _fazhi_question_label(self, question):
        return question.fazhi_code or str(question.sequence)

    def _fazhi_weak_point_name(self, weak_point):
        self.ensure_one()
        question = weak_point["question"]
        if weak_point["kind"] == "rate":
            return self.env._(
                "%(campaign)s: satisfaction under %(threshold)s %% on question %(question)s",
                campaign=self.display_name,
                threshold=_percent(question.fazhi_threshold),
                question=self._fazhi_question_label(question),
            )
        return self.env._(
            "%(campaign)s: problem reported on question %(question)s: %(choice)s",
            campaign=self.display_name,
            question=self._fazhi_question_label(question),
            choice=weak_point["choice"].value,
        )

    def _fazhi_weak_point_description(self, weak_point, probe):
        """HTML evidence: the question, the rate or the count, and the answers."""
        self.ensure_one()
        question = weak_point["question"]
        rating_labels = dict(
            self.env["fazhi.satisfaction.answer.report"]
            ._fields["rating"]
            ._description_selection(self.env)
        )
        parts = [
            Markup("<p>%s</p>")
            % self.env._(
                "Question %(number)s of %(survey)s: %(title)s",
                number=self._fazhi_question_label(question),
                survey=question.survey_id.title,
                title=question._fazhi_title_for(probe),
            )
        ]
        if weak_point["kind"] == "rate":
            parts.append(
                Markup("<p>%s</p>")
                % self.env._(
                    "Satisfaction rate %(rate)s %% (satisfied and basically satisfied among "
                    "%(rated)s rated answers), under the threshold of %(threshold)s %%.",
                    rate=_percent(weak_point["rate"]),
                    rated=weak_point["rated"],
                    threshold=_percent(question.fazhi_threshold),
                )
            )
        else:
            parts.append(
                Markup("<p>%s</p>")
                % self.env._(
                    'Problem "%(choice)s" reported %(count)s time(s).',
                    choice=weak_point["choice"].value,
                    count=weak_point["count"],
                )
            )
        items = Markup("").join(
            Markup("<li>%s: %s%s</li>")
            % (
                choice.value,
                count,
                Markup(" (%s)") % rating_labels[rating] if rating else "",
            )
            for choice, rating, count in weak_point["choices"]
        )
        parts.append(
            Markup("<p>%s</p><ul>%s</ul>")
            % (
                self.env._("Answers of the campaign %(campaign)s:", campaign=self.display_name),
                items,
            )
        )
        return Markup("").join(parts)

    def _fazhi_check_year_not_archived(self):
        """Refuse (``UserError``) when the year of one of these campaigns is
        archived for its unit."""
        # The answers of an archived year are locked for good: their campaigns
        # stay closed.
        # sudo: only whether the year is archived, whoever may read the archive
        archived = (
            self.env["fazhi.satisfaction.archive"]
            .sudo()
            .search(
                [
                    ("state", "=", "archived"),
                    ("unit_id", "in", self.unit_id.ids),
                    ("year", "in", list({campaign.month.year for campaign in self})),
                ]
            )
        )
        for campaign in self:
            archive = archived.filtered(
                lambda a, c=campaign: a.unit_id == c.unit_id and a.year == c.month.year
            )
            if archive:
                raise UserError(
                    self.env._(
                        "%(campaign)s cannot be reopened: the year %(year)s of %(unit)s is "
                        "archived (%(archive)s).",
                        campaign=campaign.display_name,
                        year=archive[0].year,
                        unit=campaign.unit_id.display_name,
                        archive=archive[0].display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Demo data
    # ------------------------------------------------------------------
    @api.model
    def _fazhi_demo_past_months(self, unit_ids, months=2):
        """Demo data only: the campaigns of the ``months`` months before this
        one for ``unit_ids``, every interview answered and submitted, so that
        the statistics, the dashboard and the monthly figures show a few
        months. The answers lean to 满意, with some 基本满意, 不满意 and 不了解,
        and now and then a reported problem. The campaigns stay open: the
        month-end close closes them, in the office's language."""
        first = fields.Date.context_today(self).replace(day=1)
        for offset in range(months, 0, -1):
            for campaign in self._generate_campaigns(
                first - relativedelta(months=offset), unit_ids
            ):
                campaign._fazhi_demo_answer_all(offset)

    def _fazhi_demo_answer_all(self, seed):
        """Demo data only: answer and submit every interview of the campaign
        with choices drawn from ``seed``: the private-enterprise section for
        private enterprises only, a problem now and then (the problem lists
        without a "none of these" choice are left unticked otherwise)."""
        self.ensure_one()
        questions = self.survey_id.question_ids.filtered(
            lambda q: (
                q.question_type in ("simple_choice", "multiple_choice") and q.suggested_answer_ids
            )
        )
        # out of 20 answers to a satisfaction question
        ratings = ["satisfied"] * 13 + ["basically_satisfied"] * 4
        ratings += ["dissatisfied", "unknown", "dissatisfied"]
        Answer = self.env["survey.user_input"]
        for index, task in enumerate(self.task_ids.sorted("id")):
            private = task.counterpart_type == "private_enterprise"
            lines = []
            for position, question in enumerate(questions):
                if question.triggering_answer_ids and not private:
                    continue
                choices = question.suggested_answer_ids.sorted(lambda c: (c.sequence, c.id))
                draw = (index * 7 + position * 3 + seed * 5) % 20
                rated = {c.fazhi_rating: c for c in choices if c.fazhi_rating}
                if question.fazhi_is_private_gate:
                    gate = "是" if private else "否"
                    choice = choices.filtered(lambda c, gate=gate: c.value == gate)[:1]
                elif "satisfied" in rated:
                    choice = rated.get(ratings[draw], choices[0])
                elif "no_problem" in rated:
                    choice = rated["problem"] if draw == 0 else rated["no_problem"]
                elif "problem" in rated:
                    choice = choices[index % len(choices)] if draw == 0 else None
                else:
                    choice = choices[draw % len(choices)]
                if choice:
                    lines.append(
                        Command.create(
                            {
                                "question_id": question.id,
                                "answer_type": "suggestion",
                                "suggested_answer_id": choice.id,
                            }
                        )
                    )
            answer = Answer.create(
                {
                    "survey_id": self.survey_id.id,
                    "partner_id": task.partner_id.id,
                    "fazhi_task_id": task.id,
                    "fazhi_unit_id": task.unit_id.id,
                    "user_input_line_ids": lines,
                }
            )
            answer._mark_done()


def _percent(value):
    """0.8 -> "80", 0.8571 -> "85.71" (a ratio as a percentage, 2 decimals at most)."""
    percent = float_round(value * 100, precision_digits=2)
    return f"{percent:g}" if percent == int(percent) else f"{percent:.2f}".rstrip("0")
