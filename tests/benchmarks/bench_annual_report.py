"""Drafting the annual report of a province commission.

Scale: 200 units under one commission unit, a year of work records inserted
with SQL (generate_series): per unit 100 penalty cases (20,000; 10 professional
fields, fines and confiscations, a quarter major with legal review, all to be
published), 500 licensing applications (100,000), 2 inspection plans and 300
inspections (60,000), 20 reconsiderations and lawsuits (4,000).

Measure: ``fazhi.annual.report.action_draft()`` of the commission's report for
the year (every figure of the records, satisfaction, callbacks, complaints,
indicators and follow-ups for the 201 units, the sentences, the figure lines
and the assessment of every unit; goal < 5 s). Anchor: the raw SQL aggregates
of the same record figures (one GROUP BY unit per table, as the figures need
them), so the ratio says what the ORM, the other sources and the writing cost
on top of reading the records.

Everything is rolled back at the end; VACUUM fazhi_enforcement_case,
fazhi_licensing_record, fazhi_inspection_record and fazhi_legal_dispute before
comparing runs.

    .venv/bin/python tests/benchmarks/bench_annual_report.py -c .fazhi/odoo-test.conf -d DB
"""

import statistics
import time

import benchlib

from odoo.tools import SQL

ANCHOR_QUERIES = [
    """SELECT unit_id, count(*), sum(penalty_amount), sum(fine_amount), sum(confiscation_amount)
         FROM fazhi_enforcement_case
        WHERE unit_id = ANY(%(units)s) AND case_type = 'penalty'
          AND closing_date >= %(start)s AND closing_date < %(stop)s
     GROUP BY unit_id""",
    """SELECT unit_id, professional_field_id, count(*) FROM fazhi_enforcement_case
        WHERE unit_id = ANY(%(units)s) AND case_type = 'penalty'
          AND closing_date >= %(start)s AND closing_date < %(stop)s
     GROUP BY unit_id, professional_field_id""",
    """SELECT unit_id, count(*) FILTER (WHERE is_major),
              count(*) FILTER (WHERE is_major AND legal_reviewed),
              count(*) FILTER (WHERE publication_required),
              count(*) FILTER (WHERE publication_required AND published_on_time)
         FROM fazhi_enforcement_case
        WHERE unit_id = ANY(%(units)s) AND decision_date >= %(start)s
          AND decision_date < %(stop)s
     GROUP BY unit_id""",
    """SELECT unit_id, count(*), count(*) FILTER (WHERE on_time), sum(legal_days),
              sum(days_compressed)
         FROM fazhi_licensing_record
        WHERE unit_id = ANY(%(units)s) AND concluded_date >= %(start)s
          AND concluded_date < %(stop)s
     GROUP BY unit_id""",
    """SELECT unit_id, count(*) FROM fazhi_licensing_record
        WHERE unit_id = ANY(%(units)s) AND received_date >= %(start)s
          AND received_date < %(stop)s
     GROUP BY unit_id""",
    """SELECT unit_id, sum(visit_count) FROM fazhi_inspection_record
        WHERE unit_id = ANY(%(units)s) AND date >= %(start)s AND date < %(stop)s
     GROUP BY unit_id""",
    """SELECT unit_id, sum(planned_count) FROM fazhi_inspection_plan
        WHERE unit_id = ANY(%(units)s) AND year = %(year)s GROUP BY unit_id""",
    """SELECT unit_id, kind, outcome, count(*) FROM fazhi_legal_dispute
        WHERE unit_id = ANY(%(units)s) AND received_date >= %(start)s
          AND received_date < %(stop)s
     GROUP BY unit_id, kind, outcome""",
]


def build(env, year):
    Unit = env["fazhi.unit"]
    commission = Unit.create({"name": "基准测试省卫健委", "code": "BENCH-ANN"})
    units = Unit.create(
        [
            {
                "name": f"基准测试单位{index:03d}",
                "code": f"BENCH-ANN-{index:03d}",
                "parent_id": commission.id,
            }
            for index in range(200)
        ]
    )
    partner = env["res.partner"].create(
        {
            "name": "基准测试相对人",
            "is_fazhi_counterpart": True,
            "fazhi_counterpart_type": "enterprise",
        }
    )
    fields_ = env["fazhi.professional.field"].search([], limit=10).ids
    env.flush_all()
    cr = env.cr
    params = {
        "units": units.ids,
        "partner": partner.id,
        "company": env.company.id,
        "fields": fields_,
        "start": f"{year}-01-01",
        "year": year,
    }
    cr.execute(
        SQL(
            """
            INSERT INTO fazhi_enforcement_case
                (unit_id, company_id, partner_id, number, case_type, closing_date,
                 decision_date, professional_field_id, fine_amount, confiscation_amount,
                 penalty_amount, is_major, legal_reviewed, publication_required,
                 publication_deadline, publication_date, published_on_time,
                 create_uid, create_date, write_uid, write_date)
            SELECT u, %(company)s, %(partner)s, 'BENCH-' || u || '-' || i, 'penalty',
                   %(start)s::date + mod(i * 3, 360), %(start)s::date + mod(i * 3, 360),
                   (%(fields)s::int[])[1 + mod(i, cardinality(%(fields)s::int[]))],
                   1000 * (1 + mod(i, 7)), 100 * mod(i, 3), 1000 * (1 + mod(i, 7)) + 100 * mod(i, 3),
                   mod(i, 4) = 0, mod(i, 8) = 0, true,
                   %(start)s::date + mod(i * 3, 360) + 9, %(start)s::date + mod(i * 3, 360) + 5,
                   true, 1, now(), 1, now()
              FROM unnest(%(units)s::int[]) AS u, generate_series(1, 100) AS i
            """,
            **params,
        )
    )
    cr.execute(
        SQL(
            """
            INSERT INTO fazhi_licensing_record
                (unit_id, company_id, legal_days, actual_days, days_compressed, name, matter,
                 applicant, received_date, concluded_date, on_time,
                 create_uid, create_date, write_uid, write_date)
            SELECT u, %(company)s, 20, 5 + mod(i, 20), 15 - mod(i, 20), 'BL-' || u || '-' || i,
                   '公共场所卫生许可', '申请人' || i, %(start)s::date + mod(i, 350),
                   %(start)s::date + mod(i, 350) + 7, (5 + mod(i, 20)) <= 20,
                   1, now(), 1, now()
              FROM unnest(%(units)s::int[]) AS u, generate_series(1, 500) AS i
            """,
            **params,
        )
    )
    cr.execute(
        SQL(
            """
            INSERT INTO fazhi_inspection_plan
                (unit_id, company_id, year, professional_field_id, planned_count,
                 create_uid, create_date, write_uid, write_date)
            SELECT u, %(company)s, %(year)s, (%(fields)s::int[])[k], 200, 1, now(), 1, now()
              FROM unnest(%(units)s::int[]) AS u, generate_series(1, 2) AS k;
            INSERT INTO fazhi_inspection_record
                (plan_id, unit_id, company_id, visit_count, result, date,
                 create_uid, create_date, write_uid, write_date)
            SELECT p.id, p.unit_id, p.company_id, 1, 'compliant',
                   %(start)s::date + mod(i, 360), 1, now(), 1, now()
              FROM fazhi_inspection_plan p, generate_series(1, 150) AS i
             WHERE p.unit_id = ANY(%(units)s);
            INSERT INTO fazhi_legal_dispute
                (name, kind, unit_id, company_id, received_date, concluded_date, outcome,
                 create_uid, create_date, write_uid, write_date)
            SELECT 'BD-' || u || '-' || i,
                   CASE WHEN mod(i, 2) = 0 THEN 'reconsideration' ELSE 'litigation' END,
                   u, %(company)s, %(start)s::date + i * 10, %(start)s::date + i * 10 + 30,
                   'maintained', 1, now(), 1, now()
              FROM unnest(%(units)s::int[]) AS u, generate_series(1, 20) AS i
            """,
            **params,
        )
    )
    env.invalidate_all()
    return commission, units


def main():
    parser = benchlib.parser(__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    year = 2025
    with benchlib.rolled_back_env(args, {"tracking_disable": True}) as env:
        start = time.perf_counter()
        commission, units = build(env, year)
        print(f"data: 200 units, built in {time.perf_counter() - start:.1f} s")
        report = env["fazhi.annual.report"].create({"unit_id": commission.id, "year": year})
        params = {
            "units": (commission | units).ids,
            "start": f"{year}-01-01",
            "stop": f"{year + 1}-01-01",
            "year": year,
        }

        def draft():
            report.action_draft()
            env.flush_all()

        def anchor():
            for query in ANCHOR_QUERIES:
                env.cr.execute(SQL(query, **params))
                env.cr.fetchall()

        draft()
        anchor()
        times = {draft: [], anchor: []}
        for _run in range(args.repeat):
            for func in (draft, anchor):
                env.invalidate_all()
                began = time.perf_counter()
                func()
                times[func].append(time.perf_counter() - began)
        cases = next(line for line in report.figure_ids if line.code == "records.penalty_cases")
        print(f"  cases counted: {cases.value:.0f}; assessment lines: {len(report.assessment_ids)}")
        benchlib.line(
            "draft the commission's annual report (201 units)",
            min(times[draft]),
            statistics.median(times[draft]),
            "raw SQL aggregates of the records",
            min(times[anchor]),
        )
        print(f"  goal: < 5 s; measured {min(times[draft]):.2f} s")


if __name__ == "__main__":
    main()
