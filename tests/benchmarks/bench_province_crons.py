"""Nightly crons at province scale, in committed batches, resumable after a kill.

Scale (issue 14): 1,000 units; 500,000 active counterparts (500 per unit);
200,000 enforcement cases closed last month (200 per unit, one handler each,
4 callback officers per unit, one of them the handler of a quarter of the
cases); 50,000 open complaints, all past a time limit (half still registered
after their acceptance deadline, half assigned after their conclusion
deadline); 100,000 open follow-ups past their deadline. Every row is written
with SQL (``INSERT ... SELECT generate_series``), the units and the 40 users
with ``create``.

Works in its own database: a copy of ``-d`` (``CREATE DATABASE ... TEMPLATE``)
that is dropped at the end (``--keep`` keeps it). The copy's own pending work
(the demo's) is done first, so that each cron finds exactly the rows built.

For each cron (``fazhi.satisfaction.campaign._cron_generate_campaigns``,
``fazhi.case.callback._cron_generate_callbacks``,
``fazhi.complaint._cron_escalate_overdue``, ``fazhi.followup._cron_escalate_overdue``)
it prints, best and median of ``--repeat`` rounds (figure, anchor, limit
interleaved round after round, each run in a savepoint rolled back afterwards,
flush included):

- the cron's time, run as Odoo 18's runner runs it: a progress record and the
  job in the context, one bounded batch per call, called again while it reports
  ``remaining`` (the runner commits between calls: here a flush, the cache
  emptied), with the number of calls;
- anchor: the same rows written by a plain batch ``create`` (the values the
  cron wrote, prepared beforehand, in batches of the cron's size); for the
  escalations, which mark existing rows, a plain batch ``write`` of the same
  values on the same rows, plus the ``create`` of the activities and notes
  the follow-up escalation adds;
- limit: the same rows written by SQL (``INSERT ... SELECT`` / ``UPDATE``);
- the ratio cron / anchor, and "goal met" when it is at most 2.

Then resumption, with real commits: a subprocess runs the cron as the runner
does (commit after every call) and is killed (SIGKILL) in the middle of its
third batch; the committed batches are there, the killed one left nothing;
a second subprocess finishes the run, and every row exists exactly once.

    .venv/bin/python tests/benchmarks/bench_province_crons.py -c .fazhi/odoo-test.conf -d DB
"""

import os
import signal
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta

import benchlib
from dateutil.relativedelta import relativedelta

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.tools import SQL

CRONS = {
    "campaigns": "fazhi_satisfaction.fazhi_satisfaction_campaign_cron_generate",
    "callbacks": "fazhi_satisfaction.fazhi_case_callback_cron_generate",
    "complaints": "fazhi_complaints.fazhi_complaint_cron_escalate",
    "followups": "fazhi_base.fazhi_followup_cron_escalate",
}
TYPES = ["natural", "enterprise", "private_enterprise", "medical", "public_place", "other"]
CASE_TYPES = ["licensing", "penalty", "inspection", "coercion", "confirmation", "other"]
NOW = "now() at time zone 'UTC'"


# ----------------------------------------------------------------------
# Running a cron as Odoo 18's runner does
# ----------------------------------------------------------------------
def run_cron(env, name, commit=False, report=None):
    """Call the cron's method until it reports nothing remaining, each call
    with a progress record and the job in the context (``ir.cron._run_job``).
    ``commit``: commit after every call, as the runner does.

    :return: ``[(done, remaining)]`` per call
    """
    cron = env.ref(CRONS[name])
    method = cron.code.strip().removeprefix("model.").removesuffix("()")
    calls = []
    while True:
        _cron, progress = cron._add_progress()
        model = env[cron.model_id.model].with_context(
            ir_cron_progress_id=progress.id, cron_id=cron.id
        )
        getattr(model, method)()
        env.flush_all()
        if commit:
            env.cr.commit()
        env.invalidate_all()
        calls.append((progress.done, progress.remaining))
        if report:
            report(progress.done, progress.remaining)
        if not progress.remaining or not progress.done:
            return calls


def child(args):
    """Subprocess: run one cron with a commit after every call; print the
    progress of each committed call."""
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.bench_db, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.bench_db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})

        def report(done, remaining):
            print(f"committed {done} {remaining}", flush=True)

        run_cron(env, args.child, commit=True, report=report)
    print("finished", flush=True)


# ----------------------------------------------------------------------
# Benchmark
# ----------------------------------------------------------------------
class Bench:
    def __init__(self, env, args):
        self.env = env
        self.cr = env.cr
        self.args = args
        self.today = date.today()
        self.month = self.today.replace(day=1)
        self.closing_month = self.month - relativedelta(months=1)
        self.results = []

    # ------------------------------------------------------------------
    # Data
    # ------------------------------------------------------------------
    def settle(self):
        """Do the copy's own pending work (the demo's), committed."""
        for name in CRONS:
            run_cron(self.env, name, commit=True)

    def build(self):
        args, cr, env = self.args, self.cr, self.env
        start = time.perf_counter()
        staff = env.ref("fazhi_base.group_fazhi_staff")
        self.users = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                [
                    {
                        "name": f"BENCH-PC-{n:02d}",
                        "login": f"bench_pc_{n:02d}",
                        "groups_id": [Command.set(staff.ids)],
                    }
                    for n in range(40)
                ]
            )
        )
        users = self.users.ids
        self.units = env["fazhi.unit"].create(
            [
                {
                    "name": f"BENCH-PC-单位{n:04d}",
                    "code": f"BENCH-PC-{n:04d}",
                    "manager_id": users[n % 40],
                    "member_ids": [Command.set([users[n % 40], users[(n + 1) % 40]])],
                }
                for n in range(args.units)
            ]
        )
        env.flush_all()
        units = self.units.ids
        company = self.units[0].company_id.id
        params = {"uid": SUPERUSER_ID, "units": units, "nunits": len(units), "company": company}
        # counterparts, per_unit each
        cr.execute(
            SQL(
                f"""
                WITH p AS (
                    INSERT INTO res_partner (name, complete_name, active, is_company, type,
                           is_fazhi_counterpart, fazhi_counterpart_type,
                           create_uid, write_uid, create_date, write_date)
                    SELECT 'BENCH-PC-' || n, 'BENCH-PC-' || n, true, true, 'contact', true,
                           (%(types)s::varchar[])[1 + mod(n, 6)],
                           %(uid)s, %(uid)s, {NOW}, {NOW}
                      FROM generate_series(1, %(total)s) n
                    RETURNING id
                )
                INSERT INTO fazhi_unit_res_partner_rel (unit_id, partner_id)
                SELECT (%(units)s::int[])[1 + mod(p.id, %(nunits)s)], p.id FROM p
                """,
                types=TYPES,
                total=args.counterparts,
                **params,
            )
        )
        cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id "
            "WHERE commercial_partner_id IS NULL AND name LIKE 'BENCH-PC-%'"
        )
        cr.execute(
            SQL(
                "SELECT min(id), max(id) FROM res_partner WHERE name LIKE 'BENCH-PC-%%'",
            )
        )
        first_partner, last_partner = cr.fetchone()
        # 4 callback officers per unit
        cr.execute(
            SQL(
                """
                INSERT INTO fazhi_unit_callback_officer_rel (unit_id, user_id)
                SELECT u, (%(users)s::int[])[1 + mod(i * 2 + k, 40)]
                  FROM unnest(%(units)s::int[]) WITH ORDINALITY AS t(u, i),
                       generate_series(0, 3) k
                """,
                users=users,
                **params,
            )
        )
        # cases closed last month; the handler is one of the unit's officers for
        # a quarter of them
        cr.execute(
            SQL(
                f"""
                WITH c AS (
                    INSERT INTO fazhi_enforcement_case
                        (number, case_type, unit_id, company_id, partner_id, closing_date,
                         create_uid, write_uid, create_date, write_date)
                    SELECT 'BENCH-PC-' || n, (%(types)s::varchar[])[1 + mod(n, 6)],
                           (%(units)s::int[])[1 + mod(n, %(nunits)s)], %(company)s,
                           %(first)s + mod(n, %(partners)s), %(month)s::date + mod(n, 28),
                           %(uid)s, %(uid)s, {NOW}, {NOW}
                      FROM generate_series(1, %(total)s) n
                    RETURNING id, unit_id
                ), h AS (
                    INSERT INTO fazhi_enforcement_case_handler_rel (case_id, user_id)
                    SELECT c.id, (%(users)s::int[])[1 + mod(c.id, 40)] FROM c
                    RETURNING case_id, user_id
                )
                INSERT INTO fazhi_enforcement_case_excluded_user_rel (case_id, user_id)
                SELECT case_id, user_id FROM h
                """,
                types=CASE_TYPES,
                first=first_partner,
                partners=last_partner - first_partner + 1,
                month=self.closing_month,
                total=args.cases,
                users=users,
                **params,
            )
        )
        # open complaints, all overdue
        category = env.ref("fazhi_complaints.fazhi_complaint_category_duty")
        past = self.today - timedelta(days=3)
        cr.execute(
            SQL(
                """
                INSERT INTO fazhi_complaint (
                    reference, company_id, channel, received_at, received_date, category_id,
                    description, state, accept_deadline, conclude_deadline, accepted_date,
                    unit_id, handler_id, is_overdue, escalated_accept, escalated_conclude,
                    reopen_count, extension_days, create_uid, write_uid, create_date, write_date)
                SELECT 'BENCH-PC-' || n, %(company)s, 'phone', now(), %(past)s, %(category)s,
                       'bench', CASE WHEN mod(n, 2) = 0 THEN 'registered' ELSE 'assigned' END,
                       %(past)s, CASE WHEN mod(n, 2) = 1 THEN %(past)s END,
                       CASE WHEN mod(n, 2) = 1 THEN %(past)s END,
                       (%(units)s::int[])[1 + mod(n, %(nunits)s)],
                       CASE WHEN mod(n, 2) = 1 THEN (%(users)s::int[])[1 + mod(n, 40)] END,
                       false, false, false, 0, 0, %(uid)s, %(uid)s, now(), now()
                  FROM generate_series(1, %(total)s) n
                """,
                past=past,
                category=category.id,
                users=users,
                total=args.complaints,
                **params,
            )
        )
        # open follow-ups past their deadline
        cr.execute(
            SQL(
                f"""
                INSERT INTO fazhi_followup (name, kind, unit_id, company_id, deadline, state,
                                            create_uid, write_uid, create_date, write_date)
                SELECT 'BENCH-PC-' || n, 'rectification',
                       (%(units)s::int[])[1 + mod(n, %(nunits)s)], %(company)s, %(past)s,
                       CASE WHEN mod(n, 3) = 0 THEN 'in_progress' ELSE 'open' END,
                       %(uid)s, %(uid)s, {NOW}, {NOW}
                  FROM generate_series(1, %(total)s) n
                """,
                past=past,
                total=args.followups,
                **params,
            )
        )
        cr.commit()
        for table in (
            "res_partner",
            "fazhi_unit_res_partner_rel",
            "fazhi_enforcement_case",
            "fazhi_enforcement_case_handler_rel",
            "fazhi_enforcement_case_excluded_user_rel",
            "fazhi_complaint",
            "fazhi_followup",
        ):
            cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
        cr.commit()
        env.invalidate_all()
        print(
            f"  data: {args.units:,} units, {args.counterparts:,} counterparts, {args.cases:,} "
            f"cases closed in {self.closing_month:%Y-%m}, {args.complaints:,} overdue "
            f"complaints, {args.followups:,} overdue follow-ups, built in "
            f"{time.perf_counter() - start:.1f} s"
        )

    # ------------------------------------------------------------------
    # Timing helpers
    # ------------------------------------------------------------------
    def once(self, func, after=None):
        """Seconds of one run of ``func`` (flush included) in a savepoint rolled
        back afterwards; ``after`` (not timed) runs before the rollback."""
        savepoint = self.cr.savepoint()
        self.env.invalidate_all()
        start = time.perf_counter()
        result = func()
        self.env.flush_all()
        elapsed = time.perf_counter() - start
        if after:
            after(result)
        savepoint.close(rollback=True)
        self.env.invalidate_all()
        return elapsed

    def measure(self, name, rows, cron, anchor, limit, after):
        """Interleave cron, anchor and limit for ``--repeat`` rounds; print."""
        stats = {}

        def run():
            stats["calls"] = run_cron(self.env, name)
            return stats["calls"]

        times = {"cron": [], "anchor": [], "limit": []}
        for _round in range(self.args.repeat):
            times["cron"].append(self.once(run, after))
            times["anchor"].append(self.once(anchor))
            times["limit"].append(self.once(limit))
        best = {key: min(values) for key, values in times.items()}
        median = {key: statistics.median(values) for key, values in times.items()}
        calls = stats["calls"]
        ratio = best["cron"] / best["anchor"]
        met = "goal met" if ratio <= 2 else "goal NOT met"
        print(
            f"\n  {name}: {rows}; {len(calls)} calls of the cron "
            f"(done per call: {', '.join(str(done) for done, _rest in calls[:12])}"
            f"{' ...' if len(calls) > 12 else ''})"
        )
        benchlib.line(f"cron {cron}", best["cron"], median["cron"])
        benchlib.line(f"anchor: {anchor.__doc__}", best["anchor"], median["anchor"])
        benchlib.line(f"limit: {limit.__doc__}", best["limit"], median["limit"])
        print(
            f"  {'':<52} ratio cron / anchor {ratio:.2f} (goal <= 2: {met}), "
            f"cron / SQL {best['cron'] / best['limit']:.1f}"
        )
        self.results.append((name, best["cron"], best["anchor"], best["limit"], ratio, met))

    def flush(self):
        self.env.flush_all()
        self.env.invalidate_all()

    # ------------------------------------------------------------------
    # The crons
    # ------------------------------------------------------------------
    def bench_campaigns(self):
        from odoo.addons.fazhi_satisfaction.models.fazhi_satisfaction_campaign import (
            TASK_BATCH_CONTEXT,
        )

        Campaign = self.env["fazhi.satisfaction.campaign"]
        Task = self.env["fazhi.satisfaction.task"].with_context(**TASK_BATCH_CONTEXT)
        captured = {}

        def after(_calls):
            campaigns = Campaign.search(
                [("unit_id", "in", self.units.ids), ("month", "=", self.month)]
            )
            captured["campaigns"] = campaigns.read(
                ["unit_id", "month", "survey_id", "target_rate"], load=None
            )
            self.cr.execute(
                SQL(
                    """SELECT campaign_id, partner_id, counterpart_type
                         FROM fazhi_satisfaction_task WHERE campaign_id = ANY(%s)
                        ORDER BY campaign_id, partner_id""",
                    campaigns.ids,
                )
            )
            captured["tasks"] = self.cr.fetchall()
            assert len(captured["tasks"]) == self.args.counterparts, len(captured["tasks"])

        def anchor():
            """batch create of the campaigns and their tasks"""
            by_campaign = {}
            for campaign_id, partner_id, ctype in captured["tasks"]:
                by_campaign.setdefault(campaign_id, []).append((partner_id, ctype))
            bound = Campaign._GENERATION_TASK_BATCH
            batch, size = [], 0
            batches = []
            for vals in captured["campaigns"]:
                count = len(by_campaign[vals["id"]])
                if batch and (len(batch) >= Campaign._GENERATION_BATCH or size + count > bound):
                    batches.append(batch)
                    batch, size = [], 0
                batch.append(vals)
                size += count
            batches.append(batch)
            for batch in batches:
                campaigns = Campaign.create(
                    [
                        {key: vals[key] for key in ("unit_id", "month", "survey_id", "target_rate")}
                        for vals in batch
                    ]
                )
                vals_list = []
                for campaign, vals in zip(campaigns, batch, strict=True):
                    common = {
                        "campaign_id": campaign.id,
                        "unit_id": vals["unit_id"],
                        "month": self.month,
                        "company_id": campaign.company_id.id,
                        "state": "todo",
                    }
                    vals_list += [
                        dict(common, partner_id=partner_id, counterpart_type=ctype or False)
                        for partner_id, ctype in by_campaign[vals["id"]]
                    ]
                Task.create(vals_list)
                self.flush()

        def limit():
            """SQL INSERT ... SELECT of the campaigns and tasks"""
            self.cr.execute(
                SQL(
                    f"""
                    WITH c AS (
                        INSERT INTO fazhi_satisfaction_campaign
                            (name, unit_id, company_id, month, survey_id, target_rate, state,
                             create_uid, write_uid, create_date, write_date)
                        SELECT u.name, u.id, u.company_id, %(month)s, %(survey)s, 0.9, 'open',
                               %(uid)s, %(uid)s, {NOW}, {NOW}
                          FROM fazhi_unit u WHERE u.id = ANY(%(units)s)
                        RETURNING id, unit_id, company_id
                    )
                    INSERT INTO fazhi_satisfaction_task
                        (campaign_id, unit_id, month, company_id, partner_id, counterpart_type,
                         state, create_uid, write_uid, create_date, write_date)
                    SELECT c.id, c.unit_id, %(month)s, c.company_id, p.id,
                           p.fazhi_counterpart_type, 'todo', %(uid)s, %(uid)s, {NOW}, {NOW}
                      FROM c JOIN fazhi_unit_res_partner_rel r ON r.unit_id = c.unit_id
                      JOIN res_partner p ON p.id = r.partner_id
                     WHERE p.active AND p.is_fazhi_counterpart
                    """,
                    month=self.month,
                    survey=captured["campaigns"][0]["survey_id"],
                    uid=SUPERUSER_ID,
                    units=self.units.ids,
                )
            )

        self.measure(
            "campaigns",
            f"{self.args.units:,} units' campaigns, {self.args.counterparts:,} tasks",
            "_cron_generate_campaigns",
            anchor,
            limit,
            after,
        )

    def bench_callbacks(self):
        from odoo.addons.fazhi_satisfaction.models.fazhi_case_callback import (
            GENERATION_CONTEXT,
        )

        Callback = self.env["fazhi.case.callback"]
        captured = {}
        planned = self.month

        def after(_calls):
            callbacks = Callback.search(
                [("planned_month", "=", planned), ("unit_id", "in", self.units.ids)]
            )
            captured["vals"] = callbacks.read(
                [
                    "case_id",
                    "officer_id",
                    "planned_month",
                    "unit_id",
                    "company_id",
                    "case_type",
                    "partner_id",
                ],
                load=None,
            )
            assert len(captured["vals"]) == self.args.cases, len(captured["vals"])

        def anchor():
            """batch create of the callbacks"""
            size = Callback._GENERATION_BATCH
            vals_list = [{k: v for k, v in vals.items() if k != "id"} for vals in captured["vals"]]
            for start in range(0, len(vals_list), size):
                Callback.with_context(**GENERATION_CONTEXT).create(vals_list[start : start + size])
                self.flush()

        def limit():
            """SQL INSERT ... SELECT of the callbacks"""
            self.cr.execute(
                SQL(
                    f"""
                    INSERT INTO fazhi_case_callback
                        (case_id, unit_id, company_id, case_type, partner_id, officer_id,
                         planned_month, deadline, state,
                         create_uid, write_uid, create_date, write_date)
                    SELECT c.id, c.unit_id, c.company_id, c.case_type, c.partner_id,
                           NULLIF(t.officer, 0), %(month)s,
                           (%(month)s::date + interval '1 month - 1 day')::date, 'planned',
                           %(uid)s, %(uid)s, {NOW}, {NOW}
                      FROM unnest(%(cases)s::int[], %(officers)s::int[]) AS t(case_id, officer)
                      JOIN fazhi_enforcement_case c ON c.id = t.case_id
                    """,
                    month=planned,
                    uid=SUPERUSER_ID,
                    cases=[vals["case_id"] for vals in captured["vals"]],
                    officers=[vals["officer_id"] or 0 for vals in captured["vals"]],
                )
            )

        self.measure(
            "callbacks",
            f"{self.args.cases:,} cases closed last month",
            "_cron_generate_callbacks",
            anchor,
            limit,
            after,
        )

    def bench_complaints(self):
        Complaint = self.env["fazhi.complaint"]
        self.cr.execute("SELECT id, state FROM fazhi_complaint WHERE reference LIKE 'BENCH-PC-%%'")
        rows = self.cr.fetchall()
        accept = [cid for cid, state in rows if state == "registered"]
        conclude = [cid for cid, state in rows if state != "registered"]
        size = Complaint._ESCALATION_BATCH

        def after(_calls):
            count = Complaint.search_count(
                [("id", "in", accept + conclude), ("is_overdue", "=", True)]
            )
            assert count == len(rows), count

        def anchor():
            """batch write of the same values on the same rows"""
            for ids, stage in ((accept, "accept"), (conclude, "conclude")):
                for start in range(0, len(ids), size):
                    Complaint.browse(ids[start : start + size]).write(
                        {"is_overdue": True, f"escalated_{stage}": True}
                    )
                    self.flush()

        def limit():
            """SQL UPDATE of the same rows"""
            for ids, stage in ((accept, "accept"), (conclude, "conclude")):
                self.cr.execute(
                    SQL(
                        "UPDATE fazhi_complaint SET is_overdue = true, %s = true, "
                        "write_date = now() at time zone 'UTC' WHERE id = ANY(%s)",
                        SQL.identifier(f"escalated_{stage}"),
                        ids,
                    )
                )

        self.measure(
            "complaints",
            f"{len(rows):,} overdue complaints",
            "_cron_escalate_overdue",
            anchor,
            limit,
            after,
        )

    def bench_followups(self):
        Followup = self.env["fazhi.followup"]
        Activity = self.env["mail.activity"].with_context(mail_activity_quick_update=True)
        Message = self.env["mail.message"]
        self.cr.execute("SELECT id FROM fazhi_followup WHERE name LIKE 'BENCH-PC-%%' ORDER BY id")
        ids = [row[0] for row in self.cr.fetchall()]
        size = Followup._ESCALATION_BATCH
        captured = {}
        fields = [
            "res_model_id",
            "res_id",
            "activity_type_id",
            "user_id",
            "summary",
            "note",
            "date_deadline",
        ]

        def after(_calls):
            activities = self.env["mail.activity"].search(
                [("res_model", "=", "fazhi.followup"), ("res_id", "in", ids)]
            )
            captured["activities"] = activities.read(fields, load=None)
            messages = Message.search(
                [
                    ("model", "=", "fazhi.followup"),
                    ("res_id", "in", ids),
                    ("message_type", "=", "notification"),
                ]
            )
            captured["notes"] = messages.read(
                ["model", "res_id", "body", "message_type", "subtype_id", "author_id"], load=None
            )
            assert len(captured["notes"]) == len(ids), len(captured["notes"])

        def anchor():
            """batch create of the activities and notes, batch write"""
            activities = [
                {k: v for k, v in vals.items() if k != "id"} for vals in captured["activities"]
            ]
            notes = {vals["res_id"]: vals["body"] for vals in captured["notes"]}
            for start in range(0, len(ids), size):
                batch = Followup.browse(ids[start : start + size])
                Activity.create(activities[start : start + size])
                # Odoo's batch create of notes (a plain mail.message create
                # of the same rows takes about twice as long)
                batch._message_log_batch({fid: notes[fid] for fid in batch.ids})
                batch.write({"escalated_date": self.today})
                self.flush()

        def limit():
            """SQL INSERT ... SELECT of the activities and notes, UPDATE"""
            vals = captured["activities"][0]
            note = captured["notes"][0]
            self.cr.execute(
                SQL(
                    f"""
                    INSERT INTO mail_activity (res_model_id, res_model, res_id, activity_type_id,
                           user_id, summary, note, date_deadline, automated,
                           create_uid, write_uid, create_date, write_date)
                    SELECT %(model)s, 'fazhi.followup', f.id, %(type)s, %(user)s,
                           'Overdue follow-up: ' || f.name, %(note)s, %(today)s, false,
                           %(uid)s, %(uid)s, {NOW}, {NOW}
                      FROM fazhi_followup f WHERE f.id = ANY(%(ids)s)
                    """,
                    model=vals["res_model_id"],
                    type=vals["activity_type_id"],
                    user=vals["user_id"],
                    note=vals["note"],
                    today=self.today,
                    uid=SUPERUSER_ID,
                    ids=ids,
                )
            )
            self.cr.execute(
                SQL(
                    f"""
                    INSERT INTO mail_message (model, res_id, body, message_type, subtype_id,
                           author_id, date, create_uid, write_uid, create_date, write_date)
                    SELECT 'fazhi.followup', f.id, %(body)s, 'notification', %(subtype)s,
                           %(author)s, {NOW}, %(uid)s, %(uid)s, {NOW}, {NOW}
                      FROM fazhi_followup f WHERE f.id = ANY(%(ids)s)
                    """,
                    body=note["body"],
                    subtype=note["subtype_id"],
                    author=note["author_id"],
                    uid=SUPERUSER_ID,
                    ids=ids,
                )
            )
            self.cr.execute(
                SQL(
                    "UPDATE fazhi_followup SET escalated_date = %s WHERE id = ANY(%s)",
                    self.today,
                    ids,
                )
            )

        self.measure(
            "followups",
            f"{len(ids):,} overdue follow-ups",
            "_cron_escalate_overdue",
            anchor,
            limit,
            after,
        )

    # ------------------------------------------------------------------
    # Resumption after a kill
    # ------------------------------------------------------------------
    def resume(self, name, counts):
        """Kill a subprocess running the cron in its third batch, check what
        is committed, finish the run in another subprocess, check every row
        exists once."""
        command = [
            sys.executable,
            os.path.abspath(__file__),
            "-c",
            self.args.config,
            "-d",
            self.args.database,
            "--bench-db",
            self.args.bench_db,
            "--child",
            name,
        ]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        committed, times = [], [time.perf_counter()]
        for line in process.stdout:
            if line.startswith("committed"):
                committed.append(tuple(int(x) for x in line.split()[1:]))
                times.append(time.perf_counter())
                if len(committed) == 2:
                    # in the middle of the third batch
                    time.sleep((times[2] - times[1]) / 2)
                    break
        process.send_signal(signal.SIGKILL)
        process.wait()
        self.cr.rollback()
        self.env.invalidate_all()
        after_kill = counts()
        done = sum(d for d, _r in committed)
        # Finish the run.
        finish = subprocess.run(command, capture_output=True, text=True, check=True)
        finished = [line for line in finish.stdout.splitlines() if line.startswith("committed")]
        self.cr.rollback()
        self.env.invalidate_all()
        final = counts()
        ok = final["rows"] == final["expected"] and final["distinct"] == final["expected"]
        print(
            f"  {name}: killed in batch 3 after {len(committed)} committed calls "
            f"({done:,} done, {committed[-1][1]:,} remaining); in the database then "
            f"{after_kill['rows']:,} rows ({'= committed' if after_kill['progress'] == done else 'MISMATCH'}"
            f"); a new run finished in {len(finished)} calls: {final['rows']:,} rows for "
            f"{final['expected']:,} expected, {final['distinct']:,} distinct -> "
            f"{'each exactly once' if ok else 'WRONG'}"
        )

    def resume_all(self):
        cr = self.cr
        cr.rollback()
        units = self.units.ids
        cr.execute("SELECT COALESCE(max(id), 0) FROM mail_message")
        self.first_message = cr.fetchone()[0]

        def campaigns():
            cr.execute(
                SQL(
                    """SELECT count(*), count(DISTINCT (t.campaign_id, t.partner_id)),
                              count(DISTINCT c.unit_id)
                         FROM fazhi_satisfaction_task t
                         JOIN fazhi_satisfaction_campaign c ON c.id = t.campaign_id
                        WHERE c.month = %s AND c.unit_id = ANY(%s)""",
                    self.month,
                    units,
                )
            )
            rows, distinct, unit_count = cr.fetchone()
            return {
                "rows": rows,
                "distinct": distinct,
                "expected": self.args.counterparts,
                # units whose campaign is there, in tasks (500 each)
                "progress": unit_count,
            }

        def callbacks():
            cr.execute(
                SQL(
                    """SELECT count(*), count(DISTINCT case_id) FROM fazhi_case_callback
                        WHERE planned_month = %s AND unit_id = ANY(%s)""",
                    self.month,
                    units,
                )
            )
            rows, distinct = cr.fetchone()
            return {
                "rows": rows,
                "distinct": distinct,
                "expected": self.args.cases,
                "progress": rows,
            }

        def complaints():
            cr.execute(
                """SELECT count(*) FILTER (WHERE is_overdue), count(*)
                     FROM fazhi_complaint WHERE reference LIKE 'BENCH-PC-%%'"""
            )
            rows, total = cr.fetchone()
            # the run's digests: one per person, whatever the batches and the kill
            cr.execute(
                SQL(
                    """SELECT count(*), count(DISTINCT n.res_partner_id)
                         FROM mail_notification n
                         JOIN mail_message m ON m.id = n.mail_message_id
                        WHERE m.id > %s AND m.message_type = 'user_notification'
                          AND m.subject ILIKE %s""",
                    self.first_message,
                    "%限时督办%",
                )
            )
            told, people = cr.fetchone()
            twice = told - people
            return {
                "rows": rows + twice,
                "distinct": rows,
                "expected": total,
                "progress": rows,
            }

        def followups():
            cr.execute(
                """SELECT count(*), count(DISTINCT a.res_id) FROM mail_activity a
                     JOIN fazhi_followup f ON f.id = a.res_id AND a.res_model = 'fazhi.followup'
                    WHERE f.name LIKE 'BENCH-PC-%%'"""
            )
            rows, distinct = cr.fetchone()
            # and one note each
            cr.execute(
                SQL(
                    """SELECT count(*) - count(DISTINCT m.res_id) FROM mail_message m
                         JOIN fazhi_followup f ON f.id = m.res_id AND m.model = 'fazhi.followup'
                        WHERE m.id > %s AND f.name LIKE 'BENCH-PC-%%'""",
                    self.first_message,
                )
            )
            rows += cr.fetchone()[0]
            cr.execute("SELECT count(*) FROM fazhi_followup WHERE name LIKE 'BENCH-PC-%%'")
            total = cr.fetchone()[0]
            return {"rows": rows, "distinct": distinct, "expected": total, "progress": rows}

        print("\n  Resumption (real commits, SIGKILL in the third batch, then a new run):")
        counters = {
            "campaigns": campaigns,
            "callbacks": callbacks,
            "complaints": complaints,
            "followups": followups,
        }
        for name in self.args.crons:
            self.resume(name, counters[name])

    def summary(self):
        print("\n  Summary (best, seconds): cron | anchor | SQL limit | ratio | goal <= 2x")
        for name, cron, anchor, limit, ratio, met in self.results:
            print(f"  {name:<11} {cron:8.2f} | {anchor:8.2f} | {limit:7.2f} | {ratio:5.2f} | {met}")


def admin_cursor():
    return odoo.sql_db.db_connect("postgres").cursor()


def main():
    parser = benchlib.parser(__doc__)
    parser.add_argument("--bench-db", help="the copy worked in (default: DB_province_crons)")
    parser.add_argument("--keep", action="store_true", help="keep the copy")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--units", type=int, default=1_000)
    parser.add_argument("--counterparts", type=int, default=500_000)
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--complaints", type=int, default=50_000)
    parser.add_argument("--followups", type=int, default=100_000)
    parser.add_argument("--crons", nargs="+", default=list(CRONS), choices=list(CRONS))
    parser.add_argument("--child", choices=list(CRONS), help=argparse_hidden())
    args = parser.parse_args()
    args.bench_db = args.bench_db or f"{args.database}_province_crons"
    if args.child:
        child(args)
        return
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    with admin_cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute(SQL("DROP DATABASE IF EXISTS %s", SQL.identifier(args.bench_db)))
        cr.execute(
            SQL(
                "CREATE DATABASE %s TEMPLATE %s",
                SQL.identifier(args.bench_db),
                SQL.identifier(args.database),
            )
        )
    print(f"Nightly crons at province scale on {args.bench_db} (a copy of {args.database})")
    try:
        odoo.tools.config.parse_config(["-c", args.config, "-d", args.bench_db, "--log-level=warn"])
        registry = odoo.modules.registry.Registry(args.bench_db)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            bench = Bench(env, args)
            bench.settle()
            bench.build()
            for name in args.crons:
                getattr(bench, f"bench_{name}")()
            bench.summary()
            bench.resume_all()
    finally:
        if not args.keep:
            odoo.modules.registry.Registry.delete(args.bench_db)
            odoo.sql_db.close_db(args.bench_db)
            with admin_cursor() as cr:
                cr._cnx.autocommit = True
                cr.execute(SQL("DROP DATABASE IF EXISTS %s", SQL.identifier(args.bench_db)))


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS


if __name__ == "__main__":
    main()
