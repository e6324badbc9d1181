import tempfile

import pytz
import xlsxwriter

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools.answer_sql import answer_value

# Rows of a worksheet in the XLSX format (1,048,576), the header included.
XLSX_MAX_ROWS = 1048576


class FazhiSatisfactionAnswersXlsx(models.AbstractModel):
    """Answers to XLSX: every submitted answer line of one or more campaigns,
    one row per answered question (the columns of the yearly archive's
    spreadsheet, ``fazhi.satisfaction.archive``, with the unit of each row).

    Rendered by OCA ``report_xlsx`` (report type ``xlsx``): "Print > Answers
    (XLSX)" on campaigns; ``report.fazhi_satisfaction.answers_period_xlsx``
    (below) gives the same rows for units and a range of months, from the
    export wizard (``fazhi.satisfaction.answer.export``).

    Whose answers: the lines are selected by ``survey.user_input.line.
    _search`` in the environment of whoever prints, never as superuser, so the
    ACLs and record rules of the answer lines apply (a unit's staff get the
    answers of their units only, unit managers those of their units and
    below, the office and leaders all). The query built that way is then read
    through a server-side cursor (``DECLARE ... CURSOR``, ``FETCH`` by
    batches) into xlsxwriter in ``constant_memory`` mode, so memory stays flat
    whatever the number of lines; past the 1,048,576 rows of a worksheet the
    rows go on in a new sheet. Texts are translated into the reader's
    language, times into their time zone.
    """

    _name = "report.fazhi_satisfaction.answers_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Satisfaction answers XLSX"

    # Rows fetched at once from the server-side cursor.
    _FETCH_SIZE = 5000
    # Rows of one worksheet (header included); lowered by the tests.
    _SHEET_ROWS = XLSX_MAX_ROWS

    def get_workbook_options(self):
        # Rows written to temporary files as they come, not kept in memory.
        return {"constant_memory": True}

    def create_xlsx_report(self, docids, data):
        """As report_xlsx's, but the workbook is assembled in a temporary file
        rather than in memory: the only bytes held are the finished file's,
        read once for the report engine (about 40 bytes per answer line)."""
        objs = self._get_objs_for_report(docids, data)
        with tempfile.TemporaryFile() as file:
            workbook = xlsxwriter.Workbook(file, self.get_workbook_options())
            self.generate_xlsx_report(workbook, data, objs)
            workbook.close()
            file.seek(0)
            return file.read(), "xlsx"

    def generate_xlsx_report(self, workbook, data, objs):
        self._fazhi_write_answers(workbook, self._fazhi_answer_domain(objs))

    # ------------------------------------------------------------------
    # Which lines
    # ------------------------------------------------------------------
    def _fazhi_answer_domain(self, campaigns):
        """Domain on ``survey.user_input.line``: the answers of ``campaigns``
        (read in the caller's environment: one they may not read is refused)."""
        if campaigns._name != "fazhi.satisfaction.campaign":
            raise UserError(self.env._("The answers export prints satisfaction campaigns."))
        campaigns.check_access("read")
        return [("fazhi_campaign_id", "in", campaigns.ids)]

    def _fazhi_lines_query(self, domain):
        """The answer lines of ``domain`` the caller may read: submitted
        answers given for a unit, questions not skipped. ``_search`` checks
        the ACL and adds the record rules of the caller (no sudo)."""
        Line = self.env["survey.user_input.line"]
        return Line._search(
            [
                ("fazhi_unit_id", "!=", False),
                ("fazhi_submitted", "=", True),
                ("skipped", "=", False),
                *domain,
            ]
        )

    # ------------------------------------------------------------------
    # The sheet
    # ------------------------------------------------------------------
    def _fazhi_headers(self):
        return [
            self.env._("Unit"),
            self.env._("Month"),
            self.env._("Counterpart"),
            self.env._("Counterpart type"),
            self.env._("Channel"),
            self.env._("Questionnaire"),
            self.env._("Question"),
            self.env._("Answer"),
            self.env._("Rating"),
            self.env._("Submitted on"),
        ]

    def _fazhi_rows_query(self, lines, lang, tz):
        """Rows of the spreadsheet, in order: the lines of the query ``lines``
        (a ``Query`` on ``survey.user_input.line``, rules applied)."""

        return SQL(
            """
            SELECT to_char(line.fazhi_month, 'YYYY-MM'),
                   line.fazhi_unit_id,
                   unit.name,
                   partner.name,
                   task.counterpart_type,
                   task.channel,
                   line.survey_id,
                   line.question_id,
                   %(value)s,
                   choice.fazhi_rating,
                   ui.end_datetime AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s
            FROM survey_user_input_line line
            JOIN survey_user_input ui ON ui.id = line.user_input_id
            JOIN fazhi_unit unit ON unit.id = line.fazhi_unit_id
            LEFT JOIN fazhi_satisfaction_task task ON task.id = ui.fazhi_task_id
            LEFT JOIN survey_question_answer choice ON choice.id = line.suggested_answer_id
            LEFT JOIN survey_question_answer matrix_row ON matrix_row.id = line.matrix_row_id
            LEFT JOIN res_partner partner ON partner.id = ui.partner_id
            WHERE line.id IN %(lines)s
            ORDER BY line.fazhi_month, unit.name, line.fazhi_unit_id, ui.end_datetime,
                     line.user_input_id, line.question_sequence, line.question_id, line.id
            """,
            value=answer_value(lang, tz),
            tz=tz,
            lines=lines.subselect(),
        )

    def _fazhi_write_answers(self, workbook, domain):
        """Write the answer lines of ``domain`` the caller may read into
        ``workbook`` (constant_memory): a header row, then one row per line,
        a new sheet every ``_SHEET_ROWS`` rows.

        :return: the number of answer rows written
        """
        lang = self.env.lang or "en_US"
        tz = self.env.context.get("tz") or self.env.user.tz
        tz = tz if tz in pytz.all_timezones_set else "UTC"
        report_fields = self.env["fazhi.satisfaction.answer.report"]._fields
        labels = {
            key: dict(report_fields[fname]._description_selection(self.env))
            for key, fname in (
                ("type", "counterpart_type"),
                ("channel", "channel"),
                ("rating", "rating"),
            )
        }
        headers = self._fazhi_headers()
        bold = workbook.add_format({"bold": True})
        datetime_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        sheet_title = self.env._("Questionnaire answers")
        sheets = []

        def new_sheet():
            name = sheet_title if not sheets else f"{sheet_title} ({len(sheets) + 1})"
            sheet = workbook.add_worksheet(name)
            for column, width in enumerate((14, 9, 30, 16, 10, 24, 60, 20, 16, 17)):
                sheet.set_column(column, column, width)
            sheet.write_row(0, 0, headers, bold)
            sheet.freeze_panes(1, 0)
            sheets.append(sheet)
            return sheet

        sheet = new_sheet()
        # Titles are few: read once, the question's with its unit in the
        # (地区/部门) blank.
        surveys = {}
        questions = {}
        probes = {}

        lines = self._fazhi_lines_query(domain)
        self.env["survey.user_input.line"].flush_model()
        self.env["survey.user_input"].flush_model(["fazhi_task_id", "partner_id", "end_datetime"])
        self.env["fazhi.satisfaction.task"].flush_model(["counterpart_type", "channel"])
        cr = self.env.cr
        cursor_name = SQL.identifier(f"fazhi_answers_xlsx_{id(self)}")
        cr.execute(
            SQL(
                "DECLARE %s NO SCROLL CURSOR FOR %s",
                cursor_name,
                self._fazhi_rows_query(lines, lang, tz),
            )
        )
        row = 1
        total = 0
        max_row = self._SHEET_ROWS
        try:
            while True:
                cr.execute(SQL("FETCH %s FROM %s", self._FETCH_SIZE, cursor_name))
                batch = cr.fetchall()
                if not batch:
                    break
                write_string = sheet.write_string
                for (
                    month,
                    unit_id,
                    unit_name,
                    partner,
                    counterpart_type,
                    channel,
                    survey_id,
                    question_id,
                    answer,
                    rating,
                    submitted,
                ) in batch:
                    if row >= max_row:
                        sheet = new_sheet()
                        write_string = sheet.write_string
                        row = 1
                    # sudo: titles of the questionnaires and questions of
                    # answer lines the caller reads (survey configuration)
                    if survey_id not in surveys:
                        surveys[survey_id] = (
                            self.env["survey.survey"].sudo().browse(survey_id).title or ""
                        )
                    key = (question_id, unit_id)
                    if key not in questions:
                        if unit_id not in probes:
                            probes[unit_id] = self.env["survey.user_input"].new(
                                {"fazhi_unit_id": unit_id}
                            )
                        question = self.env["survey.question"].sudo().browse(question_id)
                        questions[key] = question._fazhi_title_for(probes[unit_id]) or ""
                    write_string(row, 0, unit_name)
                    write_string(row, 1, month)
                    if partner:
                        write_string(row, 2, partner)
                    if counterpart_type:
                        write_string(row, 3, labels["type"].get(counterpart_type, counterpart_type))
                    if channel:
                        write_string(row, 4, labels["channel"].get(channel, channel))
                    write_string(row, 5, surveys[survey_id])
                    write_string(row, 6, questions[key])
                    if answer:
                        write_string(row, 7, answer)
                    if rating:
                        write_string(row, 8, labels["rating"].get(rating, rating))
                    if submitted:
                        sheet.write_datetime(row, 9, submitted, datetime_format)
                    row += 1
                total += len(batch)
        finally:
            cr.execute(SQL("CLOSE %s", cursor_name))
        return total


class FazhiSatisfactionAnswersPeriodXlsx(models.AbstractModel):
    """The answers XLSX of units over a range of months: printed from the
    export wizard (``fazhi.satisfaction.answer.export``)."""

    _name = "report.fazhi_satisfaction.answers_period_xlsx"
    _inherit = "report.fazhi_satisfaction.answers_xlsx"
    _description = "Satisfaction answers XLSX of a period"

    def _fazhi_answer_domain(self, wizards):
        if wizards._name != "fazhi.satisfaction.answer.export":
            raise UserError(self.env._("The answers export prints satisfaction campaigns."))
        wizards.ensure_one()
        return wizards._fazhi_line_domain()
