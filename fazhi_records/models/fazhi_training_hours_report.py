from odoo import fields, models, tools
from odoo.tools import SQL


class FazhiTrainingHoursReport(models.Model):
    """Training hours of every enforcement officer per year (SQL view).

    Officers are the active internal members of active units (each counted
    once, under their first unit); the years are those with sessions and the
    current one, so that an officer without any session shows with 0 hours.
    ``is_short`` flags those under the company's minimum (seed 004: 40 学时).
    """

    _name = "fazhi.training.hours.report"
    _description = "Training hours per officer"
    _auto = False
    _order = "year desc, shortfall desc, user_id"
    _rec_name = "user_id"
    # What the view reads: flushed before every search on it.
    _depends = {
        "fazhi.training.session": ["date", "hours", "participant_ids"],
        "fazhi.unit": ["active", "company_id", "member_ids"],
        "res.users": ["active", "share"],
        "res.company": ["fazhi_training_min_hours"],
    }

    user_id = fields.Many2one("res.users", string="Officer", readonly=True)
    unit_id = fields.Many2one("fazhi.unit", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    year = fields.Integer(readonly=True, aggregator=None)
    hours = fields.Float(string="Hours (学时)", readonly=True, aggregator="sum")
    session_count = fields.Integer(string="Sessions", readonly=True, aggregator="sum")
    min_hours = fields.Float(string="Required hours", readonly=True, aggregator="max")
    shortfall = fields.Float(string="Hours short", readonly=True, aggregator="sum")
    is_short = fields.Boolean(string="Short of hours", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(table)s AS (
                    WITH officers AS (
                        SELECT rel.user_id, MIN(rel.unit_id) AS unit_id
                          FROM fazhi_unit_res_users_rel rel
                          JOIN fazhi_unit unit ON unit.id = rel.unit_id AND unit.active
                          JOIN res_users usr
                            ON usr.id = rel.user_id AND usr.active AND NOT usr.share
                         GROUP BY rel.user_id
                    ), years AS (
                        SELECT DISTINCT EXTRACT(YEAR FROM date)::int AS year
                          FROM fazhi_training_session
                         UNION
                        SELECT EXTRACT(YEAR FROM CURRENT_DATE)::int
                    ), hours AS (
                        SELECT rel.user_id,
                               EXTRACT(YEAR FROM session.date)::int AS year,
                               SUM(session.hours) AS hours,
                               COUNT(*) AS session_count
                          FROM fazhi_training_session_user_rel rel
                          JOIN fazhi_training_session session ON session.id = rel.session_id
                         GROUP BY rel.user_id, EXTRACT(YEAR FROM session.date)
                    )
                    SELECT officers.user_id::bigint * 10000 + years.year AS id,
                           officers.user_id,
                           officers.unit_id,
                           unit.company_id,
                           years.year,
                           COALESCE(hours.hours, 0) AS hours,
                           COALESCE(hours.session_count, 0) AS session_count,
                           COALESCE(company.fazhi_training_min_hours, 40) AS min_hours,
                           GREATEST(
                               COALESCE(company.fazhi_training_min_hours, 40)
                               - COALESCE(hours.hours, 0), 0
                           ) AS shortfall,
                           COALESCE(hours.hours, 0)
                               < COALESCE(company.fazhi_training_min_hours, 40) AS is_short
                      FROM officers
                     CROSS JOIN years
                      JOIN fazhi_unit unit ON unit.id = officers.unit_id
                      LEFT JOIN res_company company ON company.id = unit.company_id
                      LEFT JOIN hours
                        ON hours.user_id = officers.user_id AND hours.year = years.year
                )
                """,
                table=SQL.identifier(self._table),
            )
        )
