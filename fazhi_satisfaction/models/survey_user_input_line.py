from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from .fazhi_satisfaction_answer_report import COUNTERPART_TYPE_SELECTION

# Columns of the answer lines that the satisfaction statistics group by: filled
# by _fazhi_refresh_statistics() only, never written through the ORM.
STATISTICS_FIELDS = (
    "fazhi_unit_id",
    "fazhi_company_id",
    "fazhi_campaign_id",
    "fazhi_month",
    "fazhi_submitted",
    "fazhi_counterpart_type",
    "fazhi_walkin",
)
# Fields of an answer its lines' statistics columns are made of (with the
# answer's creation date, its task's month and counterpart type, and its unit's
# company).
ANSWER_SOURCE_FIELDS = ("fazhi_unit_id", "fazhi_task_id", "fazhi_walkin_id", "state")


class SurveyUserInputLine(models.Model):
    """Answer lines carry what the satisfaction statistics group by.

    The statistics (``fazhi.satisfaction.answer.report``) read millions of
    lines; joining each of them to its answer and task costs three to four
    times the scan of the lines themselves. The unit (and its company),
    campaign, month and submission of the answer are therefore stored on its
    lines, so that the pivot scans the lines and joins only the small table of
    the choices.

    They are plain columns, not computed fields, and they are filled for the
    lines of fazhi's answers (answers given for a unit) only, by one SQL
    ``UPDATE`` from the answer (``_fazhi_refresh_statistics``): when a line of
    such an answer is created or moved, when the answer's unit, task or state
    changes (``survey.user_input.write``, submission included) and when a
    unit's company changes (``fazhi.unit.write``). The lines of every other
    survey of the instance keep NULL there: installing fazhi computes nothing
    on the existing answers (the ORM only adds empty columns and partial
    indexes), and submitting another survey's answer costs one check of its
    unit, no computation nor index entry. (Stored computed fields, as before 18.0.1.1.0, were computed
    in Python for every answer line of every survey, at install and on every
    submission. A separate table of fazhi's own, one row per fazhi answer line,
    would have cost the pivot a join on millions of rows or a copy of the
    line's question and choice as well.)

    The columns are read-only for everyone: ``create`` and ``write`` refuse
    them, so that no answer line of another survey can be slipped into the
    statistics.

    A chosen answer belongs to the question it answers: the survey pages save
    whatever choice id the browser sends, and a choice of another question
    would be stored and counted under this one (a forged 不满意 in the
    statistics). Refused here for every caller and every survey, the survey
    pages (which save as superuser) included. The lines of an archived answer
    are locked with it: none is added, changed or removed.
    """

    _inherit = "survey.user_input.line"

    fazhi_unit_id = fields.Many2one(
        "fazhi.unit",
        string="Interviewing unit",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    fazhi_campaign_id = fields.Many2one(
        "fazhi.satisfaction.campaign",
        string="Campaign",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    fazhi_company_id = fields.Many2one(
        "res.company",
        string="Company of the unit",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    fazhi_month = fields.Date(
        string="Statistics month",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Month the answer counts in: its campaign's month, else the month it was "
        "created in (Beijing time). Empty for the answers of other surveys.",
    )
    fazhi_submitted = fields.Boolean(
        string="Submitted",
        readonly=True,
        copy=False,
        help="The answer is completed: only submitted answers count in the statistics. "
        "Empty for the answers of other surveys.",
    )
    fazhi_counterpart_type = fields.Selection(
        COUNTERPART_TYPE_SELECTION,
        string="Counterpart type",
        readonly=True,
        copy=False,
        help="Type of the counterpart of the answer's interview, as snapshotted by its "
        "campaign. Empty for walk-in answers and the answers of other surveys.",
    )
    fazhi_walkin = fields.Boolean(
        string="Walk-in (not in the register)",
        readonly=True,
        copy=False,
        help="Answer given through a unit's QR poster by a person who is not among the "
        "counterparts of its campaign. Empty for the answers of other surveys.",
    )

    # ------------------------------------------------------------------
    # CRUD: statistics columns refused, archive lock, statistics refreshed
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        self._fazhi_check_statistics_vals(vals_list)
        input_ids = {vals["user_input_id"] for vals in vals_list if vals.get("user_input_id")}
        self.env["survey.user_input"].browse(input_ids)._fazhi_check_not_archived()
        lines = super().create(vals_list)
        # sudo: only which answers are given for a unit (the respondent on the
        # survey pages is the public user); the lines were created above with
        # the caller's rights
        answers = lines.sudo().user_input_id.filtered("fazhi_unit_id")
        if answers:
            self._fazhi_refresh_statistics(SQL("ui.id IN %s", tuple(answers.ids)))
        return lines

    def write(self, vals):
        self._fazhi_check_statistics_vals([vals])
        # sudo: the lines' answers, only to check whether they are locked
        answers = self.sudo().user_input_id
        if vals.get("user_input_id"):
            answers |= answers.browse(vals["user_input_id"])
        answers._fazhi_check_not_archived()
        res = super().write(vals)
        if vals.get("user_input_id"):
            # lines moved to another answer take its values (NULL if not fazhi's)
            self._fazhi_refresh_statistics(SQL("ui.id = %s", vals["user_input_id"]))
        return res

    def unlink(self):
        # sudo: the lines' answers, only to check whether they are locked
        self.sudo().user_input_id._fazhi_check_not_archived()
        return super().unlink()

    # ------------------------------------------------------------------
    # A chosen answer belongs to the question it answers
    # ------------------------------------------------------------------
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

    # ------------------------------------------------------------------
    # An exclusive choice (不存在以上情况) comes alone
    # ------------------------------------------------------------------
    @api.constrains("user_input_id", "question_id", "suggested_answer_id")
    def _check_fazhi_exclusive_choice(self):
        """An exclusive choice is the only choice of its answer to its
        question: stored with another choice, it is refused for every caller,
        whichever line comes first (the survey pages create the lines of a
        question together, as superuser)."""
        # sudo: the other lines of the same answer and question, only to see
        # which choices are stored together
        pairs = {
            (line.user_input_id, line.question_id)
            for line in self.sudo()
            if line.suggested_answer_id and line.question_id.question_type == "multiple_choice"
        }
        for answer, question in pairs:
            chosen = answer.user_input_line_ids.filtered(
                lambda line, question=question: line.question_id == question
            ).suggested_answer_id
            message = question._fazhi_exclusive_error(set(chosen.ids))
            if message:
                raise ValidationError(message)

    # ------------------------------------------------------------------
    # Statistics columns
    # ------------------------------------------------------------------
    @api.model
    def _fazhi_check_statistics_vals(self, vals_list):
        """Refuse (``AccessError``) values given for the statistics columns."""
        for vals in vals_list:
            if not vals.keys().isdisjoint(STATISTICS_FIELDS):
                raise AccessError(
                    self.env._(
                        "The statistics columns of an answer line are filled from its answer "
                        "and cannot be written."
                    )
                )

    @api.model
    def _fazhi_refresh_statistics(self, answer_condition):
        """Fill the statistics columns of the lines of the answers matching
        ``answer_condition`` from those answers, in one ``UPDATE``.

        The lines of an answer given for a unit get its unit, the unit's
        company, its campaign, its month (the task's month, else the month of
        its creation in Beijing time: ``fazhi.satisfaction.answer.report._month_sql``)
        and whether it is done; the lines of other answers get NULL. Lines
        already holding these values are not written.

        :param answer_condition: ``SQL`` condition on ``ui`` (``survey_user_input``)
        """
        # what the ORM still holds of the sources, to the database
        self.env["survey.user_input"].flush_model(
            [*ANSWER_SOURCE_FIELDS, "fazhi_campaign_id", "create_date"]
        )
        self.env["fazhi.satisfaction.task"].flush_model(["month", "counterpart_type"])
        self.env["fazhi.unit"].flush_model(["company_id"])
        fazhi = SQL("ui.fazhi_unit_id IS NOT NULL")
        month = self.env["fazhi.satisfaction.answer.report"]._month_sql("ui", "task")
        self.env.cr.execute(
            SQL(
                """
                UPDATE survey_user_input_line line
                   SET fazhi_unit_id = new.unit_id,
                       fazhi_company_id = new.company_id,
                       fazhi_campaign_id = new.campaign_id,
                       fazhi_month = new.month,
                       fazhi_submitted = new.submitted,
                       fazhi_counterpart_type = new.counterpart_type,
                       fazhi_walkin = new.walkin
                  FROM (
                      SELECT ui.id AS user_input_id,
                             ui.fazhi_unit_id AS unit_id,
                             unit.company_id AS company_id,
                             CASE WHEN %(fazhi)s THEN ui.fazhi_campaign_id END AS campaign_id,
                             CASE WHEN %(fazhi)s THEN %(month)s END AS month,
                             CASE WHEN %(fazhi)s THEN ui.state = 'done' END AS submitted,
                             CASE WHEN %(fazhi)s THEN task.counterpart_type END
                                 AS counterpart_type,
                             CASE WHEN %(fazhi)s THEN ui.fazhi_walkin_id IS NOT NULL
                                  AND ui.fazhi_task_id IS NULL END AS walkin
                        FROM survey_user_input ui
                        LEFT JOIN fazhi_unit unit ON unit.id = ui.fazhi_unit_id
                        LEFT JOIN fazhi_satisfaction_task task ON task.id = ui.fazhi_task_id
                       WHERE %(condition)s
                  ) new
                 WHERE line.user_input_id = new.user_input_id
                   AND (line.fazhi_unit_id, line.fazhi_company_id, line.fazhi_campaign_id,
                        line.fazhi_month, line.fazhi_submitted, line.fazhi_counterpart_type,
                        line.fazhi_walkin)
                       IS DISTINCT FROM
                       (new.unit_id, new.company_id, new.campaign_id, new.month, new.submitted,
                        new.counterpart_type, new.walkin)
                """,
                fazhi=fazhi,
                month=month,
                condition=answer_condition,
            )
        )
        if self.env.cr.rowcount:
            self.invalidate_model(list(STATISTICS_FIELDS))
