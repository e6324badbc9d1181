from odoo import api, fields, models
from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import ACTION, CREATE_ONLY, EDIT
from odoo.exceptions import UserError
from odoo.tools import SQL

from .survey_user_input_line import ANSWER_SOURCE_FIELDS

# Fields linking an answer to the campaigns: an answer carrying one of them
# (or answering a rule-of-law questionnaire) is fazhi's.
_FAZHI_LINKS = ("fazhi_unit_id", "fazhi_task_id")


class SurveyUserInput(models.Model):
    """Answers of the rule-of-law questionnaires (fazhi's answers).

    Guarded (``fazhi.workflow.mixin``), for fazhi's answers only (``_fazhi_guarded``:
    linked to a unit or a task, or answering a rule-of-law questionnaire);
    the answers of other surveys behave as in plain Odoo:

    * the unit is given at creation and the task link is set by the task's
      actions (``fazhi.satisfaction.task._fazhi_get_or_create_answer``): an
      answer is never moved to another unit or interview;
    * the state changes only through the survey engine (``_mark_in_progress``,
      ``_mark_done``: the survey pages, which run them as superuser for the
      respondent, and the tests' and shell's admin path), and an answer that
      answers nothing (the prefilled private-enterprise question aside) is
      never done;
    * the answer of an interview (``fazhi_task_id``) belongs to the unit of
      its campaign, is refused once the campaign is closed, and completes its
      task when submitted;
    * the answers of an archived year (``fazhi.satisfaction.archive``) are
      locked: ``create``, ``write``, ``unlink``, ``_mark_done`` and new lines
      are refused for every user, the supervision office and ``sudo()``
      included; no context key or group lifts it. Only SQL bypasses it (e.g.
      the database cascade when a questionnaire itself is deleted).
    """

    _name = "survey.user_input"
    _inherit = ["survey.user_input", "fazhi.workflow.mixin"]

    # Workflow declarations (fazhi.workflow.mixin), for fazhi's answers.
    _fazhi_field_rules = {
        "fazhi_unit_id": CREATE_ONLY,
        "fazhi_task_id": ACTION,
        # Set by the QR poster's page (fazhi.satisfaction.walkin._fazhi_start).
        "fazhi_walkin_id": ACTION,
        "state": ACTION,
    }
    _fazhi_state_rules = {
        "new": EDIT,
        "in_progress": EDIT,
        "done": (),
    }
    _fazhi_transitions = {
        "start": (("new",), "in_progress", None),
        "done": (("new", "in_progress"), "done", None),
    }

    fazhi_unit_id = fields.Many2one(
        "fazhi.unit",
        string="Interviewing unit",
        index="btree_not_null",
        ondelete="restrict",
        help="Unit assessed by this answer: its name fills the (地区/部门) blank of the questions.",
    )
    # Monthly campaigns: the interview the answer was given for
    fazhi_task_id = fields.Many2one(
        "fazhi.satisfaction.task",
        string="Interview task",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        copy=False,
    )
    # QR posters (扫码评价): the walk-in counterpart who answered; without a
    # task, a person not in the register, counted apart.
    fazhi_walkin_id = fields.Many2one(
        "fazhi.satisfaction.walkin",
        string="Walk-in (QR code)",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        copy=False,
    )
    fazhi_campaign_id = fields.Many2one(
        related="fazhi_task_id.campaign_id",
        store=True,
        index="btree_not_null",
        string="Campaign",
    )

    # ------------------------------------------------------------------
    # Guard scope
    # ------------------------------------------------------------------
    def _fazhi_guarded(self):
        """fazhi's answers among ``self``: linked to a unit or an interview
        task, or answering a rule-of-law questionnaire."""
        # sudo: which answers are fazhi's, from their links only; the caller's
        # own access is checked by the guard itself (check_access) and the ORM.
        return (
            self.sudo()
            .filtered(
                lambda answer: (
                    answer.fazhi_unit_id
                    or answer.fazhi_task_id
                    or answer.survey_id.is_fazhi_questionnaire
                )
            )
            .with_env(self.env)
        )

    @api.model
    def _fazhi_vals_guarded(self, vals):
        """True when the values of a new answer make it fazhi's."""
        context = self.env.context
        if any(vals.get(f) or context.get(f"default_{f}") for f in _FAZHI_LINKS):
            return True
        survey_id = vals.get("survey_id") or context.get("default_survey_id")
        # sudo: whether the questionnaire is a rule-of-law one (a flag)
        return bool(
            survey_id and self.env["survey.survey"].sudo().browse(survey_id).is_fazhi_questionnaire
        )

    @api.model
    def _fazhi_check_create(self, vals_list):
        # Only fazhi's new answers meet the declarations.
        return super()._fazhi_check_create([v for v in vals_list if self._fazhi_vals_guarded(v)])

    # ------------------------------------------------------------------
    # CRUD: campaign link and archive lock
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        task_ids = {vals["fazhi_task_id"] for vals in vals_list if vals.get("fazhi_task_id")}
        if task_ids:
            # sudo: the unit and campaign state of the tasks named (the link
            # itself is set on the action path only, see the declarations)
            tasks = self.env["fazhi.satisfaction.task"].sudo().browse(task_ids)
            tasks.campaign_id._fazhi_check_open()
            units = {task.id: task.unit_id.id for task in tasks}
            for vals in vals_list:
                if not vals.get("fazhi_task_id"):
                    continue
                unit_id = units[vals["fazhi_task_id"]]
                if vals.get("fazhi_unit_id") and vals["fazhi_unit_id"] != unit_id:
                    raise UserError(
                        self.env._(
                            "The answer of an interview belongs to the unit of its campaign."
                        )
                    )
                vals["fazhi_unit_id"] = unit_id
        answers = super().create(vals_list)
        answers._fazhi_check_not_archived()
        return answers

    def write(self, vals):
        self._fazhi_check_not_archived()
        res = super().write(vals)
        if {"fazhi_unit_id", "fazhi_task_id"} & vals.keys():
            # not moved into an archived year either
            self._fazhi_check_not_archived()
        # Submitting (or linking) one of fazhi's answers refreshes its lines'
        # statistics columns; the answers of other surveys are left alone.
        if not vals.keys().isdisjoint(ANSWER_SOURCE_FIELDS):
            # sudo: only which answers are given for a unit (the survey pages
            # submit as the public user); all of them when the unit itself changed
            answers = self if "fazhi_unit_id" in vals else self.sudo().filtered("fazhi_unit_id")
            if answers:
                self.env["survey.user_input.line"]._fazhi_refresh_statistics(
                    SQL("ui.id IN %s", tuple(answers.ids))
                )
        return res

    def unlink(self):
        self._fazhi_check_not_archived()
        return super().unlink()

    # ------------------------------------------------------------------
    # The survey engine: the only path of the state
    # ------------------------------------------------------------------
    def _mark_in_progress(self):
        # Private: called by the survey pages (as superuser) and our code.
        with self._fazhi_action_scope():
            return super()._mark_in_progress()

    def _mark_done(self):
        """Submit: refused for an archived answer, for the answer of a closed
        campaign (it stays in progress) and for a fazhi answer that answers
        nothing. Submitting the answer of an interview completes its task."""
        self._fazhi_check_not_archived()
        campaign_answers = self.filtered("fazhi_task_id")
        campaign_answers._fazhi_check_campaign_open()
        self._fazhi_check_answered()
        # sudo: which answers came from a QR poster (the respondent on the
        # survey pages is the public user); refuses a second answer
        walkin_answers = self.sudo().filtered("fazhi_walkin_id")
        walkin_answers.fazhi_walkin_id._fazhi_mark_done(walkin_answers)
        # Private: called by the survey pages (as superuser) and our code.
        with self._fazhi_action_scope():
            res = super()._mark_done()
        campaign_answers.fazhi_task_id._fazhi_mark_done(campaign_answers)
        return res

    def _fazhi_check_answered(self):
        """Raise a ``UserError`` when a fazhi answer of ``self`` has no
        answered line (the prefilled private-enterprise question aside)."""
        for answer in self._fazhi_guarded().sudo():
            # sudo: only whether lines exist (the respondent on the survey
            # pages is the public user)
            answered = answer.user_input_line_ids.filtered(
                lambda line: not line.skipped and not line.question_id.fazhi_is_private_gate
            )
            if not answered:
                raise UserError(
                    self.env._(
                        "The questionnaire %(answer)s answers no question: an empty "
                        "questionnaire cannot be submitted.",
                        answer=answer.display_name,
                    )
                )
        return True

    # ------------------------------------------------------------------
    # Monthly campaigns
    # ------------------------------------------------------------------
    def _fazhi_check_campaign_open(self):
        """Refuse (UserError) when one of these answers belongs to a closed campaign."""
        for answer in self:
            # sudo: the state of the answer's campaign (the respondent on the
            # survey pages is the public user)
            campaign = answer.sudo().fazhi_task_id.campaign_id
            if campaign.state == "closed":
                raise UserError(
                    self.env._(
                        "The satisfaction campaign %(campaign)s was closed on %(date)s: late "
                        "answers are no longer accepted. The answers given so far are kept; "
                        "contact the unit if the campaign should be reopened.",
                        campaign=campaign.display_name,
                        date=campaign.closed_date or "",
                    )
                )
        return True

    # ------------------------------------------------------------------
    # Yearly archive: the lock
    # ------------------------------------------------------------------
    def _fazhi_locking_archives(self):
        """``{answer id: archive}`` for the answers of ``self`` whose unit and
        year are archived (one query)."""
        # Only answers given for a unit can be archived: the other surveys'
        # answers cost no query. sudo: only whether an answer has a unit
        ids = tuple(
            answer.id
            for answer in self.sudo()
            if isinstance(answer.id, int) and answer.fazhi_unit_id
        )
        if not ids:
            return {}
        self.flush_model(["fazhi_unit_id", "fazhi_task_id"])
        self.env["fazhi.satisfaction.task"].flush_model(["month"])
        Archive = self.env["fazhi.satisfaction.archive"]
        Archive.flush_model(["unit_id", "year", "state"])
        month = self.env["fazhi.satisfaction.answer.report"]._month_sql("ui", "task")
        self.env.cr.execute(
            SQL(
                """
                SELECT ui.id, archive.id
                FROM survey_user_input ui
                LEFT JOIN fazhi_satisfaction_task task ON task.id = ui.fazhi_task_id
                JOIN fazhi_satisfaction_archive archive
                    ON archive.unit_id = ui.fazhi_unit_id
                    AND archive.state = 'archived'
                    AND archive.year = EXTRACT(YEAR FROM %s)::int
                WHERE ui.id IN %s
                """,
                month,
                ids,
            )
        )
        # sudo: the archive that locks (named in the refusal), whoever may read it
        return {
            answer_id: Archive.sudo().browse(archive_id)
            for answer_id, archive_id in self.env.cr.fetchall()
        }

    def _fazhi_check_not_archived(self):
        """Raise a ``UserError`` when an answer of ``self`` is archived."""
        locked = self._fazhi_locking_archives()
        if not locked:
            return
        archive = next(iter(locked.values()))
        raise UserError(
            self.env._(
                "The answers of %(unit)s for %(year)s are archived (%(archive)s, kept by "
                "%(custodian)s): they can no longer be changed or deleted, not even by the "
                "supervision office.",
                unit=archive.unit_id.display_name,
                year=archive.year,
                archive=archive.display_name,
                custodian=archive.custodian_id.name or self.env._("nobody"),
            )
        )

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _fazhi_prefill_private_enterprise(self, is_private):
        """Answer the private-enterprise gate question of each answer in ``self``.

        Staff interviewing a known counterpart call it with
        ``partner._fazhi_is_private_enterprise()``: the private-enterprise
        questions are then shown, or left out, without asking. Answers whose
        survey has no gate question are left alone; answers given before to
        private-enterprise questions that the gate now hides are removed.
        """
        for user_input in self:
            gate = user_input.survey_id._fazhi_get_private_gate()
            if not gate:
                continue
            yes, no = gate._fazhi_private_gate_answers()
            user_input._save_lines(gate, (yes if is_private else no).id)
            if not is_private:
                user_input._clear_inactive_conditional_answers()
        return True
