"""Complaint escalation (限时督办) at province scale.

Scale: 100,000 open complaints inserted with SQL (generate_series), of which
5,000 are overdue: 2,500 still registered past their acceptance deadline and
2,500 assigned (with a handler) past their conclusion deadline; the others are
open with deadlines in the future.

Measures a run of the scheduled action ``fazhi.complaint._cron_escalate_overdue()``
as Odoo 18's cron runner makes it: one call per batch of 1,000 (select the overdue
ones by an indexed domain, mark them overdue), a progress record in the context,
called again while ``remaining`` > 0; the last call sends one digest per person
(the handler or unit manager, each office user). In production the runner commits
after every call; here all calls share the benchmark's transaction. Then a second
run (idempotent: nothing left). Anchors, same run: the plain SQL query that selects
the overdue ids, and Odoo's own ``_message_log_batch`` of 5,000 notes (the
cheapest thing an escalation must do per record). Goal: the whole run under 5 s.

Everything happens in one transaction that is rolled back at the end.

    .venv/bin/python tests/benchmarks/bench_complaints_escalation.py -c .fazhi/odoo.conf -d DB
"""

import os
import time
from datetime import date, timedelta

import benchlib

from odoo import Command
from odoo.tools import SQL

TOTAL = 100_000
OVERDUE = 5_000


def main():
    args = benchlib.parser(__doc__).parse_args()
    with benchlib.rolled_back_env(args, log_level="info") as env:
        run(env)


def run(env):
    cr = env.cr
    today = date.today()
    handler = env["res.users"].create(
        {
            "name": "Bench handler",
            "login": "bench_complaint_handler",
            "groups_id": [Command.set([env.ref("fazhi_base.group_fazhi_staff").id])],
        }
    )
    unit = env["fazhi.unit"].create(
        {"name": "Bench unit", "code": "BENCH-CPL", "member_ids": [Command.set(handler.ids)]}
    )
    category = env.ref("fazhi_complaints.fazhi_complaint_category_duty")
    env.flush_all()
    start = time.perf_counter()
    half = OVERDUE // 2
    cr.execute(
        SQL(
            """
            INSERT INTO fazhi_complaint (
                reference, company_id, channel, received_at, received_date, category_id,
                description, state, accept_deadline, conclude_deadline, accepted_date,
                unit_id, handler_id, is_overdue, escalated_accept, escalated_conclude,
                reopen_count, extension_days, create_uid, write_uid, create_date, write_date)
            SELECT 'BENCH-' || n, %(company)s, 'phone', now(), %(today)s, %(category)s,
                   'bench', CASE WHEN n <= %(half)s OR n > %(overdue)s AND mod(n, 2) = 0
                                 THEN 'registered' ELSE 'assigned' END,
                   CASE WHEN n <= %(half)s THEN %(past)s ELSE %(future)s END,
                   CASE WHEN n > %(half)s AND n <= %(overdue)s THEN %(past)s
                        WHEN n > %(overdue)s AND mod(n, 2) = 1 THEN %(future)s END,
                   CASE WHEN n > %(half)s AND (n <= %(overdue)s OR mod(n, 2) = 1)
                        THEN %(past)s END,
                   CASE WHEN n > %(half)s AND (n <= %(overdue)s OR mod(n, 2) = 1)
                        THEN %(unit)s END,
                   CASE WHEN n > %(half)s AND (n <= %(overdue)s OR mod(n, 2) = 1)
                        THEN %(handler)s END,
                   false, false, false, 0, 0, 1, 1, now(), now()
              FROM generate_series(1, %(total)s) n
            """,
            company=env.company.id,
            today=today,
            category=category.id,
            half=half,
            overdue=OVERDUE,
            past=today - timedelta(days=3),
            future=today + timedelta(days=30),
            unit=unit.id,
            handler=handler.id,
            total=TOTAL,
        )
    )
    cr.execute("ANALYZE fazhi_complaint")
    print(f"Inserted {TOTAL:,} open complaints in {time.perf_counter() - start:.1f} s")

    Complaint = env["fazhi.complaint"]
    # Anchor 1: the plain SQL selection of the overdue complaints.
    start = time.perf_counter()
    cr.execute(
        SQL(
            """
            SELECT id FROM fazhi_complaint
             WHERE (state = 'registered' AND accept_deadline < %(today)s AND NOT escalated_accept)
                OR (state IN ('accepted', 'assigned', 'investigating')
                    AND conclude_deadline < %(today)s AND NOT escalated_conclude)
            """,
            today=today,
        )
    )
    overdue_ids = [row[0] for row in cr.fetchall()]
    sql_time = time.perf_counter() - start
    print(f"  overdue selected by SQL: {len(overdue_ids):,} in {sql_time:.3f} s (anchor 1)")

    # Anchor 2: Odoo's batch chatter note on as many records (then removed).
    cr.execute("SAVEPOINT bench_anchor")
    start = time.perf_counter()
    Complaint.browse(overdue_ids)._message_log_batch(dict.fromkeys(overdue_ids, "bench note"))
    env.flush_all()
    log_time = time.perf_counter() - start
    cr.execute("ROLLBACK TO SAVEPOINT bench_anchor")
    env.invalidate_all()
    print(f"  _message_log_batch of {len(overdue_ids):,} notes: {log_time:.3f} s (anchor 2)")

    cron = env.ref("fazhi_complaints.fazhi_complaint_cron_escalate")
    env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_message")
    last_message = env.cr.fetchone()[0]
    start = time.perf_counter()
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        with cProfile.Profile() as profile:
            calls = run_cron(cron, Complaint)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(35)
    else:
        calls = run_cron(cron, Complaint)
    cron_time = time.perf_counter() - start
    escalated = Complaint.search_count([("is_overdue", "=", True)])
    activities = env["mail.activity"].search_count([("res_model", "=", "fazhi.complaint")])
    digests = env["mail.message"].search(
        [("id", ">", last_message), ("message_type", "=", "user_notification")]
    )
    recipients = (
        env["mail.notification"].search([("mail_message_id", "in", digests.ids)]).res_partner_id
    )
    print(
        f"  cron escalation: {cron_time:.3f} s for {escalated:,} overdue in {len(calls)} calls "
        f"(done/remaining, seconds per call: "
        f"{', '.join(f'{d}/{r} {t:.2f}' for d, r, t in calls)}) | {activities:,} activities, "
        f"{len(digests)} digest message(s) to {len(recipients)} people | ratio to SQL selection "
        f"{cron_time / sql_time:.0f}x, to the batch notes {cron_time / log_time:.2f}x | "
        f"goal < 5 s: {'OK' if cron_time < 5 else 'MISSED'}"
    )
    start = time.perf_counter()
    calls = run_cron(cron, Complaint)
    print(
        f"  second run (nothing left to escalate): {time.perf_counter() - start:.3f} s, "
        f"{len(calls)} call"
    )


def run_cron(cron, model):
    """Call the cron's method as Odoo 18's runner does (``ir.cron._run_job``): a
    progress record in the context, again while it reports remaining work.
    Returns ``[(done, remaining, seconds)]`` per call."""
    calls = []
    while True:
        _cron, progress = cron._add_progress()
        start = time.perf_counter()
        model.with_context(ir_cron_progress_id=progress.id)._cron_escalate_overdue()
        model.env.flush_all()
        calls.append((progress.done, progress.remaining, time.perf_counter() - start))
        if not progress.remaining or not progress.done:
            return calls


if __name__ == "__main__":
    main()
