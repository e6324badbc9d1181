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
# Optional columns after the seed's six: the indicator's 完成时限 when a row of
# the table has one, its live value and target when a row measures a figure.
DEADLINE_HEADER = "完成时限"
VALUE_HEADER = "当前值"
TARGET_HEADER = "目标值"
OPTIONAL_WIDTHS = {DEADLINE_HEADER: 16, VALUE_HEADER: 12, TARGET_HEADER: 12}
LABEL_ANNEX = "附件 1"
LABEL_REPORTING_UNIT = "上报单位："
LABEL_LIAISON = "联络员："
LABEL_DATE = "日期："
LABEL_LEADER = "主要领导（签字）："
LABEL_INSTRUCTIONS = "填表说明："
LABEL_DEADLINE = "完成时限："
LABEL_CONTACT = "联系人："
LABEL_PHONE = "联系电话："

ANNEX_ROW = 0
TITLE_ROW = 1
SUBTITLE_ROW = 2
REPORTING_UNIT_ROW = 3
HEADER_ROW = 4
A4 = 9
# Printed on every page: the table's title in the header, the page number in
# the footer (Excel's &P page, &N pages), in the table's own language.
PAGE_HEADER = "&C&8&A"
PAGE_FOOTER = "&C第 &P 页 / 共 &N 页"


def chinese_date(day):
    """2023年2月28日, as the seed's documents write dates."""
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_deadline(day):
    """2月27日前, as seed 004 writes the table's deadline."""
    return f"{day.month}月{day.day}日前"


class FazhiIndicatorChecklistXlsx(models.AbstractModel):
    """Seed 004's table (指标分解表) of a whole campaign, as XLSX.

    One sheet: 附件 1, title and subtitle (merged over the columns), 上报单位,
    the six columns (header row repeated on every printed page), then 完成时限
    when an indicator of the sheet has one and 当前值 / 目标值 when one
    measures a figure (the entry's live value, ``_compute_figure_display``);
    one row per indicator and responsible unit with the entry of the round,
    then 联络员, 日期, 主要领导（签字）, 填表说明, 完成时限 (the round's deadline,
    else the framework's) and 联系人 / 联系电话 (the campaign's liaison; the
    owner unit's phone, else the liaison's). A4 landscape, one page wide,
    wrapped text, the sheet's name in the page header and 第 n 页 / 共 m 页 in
    the footer.

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

    def _write_sheet(self, workbook, formats, sheet_name, campaign, rows, reporting_unit, footer):
        """Write one table. ``rows`` are dicts: the six cells (``cells``), and
        ``deadline``, ``value`` and ``target`` of the optional columns;
        ``footer`` has ``liaison``, ``day``, ``deadline``, ``contact`` and
        ``phone``."""
        framework = campaign.framework_id
        headers = list(COLUMN_HEADERS)
        widths = list(COLUMN_WIDTHS)
        optional = []
        if any(row["deadline"] for row in rows):
            optional.append((DEADLINE_HEADER, "deadline"))
        if any(row["target"] or row["value"] for row in rows):
            optional += [(VALUE_HEADER, "value"), (TARGET_HEADER, "target")]
        for header, _key in optional:
            headers.append(header)
            widths.append(OPTIONAL_WIDTHS[header])
        last_col = len(headers) - 1
        sheet = workbook.add_worksheet(sheet_name[:31])
        sheet.set_landscape()
        sheet.set_paper(A4)
        sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(HEADER_ROW)
        sheet.center_horizontally()
        sheet.set_header(PAGE_HEADER, {"margin": 0.2})
        sheet.set_footer(PAGE_FOOTER, {"margin": 0.2})
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width)

        def line(row, text, fmt="line"):
            sheet.merge_range(row, 0, row, last_col, text, formats[fmt])

        line(ANNEX_ROW, LABEL_ANNEX)
        line(TITLE_ROW, framework.export_title or framework.name, "title")
        sheet.set_row(TITLE_ROW, 30)
        line(SUBTITLE_ROW, framework.export_subtitle or "", "subtitle")
        line(REPORTING_UNIT_ROW, LABEL_REPORTING_UNIT + (reporting_unit or ""))
        for col, header in enumerate(headers):
            sheet.write_string(HEADER_ROW, col, header, formats["header"])
        sheet.set_row(HEADER_ROW, 30)
        row_index = HEADER_ROW
        for row in rows:
            row_index += 1
            values = [*row["cells"], *(row[key] for _header, key in optional)]
            for col, value in enumerate(values):
                sheet.write_string(
                    row_index, col, value or "", formats["code"] if col == 0 else formats["cell"]
                )
        footer_row = row_index + 2
        lines = [
            LABEL_LIAISON + (footer["liaison"] or ""),
            LABEL_DATE + chinese_date(footer["day"]),
            LABEL_LEADER,
            LABEL_INSTRUCTIONS + (framework.instructions or ""),
        ]
        if footer["deadline"]:
            lines.append(LABEL_DEADLINE + footer["deadline"])
        lines.append(
            f"{LABEL_CONTACT}{footer['contact'] or ''}\u3000{LABEL_PHONE}{footer['phone'] or ''}"
        )
        for offset, text in enumerate(lines):
            line(footer_row + offset, text)
        sheet.set_row(footer_row + 2, 30)
        sheet.set_row(footer_row + 3, 45)
        sheet.print_area(0, 0, footer_row + len(lines) - 1, last_col)
        return sheet

    def _footer(self, campaign, rnd, liaison, day):
        """The lines under the table: the unit's liaison (联络员), the date, the
        table's deadline (the round's, else the framework's) and whom to call
        (联系人: the campaign's liaison; 联系电话: the owner unit's phone, else
        the liaison's)."""
        contact = campaign.liaison_id or campaign.owner_unit_id.liaison_id
        partner = contact.partner_id
        return {
            "liaison": liaison,
            "day": day,
            "deadline": chinese_deadline(rnd.deadline)
            if rnd.deadline
            else campaign.framework_id.deadline_text,
            "contact": contact.name,
            "phone": campaign.owner_unit_id.phone or partner.phone or partner.mobile,
        }

    def _row(self, assignment, entry):
        indicator = assignment.indicator_id
        return {
            "cells": (
                indicator.code,
                indicator.name,
                entry.breakdown if entry else "",
                self._department(assignment),
                entry.completion if entry else "",
                entry.next_steps if entry else "",
            ),
            "deadline": indicator.deadline_text,
            "value": entry.figure_value_display if entry else "",
            "target": entry.figure_target_display if entry else indicator.target_display,
        }

    def _rows(self, assignments, entries):
        return [
            self._row(assignment, entries.get(assignment.id, False)) for assignment in assignments
        ]

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
                        self._footer(
                            campaign, rnd, (unit.liaison_id or campaign.liaison_id).name, day
                        ),
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
                    self._footer(campaign, rnd, campaign.liaison_id.name, day),
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
            rows = [self._row(entry.assignment_id, entry) for entry in entries]
            self._write_sheet(
                workbook,
                formats,
                f"{unit.name} {rnd.name}",
                campaign,
                rows,
                unit.name,
                self._footer(campaign, rnd, (unit.liaison_id or campaign.liaison_id).name, day),
            )
