"""Province scale: the satisfaction statistics pivot over 20,000,000 answer lines.

Scale: a year of a province: 1,000 units x 12 monthly campaigns x 88 submitted
interviews = 1,056,000 answers of the 19 rated single-choice questions of the
shipped questionnaire 依法行政调查问卷 = 20,064,000 answer lines (survey_user_input_line),
with 100,000 counterparts. Each unit's counterparts are of two types; the
choices lean to 满意 as real answers do. Campaigns are created with the ORM,
interviews, answers and lines with SQL (INSERT ... SELECT generate_series) with
the statistics' triggers off, then the kept statistics are built once
(``fazhi.satisfaction.statistics._fazhi_rebuild``, timed).

The data is built once and committed in the database given (use a database of
its own: it grows by about 8 GB); later runs find it and measure only.
``--drop-data`` removes it (run ``VACUUM`` afterwards).

Measures, each beside its anchor from the same run (interleaved, best of N):

1. The pivot grouped by unit and month (satisfaction, unknown and problem rates
   and the answer count, the year as domain), through ``read_group`` (what the
   pivot calls), as the supervision office (every unit), as a unit-scoped staff
   user and as the manager of a city (its 55 units, ``child_of``), record rules
   applied. Anchor: the raw SQL ``GROUP BY`` of the lines (joined to their
   choice's rating) by unit and month. Goal: under 1 s, and at least 4x faster
   than the anchor.
2. Exactness at scale: the kept sums per unit and month against the same sums
   from the lines.
3. What keeping them costs: submitting one interview (an answer of 20 lines
   through the ORM, submitted), with the triggers against without them; the
   nightly merge after 1,000 submissions; the full rebuild.

    .venv/bin/python tests/benchmarks/bench_province_statistics.py -c .fazhi/odoo-test.conf -d DB
"""

import time
from datetime import date, datetime

import benchlib

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.tools import SQL

UNITS = 1_000
CITIES = 18
MONTHS = [date(2025, month, 1) for month in range(1, 13)]
ANSWERS_PER_CAMPAIGN = 88
PARTNERS = 100_000
TYPES = ["natural", "enterprise", "private_enterprise", "medical", "public_place", "other"]
CODE = "PROV"


def goal_line(label, figure, anchor_label, anchor, limit):
    faster = anchor / figure if figure else float("inf")
    met = figure < limit and faster >= 4
    print(
        f"  {label:<44} {figure * 1000:8.1f} ms | anchor {anchor_label}: {anchor * 1000:8.1f} ms"
        f" | {faster:5.1f}x faster | goal < {limit * 1000:.0f} ms and >= 4x: "
        f"{'met' if met else 'NOT met'}"
    )


class Province:
    def __init__(self, env):
        self.env = env
        self.cr = env.cr
        self.survey = env.ref("fazhi_satisfaction.survey_survey_001")
        self.questions = self.survey.question_ids.filtered(
            lambda q: q.question_type == "simple_choice" and not q.fazhi_is_private_gate
        )

    def units(self):
        return self.env["fazhi.unit"].search([("code", "=like", f"{CODE}-%")])

    # ------------------------------------------------------------------
    # Data
    # ------------------------------------------------------------------
    def build(self):
        env, cr = self.env, self.cr
        start = time.perf_counter()
        benchlib.province_units(env, CODE, units=UNITS, cities=CITIES)
        units = self.units()
        print(f"  {len(units):,} units")
        cr.execute(
            SQL(
                """
                INSERT INTO res_partner (name, complete_name, active, type, is_company,
                                         fazhi_counterpart_type, create_uid, create_date,
                                         write_uid, write_date)
                SELECT '省级相对人' || n, '省级相对人' || n, TRUE, 'contact', TRUE,
                       (%(types)s::varchar[])[1 + mod(n, 6)], 1, now(), 1, now()
                  FROM generate_series(1, %(count)s) n
                RETURNING id
                """,
                types=TYPES,
                count=PARTNERS,
            )
        )
        partner_ids = [row[0] for row in cr.fetchall()]
        campaigns = (
            env["fazhi.satisfaction.campaign"]
            .with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
            .create(
                [
                    {"unit_id": unit.id, "month": month, "survey_id": self.survey.id}
                    for unit in units
                    for month in MONTHS
                ]
            )
        )
        env.flush_all()
        print(f"  {len(campaigns):,} campaigns ({time.perf_counter() - start:.0f} s)")
        # interviews: the counterparts of a unit are of two types
        cr.execute(
            SQL(
                """
                INSERT INTO fazhi_satisfaction_task
                    (campaign_id, unit_id, month, company_id, partner_id, counterpart_type,
                     channel, state, completed_date, create_uid, create_date, write_uid,
                     write_date)
                SELECT c.id, c.unit_id, c.month, c.company_id,
                       (%(partners)s::int[])[1 + mod(c.unit_id * 97 + rank, %(count)s)],
                       (%(types)s::varchar[])[1 + mod(c.unit_id + (mod(rank, 3) = 0)::int, 6)],
                       'phone', 'done', c.month + interval '9 days', 1, now(), 1, now()
                  FROM fazhi_satisfaction_campaign c
                 CROSS JOIN generate_series(0, %(per)s - 1) AS rank
                 WHERE c.id = ANY(%(campaigns)s)
                """,
                partners=partner_ids,
                count=len(partner_ids),
                types=TYPES,
                per=ANSWERS_PER_CAMPAIGN,
                campaigns=campaigns.ids,
            )
        )
        cr.execute(
            SQL(
                """
                INSERT INTO survey_user_input
                    (survey_id, partner_id, state, access_token, fazhi_unit_id, fazhi_task_id,
                     fazhi_campaign_id, start_datetime, end_datetime, create_uid, create_date,
                     write_uid, write_date)
                SELECT %(survey)s, t.partner_id, 'done', md5(t.id::text), t.unit_id, t.id,
                       t.campaign_id, t.month + interval '9 days',
                       t.month + interval '9 days 10 minutes', 1, t.month + interval '9 days',
                       1, now()
                  FROM fazhi_satisfaction_task t
                 WHERE t.campaign_id = ANY(%(campaigns)s)
                """,
                survey=self.survey.id,
                campaigns=campaigns.ids,
            )
        )
        print(f"  {cr.rowcount:,} answers ({time.perf_counter() - start:.0f} s)")
        Statistics = env["fazhi.satisfaction.statistics"]
        Statistics._fazhi_set_triggers(False)
        # 20,000,000 rows checked one by one against 8 foreign keys take longer
        # than the insert itself: the keys are dropped, then added back and
        # validated in one pass each (the rows are built from existing ones)
        cr.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'survey_user_input_line'::regclass AND contype = 'f'"
        )
        foreign_keys = cr.fetchall()
        for name, __ in foreign_keys:
            cr.execute(
                SQL(
                    "ALTER TABLE survey_user_input_line DROP CONSTRAINT %s",
                    SQL.identifier(name),
                )
            )
        # a choice per question: 满意 mostly, the others now and then
        cr.execute(
            SQL(
                """
                WITH questions AS (
                    SELECT row_number() OVER (ORDER BY q.sequence, q.id) - 1 AS idx,
                           q.id, q.sequence,
                           array_agg(a.id ORDER BY a.sequence, a.id) AS choices
                      FROM survey_question q
                      JOIN survey_question_answer a ON a.question_id = q.id
                     WHERE q.id = ANY(%(questions)s)
                     GROUP BY q.id
                )
                INSERT INTO survey_user_input_line
                    (user_input_id, survey_id, question_id, question_sequence, answer_type,
                     suggested_answer_id, skipped, fazhi_unit_id, fazhi_company_id,
                     fazhi_campaign_id, fazhi_month, fazhi_submitted, fazhi_counterpart_type,
                     fazhi_walkin, create_uid, create_date, write_uid, write_date)
                SELECT ui.id, ui.survey_id, q.id, q.sequence, 'suggestion',
                       CASE WHEN mod(ui.id * 7 + q.idx * 13, 10) < 8 THEN q.choices[1]
                            ELSE q.choices[1 + mod(ui.id + q.idx, cardinality(q.choices))]
                       END,
                       FALSE, t.unit_id, t.company_id, t.campaign_id, t.month, TRUE,
                       t.counterpart_type, FALSE, 1, now(), 1, now()
                  FROM survey_user_input ui
                  JOIN fazhi_satisfaction_task t ON t.id = ui.fazhi_task_id
                 CROSS JOIN questions q
                 WHERE ui.fazhi_campaign_id = ANY(%(campaigns)s)
                """,
                questions=self.questions.ids,
                campaigns=campaigns.ids,
            )
        )
        print(f"  {cr.rowcount:,} answer lines ({time.perf_counter() - start:.0f} s)")
        for name, definition in foreign_keys:
            cr.execute(
                SQL(
                    "ALTER TABLE survey_user_input_line ADD CONSTRAINT %s %s NOT VALID",
                    SQL.identifier(name),
                    SQL(definition.replace("%", "%%")),
                )
            )
            cr.execute(
                SQL(
                    "ALTER TABLE survey_user_input_line VALIDATE CONSTRAINT %s",
                    SQL.identifier(name),
                )
            )
        print(f"  foreign keys validated ({time.perf_counter() - start:.0f} s)")
        Statistics._fazhi_set_triggers(True)
        cr.execute(
            "UPDATE fazhi_satisfaction_campaign c SET snapshot_count = %s, done_count = %s "
            "WHERE c.id = ANY(%s)",
            [ANSWERS_PER_CAMPAIGN, ANSWERS_PER_CAMPAIGN, campaigns.ids],
        )
        rebuild = time.perf_counter()
        Statistics._fazhi_rebuild()
        print(f"  kept statistics built in {time.perf_counter() - rebuild:.1f} s")
        cr.commit()
        for table in (
            "survey_user_input_line",
            "survey_user_input",
            "fazhi_satisfaction_task",
            "res_partner",
            "fazhi_satisfaction_statistics_data",
        ):
            cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
        cr.commit()
        print(f"Data built in {time.perf_counter() - start:.0f} s")

    def drop(self):
        units = self.units()
        if not units:
            return
        cr = self.cr
        cr.execute("DELETE FROM survey_user_input WHERE fazhi_unit_id = ANY(%s)", [units.ids])
        cr.execute("DELETE FROM fazhi_satisfaction_campaign WHERE unit_id = ANY(%s)", [units.ids])
        cr.execute("DELETE FROM res_partner WHERE name LIKE '省级相对人%%'")
        cr.execute("DELETE FROM fazhi_unit WHERE id = ANY(%s)", [units.ids])
        self.env["fazhi.satisfaction.statistics"]._fazhi_rebuild()
        cr.commit()

    # ------------------------------------------------------------------
    # Measures
    # ------------------------------------------------------------------
    def user(self, login, group, **vals):
        Users = self.env["res.users"].with_context(no_reset_password=True)
        user = Users.search([("login", "=", login)])
        if not user:
            user = Users.create(
                {
                    "name": login,
                    "login": login,
                    "groups_id": [Command.set([self.env.ref(f"fazhi_base.{group}").id])],
                    **vals,
                }
            )
        return user

    def measure_pivot(self, repeat):
        units = self.units()
        city = units.filtered(lambda u: u.code.startswith(f"{CODE}-C")).sorted("code")[:1]
        district = units.filtered(lambda u: u.code.startswith(f"{CODE}-D")).sorted("code")[:1]
        office = self.user("prov_office", "group_fazhi_office")
        staff = self.user("prov_staff", "group_fazhi_staff")
        manager = self.user("prov_city_manager", "group_fazhi_unit_manager")
        district.member_ids = [Command.link(staff.id)]
        city.manager_id = manager
        self.env.flush_all()
        domain = [("month", ">=", "2025-01-01"), ("month", "<=", "2025-12-31")]
        fields_ = [
            "satisfaction_rate:avg",
            "unknown_rate:avg",
            "problem_rate:avg",
            "answer_count:sum",
        ]
        groupby = ["unit_id", "month:month"]

        def pivot(user):
            Statistics = self.env["fazhi.satisfaction.statistics"].with_user(user)

            def run():
                Statistics.invalidate_model()
                return Statistics.read_group(domain, fields_, groupby, lazy=False)

            return run

        def anchor():
            self.cr.execute(
                """
                SELECT line.fazhi_unit_id, line.fazhi_month,
                       AVG(NULLIF(choice.fazhi_satisfaction_value, -1)),
                       AVG(NULLIF(choice.fazhi_unknown_value, -1)),
                       AVG(NULLIF(choice.fazhi_problem_value, -1)),
                       COUNT(*)
                  FROM survey_user_input_line line
                  JOIN survey_question_answer choice ON choice.id = line.suggested_answer_id
                 WHERE line.fazhi_submitted AND line.fazhi_unit_id IS NOT NULL
                   AND line.answer_type = 'suggestion' AND line.matrix_row_id IS NULL
                   AND line.fazhi_month BETWEEN '2025-01-01' AND '2025-12-31'
                 GROUP BY 1, 2
                """
            )
            return self.cr.fetchall()

        groups = len(pivot(office)())
        print(f"Pivot by unit and month, a year ({groups:,} cells for the office):")
        results = benchlib.timed([pivot(office), pivot(staff), pivot(manager), anchor], repeat)
        (office_t, __), (staff_t, __), (manager_t, __), (anchor_t, __) = results
        goal_line("as the supervision office (1,000 units)", office_t, "raw GROUP BY", anchor_t, 1)
        goal_line("as a unit's staff (record rules)", staff_t, "raw GROUP BY", anchor_t, 1)
        goal_line("as a city's manager (55 units)", manager_t, "raw GROUP BY", anchor_t, 1)

    def measure_exactness(self):
        # the counts and the satisfaction and unknown rates straight from the
        # lines (the problem incidence, counted once per answer, is compared
        # with the lines by test_statistics_kept.py)
        self.cr.execute(
            """
            WITH kept AS (
                SELECT unit_id, month, SUM(answer_count) n, SUM(satisfied_count) s,
                       SUM(dissatisfied_count) d, SUM(problem_count) p,
                       SUM(satisfaction_sum) ss, SUM(satisfaction_base) sb,
                       SUM(unknown_sum) us, SUM(unknown_base) ub
                  FROM fazhi_satisfaction_statistics_unit_data GROUP BY 1, 2
                HAVING SUM(answer_count) <> 0
            ), lines AS (
                SELECT line.fazhi_unit_id AS unit_id, line.fazhi_month AS month, COUNT(*) n,
                       COUNT(*) FILTER (WHERE choice.fazhi_rating = 'satisfied') s,
                       COUNT(*) FILTER (WHERE choice.fazhi_rating = 'dissatisfied') d,
                       COUNT(*) FILTER (WHERE choice.fazhi_rating = 'problem') p,
                       COALESCE(SUM(NULLIF(choice.fazhi_satisfaction_value, -1)), 0) ss,
                       COUNT(NULLIF(choice.fazhi_satisfaction_value, -1)) sb,
                       COALESCE(SUM(NULLIF(choice.fazhi_unknown_value, -1)), 0) us,
                       COUNT(NULLIF(choice.fazhi_unknown_value, -1)) ub
                  FROM survey_user_input_line line
                  JOIN survey_question_answer choice ON choice.id = line.suggested_answer_id
                 WHERE line.fazhi_submitted AND line.fazhi_unit_id IS NOT NULL
                   AND line.answer_type = 'suggestion' AND line.matrix_row_id IS NULL
                 GROUP BY 1, 2
            )
            SELECT COUNT(*) FILTER (WHERE kept IS DISTINCT FROM lines), COUNT(*)
              FROM kept FULL JOIN lines USING (unit_id, month)
            """
        )
        differing, groups = self.cr.fetchone()
        print(
            f"Exactness: {groups:,} unit-months compared with the lines, {differing} differ: "
            f"{'exact' if not differing else 'NOT exact'}"
        )
        self.cr.execute(
            "SELECT COUNT(*), pg_size_pretty(pg_total_relation_size("
            "'fazhi_satisfaction_statistics_data')) FROM fazhi_satisfaction_statistics_data"
        )
        rows, size = self.cr.fetchone()
        self.cr.execute(
            "SELECT COUNT(*), pg_size_pretty(pg_total_relation_size('survey_user_input_line')) "
            "FROM survey_user_input_line"
        )
        lines, line_size = self.cr.fetchone()
        print(f"  {lines:,} lines ({line_size}) kept in {rows:,} rows ({size})")

    def measure_costs(self, repeat):
        Statistics = self.env["fazhi.satisfaction.statistics"]
        task = self.env["fazhi.satisfaction.task"].search(
            [("unit_id", "in", self.units()[:1].ids)], limit=1
        )
        choices = [q.suggested_answer_ids[:1] for q in self.questions]

        def submit():
            answer = self.env["survey.user_input"].create(
                {
                    "survey_id": self.survey.id,
                    "partner_id": task.partner_id.id,
                    "fazhi_task_id": task.id,
                    "fazhi_unit_id": task.unit_id.id,
                    "state": "in_progress",
                    "end_datetime": datetime(2025, 1, 20, 9, 30),
                    "user_input_line_ids": [
                        Command.create(
                            {
                                "question_id": choice.question_id.id,
                                "answer_type": "suggestion",
                                "suggested_answer_id": choice.id,
                            }
                        )
                        for choice in choices
                    ],
                }
            )
            answer.state = "done"
            self.env.flush_all()

        def with_triggers():
            submit()

        def without_triggers():
            Statistics._fazhi_set_triggers(False)
            submit()
            Statistics._fazhi_set_triggers(True)

        self.cr.execute("SAVEPOINT costs")
        (on, __), (off, __) = benchlib.timed([with_triggers, without_triggers], repeat)
        print("What keeping the statistics costs:")
        print(
            f"  one interview submitted (20 lines)           {on * 1000:8.1f} ms | without the "
            f"triggers: {off * 1000:.1f} ms | difference {(on - off) * 1000:+.1f} ms"
        )
        for __ in range(1_000):
            submit()
        start = time.perf_counter()
        merged = Statistics._fazhi_compact()
        print(
            f"  nightly merge after ~1,000 submissions       {time.perf_counter() - start:8.2f} s "
            f"({merged:,} rows merged)"
        )
        self.cr.execute("ROLLBACK TO SAVEPOINT costs")
        start = time.perf_counter()
        Statistics._fazhi_rebuild()
        print(
            f"  full rebuild from the lines                  {time.perf_counter() - start:8.2f} s"
        )
        self.cr.rollback()


def main():
    parser = benchlib.parser(__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--drop-data", action="store_true")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        province = Province(env)
        if args.drop_data:
            province.drop()
            print("Province data removed.")
            return
        if not province.units():
            print("Building a province's year (once; committed):")
            province.build()
        province.measure_pivot(args.repeat)
        cr.rollback()
        province.measure_exactness()
        province.measure_costs(args.repeat)
        cr.rollback()


if __name__ == "__main__":
    main()
