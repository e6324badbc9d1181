"""Benchmark: the cost of the workflow guard (fazhi.workflow.mixin) on writes.

Scale: 10,000 follow-ups of one unit, open, written by a supervision office
user (not the superuser, so the guard runs):

- one batch ``write`` of an ordinary field (``result``) on the 10,000 records,
  through the guard, against the same write on the action path (the guard
  skipped, everything else identical), goal ratio <= 1.2;
- 1,000 single-record writes (what 1,000 form saves do), same comparison;
- one batch ``create`` of 10,000 follow-ups through the guard against the same
  create on the action path.

Usage: .venv/bin/python tests/benchmarks/bench_workflow_guard.py -c .fazhi/odoo.conf -d DB
(the database needs fazhi_base installed). Everything is rolled back.
"""

import statistics
import time

import benchlib

from odoo import Command
from odoo.tests import new_test_user

RECORDS = 10_000
SINGLE = 1_000
RUNS = 5


def timed(func, runs=RUNS):
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        timings.append(time.perf_counter() - start)
    return min(timings), statistics.median(timings)


def main():
    parser = benchlib.parser(__doc__)
    parser.add_argument("--records", type=int, default=RECORDS)
    args = parser.parse_args()
    with benchlib.rolled_back_env(args, {"tracking_disable": True}) as env:
        office = new_test_user(
            env, login="bench_guard_office", groups="fazhi_base.group_fazhi_office"
        )
        unit = env["fazhi.unit"].create(
            {"name": "基准单位", "code": "BENCH-GUARD", "member_ids": [Command.link(office.id)]}
        )
        Followup = env["fazhi.followup"].with_user(office)
        vals = [
            {"name": f"整改事项 {i}", "unit_id": unit.id, "deadline": "2099-12-31"}
            for i in range(args.records)
        ]
        followups = Followup.create([dict(v) for v in vals])
        env.flush_all()
        counter = iter(range(10**9))

        def batch_write():
            followups.write({"result": f"已整改 {next(counter)}"})
            env.flush_all()

        def batch_write_plain():
            with followups._fazhi_action_scope():
                batch_write()

        singles = followups[:SINGLE]

        def single_writes():
            for followup in singles:
                followup.write({"result": f"逐条 {next(counter)}"})
            env.flush_all()

        def single_writes_plain():
            with followups._fazhi_action_scope():
                single_writes()

        def batch_create():
            Followup.create([dict(v) for v in vals])
            env.flush_all()

        def batch_create_plain():
            with followups._fazhi_action_scope():
                batch_create()

        print(f"fazhi.workflow.mixin guard, {args.records} follow-ups, as an office user")
        for label, guarded, plain, runs in (
            (f"batch write of {args.records}", batch_write, batch_write_plain, RUNS),
            (f"{SINGLE} single-record writes", single_writes, single_writes_plain, RUNS),
            (f"batch create of {args.records}", batch_create, batch_create_plain, 3),
        ):
            plain_best, _plain_median = timed(plain, runs)
            best, median = timed(guarded, runs)
            benchlib.line(label, best, median, "without the guard", plain_best, goal=1.2)


if __name__ == "__main__":
    main()
