"""Monthly satisfaction campaign generation for a unit of 50,000 counterparts.

Scale: one unit with 50,000 active counterparts (res.partner rows and their
unit links inserted with SQL, generate_series), plus 500 archived ones that
the snapshot leaves out.

Measures, each beside its anchor from the same run (best and median of
``--repeat`` runs, each in a savepoint rolled back afterwards, flush included):

1. ``fazhi.satisfaction.campaign._generate_campaigns`` for that unit, as the
   nightly cron ``_cron_generate_campaigns`` runs it: one grouped read of the
   counterparts, one ``create`` of the campaign, one ``create`` of the 50,000
   interview tasks, the campaign figures computed. Goals: under 10 s, and
   within 3x of the anchor.
   Anchor: a plain batch ``create`` of 50,000 ``fazhi.satisfaction.task`` rows
   for another campaign of the same unit, with the same values as the
   generation gives (campaign, counterpart, type, and the campaign's unit,
   month and company), the same context, the value dicts prepared beforehand.
2. For context: the same batch create given only campaign, counterpart and
   type (the ORM then computes the stored related fields), a create loop (one
   ``create`` call per task) of 5,000 tasks scaled x10, and a raw SQL
   ``INSERT ... SELECT`` of the 50,000 rows.

Everything happens in one transaction that is rolled back at the end.

    .venv/bin/python tests/benchmarks/bench_campaign_generation.py -c .fazhi/odoo.conf -d DB
"""

import statistics
import time

import benchlib

from odoo import SUPERUSER_ID
from odoo.tools import SQL

TYPES = ["natural", "enterprise", "private_enterprise", "medical", "public_place", "other"]
MONTH = "2031-03-01"
ANCHOR_MONTH = "2031-04-01"


class Bench:
    def __init__(self, env, counterparts, loop_rows, repeat):
        self.env = env
        self.cr = env.cr
        self.counterparts = counterparts
        self.loop_rows = loop_rows
        self.repeat = repeat

    # ------------------------------------------------------------------
    # Data
    # ------------------------------------------------------------------
    def build(self):
        start = time.perf_counter()
        self.unit = self.env["fazhi.unit"].create({"name": "BENCH-审批办", "code": "BENCH-SPB"})
        self.cr.execute(
            SQL(
                """
                INSERT INTO res_partner (name, complete_name, active, is_company, type,
                                         is_fazhi_counterpart, fazhi_counterpart_type,
                                         create_uid, write_uid, create_date, write_date)
                SELECT 'BENCH-' || n, 'BENCH-' || n, n <= %(active)s, true, 'contact',
                       true, (%(types)s::varchar[])[1 + mod(n, %(ntypes)s)],
                       %(uid)s, %(uid)s, now() at time zone 'UTC', now() at time zone 'UTC'
                  FROM generate_series(1, %(total)s) n
                RETURNING id
                """,
                active=self.counterparts,
                total=self.counterparts + 500,
                types=TYPES,
                ntypes=len(TYPES),
                uid=SUPERUSER_ID,
            )
        )
        self.partner_ids = [row[0] for row in self.cr.fetchall()]
        self.cr.execute(
            SQL(
                "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
                self.partner_ids,
            )
        )
        self.cr.execute(
            SQL(
                """
                INSERT INTO fazhi_unit_res_partner_rel (unit_id, partner_id)
                SELECT %s, unnest(%s::int[])
                """,
                self.unit.id,
                self.partner_ids,
            )
        )
        self.env.invalidate_all()
        print(
            f"  data: 1 unit, {self.counterparts:,} active + 500 archived counterparts "
            f"inserted in {time.perf_counter() - start:.1f} s"
        )

    # ------------------------------------------------------------------
    # Timing helpers
    # ------------------------------------------------------------------
    def timed(self, func):
        """Best and median of ``repeat`` runs of ``func``, each rolled back."""
        times = []
        result = None
        for _run in range(self.repeat):
            savepoint = self.cr.savepoint()
            self.env.invalidate_all()
            start = time.perf_counter()
            result = func()
            self.env.flush_all()
            times.append(time.perf_counter() - start)
            savepoint.close(rollback=True)
            self.env.invalidate_all()
        return min(times), statistics.median(times), result

    # ------------------------------------------------------------------
    # Benchmarks
    # ------------------------------------------------------------------
    def run(self):
        # importable once the configuration gave the addons path
        from odoo.addons.fazhi_satisfaction.models.fazhi_satisfaction_campaign import (
            TASK_BATCH_CONTEXT,
        )

        Campaign = self.env["fazhi.satisfaction.campaign"]
        Task = self.env["fazhi.satisfaction.task"].with_context(**TASK_BATCH_CONTEXT)

        # 1. the generation, as the cron does it
        def generate():
            before = self.cr.sql_log_count
            campaigns = Campaign._generate_campaigns(MONTH, self.unit.ids)
            self.env.flush_all()
            return campaigns.snapshot_count, self.cr.sql_log_count - before

        gen_best, gen_median, (snapshot, queries) = self.timed(generate)
        assert snapshot == self.counterparts, snapshot

        # anchor: a plain batch create of the same rows for another campaign
        anchor_campaign = Campaign.create({"unit_id": self.unit.id, "month": ANCHOR_MONTH})
        active_ids = self.partner_ids[: self.counterparts]
        minimal_vals_list = [
            {
                "campaign_id": anchor_campaign.id,
                "partner_id": partner_id,
                "counterpart_type": TYPES[(i + 1) % len(TYPES)],
            }
            for i, partner_id in enumerate(active_ids)
        ]
        common = {
            "unit_id": self.unit.id,
            "month": anchor_campaign.month,
            "company_id": self.unit.company_id.id,
            "state": "todo",
        }
        vals_list = [dict(vals, **common) for vals in minimal_vals_list]
        anchor_best, anchor_median, __ = self.timed(lambda: Task.create(vals_list))
        minimal_best, minimal_median, __ = self.timed(lambda: Task.create(minimal_vals_list))

        # context: a create loop of loop_rows, scaled
        loop_vals = vals_list[: self.loop_rows]

        def create_loop():
            for vals in loop_vals:
                Task.create(vals)

        loop_best, loop_median, __ = self.timed(create_loop)
        scale = self.counterparts / self.loop_rows

        # context: the same rows in one SQL statement
        def raw_sql():
            self.cr.execute(
                SQL(
                    """
                    INSERT INTO fazhi_satisfaction_task
                        (campaign_id, unit_id, month, company_id, partner_id, counterpart_type,
                         state, channel, create_uid, write_uid, create_date, write_date)
                    SELECT %(campaign)s, %(unit)s, %(month)s, %(company)s, p.id,
                           p.fazhi_counterpart_type, 'todo', 'phone', %(uid)s, %(uid)s,
                           now() at time zone 'UTC', now() at time zone 'UTC'
                      FROM res_partner p WHERE p.id = ANY(%(ids)s)
                    """,
                    campaign=anchor_campaign.id,
                    unit=self.unit.id,
                    month=ANCHOR_MONTH,
                    company=self.unit.company_id.id,
                    uid=SUPERUSER_ID,
                    ids=active_ids,
                )
            )

        sql_best, sql_median, __ = self.timed(raw_sql)

        rows = f"{self.counterparts:,}"
        print(f"\n  Campaign generation, 1 unit, {rows} counterparts ({queries} queries):")
        benchlib.line(
            "_generate_campaigns (read + 1 campaign + tasks)",
            gen_best,
            gen_median,
            f"batch create of {rows} tasks",
            anchor_best,
            3,
        )
        print(f"  {'':<52} goal: under 10 s -> {'met' if gen_best < 10 else 'NOT met'}")
        benchlib.line(f"anchor: batch create of {rows} tasks", anchor_best, anchor_median)
        benchlib.line(
            "context: batch create, related fields computed",
            minimal_best,
            minimal_median,
            f"batch create of {rows} tasks",
            anchor_best,
        )
        benchlib.line(
            f"context: create loop of {self.loop_rows:,} tasks x{scale:g}",
            loop_best * scale,
            loop_median * scale,
            f"batch create of {rows} tasks",
            anchor_best,
        )
        benchlib.line(
            f"context: SQL INSERT ... SELECT of {rows} tasks",
            sql_best,
            sql_median,
            f"batch create of {rows} tasks",
            anchor_best,
        )


def main():
    parser = benchlib.parser(__doc__)
    parser.add_argument("--counterparts", type=int, default=50_000)
    parser.add_argument("--loop-rows", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with benchlib.rolled_back_env(args, {"tracking_disable": True}) as env:
        bench = Bench(env, args.counterparts, args.loop_rows, args.repeat)
        print(f"Campaign generation benchmark on {args.database} (rolled back at the end)")
        bench.build()
        bench.run()


if __name__ == "__main__":
    main()
