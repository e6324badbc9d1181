from odoo import fields, models, tools
from odoo.tools import SQL

from .fazhi_case_callback import CALLBACK_METHODS, SATISFACTION_LEVELS
from .fazhi_enforcement_case import CASE_TYPES


class FazhiCaseCallbackReport(models.Model):
    """Callback figures (案件回访统计): one row per closed case.

    Each case is joined to its callback (the done one if there is one, else
    the latest). Every measure is exact in any grouping of the pivot:

    * counts are sums of 0/1 columns;
    * the rates are averages of 100/0 columns that are NULL where they do
      not apply (PostgreSQL's AVG skips NULLs): coverage over every case
      (done / cases closed), on-time rate over the done callbacks,
      satisfaction rate over the callbacks with a satisfaction.

    ``finding_ids`` is a many2many over a second view
    (``fazhi_case_callback_report_finding_rel``), so the pivot groups by
    finding: findings per type and unit.
    """

    _name = "fazhi.case.callback.report"
    _description = "Case callback figures"
    _auto = False
    _rec_name = "case_id"
    _order = "closing_date desc, id desc"

    _FINDING_RELATION = "fazhi_case_callback_report_finding_rel"
    # Flushed before the view is read.
    _depends = {
        "fazhi.enforcement.case": [
            "unit_id",
            "company_id",
            "case_type",
            "partner_id",
            "closing_date",
            "handler_ids",
            "excluded_user_ids",
        ],
        "fazhi.case.callback": [
            "case_id",
            "state",
            "planned_month",
            "date",
            "officer_id",
            "method",
            "satisfaction",
            "deadline",
            "finding_ids",
        ],
    }

    # Dimensions
    case_id = fields.Many2one("fazhi.enforcement.case", readonly=True)
    callback_id = fields.Many2one("fazhi.case.callback", readonly=True)
    unit_id = fields.Many2one("fazhi.unit", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    case_type = fields.Selection(CASE_TYPES, string="Case type", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Counterpart", readonly=True)
    closing_date = fields.Date(readonly=True)
    planned_month = fields.Date(readonly=True)
    callback_date = fields.Date(readonly=True)
    officer_id = fields.Many2one("res.users", string="Callback officer", readonly=True)
    method = fields.Selection(CALLBACK_METHODS, readonly=True)
    satisfaction = fields.Selection(SATISFACTION_LEVELS, readonly=True)
    state = fields.Selection(
        [
            ("none", "Not planned"),
            ("planned", "Planned"),
            ("done", "Done"),
            ("unreachable", "Unreachable"),
        ],
        string="Callback status",
        readonly=True,
    )
    finding_ids = fields.Many2many(
        "fazhi.callback.finding",
        _FINDING_RELATION,
        "report_id",
        "finding_id",
        string="Findings",
        readonly=True,
    )

    # Measures
    case_count = fields.Integer(string="Cases closed", readonly=True, aggregator="sum")
    planned_count = fields.Integer(string="Callbacks pending", readonly=True, aggregator="sum")
    done_count = fields.Integer(string="Callbacks done", readonly=True, aggregator="sum")
    unreachable_count = fields.Integer(string="Unreachable", readonly=True, aggregator="sum")
    missing_count = fields.Integer(string="Cases without callback", readonly=True, aggregator="sum")
    on_time_count = fields.Integer(string="Done on time", readonly=True, aggregator="sum")
    satisfied_count = fields.Integer(string="Satisfied", readonly=True, aggregator="sum")
    basically_satisfied_count = fields.Integer(
        string="Basically satisfied", readonly=True, aggregator="sum"
    )
    dissatisfied_count = fields.Integer(string="Dissatisfied", readonly=True, aggregator="sum")
    finding_callback_count = fields.Integer(
        string="Callbacks with findings", readonly=True, aggregator="sum"
    )
    finding_count = fields.Integer(string="Number of findings", readonly=True, aggregator="sum")
    coverage = fields.Float(
        string="Coverage (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Callbacks done / cases closed (target 100 %).",
    )
    on_time_rate = fields.Float(
        string="On-time rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Callbacks done by the end of their month / callbacks done.",
    )
    satisfaction_rate = fields.Float(
        string="Satisfaction rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="(Satisfied + basically satisfied) / callbacks with a satisfaction.",
    )

    def _query(self):
        return SQL(
            """
            SELECT
                c.id AS id,
                c.id AS case_id,
                cb.id AS callback_id,
                c.unit_id AS unit_id,
                c.company_id AS company_id,
                c.case_type AS case_type,
                c.partner_id AS partner_id,
                c.closing_date AS closing_date,
                cb.planned_month AS planned_month,
                cb.date AS callback_date,
                cb.officer_id AS officer_id,
                cb.method AS method,
                cb.satisfaction AS satisfaction,
                COALESCE(cb.state, 'none') AS state,
                1 AS case_count,
                (cb.state = 'planned')::int AS planned_count,
                COALESCE((cb.state = 'done')::int, 0) AS done_count,
                COALESCE((cb.state = 'unreachable')::int, 0) AS unreachable_count,
                (cb.id IS NULL)::int AS missing_count,
                COALESCE((cb.state = 'done' AND cb.date <= cb.deadline)::int, 0)
                    AS on_time_count,
                COALESCE((cb.satisfaction = 'satisfied')::int, 0) AS satisfied_count,
                COALESCE((cb.satisfaction = 'basically_satisfied')::int, 0)
                    AS basically_satisfied_count,
                COALESCE((cb.satisfaction = 'dissatisfied')::int, 0) AS dissatisfied_count,
                COALESCE((cb.state = 'done' AND f.finding_count > 0)::int, 0)
                    AS finding_callback_count,
                COALESCE(f.finding_count, 0) AS finding_count,
                CASE WHEN cb.state = 'done' THEN 100.0 ELSE 0.0 END AS coverage,
                CASE WHEN cb.state = 'done'
                    THEN CASE WHEN cb.date <= cb.deadline THEN 100.0 ELSE 0.0 END
                END AS on_time_rate,
                CASE
                    WHEN cb.satisfaction IN ('satisfied', 'basically_satisfied') THEN 100.0
                    WHEN cb.satisfaction = 'dissatisfied' THEN 0.0
                END AS satisfaction_rate
            FROM fazhi_enforcement_case c
            LEFT JOIN LATERAL (
                SELECT *
                  FROM fazhi_case_callback cb
                 WHERE cb.case_id = c.id
              ORDER BY cb.state = 'done' DESC, cb.id DESC
                 LIMIT 1
            ) cb ON TRUE
            LEFT JOIN LATERAL (
                SELECT COUNT(*) AS finding_count
                  FROM fazhi_case_callback_finding_rel rel
                 WHERE rel.callback_id = cb.id
            ) f ON TRUE
            """
        )

    def init(self):
        # The finding relation reads the main view: drop it first.
        tools.drop_view_if_exists(self.env.cr, self._FINDING_RELATION)
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %s AS (
                    SELECT r.id AS report_id, rel.finding_id AS finding_id
                      FROM %s r
                      JOIN fazhi_case_callback_finding_rel rel
                        ON rel.callback_id = r.callback_id
                )
                """,
                SQL.identifier(self._FINDING_RELATION),
                SQL.identifier(self._table),
            )
        )
