"""Benchmark: seed 004's checklist table (XLSX) of a 100-indicator x 10-unit campaign.

Scale: one framework of 100 third-level indicators, every indicator assigned to
10 units (1 000 assignments), one round whose 1 000 entries are filled with
Chinese text (breakdown, 已完成情况 and 下一步举措 near their 200-character limit).

Measures (best of 5 runs):
- the whole-campaign table through OCA report_xlsx, as the Print menu renders it
  (``ir.actions.report._render``), goal < 2 s;
- the same campaign exported per unit (``unit_ids``: 10 sheets);
- campaign start (1 000 assignments and 1 000 entries in two batched creates).

Anchor: the same 1 000 x 6 cells, formats, merged header, page setup and footer
written by bare xlsxwriter from rows fetched with one SQL query, in the same run;
the ratio figure / anchor is the ORM and report overhead.

Usage: .venv/bin/python tests/benchmarks/bench_indicators_export.py -c .fazhi/odoo.conf -d DB
(the database needs fazhi_indicators installed). Everything is rolled back.
"""

import io
import time

import benchlib
import xlsxwriter

INDICATORS = 100
UNITS = 10
RUNS = 5


def best_of(func, runs=RUNS):
    timings = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        timings.append(time.perf_counter() - start)
    return min(timings), result


def build(env):
    units = env["fazhi.unit"].create(
        [{"name": f"基准科室{i:02d}", "code": f"BENCH-{i:02d}"} for i in range(UNITS)]
    )
    framework = env["fazhi.indicator.framework"].create(
        {
            "name": "基准指标体系",
            "code": "BENCH-FW",
            "export_title": "《基准责任清单》指标分解表",
            "export_subtitle": "(卫健委内容)",
            "instructions": "各相关科室完成三级指标的细化分解，不可照抄指标项。" * 3,
        }
    )
    env["fazhi.indicator"].create(
        [
            {
                "framework_id": framework.id,
                "sequence": i,
                "code": str(i + 1),
                "name": f"第{i + 1}项指标：" + "依法全面履行政府职能，严格规范公正文明执法。" * 4,
                "responsible_unit_ids": [(6, 0, units.ids)],
            }
            for i in range(INDICATORS)
        ]
    )
    campaign = env["fazhi.indicator.campaign"].create(
        {
            "name": "基准创建活动",
            "framework_id": framework.id,
            "owner_unit_id": units[0].id,
            "round_ids": [(0, 0, {"name": "第一轮", "deadline": "2099-12-31"})],
        }
    )
    return campaign


def fill(campaign):
    entries = campaign.entry_ids
    text = "本单位已制定专项工作方案，完成制度修订三项，开展培训二次，覆盖执法人员一百二十人。"
    # One write per distinct value: the same texts for every entry.
    entries.write(
        {
            "breakdown": "梳理职责清单，细化工作任务，明确时间节点和责任人员。" * 3,
            "completion": (text * 5)[:200],
            "next_steps": ("下一步将完善考核机制，每季度通报进展，确保各项措施落实到位。" * 5)[
                :200
            ],
        }
    )


def anchor(env, campaign):
    env.flush_all()
    env.cr.execute(
        """
        SELECT i.code, i.name, e.breakdown, u.name, e.completion, e.next_steps
          FROM fazhi_indicator_entry e
          JOIN fazhi_indicator i ON i.id = e.indicator_id
          JOIN fazhi_unit u ON u.id = e.unit_id
         WHERE e.campaign_id = %s
         ORDER BY i.sequence, i.id, u.id
        """,
        [campaign.id],
    )
    rows = env.cr.fetchall()
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    base = {"text_wrap": True, "valign": "top", "font_size": 10}
    cell = workbook.add_format({**base, "border": 1})
    header = workbook.add_format({**base, "bold": True, "border": 1})
    title = workbook.add_format({**base, "bold": True, "font_size": 16})
    sheet = workbook.add_worksheet("anchor")
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(3)
    for col, width in enumerate((10, 48, 36, 12, 36, 36)):
        sheet.set_column(col, col, width)
    for row in range(3):
        sheet.merge_range(row, 0, row, 5, "title", title)
    for col in range(6):
        sheet.write_string(3, col, "header", header)
    for index, values in enumerate(rows, start=4):
        for col, value in enumerate(values):
            sheet.write_string(index, col, value or "", cell)
    footer = len(rows) + 5
    for row in range(4):
        sheet.merge_range(footer + row, 0, footer + row, 5, "footer", cell)
    workbook.close()
    return buffer.getvalue()


def main():
    args = benchlib.parser(__doc__).parse_args()
    with benchlib.rolled_back_env(args, {"tracking_disable": True}) as env:
        campaign = build(env)
        start_time, _ = best_of(campaign.action_start, runs=1)
        fill(campaign)
        env.flush_all()
        report = env["ir.actions.report"]
        xml_id = "fazhi_indicators.fazhi_indicator_campaign_xlsx_report"

        def export_all():
            env.invalidate_all()
            return report._render(xml_id, campaign.ids)[0]

        def export_units():
            env.invalidate_all()
            return report._render(
                xml_id, campaign.ids, {"unit_ids": campaign.assignment_ids.unit_id.ids}
            )[0]

        anchor_time, anchor_file = best_of(lambda: anchor(env, campaign))
        export_time, content = best_of(export_all)
        units_time, units_content = best_of(export_units)
        rows = len(campaign.entry_ids)
        print(f"scale: {INDICATORS} indicators x {UNITS} units = {rows} rows, 1 round")
        print(
            f"campaign table XLSX (report_xlsx):  {export_time:.3f} s  "
            f"({len(content) / 1024:.0f} KiB)  goal < 2 s"
        )
        print(
            f"per-unit tables XLSX (10 sheets):   {units_time:.3f} s  "
            f"({len(units_content) / 1024:.0f} KiB)"
        )
        print(
            f"anchor: bare xlsxwriter, 1 SQL:     {anchor_time:.3f} s  "
            f"({len(anchor_file) / 1024:.0f} KiB)"
        )
        print(f"ratio campaign table / anchor:      {export_time / anchor_time:.1f}")
        print(f"campaign start (1000 assignments + 1000 entries): {start_time:.3f} s")


if __name__ == "__main__":
    main()
