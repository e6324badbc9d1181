from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

# Columns of the answer lines that the satisfaction statistics group by: filled
# by _fazhi_refresh_statistics() only, never written through the ORM.
STATISTICS_FIELDS = (
    "fazhi_unit_id",
    "fazhi_company_id",
    "fazhi_campaign_id",
    "fazhi_month",
    "fazhi_submitted",
)
# Fields of an answer its lines' statistics columns are made of (with the
# answer's creation date, its task's month and its unit's company).
ANSWER_SOURCE_FIELDS = ("fazhi_unit_id", "fazhi_task_id", "state")


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
        "created in (UTC). Empty for the answers of other surveys.",
    )
    fazhi_submitted = fields.Boolean(
        string="Submitted",
        readonly=True,
        copy=False,
        help="The answer is completed: only submitted answers count in the statistics. "
        "Empty for the answers of other surveys.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        self._fazhi_check_statistics_vals(vals_list)
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
        res = super().write(vals)
        if vals.get("user_input_id"):
            # lines moved to another answer take its values (NULL if not fazhi's)
            self._fazhi_refresh_statistics(SQL("ui.id = %s", vals["user_input_id"]))
        return res

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
        its creation, UTC: ``fazhi.satisfaction.answer.report._month_sql``)
        and whether it is done; the lines of other answers get NULL. Lines
        already holding these values are not written.

        :param answer_condition: ``SQL`` condition on ``ui`` (``survey_user_input``)
        """
        # what the ORM still holds of the sources, to the database
        self.env["survey.user_input"].flush_model(
            [*ANSWER_SOURCE_FIELDS, "fazhi_campaign_id", "create_date"]
        )
        self.env["fazhi.satisfaction.task"].flush_model(["month"])
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
                       fazhi_submitted = new.submitted
                  FROM (
                      SELECT ui.id AS user_input_id,
                             ui.fazhi_unit_id AS unit_id,
                             unit.company_id AS company_id,
                             CASE WHEN %(fazhi)s THEN ui.fazhi_campaign_id END AS campaign_id,
                             CASE WHEN %(fazhi)s THEN %(month)s END AS month,
                             CASE WHEN %(fazhi)s THEN ui.state = 'done' END AS submitted
                        FROM survey_user_input ui
                        LEFT JOIN fazhi_unit unit ON unit.id = ui.fazhi_unit_id
                        LEFT JOIN fazhi_satisfaction_task task ON task.id = ui.fazhi_task_id
                       WHERE %(condition)s
                  ) new
                 WHERE line.user_input_id = new.user_input_id
                   AND (line.fazhi_unit_id, line.fazhi_company_id, line.fazhi_campaign_id,
                        line.fazhi_month, line.fazhi_submitted)
                       IS DISTINCT FROM
                       (new.unit_id, new.company_id, new.campaign_id, new.month, new.submitted)
                """,
                fazhi=fazhi,
                month=month,
                condition=answer_condition,
            )
        )
        if self.env.cr.rowcount:
            self.invalidate_model(list(STATISTICS_FIELDS))


class SurveyUserInput(models.Model):
    """Submitting (or linking) one of fazhi's answers refreshes its lines'
    statistics columns; the answers of other surveys are left alone."""

    _inherit = "survey.user_input"

    def write(self, vals):
        res = super().write(vals)
        if not vals.keys().isdisjoint(ANSWER_SOURCE_FIELDS):
            # sudo: only which answers are given for a unit (the survey pages
            # submit as the public user); all of them when the unit itself changed
            answers = self if "fazhi_unit_id" in vals else self.sudo().filtered("fazhi_unit_id")
            if answers:
                self.env["survey.user_input.line"]._fazhi_refresh_statistics(
                    SQL("ui.id IN %s", tuple(answers.ids))
                )
        return res
