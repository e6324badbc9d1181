from collections import defaultdict

from odoo import fields, models

# The official table of seed 004 (附件 1, 指标分解表) is filed as is: its labels are
# part of the form, so they are written verbatim in Chinese whatever the user's
# language (the other texts come from the framework record).
COLUMN_HEADERS = (
    "三级指标序号",
    "三级指标内容",
    "具体分解内容",
    "责任部门",
    "已完成情况 (200 字以内)",
    "下一步举措 (200 字以内)",
)
COLUMN_WIDTHS = (10, 48, 36, 12, 36, 36)
LABEL_REPORTING_UNIT = "上报单位："
LABEL_LIAISON = "联络员："
LABEL_DATE = "日期："
LABEL_LEADER = "主要领导（签字）："
LABEL_INSTRUCTIONS = "填表说明："

TITLE_ROW = 0
SUBTITLE_ROW = 1
REPORTING_UNIT_ROW = 2
HEADER_ROW = 3
LAST_COL = len(COLUMN_HEADERS) - 1
A4 = 9
# Printed on every page: the table's title in the header, the page number in
# the footer (Excel's &P page, &N pages), in the table's own language.
PAGE_HEADER = "&C&8&A"
PAGE_FOOTER = "&C第 &P 页 / 共 &N 页"


def chinese_date(day):
    """2023年2月28日, as the seed's documents write dates."""
    return f"{day.year}年{day.month}月{day.day}日"


class FazhiIndicatorChecklistXlsx(models.AbstractModel):
    """Seed 004's table (指标分解表) of a whole campaign, as XLSX.

    One sheet: title and subtitle (merged over the six columns), 上报单位, the
    six columns (header row repeated on every printed page), one row per
    indicator and responsible unit with the entry of the round, then 联络员,
    日期, 主要领导（签字） and 填表说明. A4 landscape, one page wide, wrapped text,
    the sheet's name in the page header and 第 n 页 / 共 m 页 in the footer.

    ``data`` may give ``round_id`` (default: the campaign's current round),
    ``unit_ids`` (only these units; one sheet per unit, the unit as 上报单位)
    and ``date`` (default: today).
    """

    _name = "report.fazhi_indicators.checklist_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Indicator checklist XLSX"

    def _formats(self, workbook):
        base = {"text_wrap": True, "valign": "top", "font_name": "SimSun", "font_size": 10}
        return {
            "title": workbook.add_format(
                {**base, "bold": True, "font_size": 16, "align": "center", "valign": "vcenter"}
            ),
            "subtitle": workbook.add_format({**base, "font_size": 12, "align": "center"}),
            "line": workbook.add_format({**base, "font_size": 11}),
            "header": workbook.add_format(
                {**base, "bold": True, "align": "center", "valign": "vcenter", "border": 1}
            ),
            "cell": workbook.add_format({**base, "border": 1}),
            "code": workbook.add_format({**base, "border": 1, "align": "center"}),
        }

    def _department(self, assignment):
        """责任部门: the unit's name, or the checklist's wording when the unit
        was a fallback (e.g. 相关科室 assigned to the owner unit)."""
        names = assignment.indicator_id.responsible_department_names or ""
        unit_name = assignment.unit_id.name
        return unit_name if unit_name in names or not names else names

    def _entries_by_assignment(self, assignments, rnd):
        entries = self.env["fazhi.indicator.entry"].search_fetch(
            [("assignment_id", "in", assignments.ids), ("round_id", "=", rnd.id)],
            ["assignment_id", "breakdown", "completion", "next_steps"],
        )
        return {entry.assignment_id.id: entry for entry in entries}

    def _write_sheet(
        self, workbook, formats, sheet_name, campaign, rows, reporting_unit, liaison, day
    ):
        """Write one table; ``rows`` are 6-tuples of cell values."""
        framework = campaign.framework_id
        sheet = workbook.add_worksheet(sheet_name[:31])
        sheet.set_landscape()
        sheet.set_paper(A4)
        sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(HEADER_ROW)
        sheet.center_horizontally()
        sheet.set_header(PAGE_HEADER, {"margin": 0.2})
        sheet.set_footer(PAGE_FOOTER, {"margin": 0.2})
        for col, width in enumerate(COLUMN_WIDTHS):
            sheet.set_column(col, col, width)
        sheet.merge_range(
            TITLE_ROW,
            0,
            TITLE_ROW,
            LAST_COL,
            framework.export_title or framework.name,
            formats["title"],
        )
        sheet.set_row(TITLE_ROW, 30)
        sheet.merge_range(
            SUBTITLE_ROW,
            0,
            SUBTITLE_ROW,
            LAST_COL,
            framework.export_subtitle or "",
            formats["subtitle"],
        )
        sheet.merge_range(
            REPORTING_UNIT_ROW,
            0,
            REPORTING_UNIT_ROW,
            LAST_COL,
            LABEL_REPORTING_UNIT + (reporting_unit or ""),
            formats["line"],
        )
        for col, header in enumerate(COLUMN_HEADERS):
            sheet.write_string(HEADER_ROW, col, header, formats["header"])
        sheet.set_row(HEADER_ROW, 30)
        row_index = HEADER_ROW
        for row in rows:
            row_index += 1
            for col, value in enumerate(row):
                sheet.write_string(
                    row_index, col, value or "", formats["code"] if col == 0 else formats["cell"]
                )
        footer = row_index + 2
        sheet.merge_range(
            footer, 0, footer, LAST_COL, LABEL_LIAISON + (liaison or ""), formats["line"]
        )
        sheet.merge_range(
            footer + 1, 0, footer + 1, LAST_COL, LABEL_DATE + chinese_date(day), formats["line"]
        )
        sheet.merge_range(footer + 2, 0, footer + 2, LAST_COL, LABEL_LEADER, formats["line"])
        sheet.set_row(footer + 2, 30)
        sheet.merge_range(
            footer + 3,
            0,
            footer + 3,
            LAST_COL,
            LABEL_INSTRUCTIONS + (framework.instructions or ""),
            formats["line"],
        )
        sheet.set_row(footer + 3, 45)
        sheet.print_area(0, 0, footer + 3, LAST_COL)
        return sheet

    def _rows(self, assignments, entries):
        rows = []
        for assignment in assignments:
            entry = entries.get(assignment.id)
            rows.append(
                (
                    assignment.indicator_id.code,
                    assignment.indicator_id.name,
                    entry.breakdown if entry else "",
                    self._department(assignment),
                    entry.completion if entry else "",
                    entry.next_steps if entry else "",
                )
            )
        return rows

    def _day(self, data):
        return fields.Date.to_date((data or {}).get("date")) or fields.Date.context_today(self)

    def generate_xlsx_report(self, workbook, data, objects):
        formats = self._formats(workbook)
        data = data or {}
        day = self._day(data)
        unit_ids = data.get("unit_ids")
        for campaign in objects:
            rnd = (
                self.env["fazhi.indicator.campaign.round"].browse(data["round_id"])
                if data.get("round_id")
                else campaign.current_round_id
            )
            assignments = campaign.assignment_ids
            if unit_ids:
                assignments = assignments.filtered(lambda a: a.unit_id.id in unit_ids)
            assignments = assignments.sorted(
                lambda a: (a.indicator_id.sequence, a.indicator_id.id, a.unit_id.sequence, a.id)
            )
            entries = self._entries_by_assignment(assignments, rnd)
            if unit_ids:
                for unit in assignments.unit_id:
                    unit_assignments = assignments.filtered(lambda a, u=unit: a.unit_id == u)
                    self._write_sheet(
                        workbook,
                        formats,
                        unit.name,
                        campaign,
                        self._rows(unit_assignments, entries),
                        unit.name,
                        (unit.liaison_id or campaign.liaison_id).name,
                        day,
                    )
            else:
                reporting = (
                    campaign.owner_unit_id.name or campaign.framework_id.default_reporting_unit_name
                )
                self._write_sheet(
                    workbook,
                    formats,
                    campaign.name,
                    campaign,
                    self._rows(assignments, entries),
                    reporting,
                    campaign.liaison_id.name,
                    day,
                )


class FazhiIndicatorEntryChecklistXlsx(models.AbstractModel):
    """The same table for the selected entries: one sheet per campaign, round
    and unit, the unit as 上报单位 (a department prints its own table)."""

    _name = "report.fazhi_indicators.entry_checklist_xlsx"
    _inherit = "report.fazhi_indicators.checklist_xlsx"
    _description = "Indicator entries checklist XLSX"

    def generate_xlsx_report(self, workbook, data, objects):
        formats = self._formats(workbook)
        day = self._day(data)
        groups = defaultdict(lambda: self.env["fazhi.indicator.entry"])
        for entry in objects:
            groups[(entry.campaign_id, entry.round_id, entry.unit_id)] |= entry
        for (campaign, rnd, unit), entries in groups.items():
            entries = entries.sorted(lambda e: (e.indicator_id.sequence, e.indicator_id.id))
            rows = [
                (
                    entry.indicator_id.code,
                    entry.indicator_id.name,
                    entry.breakdown,
                    self._department(entry.assignment_id),
                    entry.completion,
                    entry.next_steps,
                )
                for entry in entries
            ]
            self._write_sheet(
                workbook,
                formats,
                f"{unit.name} {rnd.name}",
                campaign,
                rows,
                unit.name,
                (unit.liaison_id or campaign.liaison_id).name,
                day,
            )
