from odoo import api, fields, models
from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import ACTION, CREATE_ONLY, EDIT
from odoo.exceptions import UserError, ValidationError

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
      never done.
    """

    _name = "survey.user_input"
    _inherit = ["survey.user_input", "fazhi.workflow.mixin"]

    # Workflow declarations (fazhi.workflow.mixin), for fazhi's answers.
    _fazhi_field_rules = {
        "fazhi_unit_id": CREATE_ONLY,
        "fazhi_task_id": ACTION,
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
    # The survey engine: the only path of the state
    # ------------------------------------------------------------------
    def _mark_in_progress(self):
        # Private: called by the survey pages (as superuser) and our code.
        with self._fazhi_action_scope():
            return super()._mark_in_progress()

    def _mark_done(self):
        """Submit: refused for a fazhi answer that answers nothing."""
        self._fazhi_check_answered()
        # Private: called by the survey pages (as superuser) and our code.
        with self._fazhi_action_scope():
            return super()._mark_done()

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


class SurveyUserInputLine(models.Model):
    """A chosen answer belongs to the question it answers.

    The survey pages save whatever choice id the browser sends: a choice of
    another question would be stored and counted under this one (a forged
    不满意 in the statistics). Refused here for every caller and every survey,
    the survey pages (which save as superuser) included.
    """

    _inherit = "survey.user_input.line"

    @api.constrains("question_id", "suggested_answer_id", "matrix_row_id")
    def _check_fazhi_choice_of_question(self):
        # sudo: the question's own choices and rows (survey configuration)
        for line in self.sudo():
            question = line.question_id
            choice = line.suggested_answer_id
            row = line.matrix_row_id
            if choice and choice not in question.suggested_answer_ids:
                raise ValidationError(
                    self.env._(
                        'The choice "%(choice)s" is not a choice of the question "%(question)s".',
                        choice=choice.value,
                        question=question.title,
                    )
                )
            if row and (question.question_type != "matrix" or row not in question.matrix_row_ids):
                raise ValidationError(
                    self.env._(
                        'The row "%(row)s" is not a row of the question "%(question)s".',
                        row=row.value,
                        question=question.title,
                    )
                )
