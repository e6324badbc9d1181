import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# The fill-in blank of the seed questions, "你到(地区/部门)办理...": replaced by the
# interviewing unit's name when the answer knows it.
_UNIT_BLANK_RE = re.compile(r"[(（]\s*地区\s*/\s*部门\s*[)）]")

# Value of a choice's measure when the choice does not count in that rate (the
# view turns it into NULL, which AVG ignores).
NOT_COUNTED = -1.0

# rate -> (ratings counted as 100, ratings counted as 0)
RATE_RATINGS = {
    "fazhi_satisfaction_value": (("satisfied", "basically_satisfied"), ("dissatisfied",)),
    "fazhi_unknown_value": (("unknown",), ("satisfied", "basically_satisfied", "dissatisfied")),
    "fazhi_problem_value": (("problem",), ("no_problem",)),
}


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    is_fazhi_questionnaire = fields.Boolean(related="survey_id.is_fazhi_questionnaire")
    fazhi_code = fields.Char(
        string="Number",
        help="Number of the question in the official questionnaire, e.g. 5 or 二.3.",
    )
    fazhi_threshold = fields.Float(
        string="Weak-point threshold",
        default=0.9,
        help="Satisfaction rate under which the question is a weak point (薄弱环节) of the "
        "unit and opens a rectification follow-up; 0.9 is 90 %.",
    )
    fazhi_is_private_gate = fields.Boolean(
        string="Private-enterprise gate",
        help="Asks whether the respondent is a private enterprise; its answer that triggers "
        "the private-enterprise questions is prefilled from the counterpart type when staff "
        "interview a known counterpart.",
    )

    @api.constrains("fazhi_threshold")
    def _check_fazhi_threshold(self):
        for question in self:
            if not 0.0 <= question.fazhi_threshold <= 1.0:
                raise ValidationError(
                    self.env._(
                        "The weak-point threshold of %(question)s must be between 0 %% and 100 %%.",
                        question=question.title,
                    )
                )

    # ------------------------------------------------------------------
    # Business helpers
    # ------------------------------------------------------------------
    def _fazhi_title_for(self, answer=None):
        """Title of the question as shown to the respondent of ``answer`` (a
        survey.user_input): the "(地区/部门)" blank holds the interviewing unit."""
        self.ensure_one()
        title = self.title or ""
        unit = answer.sudo().fazhi_unit_id if answer else False
        if unit:
            title = _UNIT_BLANK_RE.sub(lambda _match: unit.name, title)
        return title

    def _fazhi_private_gate_answers(self):
        """``(yes, no)`` choices of this gate question: "yes" is the choice that
        shows the private-enterprise questions, "no" the other one."""
        self.ensure_one()
        triggering = self.survey_id.question_ids.triggering_answer_ids
        yes = self.suggested_answer_ids & triggering
        no = self.suggested_answer_ids - triggering
        if len(yes) != 1 or not no:
            raise UserError(
                self.env._(
                    "The private-enterprise question %(question)s of %(survey)s needs exactly "
                    "one choice that shows the private-enterprise questions and one that "
                    "does not.",
                    question=self.title,
                    survey=self.survey_id.title,
                )
            )
        return yes, no[:1]

    # ------------------------------------------------------------------
    # Multiple choice: the exclusive choice (不存在以上情况)
    # ------------------------------------------------------------------
    def validate_question(self, answer, comment=None):
        # The survey page shows the refusal under the question, before any line
        # is saved; survey.user_input.line refuses it again for every other path.
        errors = super().validate_question(answer, comment)
        if errors or self.question_type != "multiple_choice":
            return errors
        chosen = answer if isinstance(answer, list) else [answer]
        chosen_ids = {int(choice) for choice in chosen if str(choice).isdigit()}
        message = self._fazhi_exclusive_error(chosen_ids)
        return {self.id: message} if message else errors

    def _fazhi_exclusive_error(self, choice_ids):
        """The refusal (a str) when ``choice_ids`` (ids of this question's
        choices) hold an exclusive choice together with another choice, else
        an empty string."""
        self.ensure_one()
        # sudo: the question's own choices (survey configuration; the
        # respondent on the survey pages is the public user)
        choices = self.sudo().suggested_answer_ids.filtered(lambda c: c.id in choice_ids)
        exclusive = choices.filtered("fazhi_is_exclusive")
        if not exclusive or len(choices) < 2:
            return ""
        return self.env._(
            '"%(choice)s" cannot be chosen together with another answer of the question '
            '"%(question)s": choose either "%(choice)s" or the situations met.',
            choice=exclusive[0].value,
            question=self.title,
        )


class SurveyQuestionAnswer(models.Model):
    """The semantic rating of a choice, and the statistics' rate values made
    of it, stored once per choice.

    The pivot averages the rate values over millions of answer lines: reading a
    stored value of the (small) choice table per line is much cheaper than
    working out the rating of every line again, and keeps the query parallel.
    """

    _inherit = "survey.question.answer"

    # ------------------------------------------------------------------
    # Rating
    # ------------------------------------------------------------------
    fazhi_rating = fields.Selection(
        [
            ("satisfied", "Satisfied"),
            ("basically_satisfied", "Basically satisfied"),
            ("dissatisfied", "Dissatisfied"),
            ("unknown", "Unknown"),
            ("problem", "Problem"),
            ("no_problem", "No problem"),
        ],
        string="Rating",
        index=True,
        help="Meaning of the choice for the satisfaction figures: satisfaction rate = "
        "(satisfied + basically satisfied) / (satisfied + basically satisfied + "
        "dissatisfied), unknown apart; a problem choice counts as a reported problem. "
        "Empty for factual choices.",
    )

    fazhi_is_exclusive = fields.Boolean(
        string="Excludes the other choices",
        help="In a multiple-choice question, this choice (e.g. 不存在以上情况, none of the "
        "above) cannot be chosen together with another choice: the survey page and the "
        "server refuse it.",
    )

    # ------------------------------------------------------------------
    # Statistics: rate values of the choice
    # ------------------------------------------------------------------
    fazhi_satisfaction_value = fields.Float(
        string="Satisfaction value",
        compute="_compute_fazhi_rate_values",
        store=True,
        help="100 for satisfied and basically satisfied, 0 for dissatisfied, -1 otherwise "
        "(not counted in the satisfaction rate).",
    )
    fazhi_unknown_value = fields.Float(
        string="Unknown value",
        compute="_compute_fazhi_rate_values",
        store=True,
        help="100 for unknown, 0 for the other satisfaction ratings, -1 otherwise.",
    )
    fazhi_problem_value = fields.Float(
        string="Problem value",
        compute="_compute_fazhi_rate_values",
        store=True,
        help="100 for a problem, 0 for no problem, -1 otherwise.",
    )

    @api.depends("fazhi_rating")
    def _compute_fazhi_rate_values(self):
        for choice in self:
            for fname, (hits, misses) in RATE_RATINGS.items():
                if choice.fazhi_rating in hits:
                    choice[fname] = 100.0
                elif choice.fazhi_rating in misses:
                    choice[fname] = 0.0
                else:
                    choice[fname] = NOT_COUNTED

    # ------------------------------------------------------------------
    # A new rating for answered choices: their questionnaire's statistics
    # ------------------------------------------------------------------
    def write(self, vals):
        changed = self.browse()
        if "fazhi_rating" in vals:
            changed = self.filtered(
                lambda choice: choice.fazhi_rating != (vals["fazhi_rating"] or False)
            )
        res = super().write(vals)
        if changed:
            # the statistics read the rating from the choice, the lines only
            # point at it: the rows of its questionnaire are recomputed (the
            # ORM writes the rate values computed from it first)
            self.env["fazhi.satisfaction.statistics"]._fazhi_rebuild(
                survey_ids=(changed.question_id | changed.matrix_question_id).survey_id.ids
            )
        return res
