from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import drop_view_if_exists

from .survey_question import NOT_COUNTED

# The selections below repeat those of the source fields so that their labels
# are translated like any static selection; test_statistics checks that they
# stay equal to survey.question.answer.fazhi_rating,
# res.partner.fazhi_counterpart_type and fazhi.satisfaction.task.channel.
RATING_SELECTION = [
    ("satisfied", "Satisfied"),
    ("basically_satisfied", "Basically satisfied"),
    ("dissatisfied", "Dissatisfied"),
    ("unknown", "Unknown"),
    ("problem", "Problem"),
    ("no_problem", "No problem"),
]
COUNTERPART_TYPE_SELECTION = [
    ("natural", "Natural person"),
    ("enterprise", "Enterprise"),
    ("private_enterprise", "Private enterprise"),
    ("medical", "Medical institution"),
    ("public_place", "Public place"),
    ("other", "Other"),
]
# Time zone of the months of the statistics. A campaign's month is the office's
# calendar month (its users work in Beijing time, fields.Date.context_today); an
# answer without campaign (a walk-in, 扫码评价) counts in the month it was created in,
# taken in the same zone: otherwise an answer of the first 8 hours of a month (UTC+8)
# would count in the previous one. The month is stored on the answer's lines and
# must not depend on who writes it (a visitor without time zone, a cron, an office
# user): one fixed zone, not the user's, and not the company's working-time calendar
# either (its zone is the installer's, Europe/Brussels by default). fazhi serves
# Chinese health commissions: China has one time zone.
STATISTICS_TZ = "Asia/Shanghai"
CHANNEL_SELECTION = [
    ("phone", "Phone"),
    ("wechat", "WeChat"),
    ("meeting", "Meeting"),
    ("visit", "Visit"),
    ("online", "Online self-completion"),
]


class FazhiSatisfactionAnswerReport(models.Model):
    """Satisfaction statistics (满意度统计): one row per answered choice.

    A row is a choice line (``survey.user_input.line`` of type suggestion) of
    a submitted answer (``survey.user_input`` in state done) given for a unit
    (``fazhi_unit_id`` set). The month is its campaign's month, or for an
    answer without campaign the month of its creation (Beijing time); the task of the
    answer gives the channel and the counterpart type. The unit, campaign,
    month, company and submission are read from the line itself (stored there,
    see ``survey_user_input_line.py``): the pivot scans the lines
    and joins only the choices, the answers and tasks being joined only when a
    query uses their columns (PostgreSQL drops unused LEFT JOINs).

    The rates are given per row so that the ``avg`` aggregate of a group is
    the exact rate of the group (SQL ``AVG`` ignores NULL); they come from the
    values stored on the choice (``survey_question.py``):

    * ``satisfaction_rate``: 100 for satisfied and basically satisfied, 0 for
      dissatisfied, NULL otherwise, so ``avg`` = (满意 + 基本满意) /
      (满意 + 基本满意 + 不满意); 不了解 is not counted;
    * ``unknown_rate``: 100 for unknown, 0 for the three other satisfaction
      ratings, NULL otherwise;
    * ``problem_rate`` (problem incidence): the share of the answers to a
      question that report a problem, each answer counted once: 100 on the
      first problem line of an answer to the question, 0 for no problem, NULL
      otherwise (another problem ticked in the same answer, other ratings).

    The "是否遇到/存在以下情况" questions are multiple choice: an answer has one
    row per ticked situation, so that ``problem_count`` (and ``answer_count``)
    grouped by choice counts each ticked problem, while the exclusive
    不存在以上情况 (``survey.question.answer.fazhi_is_exclusive``) is one row,
    the answer's only one, and the incidence counts an answer with two
    problems once. Answers given when these questions were single choice have
    one row and count the same way.

    The counts are 0/1 per row and add up with ``sum``.
    """

    _name = "fazhi.satisfaction.answer.report"
    _description = "Satisfaction statistics"
    _auto = False
    _order = "month desc, unit_id, question_id, id"
    _rec_name = "question_id"
    # Flushed before every query on the view.
    _depends = {
        "survey.user_input.line": [
            "user_input_id",
            "survey_id",
            "question_id",
            "suggested_answer_id",
            "answer_type",
            "matrix_row_id",
            "fazhi_unit_id",
            "fazhi_company_id",
            "fazhi_month",
            "fazhi_campaign_id",
            "fazhi_submitted",
        ],
        "survey.question.answer": [
            "fazhi_rating",
            "fazhi_satisfaction_value",
            "fazhi_unknown_value",
            "fazhi_problem_value",
        ],
        "survey.user_input": ["fazhi_task_id", "fazhi_walkin_id", "partner_id", "end_datetime"],
        "fazhi.satisfaction.task": ["counterpart_type", "channel"],
    }

    # ------------------------------------------------------------------
    # Dimensions
    # ------------------------------------------------------------------
    unit_id = fields.Many2one("fazhi.unit", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    month = fields.Date(readonly=True, help="First day of the month of the campaign.")
    campaign_id = fields.Many2one("fazhi.satisfaction.campaign", readonly=True)
    task_id = fields.Many2one("fazhi.satisfaction.task", string="Interview", readonly=True)
    user_input_id = fields.Many2one("survey.user_input", string="Answer", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Counterpart", readonly=True)
    survey_id = fields.Many2one("survey.survey", string="Questionnaire", readonly=True)
    question_id = fields.Many2one("survey.question", readonly=True)
    answer_id = fields.Many2one("survey.question.answer", string="Choice", readonly=True)
    rating = fields.Selection(RATING_SELECTION, readonly=True)
    counterpart_type = fields.Selection(COUNTERPART_TYPE_SELECTION, readonly=True)
    channel = fields.Selection(CHANNEL_SELECTION, readonly=True)
    submitted_date = fields.Datetime(string="Submitted on", readonly=True)
    is_walkin = fields.Boolean(
        string="Walk-in (not in the register)",
        readonly=True,
        help="Answer given through a unit's QR poster by a person who is not among the "
        "counterparts of its campaign: counted apart, never in a campaign's coverage.",
    )

    # ------------------------------------------------------------------
    # Measures
    # ------------------------------------------------------------------
    answer_count = fields.Integer(string="Answers", readonly=True, aggregator="sum")
    satisfied_count = fields.Integer(string="Satisfied", readonly=True, aggregator="sum")
    basically_satisfied_count = fields.Integer(
        string="Basically satisfied", readonly=True, aggregator="sum"
    )
    dissatisfied_count = fields.Integer(string="Dissatisfied", readonly=True, aggregator="sum")
    unknown_count = fields.Integer(string="Unknown", readonly=True, aggregator="sum")
    problem_count = fields.Integer(string="Problems", readonly=True, aggregator="sum")
    satisfaction_rate = fields.Float(
        string="Satisfaction rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="(Satisfied + basically satisfied) / (satisfied + basically satisfied + "
        "dissatisfied); unknown answers are not counted.",
    )
    unknown_rate = fields.Float(
        string="Unknown rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="Unknown / (satisfied + basically satisfied + dissatisfied + unknown).",
    )
    problem_rate = fields.Float(
        string="Problem incidence (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="Answers reporting at least one problem / answers to the question (an answer "
        "ticking several problems counts once).",
    )

    # ------------------------------------------------------------------
    # SQL view
    # ------------------------------------------------------------------
    @api.model
    def _month_sql(self, user_input, task):
        """Month of an answer: its task's (campaign) month, else the month of
        its creation in Beijing time (``STATISTICS_TZ``). Shared with the
        answers' stored statistics month, the yearly archive and its export."""
        return SQL(
            """COALESCE(
                %s.month,
                date_trunc('month', %s.create_date AT TIME ZONE 'UTC' AT TIME ZONE %s)::date
            )""",
            SQL.identifier(task),
            SQL.identifier(user_input),
            STATISTICS_TZ,
        )

    @api.model
    def _query(self):
        def count(*ratings):
            return SQL("CASE WHEN choice.fazhi_rating IN %s THEN 1 ELSE 0 END", ratings)

        def rate(fname):
            return SQL("NULLIF(%s, %s)", SQL.identifier("choice", fname), NOT_COUNTED)

        # Problem incidence, one value per answer and question: a problem line
        # after another problem line of the same answer and question counts no
        # more (multiple choice). The subquery runs only in the queries that
        # read the column, on the index of the lines' answer.
        problem_rate = SQL(
            """
            CASE WHEN choice.fazhi_rating = 'problem' AND EXISTS (
                SELECT 1
                  FROM survey_user_input_line other
                  JOIN survey_question_answer other_choice
                    ON other_choice.id = other.suggested_answer_id
                 WHERE other.user_input_id = line.user_input_id
                   AND other.question_id = line.question_id
                   AND other.matrix_row_id IS NULL
                   AND other.id < line.id
                   AND other_choice.fazhi_rating = 'problem'
            ) THEN NULL ELSE %s END
            """,
            rate("fazhi_problem_value"),
        )

        # A plain view: PostgreSQL inlines it, computes only the columns a
        # query uses and drops the unused LEFT JOINs; it scans the lines in
        # parallel workers.
        return SQL(
            """
            SELECT
                line.id AS id,
                line.fazhi_unit_id AS unit_id,
                line.fazhi_company_id AS company_id,
                line.fazhi_month AS month,
                line.fazhi_campaign_id AS campaign_id,
                ui.fazhi_task_id AS task_id,
                line.user_input_id AS user_input_id,
                ui.partner_id AS partner_id,
                line.survey_id AS survey_id,
                ui.end_datetime AS submitted_date,
                line.question_id AS question_id,
                line.suggested_answer_id AS answer_id,
                choice.fazhi_rating AS rating,
                task.counterpart_type AS counterpart_type,
                task.channel AS channel,
                (ui.fazhi_walkin_id IS NOT NULL AND ui.fazhi_task_id IS NULL) AS is_walkin,
                1 AS answer_count,
                %(satisfied)s AS satisfied_count,
                %(basically)s AS basically_satisfied_count,
                %(dissatisfied)s AS dissatisfied_count,
                %(unknown)s AS unknown_count,
                %(problem)s AS problem_count,
                %(satisfaction_rate)s AS satisfaction_rate,
                %(unknown_rate)s AS unknown_rate,
                %(problem_rate)s AS problem_rate
            FROM survey_user_input_line line
            JOIN survey_question_answer choice ON choice.id = line.suggested_answer_id
            LEFT JOIN survey_user_input ui ON ui.id = line.user_input_id
            LEFT JOIN fazhi_satisfaction_task task ON task.id = ui.fazhi_task_id
            WHERE line.fazhi_submitted
                AND line.fazhi_unit_id IS NOT NULL
                AND line.answer_type = 'suggestion'
                AND line.matrix_row_id IS NULL
            """,
            satisfied=count("satisfied"),
            basically=count("basically_satisfied"),
            dissatisfied=count("dissatisfied"),
            unknown=count("unknown"),
            problem=count("problem"),
            satisfaction_rate=rate("fazhi_satisfaction_value"),
            unknown_rate=rate("fazhi_unknown_value"),
            problem_rate=problem_rate,
        )

    @api.model
    def _read_group_groupby(self, groupby_spec, query):
        # ``month`` holds first days of months already: grouping by month
        # needs no date_trunc() of every row (a third of the pivot's time on a
        # million lines). Other granularities go the usual way.
        if groupby_spec == "month:month":
            return self._field_to_sql(self._table, "month", query)
        return super()._read_group_groupby(groupby_spec, query)

    def init(self):
        # The view reads the tables of the campaign models: create it once every
        # model of the module has its table, whatever the import order.
        self.pool.post_init(self._create_view)

    def _create_view(self):
        drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )
