from odoo import fields, models, tools
from odoo.tools import SQL

from .fazhi_complaint import IDENTITY_GROUPS, OUTCOMES, SATISFACTION
from .fazhi_complaint_time_limit import CHANNELS


class FazhiComplaintAnalysis(models.Model):
    """Complaint figures for pivot and graph views, one row per complaint.

    Complaints are counted by the **accused unit** (``accused_unit_id``), known
    from registration on, as the monthly report counts them
    (``fazhi_complaints.*`` figures): the responsible unit is empty until the
    office assigns the complaint, so grouping by it put everything under "None".

    Each rate is a 100 / 0 column that is NULL where the complaint does not
    count (e.g. not concluded yet): the ``avg`` aggregate ignores NULLs, so the
    average of a column over any grouping is the rate of that grouping.
    No identity column: only counts and rates. A complaint's row is hidden
    from everyone ever accused in it (global rule on ``excluded_user_ids``).
    """

    _name = "fazhi.complaint.analysis"
    _description = "Complaint figures"
    _auto = False
    _rec_name = "reference"
    _order = "month desc"
    _depends = {
        "fazhi.complaint": [
            "reference",
            "company_id",
            "unit_id",
            "accused_unit_id",
            "category_id",
            "channel",
            "received_date",
            "state",
            "outcome",
            "satisfaction",
            "concluded_date",
            "concluded_on_time",
            "feedback_date",
            "callback_date",
            "is_anonymous",
            "excluded_user_ids",
        ],
        "fazhi.followup": ["res_model", "res_id", "state"],
    }

    reference = fields.Char(readonly=True)
    # The complaint's ever-accused list (same table: a row's id is its complaint's id),
    # for the global rule that hides a complaint's figures from its accused.
    excluded_user_ids = fields.Many2many(
        "res.users",
        "fazhi_complaint_excluded_user_rel",
        "complaint_id",
        "user_id",
        string="Ever accused",
        readonly=True,
        groups=IDENTITY_GROUPS,
    )
    company_id = fields.Many2one("res.company", readonly=True)
    accused_unit_id = fields.Many2one("fazhi.unit", string="Accused unit", readonly=True)
    unit_id = fields.Many2one("fazhi.unit", string="Responsible unit", readonly=True)
    category_id = fields.Many2one("fazhi.complaint.category", readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    month = fields.Date(string="Month received", readonly=True)
    state = fields.Selection(
        selection=lambda self: self.env["fazhi.complaint"]._fields["state"].selection,
        readonly=True,
    )
    outcome = fields.Selection(OUTCOMES, readonly=True)
    satisfaction = fields.Selection(SATISFACTION, readonly=True)
    complaint_count = fields.Integer(string="Complaints", readonly=True, aggregator="sum")
    concluded_count = fields.Integer(string="Concluded", readonly=True, aggregator="sum")
    on_time_rate = fields.Float(
        string="Concluded on time (%)", readonly=True, aggregator="avg"
    )  # 按期办结率
    substantiated_rate = fields.Float(
        string="Substantiated (%)", readonly=True, aggregator="avg"
    )  # 查实率
    feedback_rate = fields.Float(
        string="Feedback given (%)", readonly=True, aggregator="avg"
    )  # 反馈率
    satisfaction_rate = fields.Float(
        string="Satisfied (%)", readonly=True, aggregator="avg"
    )  # 满意率
    bad_review_rectified_rate = fields.Float(
        string="Real-name bad reviews called back and rectified (%)",
        readonly=True,
        aggregator="avg",
    )  # 实名差评回访整改率

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT c.id AS id,
                   c.reference AS reference,
                   c.company_id AS company_id,
                   c.unit_id AS unit_id,
                   c.accused_unit_id AS accused_unit_id,
                   c.category_id AS category_id,
                   c.channel AS channel,
                   date_trunc('month', c.received_date)::date AS month,
                   c.state AS state,
                   c.outcome AS outcome,
                   c.satisfaction AS satisfaction,
                   1 AS complaint_count,
                   CASE WHEN c.concluded_date IS NOT NULL THEN 1 ELSE 0 END AS concluded_count,
                   CASE WHEN c.concluded_date IS NULL THEN NULL
                        WHEN c.concluded_on_time THEN 100.0 ELSE 0.0 END AS on_time_rate,
                   CASE WHEN c.concluded_date IS NULL THEN NULL
                        WHEN c.outcome IN ('substantiated', 'partly_substantiated') THEN 100.0
                        ELSE 0.0 END AS substantiated_rate,
                   CASE WHEN c.concluded_date IS NULL THEN NULL
                        WHEN c.feedback_date IS NOT NULL THEN 100.0 ELSE 0.0 END AS feedback_rate,
                   CASE WHEN c.satisfaction IS NULL THEN NULL
                        WHEN c.satisfaction IN ('satisfied', 'basically_satisfied') THEN 100.0
                        ELSE 0.0 END AS satisfaction_rate,
                   CASE WHEN c.channel != 'bad_review' OR c.is_anonymous
                             OR c.concluded_date IS NULL THEN NULL
                        WHEN c.callback_date IS NOT NULL AND NOT EXISTS (
                            SELECT 1 FROM fazhi_followup f
                             WHERE f.res_model = 'fazhi.complaint' AND f.res_id = c.id
                               AND f.state NOT IN ('done', 'verified', 'cancelled')
                        ) THEN 100.0
                        ELSE 0.0 END AS bad_review_rectified_rate
              FROM fazhi_complaint c
             WHERE c.state != 'rejected'
            """
        )

    def init(self):
        # _table_query is enough for reading; nothing to create.
        tools.drop_view_if_exists(self.env.cr, self._table)
