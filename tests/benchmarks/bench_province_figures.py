"""Province scale: the monthly and annual figures of 1,000 units.

Scale: a province commission, 18 city commissions and 981 district bureaus
(1,000 units, ``child_of`` the province), 5 officers each (5,000 users), and a
year (2025) of their records, all inserted with SQL (INSERT ... SELECT
generate_series): 200,000 enforcement cases (half of them penalties) and a
callback for each, 50,000 complaints about the units (a tenth of them bad
reviews), 100,000 follow-ups, 300,000 licensing applications, 2,000
inspection plans and 150,000 inspections, 10,000 reconsiderations and
lawsuits, 12,000 training sessions (60,000 attendances), 12,000 publicity
activities, 60,000 indicator entries (5 indicators x 12 rounds per unit),
12,000 monthly satisfaction campaigns and their kept statistics (120 rows per
unit and month; the answer lines themselves are not built: the figures read
the statistics, ``bench_province_statistics.py`` measures those).

The data is built once and committed in the database given (use a database of
its own, about 2 GB, and drop it afterwards); later runs find it and measure
only. Each measure runs in a savepoint rolled back after it.

Measures, each beside its anchor from the same run (interleaved, best of N):

1. The 1,000 monthly reports of November 2025 created with every figure
   (``create``), and the same by the reminder cron (``_fazhi_remind_units``,
   which also schedules a reminder activity per report, notified by Odoo's
   mail to the unit's manager: most of its time).
2. Refreshing the figures of the 1,000 open reports
   (``action_refresh_figures``) when a third of their lines changed.
   Anchor of 1 and 2: the raw SQL aggregates the figures are made of (one
   ``GROUP BY unit`` per source and kind of figure, for the month).
3. The commission's roll-up of the month (the monthly summary's form:
   ``web_read`` of its counts, unit status, figures and narratives) and its
   XLSX (the e-mail's attachment), 950 reports submitted. Anchor: the SQL
   sums of the submitted reports' lines per figure and the count per state.
4. Drafting the province's annual report for 2025 (``action_draft``: every
   figure of the 1,000 units for the year, the text, the figure lines and the
   assessment of each unit). Anchor: the raw SQL aggregates of the year.

Goal of each: under 10 s. The share of each addon's figures in the monthly
figures is printed too (profiled: the satisfaction and callback figures are
``fazhi_satisfaction``'s).

    .venv/bin/python tests/benchmarks/bench_province_figures.py -c .fazhi/odoo-test.conf -d DB
"""

import cProfile
import pstats
import statistics
import time
from datetime import date, datetime

import benchlib

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

UNITS = 1_000
CITIES = 18
OFFICERS = 5
YEAR = 2025
MONTH = date(YEAR, 11, 1)
TODAY = date(YEAR, 11, 20)
CODE = "PROVF"
GOAL = 10.0

# The raw aggregates of a period's figures, one GROUP BY unit per source and
# kind of figure (what the figures are made of, without the ORM).
ANCHOR_QUERIES = [
    # follow-ups: opened, due, done, overdue
    """SELECT unit_id, count(*) FROM fazhi_followup WHERE unit_id = ANY(%(units)s)
          AND create_date >= %(start)s AND create_date < %(stop)s AND state != 'cancelled'
        GROUP BY unit_id""",
    """SELECT unit_id, count(*) FILTER (WHERE state != 'cancelled'),
              count(*) FILTER (WHERE state IN ('done', 'verified'))
         FROM fazhi_followup WHERE unit_id = ANY(%(units)s)
          AND deadline >= %(start)s AND deadline < %(stop)s GROUP BY unit_id""",
    """SELECT unit_id, count(*) FROM fazhi_followup WHERE unit_id = ANY(%(units)s)
          AND deadline < %(stop)s AND state NOT IN ('done', 'verified', 'cancelled')
        GROUP BY unit_id""",
    # satisfaction campaigns and statistics, case callbacks
    """SELECT unit_id, sum(snapshot_count), sum(done_count), max(target_rate)
         FROM fazhi_satisfaction_campaign WHERE unit_id = ANY(%(units)s)
          AND month >= %(start)s AND month < %(stop)s GROUP BY unit_id""",
    """SELECT unit_id, sum(satisfied_count), sum(basically_satisfied_count),
              sum(dissatisfied_count), sum(problem_count)
         FROM fazhi_satisfaction_statistics_data WHERE unit_id = ANY(%(units)s)
          AND month >= %(start)s AND month < %(stop)s GROUP BY unit_id""",
    """SELECT c.unit_id, count(*), count(*) FILTER (WHERE cb.state = 'done'),
              count(*) FILTER (WHERE cb.state = 'unreachable'),
              count(*) FILTER (WHERE cb.state = 'done' AND cb.date <= cb.deadline),
              count(*) FILTER (WHERE cb.satisfaction IN ('satisfied', 'basically_satisfied')),
              count(*) FILTER (WHERE cb.satisfaction IS NOT NULL)
         FROM fazhi_enforcement_case c LEFT JOIN fazhi_case_callback cb ON cb.case_id = c.id
        WHERE c.unit_id = ANY(%(units)s) AND c.closing_date >= %(cb_start)s
          AND c.closing_date < %(cb_stop)s GROUP BY c.unit_id""",
    # complaints
    """SELECT accused_unit_id, count(*) FROM fazhi_complaint
        WHERE accused_unit_id = ANY(%(units)s)
          AND received_date >= %(start)s AND received_date < %(stop)s GROUP BY 1""",
    """SELECT accused_unit_id, concluded_on_time, outcome, feedback_date IS NOT NULL,
              channel = 'bad_review' AND NOT is_anonymous, callback_date IS NOT NULL, count(*)
         FROM fazhi_complaint WHERE accused_unit_id = ANY(%(units)s)
          AND concluded_date >= %(start)s AND concluded_date < %(stop)s
        GROUP BY 1, 2, 3, 4, 5, 6""",
    """SELECT accused_unit_id, satisfaction, count(*) FROM fazhi_complaint
        WHERE accused_unit_id = ANY(%(units)s)
          AND callback_date >= %(start)s AND callback_date < %(stop)s GROUP BY 1, 2""",
    # indicator entries
    """SELECT unit_id, count(*), count(*) FILTER (WHERE state IN ('submitted', 'approved',
              'accepted')) FROM fazhi_indicator_entry WHERE unit_id = ANY(%(units)s)
          AND deadline >= %(start)s AND deadline < %(stop)s GROUP BY unit_id""",
    # work records
    """SELECT unit_id, count(*), sum(penalty_amount), sum(fine_amount), sum(confiscation_amount)
         FROM fazhi_enforcement_case WHERE unit_id = ANY(%(units)s) AND case_type = 'penalty'
          AND closing_date >= %(start)s AND closing_date < %(stop)s GROUP BY unit_id""",
    """SELECT unit_id, count(*) FILTER (WHERE is_major),
              count(*) FILTER (WHERE is_major AND legal_reviewed)
         FROM fazhi_enforcement_case WHERE unit_id = ANY(%(units)s)
          AND decision_date >= %(start)s AND decision_date < %(stop)s GROUP BY unit_id""",
    """SELECT unit_id, count(*), count(*) FILTER (WHERE published_on_time)
         FROM fazhi_enforcement_case WHERE unit_id = ANY(%(units)s) AND publication_required
          AND publication_deadline >= %(start)s AND publication_deadline < %(stop)s
        GROUP BY unit_id""",
    """SELECT unit_id, count(*), count(*) FILTER (WHERE on_time), sum(legal_days),
              sum(days_compressed)
         FROM fazhi_licensing_record WHERE unit_id = ANY(%(units)s)
          AND concluded_date >= %(start)s AND concluded_date < %(stop)s GROUP BY unit_id""",
    """SELECT unit_id, count(*) FROM fazhi_licensing_record WHERE unit_id = ANY(%(units)s)
          AND received_date >= %(start)s AND received_date < %(stop)s GROUP BY unit_id""",
    """SELECT unit_id, sum(visit_count) FROM fazhi_inspection_record
        WHERE unit_id = ANY(%(units)s) AND date >= %(start)s AND date < %(stop)s
        GROUP BY unit_id""",
    """SELECT unit_id, sum(planned_count) FROM fazhi_inspection_plan
        WHERE unit_id = ANY(%(units)s) AND year = %(year)s GROUP BY unit_id""",
    """SELECT unit_id, kind, outcome, count(*) FROM fazhi_legal_dispute
        WHERE unit_id = ANY(%(units)s) AND received_date >= %(start)s
          AND received_date < %(stop)s GROUP BY 1, 2, 3""",
    """SELECT unit_id, count(*), sum(participant_count) FROM fazhi_training_session
        WHERE unit_id = ANY(%(units)s) AND date >= %(start)s AND date < %(stop)s
        GROUP BY unit_id""",
    """SELECT unit_id, count(*), sum(participant_count), sum(material_count)
         FROM fazhi_publicity_activity WHERE unit_id = ANY(%(units)s)
          AND date >= %(start)s AND date < %(stop)s GROUP BY unit_id""",
]


def goal_line(label, figure, median, anchor_label, anchor):
    ratio = figure / anchor if anchor else float("inf")
    met = "met" if figure < GOAL else "NOT met"
    print(
        f"  {label:<46} best {figure:6.2f} s (median {median:6.2f} s)"
        f" | anchor {anchor_label}: {anchor:5.2f} s | ratio {ratio:5.1f}"
        f" | goal < {GOAL:.0f} s: {met}"
    )


class Province:
    def __init__(self, env):
        self.env = env
        self.cr = env.cr

    def units(self):
        return self.env["fazhi.unit"].search([("code", "=like", f"{CODE}-%")], order="id")

    def province(self):
        return self.env["fazhi.unit"].search([("code", "=", f"{CODE}-0")])

    # ------------------------------------------------------------------
    # Data
    # ------------------------------------------------------------------
    def sql(self, query, **params):
        self.cr.execute(SQL(query, **params))
        return self.cr.rowcount

    def build(self):
        env = self.env
        start = time.perf_counter()
        benchlib.province_units(env, CODE, "（基准）", units=UNITS, cities=CITIES)
        env.flush_all()
        units = self.units()
        company = env.company.id
        params = {
            "units": units.ids,
            "company": company,
            "start": date(YEAR, 1, 1),
            "year": YEAR,
        }
        print(f"  {len(units):,} units ({time.perf_counter() - start:.0f} s)")

        # Officers: a partner and an internal user each, members of their unit;
        # the first is the unit's manager (the reminders go to them).
        self.sql(
            """
            WITH partners AS (
                INSERT INTO res_partner (name, complete_name, active, type, company_id,
                                         create_uid, create_date, write_uid, write_date)
                SELECT '执法人员' || u || '-' || k, '执法人员' || u || '-' || k, TRUE,
                       'contact', %(company)s, 1, now(), 1, now()
                  FROM unnest(%(units)s::int[]) u, generate_series(1, %(officers)s) k
                RETURNING id, name
            )
            INSERT INTO res_users (login, partner_id, company_id, active, share,
                                   notification_type, create_uid, create_date, write_uid,
                                   write_date)
            SELECT 'provf_' || substr(name, 5), id, %(company)s, TRUE, FALSE, 'inbox',
                   1, now(), 1, now()
              FROM partners
            """,
            officers=OFFICERS,
            **params,
        )
        self.sql(
            """
            INSERT INTO res_company_users_rel (cid, user_id)
            SELECT %(company)s, id FROM res_users WHERE starts_with(login, 'provf_');
            INSERT INTO res_groups_users_rel (gid, uid)
            SELECT g.id, usr.id FROM res_users usr, res_groups g
             WHERE starts_with(usr.login, 'provf_')
               AND g.id IN (SELECT res_id FROM ir_model_data WHERE module = 'base'
                             AND name = 'group_user'
                            UNION
                            SELECT res_id FROM ir_model_data WHERE module = 'fazhi_base'
                             AND name = 'group_fazhi_staff');
            INSERT INTO fazhi_unit_res_users_rel (unit_id, user_id)
            SELECT split_part(substr(usr.login, 7), '-', 1)::int, usr.id
              FROM res_users usr WHERE starts_with(usr.login, 'provf_');
            UPDATE fazhi_unit unit SET manager_id = usr.id
              FROM res_users usr
             WHERE usr.login = 'provf_' || unit.id || '-1' AND unit.id = ANY(%(units)s);
            """,
            **params,
        )
        partner = (
            env["res.partner"]
            .create(
                {
                    "name": "基准行政相对人",
                    "is_company": True,
                    "fazhi_counterpart_type": "enterprise",
                }
            )
            .id
        )
        fields_ = env["fazhi.professional.field"].search([], limit=10).ids
        params.update(partner=partner, fields=fields_)

        # 200,000 cases over the year (half penalties), and a callback each,
        # planned the month after the closing.
        count = self.sql(
            """
            INSERT INTO fazhi_enforcement_case
                (unit_id, company_id, partner_id, number, case_type, closing_date,
                 decision_date, professional_field_id, fine_amount, confiscation_amount,
                 penalty_amount, is_major, legal_reviewed, publication_required,
                 publication_deadline, publication_date, published_on_time, is_typical,
                 typical_published_date, create_uid, create_date, write_uid, write_date)
            SELECT u, %(company)s, %(partner)s, 'PROVF-' || u || '-' || i,
                   (ARRAY['penalty', 'licensing', 'inspection', 'penalty', 'other'])[1 + mod(i, 5)],
                   %(start)s::date + mod(i * 7, 365), %(start)s::date + mod(i * 7, 365),
                   (%(fields)s::int[])[1 + mod(i, cardinality(%(fields)s::int[]))],
                   1000 * (1 + mod(i, 7)), 100 * mod(i, 3),
                   1000 * (1 + mod(i, 7)) + 100 * mod(i, 3),
                   mod(i, 10) = 0, mod(i, 20) = 0, mod(i, 5) IN (0, 3),
                   %(start)s::date + mod(i * 7, 365) + 7,
                   CASE WHEN mod(i, 11) > 0 THEN %(start)s::date + mod(i * 7, 365) + 5 END,
                   mod(i, 11) > 0, mod(i, 97) = 0,
                   CASE WHEN mod(i, 97) = 0 THEN %(start)s::date + mod(i * 7, 365) + 20 END,
                   1, now(), 1, now()
              FROM unnest(%(units)s::int[]) AS u, generate_series(1, 200) AS i
            """,
            **params,
        )
        self.sql(
            """
            INSERT INTO fazhi_case_callback
                (case_id, unit_id, company_id, partner_id, case_type, state, method,
                 satisfaction, planned_month, deadline, date,
                 create_uid, create_date, write_uid, write_date)
            SELECT c.id, c.unit_id, c.company_id, c.partner_id, c.case_type,
                   CASE WHEN mod(c.id, 20) < 17 THEN 'done'
                        WHEN mod(c.id, 20) = 17 THEN 'unreachable' ELSE 'planned' END,
                   CASE WHEN mod(c.id, 20) < 17 THEN 'phone' END,
                   CASE WHEN mod(c.id, 20) < 12 THEN 'satisfied'
                        WHEN mod(c.id, 20) < 16 THEN 'basically_satisfied'
                        WHEN mod(c.id, 20) = 16 THEN 'dissatisfied' END,
                   date_trunc('month', c.closing_date + interval '1 month')::date,
                   (date_trunc('month', c.closing_date + interval '2 month')
                    - interval '1 day')::date,
                   CASE WHEN mod(c.id, 20) < 17 THEN
                        date_trunc('month', c.closing_date + interval '1 month')::date
                        + mod(c.id, 40) END,
                   1, now(), 1, now()
              FROM fazhi_enforcement_case c WHERE c.unit_id = ANY(%(units)s)
            """,
            **params,
        )
        finding = env["fazhi.callback.finding"].search([], limit=1).id
        self.sql(
            """
            INSERT INTO fazhi_case_callback_finding_rel (callback_id, finding_id)
            SELECT id, %(finding)s FROM fazhi_case_callback
             WHERE unit_id = ANY(%(units)s) AND state = 'done' AND mod(id, 50) = 0
            """,
            finding=finding,
            **params,
        )
        print(f"  {count:,} cases and callbacks ({time.perf_counter() - start:.0f} s)")

        # 50,000 complaints about the units over the year; four in five
        # concluded three weeks later, a tenth real-name or anonymous bad reviews.
        category = env["fazhi.complaint.category"].search([], limit=1).id
        count = self.sql(
            """
            INSERT INTO fazhi_complaint
                (company_id, category_id, accused_unit_id, unit_id, reference, channel, state,
                 description, received_at, received_date, accepted_date, concluded_date,
                 concluded_on_time, outcome, feedback_date, callback_date, satisfaction,
                 is_anonymous, create_uid, create_date, write_uid, write_date)
            SELECT %(company)s, %(category)s, u, u, 'PROVF-TS-' || u || '-' || i,
                   CASE WHEN mod(i, 10) = 0 THEN 'bad_review' ELSE 'phone' END,
                   CASE WHEN mod(i, 5) = 0 THEN 'investigating' ELSE 'callback' END,
                   '基准投诉', d + time '09:00', d, d + 1,
                   CASE WHEN mod(i, 5) > 0 THEN d + 21 END,
                   CASE WHEN mod(i, 5) > 0 THEN mod(i, 7) > 0 END,
                   CASE WHEN mod(i, 5) > 0 THEN
                        (ARRAY['substantiated', 'partly_substantiated', 'unsubstantiated'])
                        [1 + mod(i, 3)] END,
                   CASE WHEN mod(i, 5) > 0 THEN d + 23 END,
                   CASE WHEN mod(i, 5) > 0 AND mod(i, 4) > 0 THEN d + 26 END,
                   CASE WHEN mod(i, 5) > 0 AND mod(i, 4) > 0 THEN
                        (ARRAY['satisfied', 'basically_satisfied', 'unsatisfied'])
                        [1 + mod(i, 3)] END,
                   mod(i, 20) = 0, 1, now(), 1, now()
              FROM unnest(%(units)s::int[]) AS u, generate_series(1, 50) AS i,
                   LATERAL (SELECT %(start)s::date + mod(i * 7 + u, 340) AS d) dd
            """,
            category=category,
            **params,
        )
        print(f"  {count:,} complaints ({time.perf_counter() - start:.0f} s)")

        # 100,000 follow-ups over the year; those of the bad reviews point at them.
        count = self.sql(
            """
            INSERT INTO fazhi_followup
                (company_id, unit_id, name, kind, state, deadline, res_model, res_id,
                 create_uid, create_date, write_uid, write_date)
            SELECT %(company)s, u, '基准整改' || u || '-' || i,
                   (ARRAY['rectification', 'supervision', 'accountability'])[1 + mod(i, 3)],
                   (ARRAY['open', 'in_progress', 'done', 'verified', 'cancelled',
                          'done', 'verified'])[1 + mod(i, 7)],
                   %(start)s::date + mod(i * 11 + u, 360) + 30, NULL, NULL,
                   1, %(start)s::timestamp + make_interval(days => mod(i * 11 + u, 360)),
                   1, now()
              FROM unnest(%(units)s::int[]) AS u, generate_series(1, 95) AS i;
            INSERT INTO fazhi_followup
                (company_id, unit_id, name, kind, state, deadline, res_model, res_id,
                 create_uid, create_date, write_uid, write_date)
            SELECT company_id, accused_unit_id, '差评整改' || id, 'rectification',
                   CASE WHEN mod(id, 3) = 0 THEN 'open' ELSE 'done' END,
                   concluded_date + 10, 'fazhi.complaint', id,
                   1, concluded_date::timestamp, 1, now()
              FROM fazhi_complaint
             WHERE accused_unit_id = ANY(%(units)s) AND channel = 'bad_review'
               AND concluded_date IS NOT NULL
            """,
            **params,
        )

        # Work records: 300 licensing applications, 2 inspection plans and 150
        # inspections, 10 disputes, 12 training sessions (the unit's officers
        # attending) and 12 publicity activities per unit.
        self.sql(
            """
            INSERT INTO fazhi_licensing_record
                (unit_id, company_id, legal_days, actual_days, days_compressed, name, matter,
                 applicant, received_date, concluded_date, deadline, on_time,
                 create_uid, create_date, write_uid, write_date)
            SELECT u, %(company)s, 20, 5 + mod(i, 20), 15 - mod(i, 20), 'PL-' || u || '-' || i,
                   '公共场所卫生许可', '申请人' || i, %(start)s::date + mod(i + u, 350),
                   %(start)s::date + mod(i + u, 350) + 7, %(start)s::date + mod(i + u, 350) + 28,
                   (5 + mod(i, 20)) <= 20, 1, now(), 1, now()
              FROM unnest(%(units)s::int[]) AS u, generate_series(1, 300) AS i;
            INSERT INTO fazhi_inspection_plan
                (unit_id, company_id, year, professional_field_id, planned_count,
                 create_uid, create_date, write_uid, write_date)
            SELECT u, %(company)s, %(year)s, (%(fields)s::int[])[k], 100, 1, now(), 1, now()
              FROM unnest(%(units)s::int[]) AS u, generate_series(1, 2) AS k;
            INSERT INTO fazhi_inspection_record
                (plan_id, unit_id, company_id, professional_field_id, visit_count, result, date,
                 create_uid, create_date, write_uid, write_date)
            SELECT p.id, p.unit_id, p.company_id, p.professional_field_id, 1, 'compliant',
                   %(start)s::date + mod(i * 5 + p.unit_id, 360), 1, now(), 1, now()
              FROM fazhi_inspection_plan p, generate_series(1, 75) AS i
             WHERE p.unit_id = ANY(%(units)s);
            INSERT INTO fazhi_legal_dispute
                (name, kind, unit_id, company_id, received_date, concluded_date, hearing_date,
                 outcome, is_corrected, head_appeared,
                 create_uid, create_date, write_uid, write_date)
            SELECT 'PD-' || u || '-' || i,
                   CASE WHEN mod(i, 2) = 0 THEN 'reconsideration' ELSE 'litigation' END,
                   u, %(company)s, %(start)s::date + i * 30 + mod(u, 20),
                   %(start)s::date + i * 30 + mod(u, 20) + 40,
                   CASE WHEN mod(i, 2) = 1 THEN %(start)s::date + i * 30 + mod(u, 20) + 30 END,
                   CASE WHEN mod(i, 5) = 0 THEN 'revoked' ELSE 'maintained' END,
                   mod(i, 5) = 0, mod(i, 2) = 1 AND mod(u, 3) > 0, 1, now(), 1, now()
              FROM unnest(%(units)s::int[]) AS u, generate_series(1, 10) AS i;
            INSERT INTO fazhi_training_session
                (unit_id, company_id, name, kind, date, hours, participant_count, passed_count,
                 has_exam, create_uid, create_date, write_uid, write_date)
            SELECT u, %(company)s, '法治培训' || u || '-' || i, 'training',
                   make_date(%(year)s, i, 10 + mod(u, 15)), 4, %(officers)s,
                   CASE WHEN mod(i, 3) = 0 THEN %(officers)s - 1 END, mod(i, 3) = 0,
                   1, now(), 1, now()
              FROM unnest(%(units)s::int[]) AS u, generate_series(1, 12) AS i;
            INSERT INTO fazhi_training_session_user_rel (session_id, user_id)
            SELECT s.id, rel.user_id
              FROM fazhi_training_session s
              JOIN fazhi_unit_res_users_rel rel ON rel.unit_id = s.unit_id
             WHERE s.unit_id = ANY(%(units)s);
            INSERT INTO fazhi_publicity_activity
                (unit_id, company_id, name, kind, date, participant_count, material_count,
                 create_uid, create_date, write_uid, write_date)
            SELECT u, %(company)s, '普法宣传' || u || '-' || i, 'lecture',
                   make_date(%(year)s, i, 5 + mod(u, 20)), 50 + mod(u, 50), 100,
                   1, now(), 1, now()
              FROM unnest(%(units)s::int[]) AS u, generate_series(1, 12) AS i
            """,
            officers=OFFICERS,
            **params,
        )
        print(f"  follow-ups and work records ({time.perf_counter() - start:.0f} s)")

        # Indicators: a campaign of the year, 12 monthly rounds, 5 indicators
        # assigned to every unit, an entry per assignment and round.
        framework = env["fazhi.indicator.framework"].search([], limit=1).id
        indicators = env["fazhi.indicator"].search([], limit=5).ids
        self.sql(
            """
            WITH campaign AS (
                INSERT INTO fazhi_indicator_campaign
                    (framework_id, company_id, name, state, date_start, date_end,
                     create_uid, create_date, write_uid, write_date)
                VALUES (%(framework)s, %(company)s, '基准年度考核', 'running',
                        %(start)s, %(start)s::date + 364, 1, now(), 1, now())
                RETURNING id
            ), rounds AS (
                INSERT INTO fazhi_indicator_campaign_round
                    (campaign_id, sequence, name, date_start, deadline,
                     create_uid, create_date, write_uid, write_date)
                SELECT campaign.id, m, '第' || m || '轮', make_date(%(year)s, m, 1),
                       make_date(%(year)s, m, 25), 1, now(), 1, now()
                  FROM campaign, generate_series(1, 12) m
                RETURNING id, campaign_id, sequence, deadline
            ), assignments AS (
                INSERT INTO fazhi_indicator_assignment
                    (campaign_id, indicator_id, unit_id, company_id,
                     create_uid, create_date, write_uid, write_date)
                SELECT campaign.id, ind, u, %(company)s, 1, now(), 1, now()
                  FROM campaign, unnest(%(units)s::int[]) u, unnest(%(indicators)s::int[]) ind
                RETURNING id, campaign_id, unit_id, indicator_id
            )
            INSERT INTO fazhi_indicator_entry
                (assignment_id, round_id, campaign_id, indicator_id, unit_id, company_id,
                 round_sequence, state, deadline, create_uid, create_date, write_uid, write_date)
            SELECT a.id, r.id, a.campaign_id, a.indicator_id, a.unit_id, %(company)s,
                   r.sequence,
                   CASE WHEN mod(a.id + r.sequence, 6) = 0 THEN 'draft'
                        WHEN mod(a.id + r.sequence, 6) = 1 THEN 'submitted'
                        ELSE 'accepted' END,
                   r.deadline, 1, now(), 1, now()
              FROM assignments a, rounds r
            """,
            framework=framework,
            indicators=indicators,
            **params,
        )

        # Satisfaction: a campaign per unit and month, and the kept statistics
        # of its answers (20 questions x 3 choices x 2 counterpart types).
        survey = env.ref("fazhi_satisfaction.survey_survey_001")
        questions = survey.question_ids.filtered(
            lambda q: q.question_type == "simple_choice" and not q.fazhi_is_private_gate
        )
        self.sql(
            """
            INSERT INTO fazhi_satisfaction_campaign
                (unit_id, company_id, survey_id, state, month, snapshot_count, done_count,
                 target_rate, create_uid, create_date, write_uid, write_date)
            SELECT u, %(company)s, %(survey)s, 'closed', make_date(%(year)s, m, 1),
                   100, 80 + mod(u + m, 20), 0.8, 1, now(), 1, now()
              FROM unnest(%(units)s::int[]) u, generate_series(1, 12) m
            """,
            survey=survey.id,
            **params,
        )
        count = self.sql(
            """
            WITH choices AS (
                SELECT q.id AS question_id, a.id AS answer_id, a.fazhi_rating AS rating,
                       row_number() OVER (PARTITION BY q.id ORDER BY a.sequence, a.id) AS rank
                  FROM survey_question q
                  JOIN survey_question_answer a ON a.question_id = q.id
                 WHERE q.id = ANY(%(questions)s)
            )
            INSERT INTO fazhi_satisfaction_statistics_data
                (company_id, unit_id, month, campaign_id, survey_id, question_id, answer_id,
                 rating, counterpart_type, is_walkin, answer_count, satisfied_count,
                 basically_satisfied_count, dissatisfied_count, unknown_count, problem_count,
                 satisfaction_sum, satisfaction_base, unknown_sum, unknown_base,
                 problem_sum, problem_base, is_delta)
            SELECT c.company_id, c.unit_id, c.month, c.id, c.survey_id, ch.question_id,
                   ch.answer_id, ch.rating, ct, FALSE, n,
                   CASE WHEN ch.rating = 'satisfied' THEN n ELSE 0 END,
                   CASE WHEN ch.rating = 'basically_satisfied' THEN n ELSE 0 END,
                   CASE WHEN ch.rating = 'dissatisfied' THEN n ELSE 0 END,
                   CASE WHEN ch.rating = 'unknown' THEN n ELSE 0 END, 0,
                   CASE WHEN ch.rating IN ('satisfied', 'basically_satisfied') THEN 100.0 * n
                        ELSE 0 END,
                   CASE WHEN ch.rating IN ('satisfied', 'basically_satisfied', 'dissatisfied')
                        THEN n ELSE 0 END,
                   CASE WHEN ch.rating = 'unknown' THEN 100.0 * n ELSE 0 END, n, 0, 0, FALSE
              FROM fazhi_satisfaction_campaign c
              JOIN choices ch ON ch.rank <= 3
             CROSS JOIN unnest(ARRAY['enterprise', 'natural']) ct
             CROSS JOIN LATERAL (SELECT CASE ch.rank WHEN 1 THEN 30 ELSE 5 END AS n) nn
             WHERE c.unit_id = ANY(%(units)s)
            """,
            questions=questions.ids,
            **params,
        )
        print(f"  {count:,} rows of kept satisfaction statistics")
        self.cr.commit()
        for table in (
            "fazhi_enforcement_case",
            "fazhi_case_callback",
            "fazhi_complaint",
            "fazhi_followup",
            "fazhi_licensing_record",
            "fazhi_inspection_record",
            "fazhi_legal_dispute",
            "fazhi_training_session",
            "fazhi_publicity_activity",
            "fazhi_indicator_entry",
            "fazhi_satisfaction_campaign",
            "fazhi_satisfaction_statistics_data",
            "res_users",
            "res_partner",
        ):
            self.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
        self.cr.commit()
        print(f"Data built in {time.perf_counter() - start:.0f} s")

    # ------------------------------------------------------------------
    # Measures
    # ------------------------------------------------------------------
    def anchor(self, start, stop, cb_start, cb_stop):
        units = self.units().ids
        params = {
            "units": units,
            "start": start,
            "stop": stop,
            "cb_start": cb_start,
            "cb_stop": cb_stop,
            "year": start.year,
        }

        def run():
            for query in ANCHOR_QUERIES:
                self.cr.execute(SQL(query, **params))
                self.cr.fetchall()

        return run

    def rolled_back(self, func, before=None):
        """``func`` run in a savepoint rolled back after it (timed: ``func`` only)."""
        cr, env = self.cr, self.env

        def run():
            cr.execute("SAVEPOINT bench")
            try:
                if before:
                    before()
                    env.flush_all()
                began = time.perf_counter()
                func()
                env.flush_all()
                return time.perf_counter() - began
            finally:
                env.invalidate_all()
                env.transaction.clear()
                cr.execute("ROLLBACK TO SAVEPOINT bench")

        return run

    def measure(self, repeat):
        env = self.env
        Report = env["fazhi.monthly.report"]
        company = env.company
        units = self.units()
        month_stop = date(YEAR, 12, 1)
        anchor_month = self.anchor(MONTH, month_stop, date(YEAR, 10, 1), MONTH)
        anchor_year = self.anchor(
            date(YEAR, 1, 1), date(YEAR + 1, 1, 1), *[date(YEAR, 1, 1), date(YEAR + 1, 1, 1)]
        )
        print(f"Measures (best of {repeat}, interleaved with their anchors):")

        # 1. The month's reports created with their figures, alone and by the
        # reminder cron (which also schedules a reminder activity per report,
        # notified to the unit's manager).
        def create():
            Report.create([{"unit_id": unit.id, "month": MONTH} for unit in units])

        def cron():
            Report._fazhi_remind_units(company, MONTH, TODAY)

        funcs = {
            "create": self.rolled_back(create),
            "cron": self.rolled_back(cron),
            "anchor": anchor_month,
        }
        times = {name: [] for name in funcs}
        for func in funcs.values():
            func()
        for _run in range(repeat):
            for name, func in funcs.items():
                began = time.perf_counter()
                elapsed = func()
                times[name].append(elapsed or time.perf_counter() - began)
        goal_line(
            f"1. monthly reports of {len(units):,} units created",
            min(times["create"]),
            statistics.median(times["create"]),
            "raw SQL aggregates",
            min(times["anchor"]),
        )
        goal_line(
            "   the same by the reminder cron (+ 1,000 reminders)",
            min(times["cron"]),
            statistics.median(times["cron"]),
            "raw SQL aggregates",
            min(times["anchor"]),
        )

        # The month's reports, kept for 2 and 3 (rolled back at the end).
        reports = Report.create([{"unit_id": unit.id, "month": MONTH} for unit in units])
        env.flush_all()
        env.cr.execute(
            "SELECT count(*) FROM fazhi_monthly_report_line WHERE report_id = ANY(%s)",
            [reports.ids],
        )
        line_count = env.cr.fetchone()[0]
        print(f"  ({line_count:,} figure lines, {line_count / len(reports):.0f} per report)")

        # Where the time of the figures goes, per addon (profiled).
        self.profile_collect(reports)

        # 2. Refreshing every report when a third of their lines changed.
        def perturb():
            env.cr.execute(
                "UPDATE fazhi_monthly_report_line SET value = value + 1 "
                "WHERE report_id = ANY(%s) AND mod(id, 3) = 0",
                [reports.ids],
            )
            env.invalidate_all()

        def refresh():
            reports.action_refresh_figures()

        refreshing = self.rolled_back(refresh, before=perturb)
        times = {"refresh": [], "anchor": []}
        refreshing()
        for _run in range(repeat):
            times["refresh"].append(refreshing())
            began = time.perf_counter()
            anchor_month()
            times["anchor"].append(time.perf_counter() - began)
        goal_line(
            f"2. refresh {len(reports):,} open reports (1/3 changed)",
            min(times["refresh"]),
            statistics.median(times["refresh"]),
            "raw SQL aggregates",
            min(times["anchor"]),
        )

        # 3. The commission's roll-up: 950 reports submitted, a narrative each.
        env.cr.execute(
            """
            UPDATE fazhi_monthly_report
               SET state = CASE WHEN mod(unit_id, 20) = 0 THEN 'draft' ELSE 'submitted' END,
                   submitted_date = CASE WHEN mod(unit_id, 20) = 0 THEN NULL
                                         ELSE %s::timestamp + make_interval(hours => mod(unit_id, 200)) END,
                   narrative = '<p>本月依法行政工作情况。</p>'
             WHERE id = ANY(%s)
            """,
            [datetime(YEAR, 11, 15, 2), reports.ids],
        )
        env.invalidate_all()
        summary = env["fazhi.monthly.summary"].create({"company_id": company.id, "month": MONTH})
        env.flush_all()
        spec = {
            fname: {}
            for fname in (
                "name",
                "month",
                "due_date",
                "commission_due_date",
                "state",
                "unit_count",
                "submitted_count",
                "missing_count",
                "late_count",
                "unit_status_html",
                "rollup_html",
                "narrative_html",
                "missing_unit_names",
            )
        }

        def rollup():
            env.invalidate_all()
            summary.web_read(spec)

        def xlsx():
            env.invalidate_all()
            env["ir.actions.report"]._render_xlsx(
                "fazhi_base.monthly_summary_xlsx", summary.ids, {}
            )

        def anchor_rollup():
            env.cr.execute(
                """
                SELECT line.source, sum(line.value), count(*) FILTER (WHERE line.has_value)
                  FROM fazhi_monthly_report_line line
                  JOIN fazhi_monthly_report report ON report.id = line.report_id
                 WHERE report.company_id = %s AND report.month = %s
                   AND report.state IN ('submitted', 'accepted')
                 GROUP BY line.source
                """,
                [company.id, MONTH],
            )
            env.cr.fetchall()
            env.cr.execute(
                "SELECT state, count(*) FROM fazhi_monthly_report "
                "WHERE company_id = %s AND month = %s GROUP BY state",
                [company.id, MONTH],
            )
            env.cr.fetchall()

        (roll, roll_median), (sheet, sheet_median), (anchor, __) = benchlib.timed(
            [rollup, xlsx, anchor_rollup], repeat
        )
        goal_line(
            "3. commission roll-up of the month (form)", roll, roll_median, "SQL sums", anchor
        )
        goal_line("   its XLSX (the e-mail's attachment)", sheet, sheet_median, "SQL sums", anchor)

        # 4. The annual report draft of the province for the year.
        annual = env["fazhi.annual.report"].create({"unit_id": self.province().id, "year": YEAR})
        env.flush_all()

        def draft():
            annual.action_draft()

        drafting = self.rolled_back(draft)
        times = {"draft": [], "anchor": []}
        drafting()
        anchor_year()
        for _run in range(repeat):
            times["draft"].append(drafting())
            began = time.perf_counter()
            anchor_year()
            times["anchor"].append(time.perf_counter() - began)
        goal_line(
            "4. annual report draft, province, 1,000 units",
            min(times["draft"]),
            statistics.median(times["draft"]),
            "raw SQL, the year",
            min(times["anchor"]),
        )

    def profile_collect(self, reports):
        """Each addon's share of the monthly figures of ``reports`` (cProfile):
        the cumulative time of its ``_fazhi_collect_figures`` minus its super()'s."""
        env = self.env
        env.invalidate_all()
        profiler = cProfile.Profile()
        began = time.perf_counter()
        profiler.enable()
        reports._fazhi_collect_figures()
        profiler.disable()
        total = time.perf_counter() - began
        stats = pstats.Stats(profiler).stats
        cumulative = {
            (code[0], code[1]): values[3]
            for code, values in stats.items()
            if code[2] == "_fazhi_collect_figures"
        }
        chain = []
        for cls in type(reports).__mro__:
            func = cls.__dict__.get("_fazhi_collect_figures")
            if func is None:
                continue
            code = func.__code__
            chain.append(
                (
                    cls.__module__.split(".")[2],
                    cumulative.get((code.co_filename, code.co_firstlineno), 0.0),
                )
            )
        parts = []
        for index, (addon, own) in enumerate(chain):
            below = chain[index + 1][1] if index + 1 < len(chain) else 0.0
            parts.append(f"{addon} {own - below:.2f} s")
        print(
            f"  figures of {len(reports):,} reports: {total:.2f} s (profiled) = " + ", ".join(parts)
        )


def main():
    parser = benchlib.parser(__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "tz": "Asia/Shanghai"})
        province = Province(env)
        if not province.units():
            print("Building a province's year (once; committed):")
            province.build()
        province.measure(args.repeat)
        cr.rollback()


if __name__ == "__main__":
    main()
