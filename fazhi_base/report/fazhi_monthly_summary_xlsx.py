from odoo import fields, models


class FazhiMonthlySummaryXlsx(models.AbstractModel):
    """XLSX of a monthly summary: one sheet per summary, a row per unit.

    Columns: unit, report state, submitted on, late, then one column per
    figure (union over the month's reports, keyed by the lines' figure code),
    headed by the figure's label in the reader's language.
    Rendered by OCA ``report_xlsx`` (report type ``xlsx``), so it works both
    from the Print menu and as the summary e-mail's ``report_template_ids``.
    """

    _name = "report.fazhi_base.monthly_summary_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Monthly summary XLSX"

    # Layout shared with the report-list export below.
    _TITLE_ROW = 0
    _INFO_ROW = 1
    _HEADER_ROW = 3

    def _fazhi_formats(self, workbook):
        return {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "info": workbook.add_format({"italic": True}),
            "header": workbook.add_format(
                {
                    "bold": True,
                    "text_wrap": True,
                    "valign": "top",
                    "align": "center",
                    "bg_color": "#D9E1F2",
                    "border": 1,
                }
            ),
            "text": workbook.add_format({"text_wrap": True, "valign": "top", "border": 1}),
            "datetime": workbook.add_format(
                {"num_format": "yyyy-mm-dd hh:mm", "valign": "top", "border": 1}
            ),
            "count": workbook.add_format({"num_format": "0", "valign": "top", "border": 1}),
            "percent": workbook.add_format({"num_format": "0.0", "valign": "top", "border": 1}),
            "none": workbook.add_format({"align": "center", "valign": "top", "border": 1}),
            "late": workbook.add_format(
                {"font_color": "#9C0006", "bg_color": "#FFC7CE", "valign": "top", "border": 1}
            ),
        }

    def _fazhi_write_table(self, sheet, formats, headers, rows, widths):
        """Write the header row and ``rows`` (lists of ``(value, format)``)."""
        for col, header in enumerate(headers):
            sheet.write(self._HEADER_ROW, col, header, formats["header"])
            sheet.set_column(col, col, widths[col] if col < len(widths) else 14)
        for offset, row in enumerate(rows, start=1):
            for col, (value, cell_format) in enumerate(row):
                if value is None or value is False:
                    sheet.write_blank(self._HEADER_ROW + offset, col, None, cell_format)
                elif cell_format is formats["datetime"]:
                    sheet.write_datetime(self._HEADER_ROW + offset, col, value, cell_format)
                else:
                    sheet.write(self._HEADER_ROW + offset, col, value, cell_format)
        sheet.freeze_panes(self._HEADER_ROW + 1, 1)

    def _fazhi_base_headers(self):
        return [
            self.env._("Unit"),
            self.env._("Report state"),
            self.env._("Submitted on"),
            self.env._("Late"),
        ]

    def _fazhi_figure_header(self, label, uom):
        return f"{label} ({uom})" if uom else label

    def _fazhi_figure_cell(self, formats, kind, value):
        """A figure cell: an integer count, a percentage, or "—" (nothing measured)."""
        if isinstance(value, str):
            return (value, formats["none"])
        return (value, formats["percent" if kind == "percent" else "count"])

    def generate_xlsx_report(self, workbook, data, objects):
        formats = self._fazhi_formats(workbook)
        yes, no = self.env._("Yes"), self.env._("No")
        for summary in objects:
            sheet = workbook.add_worksheet(summary.month_label or "Summary")
            columns, values = summary.report_ids._fazhi_figure_table()
            headers = self._fazhi_base_headers() + [
                self._fazhi_figure_header(label, uom) for __, label, uom, __ in columns
            ]
            rows = []
            for unit_row in summary._fazhi_unit_rows():
                report = unit_row["report"]
                late = unit_row["is_late"]
                rows.append(
                    [
                        (unit_row["unit"].display_name, formats["text"]),
                        (unit_row["state_label"], formats["text"]),
                        (unit_row["submitted_date"], formats["datetime"]),
                        (yes if late else no, formats["late"] if late else formats["text"]),
                    ]
                    + [
                        self._fazhi_figure_cell(
                            formats, kind, values.get((report.id, code)) if report else None
                        )
                        for code, __, __, kind in columns
                    ]
                )
            sheet.write(
                self._TITLE_ROW,
                0,
                self.env._(
                    "Monthly unit reports %(month)s - %(company)s",
                    month=summary.month_label,
                    company=summary.company_id.name,
                ),
                formats["title"],
            )
            sheet.write(
                self._INFO_ROW,
                0,
                self.env._(
                    "Month: %(month)s. Due date: %(due)s. Submitted: %(submitted)s of %(units)s; "
                    "late: %(late)s.",
                    month=summary.month_label,
                    due=fields.Date.to_string(summary.due_date),
                    submitted=summary.submitted_count,
                    units=summary.unit_count,
                    late=summary.late_count,
                ),
                formats["info"],
            )
            self._fazhi_write_table(sheet, formats, headers, rows, [30, 14, 18, 8])


class FazhiMonthlyReportXlsx(models.AbstractModel):
    """XLSX of the selected monthly reports: one sheet, a row per report."""

    _name = "report.fazhi_base.monthly_report_xlsx"
    _inherit = "report.fazhi_base.monthly_summary_xlsx"
    _description = "Monthly reports XLSX"

    def generate_xlsx_report(self, workbook, data, objects):
        formats = self._fazhi_formats(workbook)
        yes, no = self.env._("Yes"), self.env._("No")
        sheet = workbook.add_worksheet(self.env._("Monthly reports"))
        columns, values = objects._fazhi_figure_table()
        headers = (
            [self.env._("Month")]
            + self._fazhi_base_headers()
            + [self._fazhi_figure_header(label, uom) for __, label, uom, __ in columns]
        )
        labels = dict(objects._fields["state"]._description_selection(self.env))
        rows = []
        for report in objects.sorted(lambda r: (r.month, r.unit_id.complete_name or "", r.id)):
            submitted = report.submitted_date and fields.Datetime.context_timestamp(
                report, report.submitted_date
            ).replace(tzinfo=None)
            rows.append(
                [
                    (report.month_label, formats["text"]),
                    (report.unit_id.display_name, formats["text"]),
                    (labels[report.state], formats["text"]),
                    (submitted, formats["datetime"]),
                    (
                        yes if report.is_late else no,
                        formats["late"] if report.is_late else formats["text"],
                    ),
                ]
                + [
                    self._fazhi_figure_cell(formats, kind, values.get((report.id, code)))
                    for code, __, __, kind in columns
                ]
            )
        sheet.write(self._TITLE_ROW, 0, self.env._("Monthly unit reports"), formats["title"])
        sheet.write(
            self._INFO_ROW,
            0,
            self.env._("%(count)s reports", count=len(objects)),
            formats["info"],
        )
        self._fazhi_write_table(sheet, formats, headers, rows, [10, 30, 14, 18, 8])
