"""Benchmark: the indicator checklist import (XLSX) of a 60 000-row file.

Scale: one worksheet in seed 004's layout with 60 000 third-level indicators
(code, text, responsible department); once with 59 duplicated codes (refused,
the duplicates listed), once clean (imported: 60 000 indicators created and
linked to their unit).

Measures (best of 3 runs for the refused file, 1 run for the import):
- the wizard refusing the file with duplicates: reading, parsing and the
  duplicate check (it was quadratic and ran past Odoo's time limit);
- the wizard importing the clean file into a new framework.

Anchors, in the same run: openpyxl reading the same file (read-only mode), the
floor of any import; and a bare ``create`` of the same 60 000 indicators plus
reading the file, the work the import cannot avoid.

Usage: .venv/bin/python tests/benchmarks/bench_indicators_import.py -c .fazhi/odoo.conf -d DB
(the database needs fazhi_indicators installed). Everything is rolled back.
Tables: fazhi_indicator, fazhi_indicator_framework, fazhi_indicator_fazhi_unit_rel.
"""

import base64
import io
import time

import benchlib
import openpyxl
import xlsxwriter

from odoo.exceptions import UserError

ROWS = 60_000
RUNS = 3
HEADER = ["三级指标序号", "三级指标内容", "具体分解内容", "责任部门", "已完成情况", "下一步举措"]


def make_file(rows, duplicate_every=0):
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["《基准责任清单》指标分解表"])
    sheet.write_row(1, 0, ["上报单位：基准卫生健康委员会"])
    sheet.write_row(2, 0, HEADER)
    for index in range(rows):
        dup = duplicate_every and index and index % duplicate_every == 0
        number = index if dup else index + 1
        sheet.write_row(
            index + 3,
            0,
            [
                f"B-{number}",
                f"第{index + 1}项指标：依法全面履行政府职能，严格规范公正文明执法。",
                "",
                "基准审批科",
            ],
        )
    sheet.write_row(rows + 3, 0, ["联络员："])
    workbook.close()
    return buffer.getvalue()


def timed(func):
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def read_anchor(data):
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
    workbook.close()
    return rows


def main():
    args = benchlib.parser(__doc__).parse_args()
    with benchlib.rolled_back_env(args, {"tracking_disable": True}) as env:
        env["fazhi.unit"].create({"name": "基准审批科", "code": "BENCH-IMPORT"})
        duplicated = make_file(ROWS, duplicate_every=1000)
        clean = make_file(ROWS)
        Wizard = env["fazhi.indicator.import.wizard"]

        def refuse():
            wizard = Wizard.create({"file": base64.b64encode(duplicated), "filename": "dup.xlsx"})
            try:
                wizard.action_import()
            except UserError as error:
                return str(error)
            raise AssertionError("the duplicated file was imported")

        refused, read = [], []
        message = ""
        for _ in range(RUNS):  # interleaved: figure, anchor, figure, anchor, ...
            seconds, message = timed(refuse)
            refused.append(seconds)
            read.append(timed(lambda: read_anchor(duplicated))[0])
        print(f"scale: {ROWS} rows, file {len(duplicated) / 1024 / 1024:.2f} MB")
        print(f"  refusal message: {message[:100]}...")
        benchlib.line(
            "refuse 60 000 rows with 59 duplicates",
            min(refused),
            sorted(refused)[len(refused) // 2],
            "openpyxl read",
            min(read),
        )

        with env.cr.savepoint():
            wizard = Wizard.create({"file": base64.b64encode(clean), "filename": "clean.xlsx"})
            import_time, action = timed(lambda: (wizard.action_import(), env.flush_all())[0])
            framework = env["fazhi.indicator.framework"].browse(action["domain"][0][2])
            count = len(framework.indicator_ids)
            linked = len(framework.indicator_ids.filtered("responsible_unit_ids"))
        env.invalidate_all()

        def bare_create():
            rows = read_anchor(clean)
            framework = env["fazhi.indicator.framework"].create({"name": "基准锚"})
            env["fazhi.indicator"].create(
                [
                    {
                        "framework_id": framework.id,
                        "code": row[0],
                        "name": row[1],
                        "responsible_department_names": row[3],
                        "sequence": index * 10,
                    }
                    for index, row in enumerate(rows[3 : 3 + ROWS], start=1)
                ]
            )
            env.flush_all()

        with env.cr.savepoint():
            anchor_time, _ = timed(bare_create)
        print(f"  imported: {count} indicators, {linked} linked to their unit")
        benchlib.line(
            "import 60 000 rows (new framework)",
            import_time,
            import_time,
            "read + bare create",
            anchor_time,
        )


if __name__ == "__main__":
    main()
