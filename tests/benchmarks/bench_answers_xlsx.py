"""Answers to XLSX for a unit and a range of months at 1,000,000 lines.

Scale: 1,000,000 answer lines (survey_user_input_line) of 47,620 submitted
answers of the 21 questions of the shipped questionnaire 依法行政调查问卷 for
one unit over 12 monthly campaigns, and 21,000 lines of another unit over the
same months, inserted with SQL (generate_series, as bench_satisfaction_report).

Measures, beside their anchor from the same run:

1. The export wizard's report (``report.fazhi_satisfaction.answers_period_xlsx``
   rendered by report_xlsx's ``ir.actions.report._render_xlsx``), printed by a
   staff member of the unit for its 12 months: the answer lines are selected
   with ``survey.user_input.line._search`` as that user (record rules in the
   query), streamed through a server-side cursor into xlsxwriter in
   constant_memory mode. Wall time, then in a second run the peak of Python
   allocations (tracemalloc) and the growth of the process's max RSS.
2. Anchor: bare xlsxwriter in constant_memory mode writing the same rows (the
   same query's output dumped with COPY to a file beforehand, the same labels
   and titles), in a subprocess that reports its time, its tracemalloc peak
   and its peak resident memory (VmHWM, else resource.getrusage's max RSS).

The figure that compares between machines: export time / anchor time, and the
two tracemalloc peaks. Neither keeps rows: the anchor writes to a file on disk,
the export holds in memory only the finished file, which the report engine
returns as bytes (about 40 bytes per answer line, compressed).

Everything happens in one transaction that is rolled back at the end; VACUUM
survey_user_input_line, survey_user_input, fazhi_satisfaction_task and
res_partner before comparing runs.

    .venv/bin/python tests/benchmarks/bench_answers_xlsx.py -c .fazhi/odoo.conf -d DB
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date

import benchlib
from bench_satisfaction_report import Bench

from odoo import Command

PERIOD_REPORT = "fazhi_satisfaction.fazhi_satisfaction_answer_export_xlsx_report"

# The anchor, run as `python -c ANCHOR rows.tsv labels.json out.xlsx`: the rows
# of the dump written by xlsxwriter alone, as the report writes them.
ANCHOR = r"""
import json, resource, sys, time, tracemalloc
from datetime import datetime
import xlsxwriter

rows_path, labels_path, out_path, traced = sys.argv[1:5]
labels = json.load(open(labels_path, encoding="utf-8"))
types, channels, ratings = labels["type"], labels["channel"], labels["rating"]
surveys, questions, headers = labels["surveys"], labels["questions"], labels["headers"]
if traced == "1":
    tracemalloc.start()
start = time.perf_counter()
workbook = xlsxwriter.Workbook(out_path, {"constant_memory": True})
sheet = workbook.add_worksheet("Answers")
bold = workbook.add_format({"bold": True})
datetime_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
sheet.write_row(0, 0, headers, bold)
write_string = sheet.write_string
row = 1
with open(rows_path, encoding="utf-8") as rows:
    for text in rows:
        (month, unit_id, unit, partner, ctype, channel, survey_id, question_id, answer,
         rating, submitted) = [None if v == r"\N" else v for v in text.rstrip("\n").split("\t")]
        write_string(row, 0, unit)
        write_string(row, 1, month)
        if partner:
            write_string(row, 2, partner)
        if ctype:
            write_string(row, 3, types.get(ctype, ctype))
        if channel:
            write_string(row, 4, channels.get(channel, channel))
        write_string(row, 5, surveys[survey_id])
        write_string(row, 6, questions[question_id + "," + unit_id])
        if answer:
            write_string(row, 7, answer)
        if rating:
            write_string(row, 8, ratings.get(rating, rating))
        if submitted:
            sheet.write_datetime(row, 9, datetime.fromisoformat(submitted), datetime_format)
        row += 1
workbook.close()
elapsed = time.perf_counter() - start
peak = tracemalloc.get_traced_memory()[1] if traced == "1" else 0
# VmHWM: the peak resident memory of this program since its exec (ru_maxrss
# would keep the parent's peak, inherited through fork and exec)
with open("/proc/self/status", encoding="ascii") as status:
    hwm = [line for line in status if line.startswith("VmHWM:")]
maxrss = (
    int(hwm[0].split()[1]) / 1024 if hwm
    else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
)
print(json.dumps({"time": elapsed, "peak": peak, "maxrss": maxrss, "rows": row - 1}))
"""


def maxrss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_anchor(rows_path, labels_path, out_path, traced):
    result = subprocess.run(
        [sys.executable, "-c", ANCHOR, rows_path, labels_path, out_path, "1" if traced else "0"],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout)


def main():
    parser = benchlib.parser(__doc__)
    parser.add_argument("--lines", type=int, default=1_000_000)
    args = parser.parse_args()
    with benchlib.rolled_back_env(args, {"tracking_disable": True}) as env:
        print(f"Answers XLSX benchmark on {args.database} (rolled back at the end)")
        bench = Bench(env, args.lines, 0, 1)
        months = [date(2025, month, 1) for month in range(1, 13)]
        unit, other = env["fazhi.unit"].create(
            [
                {"name": "基准行政审批科", "code": "BENCH-XLSX-A"},
                {"name": "基准监督所", "code": "BENCH-XLSX-B"},
            ]
        )
        start = time.perf_counter()
        inserted = bench.make_answers(unit, months, args.lines)
        other_lines = bench.make_answers(other, months, 21_000)
        bench.analyze()
        print(
            f"Data: {inserted:,} answer lines of the unit and {other_lines:,} of another unit "
            f"inserted in {time.perf_counter() - start:.1f} s"
        )
        staff = env["res.users"].create(
            {
                "name": "Bench staff",
                "login": "bench_staff_answers_xlsx",
                "tz": "Asia/Shanghai",
                "groups_id": [Command.set([env.ref("fazhi_base.group_fazhi_staff").id])],
            }
        )
        unit.member_ids = staff
        env.flush_all()
        staff_env = env(user=staff, context={"lang": "en_US", "tz": "Asia/Shanghai"})
        wizard = staff_env["fazhi.satisfaction.answer.export"].create(
            {"unit_ids": [Command.set(unit.ids)], "month_from": months[0], "month_to": months[-1]}
        )
        Report = staff_env["ir.actions.report"]
        content = {}

        def export():
            staff_env.invalidate_all()
            content["xlsx"] = Report._render_xlsx(PERIOD_REPORT, wizard.ids, None)[0]

        # 1. the export: time, then memory (tracemalloc slows allocations down)
        rss_before = maxrss_mb()
        start = time.perf_counter()
        export()
        export_time = time.perf_counter() - start
        rss_growth = maxrss_mb() - rss_before
        tracemalloc.start()
        export()
        __, export_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        size = len(content.pop("xlsx"))

        # 2. the anchor: the same rows dumped to a file, written by xlsxwriter alone
        xlsx_model = staff_env["report.fazhi_satisfaction.answers_xlsx"]
        lines = xlsx_model._fazhi_lines_query(wizard._fazhi_line_domain())
        query = xlsx_model._fazhi_rows_query(lines, "en_US", "Asia/Shanghai")
        report_fields = env["fazhi.satisfaction.answer.report"]._fields
        labels = {
            key: dict(report_fields[fname]._description_selection(staff_env))
            for key, fname in (
                ("type", "counterpart_type"),
                ("channel", "channel"),
                ("rating", "rating"),
            )
        }
        probe = env["survey.user_input"].new({"fazhi_unit_id": unit.id})
        labels["surveys"] = {str(bench.survey.id): bench.survey.title}
        labels["questions"] = {
            f"{question.id},{unit.id}": question._fazhi_title_for(probe)
            for question in bench.survey.question_ids
        }
        labels["headers"] = xlsx_model._fazhi_headers()
        with tempfile.TemporaryDirectory() as tmp:
            rows_path = os.path.join(tmp, "rows.tsv")
            labels_path = os.path.join(tmp, "labels.json")
            with open(labels_path, "w", encoding="utf-8") as file:
                json.dump(labels, file, ensure_ascii=False)
            with open(rows_path, "w", encoding="utf-8") as file:
                code = env.cr._obj.mogrify(query.code, query.params).decode()
                env.cr._obj.copy_expert(f"COPY ({code}) TO STDOUT", file)
            out_path = os.path.join(tmp, "anchor.xlsx")
            anchor = run_anchor(rows_path, labels_path, out_path, traced=False)
            anchor_traced = run_anchor(rows_path, labels_path, out_path, traced=True)
            anchor_size = os.path.getsize(out_path)

        print(f"1. Answers of one unit over 12 months: {anchor['rows']:,} rows")
        benchlib.line(
            "export as the unit's staff (report_xlsx, rules)",
            export_time,
            export_time,
            "bare xlsxwriter constant_memory",
            anchor["time"],
        )
        print(
            f"  {'peak memory, export':<52} tracemalloc {export_peak / 2**20:6.1f} MB"
            f" | max RSS growth {rss_growth:6.1f} MB | file {size / 2**20:.1f} MB"
        )
        print(
            f"  {'peak memory, bare xlsxwriter (subprocess)':<52} tracemalloc"
            f" {anchor_traced['peak'] / 2**20:6.1f} MB | max RSS {anchor['maxrss']:6.1f} MB"
            f" | file {anchor_size / 2**20:.1f} MB"
        )


if __name__ == "__main__":
    main()
