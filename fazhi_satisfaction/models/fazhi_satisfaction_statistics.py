import logging

import babel
import babel.dates

from odoo import api, fields, models
from odoo.models import (
    READ_GROUP_DISPLAY_FORMAT,
    READ_GROUP_TIME_GRANULARITY,
    parse_read_group_spec,
)
from odoo.osv import expression
from odoo.tools import DEFAULT_SERVER_DATE_FORMAT, SQL, get_lang
from odoo.tools.sql import drop_view_if_exists

from .fazhi_satisfaction_answer_report import COUNTERPART_TYPE_SELECTION, RATING_SELECTION
from .survey_question import RATE_RATINGS

_logger = logging.getLogger(__name__)

# The table the statistics are kept in, and the PostgreSQL triggers and
# functions that keep it: see FazhiSatisfactionStatistics.
DATA_TABLE = "fazhi_satisfaction_statistics_data"
TRIGGER_PREFIX = "fazhi_satisfaction_statistics"
# Dimensions: (column of the data table, expression over the contribution rows)
DIMENSIONS = (
    "company_id",
    "unit_id",
    "month",
    "campaign_id",
    "survey_id",
    "question_id",
    "answer_id",
    "rating",
    "counterpart_type",
    "is_walkin",
)
# The unit-month level, kept from the rows of the data table (by triggers on
# it): the pivots by unit and month read 12,000 rows for a province's year.
UNIT_DATA_TABLE = "fazhi_satisfaction_statistics_unit_data"
UNIT_DIMENSIONS = ("company_id", "unit_id", "month", "campaign_id", "is_walkin")
COUNTS = (
    "answer_count",
    "satisfied_count",
    "basically_satisfied_count",
    "dissatisfied_count",
    "unknown_count",
    "problem_count",
)
# rate field: (sum column, count column)
RATES = {
    "satisfaction_rate": ("satisfaction_sum", "satisfaction_base"),
    "unknown_rate": ("unknown_sum", "unknown_base"),
    "problem_rate": ("problem_sum", "problem_base"),
}
MEASURES = COUNTS + tuple(column for pair in RATES.values() for column in pair)
# Columns of the answer lines the contributions are made of (those of the
# transition tables of the triggers).
LINE_COLUMNS = (
    "id",
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
    "fazhi_counterpart_type",
    "fazhi_walkin",
)


class FazhiSatisfactionStatisticsMixin(models.AbstractModel):
    """What both levels of the kept statistics share: the unit, month,
    campaign and walk-in dimensions, the measures, and how groups are read
    (rates as sums over bases, a group without answers left out, the count of
    a group = its answers, cheap group labels)."""

    _name = "fazhi.satisfaction.statistics.mixin"
    _description = "Satisfaction statistics (common)"

    # ------------------------------------------------------------------
    # Dimensions
    # ------------------------------------------------------------------
    unit_id = fields.Many2one("fazhi.unit", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    month = fields.Date(readonly=True, help="First day of the month of the campaign.")
    campaign_id = fields.Many2one("fazhi.satisfaction.campaign", readonly=True)
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
    # A rate of a group is the sum of its rows' values over the number of rows
    # that have one (what AVG over the lines gives): see _read_group_select.
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
    satisfaction_sum = fields.Float(string="Satisfaction points", readonly=True, aggregator=None)
    satisfaction_base = fields.Integer(
        string="Answers in the satisfaction rate", readonly=True, aggregator=None
    )
    unknown_sum = fields.Float(string="Unknown points", readonly=True, aggregator=None)
    unknown_base = fields.Integer(
        string="Answers in the unknown rate", readonly=True, aggregator=None
    )
    problem_sum = fields.Float(string="Problem points", readonly=True, aggregator=None)
    problem_base = fields.Integer(
        string="Answers in the problem incidence", readonly=True, aggregator=None
    )

    # ------------------------------------------------------------------
    # Reading
    # ------------------------------------------------------------------
    @api.model
    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec == "__count":
            # a row holds the sums of many answers: a group counts its answers
            return SQL("SUM(%s)", self._field_to_sql(self._table, "answer_count", query))
        fname, __, func = parse_read_group_spec(aggregate_spec)
        if fname in RATES and func == "avg":
            total, base = RATES[fname]
            return SQL(
                "SUM(%s) / NULLIF(SUM(%s), 0)",
                self._field_to_sql(self._table, total, query),
                self._field_to_sql(self._table, base, query),
            )
        return super()._read_group_select(aggregate_spec, query)

    @api.model
    def _read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        # A group whose rows add up to no answer has no line: the pivot does
        # not show it (rows of a group can cancel out until the nightly merge).
        if groupby:
            having = (
                [*having, ("answer_count:sum", "!=", 0)]
                if having
                else [("answer_count:sum", "!=", 0)]
            )
        return super()._read_group(domain, groupby, aggregates, having, offset, limit, order)

    @api.model
    def _read_group_format_result(self, rows_dict, lazy_groupby):
        """What ``read_group`` adds to each group (labels, ``__domain``,
        ``__range``), as Odoo does it, for the groupings of this model
        (many2one, selection, boolean, months and years), at a fraction of
        the cost: Odoo parses the babel locale again for every group's month
        label and normalises each group's domain twice, which takes seconds for
        the 12,000 groups of a province's pivot by unit and month (its query
        takes a tenth of that). Other groupings go Odoo's way."""
        specs = []
        for spec in lazy_groupby:
            fname, __, granularity = spec.partition(":")
            field = self._fields.get(fname)
            if field is None or field.type not in ("many2one", "selection", "boolean", "date"):
                return super()._read_group_format_result(rows_dict, lazy_groupby)
            if field.type == "date" and granularity not in ("month", "year", "quarter", "day"):
                return super()._read_group_format_result(rows_dict, lazy_groupby)
            specs.append((spec, fname, field.type, granularity or "month"))
        locale = babel.Locale.parse(get_lang(self.env).code)
        labels = {}
        names = {}
        bases = {}
        for row in rows_dict:
            domain = row["__domain"]
            base = bases.get(id(domain))
            if base is None:
                base = bases[id(domain)] = expression.normalize_domain(domain)
            terms = [] if base == expression.TRUE_DOMAIN else [base]
            for spec, fname, ftype, granularity in specs:
                value = row[spec]
                if ftype == "many2one":
                    if value and value.id not in names:
                        # sudo: the name of a unit or question the group shows
                        # (Odoo's read_group does the same)
                        names[value.id] = value.sudo().display_name
                    row[spec] = (value.id, names[value.id]) if value else False
                    terms.append([(fname, "=", value.id or False)])
                elif ftype == "date" and value:
                    key = (value, granularity)
                    if key not in labels:
                        end = value + READ_GROUP_TIME_GRANULARITY[granularity]
                        labels[key] = (
                            babel.dates.format_date(
                                value, format=READ_GROUP_DISPLAY_FORMAT[granularity], locale=locale
                            ),
                            value.strftime(DEFAULT_SERVER_DATE_FORMAT),
                            end.strftime(DEFAULT_SERVER_DATE_FORMAT),
                        )
                    label, start, end = labels[key]
                    row[spec] = label
                    row.setdefault("__range", {})[spec] = {"from": start, "to": end}
                    terms.append(["&", (fname, ">=", start), (fname, "<", end)])
                elif ftype == "date":
                    row.setdefault("__range", {})[spec] = False
                    terms.append([(fname, "=", value)])
                else:
                    terms.append([(fname, "=", value)])
            # the terms are normalised domains: their conjunction in prefix form
            row["__domain"] = ["&"] * (len(terms) - 1) + [leaf for term in terms for leaf in term]

    @api.model
    def _read_group_groupby(self, groupby_spec, query):
        # ``month`` holds first days of months already (see the answer report)
        if groupby_spec == "month:month":
            return self._field_to_sql(self._table, "month", query)
        return super()._read_group_groupby(groupby_spec, query)


class FazhiSatisfactionStatistics(models.Model):
    """Satisfaction statistics (满意度统计), kept as answers arrive.

    One row per unit, month, campaign, question, choice, counterpart type and
    walk-in flag (and company), holding how many answered lines fall there:
    the pivots of the office, the leaders and the units, the monthly report
    figures and the weak points read these sums instead of the answer lines
    (``fazhi.satisfaction.answer.report``, one row per answered choice, which
    stays for the detail: channel, counterpart, answer). A province's year is
    about 20,000,000 lines and about 100 times fewer rows here.

    **How it stays exact.** The rows live in the table
    ``fazhi_satisfaction_statistics_data`` and are written by PostgreSQL
    triggers on ``survey_user_input_line`` only (statement-level, with
    transition tables): whatever writes the lines (the survey pages, the ORM,
    a migration's SQL), the statement that changes them also records, in the
    same transaction, the difference it makes: for every answer it touches,
    the rows of the answer's lines after the statement minus those before it
    (the lines before = the lines now, without the new versions, plus the old
    versions). A difference is *appended* as rows of its own (``is_delta``),
    never added to an existing row: two answers submitted at the same time
    write different rows, so nothing waits nor conflicts, and a rolled-back
    statement takes its rows with it. The statistics are the sums of the rows
    of a group, whatever their number: exact at any time, for every reader.

    What the lines count in is stored on the lines themselves (unit, month,
    campaign, submission, counterpart type, walk-in: see
    ``survey_user_input_line.py``), so that a change of the answer, its task
    or its unit reaches the statistics by an update of its lines. The choice's
    rating is read from the choice: changing the rating of a choice already
    answered rebuilds the rows of its questionnaire (``_fazhi_rebuild``).

    A nightly job merges the rows of each unit and month into one per group
    (``_fazhi_compact``): a ``DELETE ... RETURNING`` and an ``INSERT`` of the
    sums in one statement, of the rows it sees; rows appended meanwhile by
    other transactions are not seen, so they stay and still count once.
    ``_fazhi_rebuild`` recomputes rows from the lines in the same way (the
    yearly archive, an upgrade, a repair).
    """

    _name = "fazhi.satisfaction.statistics"
    _inherit = "fazhi.satisfaction.statistics.mixin"
    _description = "Satisfaction statistics"
    _auto = False
    _order = "month desc, unit_id, question_id, id"
    _rec_name = "question_id"
    # The rows follow the lines at every statement: the ORM only has to write
    # what it still holds of them before a query.
    _depends = {
        "survey.user_input.line": [column for column in LINE_COLUMNS if column != "id"],
        "survey.question.answer": ["fazhi_rating"],
    }

    # ------------------------------------------------------------------
    # Dimensions below the unit and month
    # ------------------------------------------------------------------
    survey_id = fields.Many2one("survey.survey", string="Questionnaire", readonly=True)
    question_id = fields.Many2one("survey.question", readonly=True)
    answer_id = fields.Many2one("survey.question.answer", string="Choice", readonly=True)
    rating = fields.Selection(RATING_SELECTION, readonly=True)
    counterpart_type = fields.Selection(COUNTERPART_TYPE_SELECTION, readonly=True)

    # ------------------------------------------------------------------
    # Reading: by unit and month from the unit-month level
    # ------------------------------------------------------------------
    @api.model
    def _read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        if self._fazhi_unit_level_answers(domain, groupby, aggregates, having, order):
            # same user, same record rules (unit pattern), same figures
            return self.env["fazhi.satisfaction.statistics.unit"]._read_group(
                domain, groupby, aggregates, having, offset, limit, order
            )
        return super()._read_group(domain, groupby, aggregates, having, offset, limit, order)

    @api.model
    def _fazhi_unit_level_answers(self, domain, groupby, aggregates, having, order):
        """Whether the query names only what the unit-month level holds."""
        names = set()
        for spec in [*groupby, *aggregates]:
            if spec != "__count":
                names.add(spec.split(":")[0].split(".")[0])
        for leaf in [*expression.normalize_domain(domain or []), *(having or [])]:
            if isinstance(leaf, (list, tuple)) and len(leaf) == 3:
                names.add(str(leaf[0]).split(":")[0].split(".")[0])
        for term in (order or "").split(","):
            if term.strip():
                names.add(term.split()[0].split(":")[0].split(".")[0])
        Unit = self.env["fazhi.satisfaction.statistics.unit"]
        return bool(groupby) and names <= set(Unit._fields) - {"id"} and "id" not in names

    # ------------------------------------------------------------------
    # The contributions of answer lines
    # ------------------------------------------------------------------
    @api.model
    def _fazhi_contribution_sql(self, lines):
        """Rows (dimensions, measures) of the answer lines of ``lines``: an SQL
        relation with the columns ``LINE_COLUMNS`` of ``survey_user_input_line``.
        One row per counted line; the sums of a group are the statistics of the
        group. Same rules as ``fazhi.satisfaction.answer.report``: submitted
        choice lines of an answer given for a unit, rates 100 / 0 / NULL, the
        problem incidence counted on the first problem line of an answer to a
        question only."""

        def count(*ratings):
            return SQL("CASE WHEN choice.fazhi_rating IN %s THEN 1 ELSE 0 END", ratings)

        def rate(fname):
            # the value the choice stores (survey_question.py), worked out from
            # its rating here: the stored value is written by the ORM later
            # than the rating, possibly after lines that use the choice
            hits, misses = RATE_RATINGS[fname]
            return SQL(
                "CASE WHEN choice.fazhi_rating IN %s THEN 100.0 "
                "WHEN choice.fazhi_rating IN %s THEN 0.0 END",
                hits,
                misses,
            )

        return SQL(
            """
            SELECT line.fazhi_company_id AS company_id,
                   line.fazhi_unit_id AS unit_id,
                   line.fazhi_month AS month,
                   line.fazhi_campaign_id AS campaign_id,
                   line.survey_id AS survey_id,
                   line.question_id AS question_id,
                   line.suggested_answer_id AS answer_id,
                   choice.fazhi_rating AS rating,
                   line.fazhi_counterpart_type AS counterpart_type,
                   COALESCE(line.fazhi_walkin, FALSE) AS is_walkin,
                   1 AS answer_count,
                   %(satisfied)s AS satisfied_count,
                   %(basically)s AS basically_satisfied_count,
                   %(dissatisfied)s AS dissatisfied_count,
                   %(unknown)s AS unknown_count,
                   %(problem)s AS problem_count,
                   %(satisfaction)s AS satisfaction_value,
                   %(unknown_value)s AS unknown_value,
                   CASE WHEN choice.fazhi_rating = 'problem'
                         AND ROW_NUMBER() OVER (
                                 PARTITION BY line.user_input_id, line.question_id,
                                              choice.fazhi_rating = 'problem'
                                 ORDER BY line.id) > 1
                        THEN NULL ELSE %(problem_value)s END AS problem_value
              FROM (%(lines)s) line
              JOIN survey_question_answer choice ON choice.id = line.suggested_answer_id
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
            satisfaction=rate("fazhi_satisfaction_value"),
            unknown_value=rate("fazhi_unknown_value"),
            problem_value=rate("fazhi_problem_value"),
            lines=lines,
        )

    @api.model
    def _fazhi_sums_sql(self, signed_rows, is_delta):
        """``INSERT`` into the data table of the sums per group of
        ``signed_rows`` (contribution rows with a ``sign`` column), groups
        whose sums are all zero left out."""
        sums = [SQL("SUM(sign * %s)", SQL.identifier(c)) for c in COUNTS] + [
            item
            for value in ("satisfaction_value", "unknown_value", "problem_value")
            for item in (
                SQL("COALESCE(SUM(sign * %s), 0)", SQL.identifier(value)),
                SQL("SUM(sign * (%s IS NOT NULL)::int)", SQL.identifier(value)),
            )
        ]
        return self._fazhi_insert_sums_sql(DATA_TABLE, DIMENSIONS, sums, signed_rows, is_delta)

    @api.model
    def _fazhi_rollup_sql(self, signed_rows, is_delta):
        """``INSERT`` into the unit-month table of the sums per unit and month
        (and campaign, walk-in flag, company) of ``signed_rows``: rows of the
        data table with a ``sign`` column."""
        sums = [SQL("SUM(sign * %s)", SQL.identifier(m)) for m in MEASURES]
        return self._fazhi_insert_sums_sql(
            UNIT_DATA_TABLE, UNIT_DIMENSIONS, sums, signed_rows, is_delta
        )

    @api.model
    def _fazhi_insert_sums_sql(self, table, dimensions, sums, rows, is_delta):
        """``INSERT`` into ``table`` of the ``sums`` (one per measure of
        ``MEASURES``) of ``rows`` per group of ``dimensions``, the groups
        whose sums are all zero left out."""
        dims = SQL(", ").join(SQL.identifier(d) for d in dimensions)
        return SQL(
            """
            INSERT INTO %(table)s (%(dims)s, %(measures)s, is_delta)
            SELECT %(dims)s, %(sums)s, %(is_delta)s
              FROM (%(rows)s) signed
             GROUP BY %(dims)s
            HAVING %(nonzero)s
            """,
            table=SQL.identifier(table),
            dims=dims,
            measures=SQL(", ").join(SQL.identifier(m) for m in MEASURES),
            sums=SQL(", ").join(sums),
            is_delta=is_delta,
            rows=rows,
            nonzero=SQL(" OR ").join(SQL("%s <> 0", s) for s in sums),
        )

    # ------------------------------------------------------------------
    # Table, view, triggers
    # ------------------------------------------------------------------
    def init(self):
        # The contributions read the columns fazhi adds to the answer lines
        # and the choices: create everything once every model has its table.
        self.pool.post_init(self._fazhi_create_structure)

    def _fazhi_create_structure(self):
        cr = self.env.cr
        cr.execute("SELECT to_regclass(%s), to_regclass(%s)", [DATA_TABLE, UNIT_DATA_TABLE])
        has_data, has_unit_data = cr.fetchone()
        if not has_data:
            self._fazhi_create_table(DATA_TABLE, DIMENSIONS)
        if not has_unit_data:
            self._fazhi_create_table(UNIT_DATA_TABLE, UNIT_DIMENSIONS)
        for model, table, dims in (
            (self, DATA_TABLE, DIMENSIONS),
            (self.env["fazhi.satisfaction.statistics.unit"], UNIT_DATA_TABLE, UNIT_DIMENSIONS),
        ):
            rates = [
                SQL(
                    "CASE WHEN %(base)s <> 0 THEN %(total)s / %(base)s END AS %(rate)s",
                    base=SQL.identifier(base),
                    total=SQL.identifier(total),
                    rate=SQL.identifier(rate),
                )
                for rate, (total, base) in RATES.items()
            ]
            drop_view_if_exists(cr, model._table)
            cr.execute(
                SQL(
                    "CREATE VIEW %s AS (SELECT id, %s, %s, %s FROM %s)",
                    SQL.identifier(model._table),
                    SQL(", ").join(SQL.identifier(d) for d in dims),
                    SQL(", ").join(SQL.identifier(m) for m in MEASURES),
                    SQL(", ").join(rates),
                    SQL.identifier(table),
                )
            )
        self._fazhi_create_triggers()
        self._fazhi_create_rollup_triggers()
        if not has_data:
            self._fazhi_rebuild()
        elif not has_unit_data:
            cr.execute(
                self._fazhi_rollup_sql(
                    SQL("SELECT 1 AS sign, * FROM %s", SQL.identifier(DATA_TABLE)), False
                )
            )

    @api.model
    def _fazhi_create_table(self, table, dims):
        columns = {
            "company_id": "integer",
            "unit_id": "integer NOT NULL",
            "month": "date NOT NULL",
            "campaign_id": "integer",
            "survey_id": "integer",
            "question_id": "integer",
            "answer_id": "integer",
            "rating": "varchar",
            "counterpart_type": "varchar",
            "is_walkin": "boolean NOT NULL",
        }
        measures = {
            measure: "double precision NOT NULL" if measure.endswith("_sum") else "integer NOT NULL"
            for measure in MEASURES
        }
        definition = SQL(", ").join(
            SQL("%s %s", SQL.identifier(name), SQL(kind))
            for name, kind in [
                ("id", "bigserial PRIMARY KEY"),
                *((d, columns[d]) for d in dims),
                *measures.items(),
                ("is_delta", "boolean NOT NULL DEFAULT TRUE"),
            ]
        )
        self.env.cr.execute(SQL("CREATE TABLE %s (%s)", SQL.identifier(table), definition))
        indexes = [("unit_month", "(unit_id, month)"), ("month", "(month)")]
        indexes.append(("delta", "(unit_id, month) WHERE is_delta"))
        if "campaign_id" in dims:
            indexes.append(("campaign", "(campaign_id) WHERE campaign_id IS NOT NULL"))
        for suffix, columns_sql in indexes:
            self.env.cr.execute(
                SQL(
                    "CREATE INDEX %s ON %s %s",
                    SQL.identifier(f"{table}_{suffix}_idx"),
                    SQL.identifier(table),
                    SQL(columns_sql),
                )
            )

    @api.model
    def _fazhi_trigger_sql(self, event):
        """The trigger function of ``event`` (INSERT, UPDATE, DELETE) on the
        answer lines: appends what the statement changed in the statistics."""
        columns = SQL(", ").join(SQL.identifier(c) for c in LINE_COLUMNS)
        old_rows = SQL.identifier("fazhi_old_lines")
        new_rows = SQL.identifier("fazhi_new_lines")
        changed = {
            "INSERT": [new_rows],
            "UPDATE": [old_rows, new_rows],
            "DELETE": [old_rows],
        }[event]
        answers = SQL(" UNION ").join(
            SQL(
                "SELECT user_input_id FROM %s WHERE fazhi_unit_id IS NOT NULL "
                "AND user_input_id IS NOT NULL",
                rows,
            )
            for rows in changed
        )
        now = SQL(
            "SELECT %s FROM survey_user_input_line present "
            "WHERE present.user_input_id = ANY(answer_ids)",
            columns,
        )
        before = now
        if event in ("INSERT", "UPDATE"):
            # an anti-join: NOT IN over a large statement's rows would not be hashed
            before = SQL(
                "%s AND NOT EXISTS (SELECT 1 FROM %s changed WHERE changed.id = present.id)",
                before,
                new_rows,
            )
        if event in ("UPDATE", "DELETE"):
            before = SQL(
                "%s UNION ALL SELECT %s FROM %s WHERE user_input_id = ANY(answer_ids)",
                before,
                columns,
                old_rows,
            )
        signed = SQL(
            "SELECT 1 AS sign, * FROM (%s) after_rows "
            "UNION ALL SELECT -1 AS sign, * FROM (%s) before_rows",
            self._fazhi_contribution_sql(now),
            self._fazhi_contribution_sql(before),
        )
        body = SQL(
            """
            DECLARE
                answer_ids integer[];
            BEGIN
                SELECT array_agg(user_input_id) INTO answer_ids FROM (%(answers)s) changed;
                IF answer_ids IS NULL THEN
                    RETURN NULL;
                END IF;
                %(insert)s;
                RETURN NULL;
            END
            """,
            answers=answers,
            insert=self._fazhi_sums_sql(signed, True),
        )
        return body

    @api.model
    def _fazhi_create_triggers(self):
        cr = self.env.cr
        referencing = {
            "INSERT": "REFERENCING NEW TABLE AS fazhi_new_lines",
            "UPDATE": "REFERENCING OLD TABLE AS fazhi_old_lines NEW TABLE AS fazhi_new_lines",
            "DELETE": "REFERENCING OLD TABLE AS fazhi_old_lines",
        }
        for event, clause in referencing.items():
            name = f"{TRIGGER_PREFIX}_{event.lower()}"
            body = self._fazhi_trigger_sql(event)
            # the function's text is fixed SQL with its parameters inlined
            # (numbers and fixed strings of this module)
            source = cr.mogrify(body.code, body.params).decode()
            cr.execute(
                SQL(
                    "CREATE OR REPLACE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS %s",
                    SQL.identifier(name),
                    source,
                )
            )
            cr.execute(
                SQL(
                    "DROP TRIGGER IF EXISTS %(name)s ON survey_user_input_line; "
                    "CREATE TRIGGER %(name)s AFTER %(event)s ON survey_user_input_line "
                    "%(clause)s FOR EACH STATEMENT EXECUTE FUNCTION %(name)s()",
                    name=SQL.identifier(name),
                    event=SQL(event),
                    clause=SQL(clause),
                )
            )

    @api.model
    def _fazhi_create_rollup_triggers(self):
        """The unit-month table follows the data table: every statement that
        inserts or deletes rows there (the line triggers, the merge, a
        rebuild) appends their sums, signed, to the unit-month rows."""
        cr = self.env.cr
        for event, rows, sign in (
            ("INSERT", "fazhi_new_rows", 1),
            ("DELETE", "fazhi_old_rows", -1),
        ):
            name = f"{TRIGGER_PREFIX}_rollup_{event.lower()}"
            body = SQL(
                "BEGIN %s; RETURN NULL; END",
                self._fazhi_rollup_sql(
                    SQL("SELECT %s AS sign, * FROM %s", sign, SQL.identifier(rows)), True
                ),
            )
            source = cr.mogrify(body.code, body.params).decode()
            cr.execute(
                SQL(
                    "CREATE OR REPLACE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS %s",
                    SQL.identifier(name),
                    source,
                )
            )
            cr.execute(
                SQL(
                    "DROP TRIGGER IF EXISTS %(name)s ON %(table)s; "
                    "CREATE TRIGGER %(name)s AFTER %(event)s ON %(table)s "
                    "REFERENCING %(kind)s TABLE AS %(rows)s "
                    "FOR EACH STATEMENT EXECUTE FUNCTION %(name)s()",
                    name=SQL.identifier(name),
                    table=SQL.identifier(DATA_TABLE),
                    event=SQL(event),
                    kind=SQL("NEW" if event == "INSERT" else "OLD"),
                    rows=SQL.identifier(rows),
                )
            )

    @api.model
    def _fazhi_drop_structure(self):
        """Remove the triggers, their functions and the data table (uninstall)."""
        cr = self.env.cr
        for event in ("insert", "update", "delete"):
            name = f"{TRIGGER_PREFIX}_{event}"
            cr.execute(
                SQL(
                    "DROP TRIGGER IF EXISTS %(name)s ON survey_user_input_line; "
                    "DROP FUNCTION IF EXISTS %(name)s()",
                    name=SQL.identifier(name),
                )
            )
        drop_view_if_exists(cr, self._table)
        drop_view_if_exists(cr, self.env["fazhi.satisfaction.statistics.unit"]._table)
        # the data table's own triggers go with it, then their functions
        cr.execute(
            SQL(
                "DROP TABLE IF EXISTS %s, %s",
                SQL.identifier(DATA_TABLE),
                SQL.identifier(UNIT_DATA_TABLE),
            )
        )
        for event in ("insert", "delete"):
            cr.execute(
                SQL(
                    "DROP FUNCTION IF EXISTS %s()",
                    SQL.identifier(f"{TRIGGER_PREFIX}_rollup_{event}"),
                )
            )

    @api.model
    def _fazhi_set_triggers(self, enabled):
        """Switch the triggers off for a bulk rewrite of the lines (followed by
        ``_fazhi_rebuild``) and back on."""
        for event in ("insert", "update", "delete"):
            self.env.cr.execute(
                SQL(
                    "ALTER TABLE survey_user_input_line %s TRIGGER %s",
                    SQL("ENABLE" if enabled else "DISABLE"),
                    SQL.identifier(f"{TRIGGER_PREFIX}_{event}"),
                )
            )

    # ------------------------------------------------------------------
    # Rebuild and compaction
    # ------------------------------------------------------------------
    @api.model
    def _fazhi_rebuild(self, survey_ids=None):
        """Recompute the rows from the answer lines: all of them, or those of
        the questionnaires ``survey_ids``. Rows appended by transactions this
        one does not see are kept: they count the changes of lines it does not
        see either."""
        self.env["survey.user_input.line"].flush_model()
        self.env["survey.question.answer"].flush_model()
        where = SQL("TRUE")
        lines = SQL("SELECT * FROM survey_user_input_line WHERE fazhi_unit_id IS NOT NULL")
        if survey_ids is not None:
            if not survey_ids:
                return
            where = SQL("survey_id IN %s", tuple(survey_ids))
            lines = SQL("%s AND %s", lines, where)
        self.env.cr.execute(SQL("DELETE FROM %s WHERE %s", SQL.identifier(DATA_TABLE), where))
        self.env.cr.execute(
            self._fazhi_sums_sql(
                SQL("SELECT 1 AS sign, * FROM (%s) rows", self._fazhi_contribution_sql(lines)),
                False,
            )
        )

    @api.model
    def _fazhi_compact(self):
        """Merge the rows of every unit and month that has appended rows into
        one row per group, in the data table then in the unit-month table.
        Returns the number of rows merged."""
        cr = self.env.cr
        # one merge at a time: a second one would only fail on the same rows
        cr.execute("SELECT pg_try_advisory_xact_lock(hashtext(%s))", [DATA_TABLE])
        if not cr.fetchone()[0]:
            return 0
        merged = 0
        for table, dimensions in ((DATA_TABLE, DIMENSIONS), (UNIT_DATA_TABLE, UNIT_DIMENSIONS)):
            dims = SQL(", ").join(SQL.identifier(d) for d in dimensions)
            measures = SQL(", ").join(SQL.identifier(m) for m in MEASURES)
            sums = SQL(", ").join(SQL("SUM(%s)", SQL.identifier(m)) for m in MEASURES)
            nonzero = SQL(" OR ").join(SQL("SUM(%s) <> 0", SQL.identifier(m)) for m in MEASURES)
            cr.execute(
                SQL(
                    """
                    WITH groups AS (
                        SELECT DISTINCT unit_id, month FROM %(table)s WHERE is_delta
                    ), moved AS (
                        DELETE FROM %(table)s data
                         USING groups
                         WHERE data.unit_id = groups.unit_id AND data.month = groups.month
                     RETURNING data.*
                    ), kept AS (
                        INSERT INTO %(table)s (%(dims)s, %(measures)s, is_delta)
                        SELECT %(dims)s, %(sums)s, FALSE
                          FROM moved
                         GROUP BY %(dims)s
                        HAVING %(nonzero)s
                        RETURNING 1
                    )
                    SELECT (SELECT COUNT(*) FROM moved), (SELECT COUNT(*) FROM kept)
                    """,
                    table=SQL.identifier(table),
                    dims=dims,
                    measures=measures,
                    sums=sums,
                    nonzero=nonzero,
                )
            )
            moved, kept = cr.fetchone()
            merged += moved - kept
        return merged

    @api.model
    def _cron_compact(self):
        merged = self._fazhi_compact()
        _logger.info("satisfaction statistics: %s rows merged", merged)


class FazhiSatisfactionStatisticsUnit(models.Model):
    """The kept satisfaction statistics summed by unit and month (and
    campaign, walk-in flag and company): 12,000 rows for a province's year.
    Kept from the rows of ``fazhi_satisfaction_statistics_data`` by triggers
    on that table (its inserts and deletes, signed); read by
    ``fazhi.satisfaction.statistics`` for every query that names nothing
    finer. Same record rules."""

    _name = "fazhi.satisfaction.statistics.unit"
    _inherit = "fazhi.satisfaction.statistics.mixin"
    _description = "Satisfaction statistics by unit and month"
    _auto = False
    _order = "month desc, unit_id, id"
    _rec_name = "unit_id"
    _depends = FazhiSatisfactionStatistics._depends

    def init(self):
        # created with the data table (fazhi.satisfaction.statistics)
        return
