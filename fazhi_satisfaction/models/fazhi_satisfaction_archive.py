import io
from datetime import date

import pytz
import xlsxwriter

from odoo import api, fields, models
from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import (
    ACTION,
    CREATE_ONLY,
    EDIT,
    FazhiWorkflowError,
)
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..tools.answer_sql import answer_value

OFFICE = "fazhi_base.group_fazhi_office"

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class FazhiSatisfactionArchive(models.Model):
    """Yearly archive of a unit's questionnaires (问卷按年度分类保存).

    Seeds 000/001: the questionnaires are kept per year by a designated person
    (专人按年度分类保存). The custodian of the unit (``fazhi.unit.
    fazhi_archive_custodian_id``) or the supervision office archives a finished
    year: every answer of the unit in that year (``survey.user_input`` with
    ``fazhi_unit_id``; the year of its campaign month, else of its creation)
    is then locked for everyone, superuser included, and an XLSX of all the
    submitted answers is attached to the archive.

    An archived archive can be neither changed nor deleted: there is no way
    back, so the lock holds.

    Guarded (``fazhi.workflow.mixin``): only the supervision office or the
    unit's designated custodian opens an archive, only for a year that is
    over; the unit and year are given at creation, the custodian is changed
    by the office only, and the state and the archiving figures are set by
    ``action_archive_year`` alone.
    """

    _name = "fazhi.satisfaction.archive"
    _description = "Yearly archive of satisfaction answers"
    _inherit = ["fazhi.workflow.mixin", "mail.thread"]
    _order = "year desc, unit_id, id"

    # Workflow declarations (fazhi.workflow.mixin): who writes what, in which state.
    _fazhi_field_rules = {
        "unit_id": CREATE_ONLY,
        "year": CREATE_ONLY,
        # Given with the archive (the unit's custodian unless the office names
        # another one, see _check_custodian_rights), then the office's.
        "custodian_id": (EDIT, OFFICE),
        "state": ACTION,
        "archived_date": ACTION,
        "archived_by_id": ACTION,
        "answer_count": ACTION,
        "line_count": ACTION,
        "locked_count": ACTION,
        "attachment_id": ACTION,
    }
    _fazhi_state_rules = {
        "draft": EDIT,
        "archived": (),
    }
    _fazhi_transitions = {
        # who: the custodian or the office, checked by _check_can_archive
        "archive": (("draft",), "archived", None),
    }
    _fazhi_unlink_states = ("draft",)

    # Rows fetched at once from the server-side cursor that feeds the XLSX.
    _XLSX_FETCH_SIZE = 5000

    def _default_year(self):
        return fields.Date.context_today(self).year - 1

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(compute="_compute_name", store=True)
    unit_id = fields.Many2one(
        "fazhi.unit", required=True, index=True, ondelete="restrict", tracking=True
    )
    company_id = fields.Many2one(
        related="unit_id.company_id", store=True, index=True, precompute=True
    )
    year = fields.Integer(required=True, default=lambda self: self._default_year(), tracking=True)
    custodian_id = fields.Many2one(
        "res.users",
        compute="_compute_custodian_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        domain=[("share", "=", False)],
        help="Person who keeps the unit's questionnaires of the year (专人): the unit's "
        "archive custodian by default. The custodian or the supervision office archives.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("archived", "Archived")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
    )
    archived_date = fields.Datetime(string="Archived on", readonly=True, copy=False)
    archived_by_id = fields.Many2one("res.users", string="Archived by", readonly=True, copy=False)
    answer_count = fields.Integer(
        string="Questionnaires",
        readonly=True,
        copy=False,
        help="Submitted questionnaires of the unit in the year, at archiving.",
    )
    line_count = fields.Integer(
        string="Answer lines",
        readonly=True,
        copy=False,
        help="Rows of the spreadsheet: one per answered question.",
    )
    locked_count = fields.Integer(
        string="Locked answers",
        readonly=True,
        copy=False,
        help="Answers locked by the archive, submitted or not.",
    )
    attachment_id = fields.Many2one(
        "ir.attachment", string="Spreadsheet", readonly=True, copy=False, ondelete="restrict"
    )

    _sql_constraints = [
        (
            "unit_year_uniq",
            "unique(unit_id, year)",
            "Each unit has one archive per year.",
        ),
    ]

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("unit_id.name", "year")
    def _compute_name(self):
        for archive in self:
            archive.name = " ".join(filter(None, [archive.unit_id.name, str(archive.year or "")]))

    @api.depends("unit_id")
    def _compute_custodian_id(self):
        for archive in self:
            if archive.state == "draft":
                archive.custodian_id = (
                    archive.unit_id.fazhi_archive_custodian_id or archive.custodian_id
                )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("year")
    def _check_year(self):
        for archive in self:
            if not 2000 <= archive.year <= 2999:
                raise ValidationError(
                    self.env._("%(year)s is not a valid year.", year=archive.year)
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        self._check_can_open(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_draft()
        if "custodian_id" in vals:
            self._check_custodian_rights()
        return super().write(vals)

    def unlink(self):
        self._check_draft()
        return super().unlink()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_archived(self):
        self._check_draft()

    @api.model
    def _check_can_open(self, vals_list):
        """Who opens a yearly archive, and for which year (专人按年度分类保存):
        the supervision office or the unit's designated custodian, and only
        for a year that is over, whoever asks (superuser included: archiving
        locks a year's answers for good, and a year still running would lock
        the interviews of the unit). Checked on the values, before anything
        is stored."""
        today = fields.Date.context_today(self)
        is_office = self.env.su or self.env.user.has_group(OFFICE)
        default_year = self.default_get(["year"]).get("year")
        for vals in vals_list:
            year = vals.get("year", default_year)
            if year and int(year) >= today.year:
                raise UserError(
                    self.env._(
                        "%(year)s is not over yet: a year is archived once it has ended.",
                        year=year,
                    )
                )
            # sudo: the unit's name and custodian (a user) to compare with the caller
            unit = self.env["fazhi.unit"].sudo().browse(vals.get("unit_id"))
            custodian_id = vals.get("custodian_id")
            if custodian_id and custodian_id != unit.fazhi_archive_custodian_id.id:
                # Only the office designates another custodian than the unit's.
                self.new({"unit_id": unit.id, "year": year})._check_custodian_rights()
            if not is_office and (not unit or unit.fazhi_archive_custodian_id != self.env.user):
                raise AccessError(
                    self.env._(
                        "Only the custodian of %(unit)s's questionnaires or the supervision "
                        "office can open its yearly archive of %(year)s.",
                        unit=unit.display_name,
                        year=year,
                    )
                )

    def _check_custodian_rights(self):
        """Only the office designates another custodian than the unit's: the
        custodian may archive (and so lock) the year."""
        if self and not (self.env.su or self.env.user.has_group(OFFICE)):
            raise AccessError(
                self.env._(
                    "Only the supervision office can change the custodian of %(archive)s; "
                    "the custodian of a unit is set on the unit.",
                    archive=self[0].display_name,
                )
            )

    def _check_draft(self):
        """Refuse any change of an archived archive, superuser included."""
        archived = self.filtered(lambda archive: archive.state == "archived")
        if archived:
            raise FazhiWorkflowError(
                self.env._(
                    "%(archive)s is archived: it can be neither changed nor deleted.",
                    archive=archived[0].display_name,
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_archive_year(self):
        """Lock the year's answers of each unit and attach their spreadsheet."""
        self._check_can_archive()
        now = fields.Datetime.now()
        for archive in self:
            counts = archive._fazhi_count_answers()
            content = archive._fazhi_generate_xlsx()
            # sudo: the archive's own spreadsheet, made here, attached to it
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": archive._fazhi_xlsx_filename(),
                        "raw": content,
                        "mimetype": XLSX_MIMETYPE,
                        "res_model": self._name,
                        "res_id": archive.id,
                    }
                )
            )
            # The state is only written here, after the checks above. sudo:
            # the custodian may archive without the right to write archives
            # of other units (the record rule lets them read it); the checks
            # above decided who may.
            archive.sudo()._fazhi_move(
                "archive",
                {
                    "archived_date": now,
                    "archived_by_id": self.env.uid,
                    "attachment_id": attachment.id,
                    "answer_count": counts["done"],
                    "line_count": counts["lines"],
                    "locked_count": counts["all"],
                },
            )
            archive.message_post(
                body=self.env._(
                    "Year %(year)s archived: %(count)s questionnaires locked and saved in "
                    "%(file)s.",
                    year=archive.year,
                    count=counts["done"],
                    file=attachment.name,
                ),
            )
        return True

    def action_download(self):
        self.ensure_one()
        if not self.attachment_id:
            raise UserError(self.env._("Archive the year first: the spreadsheet is made then."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }

    def action_view_answers(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("survey.action_survey_user_input")
        action["domain"] = [("id", "in", self._fazhi_answer_ids())]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _check_can_archive(self):
        today = fields.Date.context_today(self)
        is_office = self.env.su or self.env.user.has_group(OFFICE)
        for archive in self:
            archive.check_access("read")
            if archive.state != "draft":
                raise UserError(
                    self.env._("%(archive)s is already archived.", archive=archive.display_name)
                )
            if not is_office and archive.custodian_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "Only the custodian of %(unit)s's questionnaires or the supervision "
                        "office can archive %(archive)s.",
                        unit=archive.unit_id.display_name,
                        archive=archive.display_name,
                    )
                )
            if archive.year >= today.year:
                raise UserError(
                    self.env._(
                        "%(year)s is not over yet: a year is archived once it has ended.",
                        year=archive.year,
                    )
                )
        # sudo: whether the unit still has open campaigns in the year (names in
        # the message only), whoever may read them
        Campaign = self.env["fazhi.satisfaction.campaign"].sudo()
        for archive in self:
            open_campaigns = Campaign.search(
                [
                    ("unit_id", "=", archive.unit_id.id),
                    ("state", "=", "open"),
                    ("month", ">=", f"{archive.year}-01-01"),
                    ("month", "<=", f"{archive.year}-12-31"),
                ]
            )
            if open_campaigns:
                raise UserError(
                    self.env._(
                        "Close the campaigns of %(year)s before archiving the year: %(campaigns)s.",
                        year=archive.year,
                        campaigns=", ".join(open_campaigns.mapped("display_name")),
                    )
                )

    def _fazhi_answers_where(self, done_only=False):
        """Condition on ``ui`` (survey_user_input) joined to ``task``
        (fazhi_satisfaction_task): the answers of this archive's unit and year."""
        self.ensure_one()
        month = self.env["fazhi.satisfaction.answer.report"]._month_sql("ui", "task")
        return SQL(
            "ui.fazhi_unit_id = %(unit)s AND %(month)s >= %(start)s AND %(month)s < %(stop)s%(done)s",
            unit=self.unit_id.id,
            month=month,
            start=date(self.year, 1, 1),
            stop=date(self.year + 1, 1, 1),
            done=SQL(" AND ui.state = 'done'") if done_only else SQL(),
        )

    def _fazhi_flush_answers(self):
        self.env["survey.user_input"].flush_model(
            ["fazhi_unit_id", "fazhi_task_id", "state", "partner_id", "end_datetime"]
        )
        self.env["survey.user_input.line"].flush_model()
        self.env["fazhi.satisfaction.task"].flush_model(["month", "channel", "counterpart_type"])

    def _fazhi_answer_ids(self):
        self._fazhi_flush_answers()
        self.env.cr.execute(
            SQL(
                """
                SELECT ui.id
                FROM survey_user_input ui
                LEFT JOIN fazhi_satisfaction_task task ON task.id = ui.fazhi_task_id
                WHERE %s
                ORDER BY ui.id
                """,
                self._fazhi_answers_where(),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _fazhi_count_answers(self):
        """``{"all": answers, "done": submitted answers, "lines": XLSX rows}``."""
        self._fazhi_flush_answers()
        self.env.cr.execute(
            SQL(
                """
                SELECT count(*),
                       count(*) FILTER (WHERE ui.state = 'done'),
                       COALESCE(sum((
                           SELECT count(*) FROM survey_user_input_line line
                           WHERE line.user_input_id = ui.id AND line.skipped IS NOT TRUE
                       )) FILTER (WHERE ui.state = 'done'), 0)
                FROM survey_user_input ui
                LEFT JOIN fazhi_satisfaction_task task ON task.id = ui.fazhi_task_id
                WHERE %s
                """,
                self._fazhi_answers_where(),
            )
        )
        total, done, lines = self.env.cr.fetchone()
        return {"all": total, "done": done, "lines": lines}

    def _fazhi_xlsx_filename(self):
        self.ensure_one()
        return f"{self.unit_id.name} {self.year}.xlsx"

    def _fazhi_xlsx_headers(self):
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

    def _fazhi_xlsx_query(self, lang, tz):
        """Rows of the spreadsheet, in order (see ``_fazhi_generate_xlsx``)."""

        month = self.env["fazhi.satisfaction.answer.report"]._month_sql("ui", "task")
        return SQL(
            """
            SELECT to_char(%(month)s, 'YYYY-MM'),
                   partner.name,
                   task.counterpart_type,
                   task.channel,
                   ui.survey_id,
                   line.question_id,
                   %(value)s,
                   choice.fazhi_rating,
                   ui.end_datetime AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s
            FROM survey_user_input ui
            LEFT JOIN fazhi_satisfaction_task task ON task.id = ui.fazhi_task_id
            JOIN survey_user_input_line line ON line.user_input_id = ui.id AND line.skipped IS NOT TRUE
            LEFT JOIN survey_question_answer choice ON choice.id = line.suggested_answer_id
            LEFT JOIN survey_question_answer matrix_row ON matrix_row.id = line.matrix_row_id
            LEFT JOIN res_partner partner ON partner.id = ui.partner_id
            WHERE %(answers)s
            ORDER BY 1, ui.end_datetime, ui.id, line.question_sequence, line.question_id, line.id
            """,
            month=month,
            value=answer_value(lang, tz),
            tz=tz,
            answers=self._fazhi_answers_where(done_only=True),
        )

    def _fazhi_generate_xlsx(self):
        """Spreadsheet of every submitted answer line of the unit and year.

        The rows come from a server-side cursor (``DECLARE ... CURSOR``,
        ``FETCH`` by batches) and go to xlsxwriter in ``constant_memory`` mode,
        so memory stays flat whatever the number of answers. Texts (titles,
        labels) are translated in the user's language, times in their zone.

        :return: the XLSX file content (bytes)
        """
        self.ensure_one()
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
        unit_name = self.unit_id.name
        # Titles are few: read once, with the unit in the (地区/部门) blank.
        surveys = {}
        questions = {}
        probe = self.env["survey.user_input"].new({"fazhi_unit_id": self.unit_id.id})

        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
        sheet = workbook.add_worksheet(str(self.year))
        bold = workbook.add_format({"bold": True})
        datetime_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        widths = [14, 9, 30, 16, 10, 24, 60, 20, 16, 17]
        for column, width in enumerate(widths):
            sheet.set_column(column, column, width)
        sheet.write_row(0, 0, self._fazhi_xlsx_headers(), bold)
        sheet.freeze_panes(1, 0)

        self._fazhi_flush_answers()
        cr = self.env.cr
        cursor_name = SQL.identifier(f"fazhi_archive_xlsx_{self.id}")
        cr.execute(
            SQL(
                "DECLARE %s NO SCROLL CURSOR FOR %s",
                cursor_name,
                self._fazhi_xlsx_query(lang, tz),
            )
        )
        row = 1
        write_string = sheet.write_string
        try:
            while True:
                cr.execute(SQL("FETCH %s FROM %s", self._XLSX_FETCH_SIZE, cursor_name))
                batch = cr.fetchall()
                if not batch:
                    break
                for (
                    month,
                    partner,
                    counterpart_type,
                    channel,
                    survey_id,
                    question_id,
                    answer,
                    rating,
                    submitted,
                ) in batch:
                    # sudo: titles of the questionnaires and questions of
                    # answers the archive holds (survey configuration)
                    if survey_id not in surveys:
                        surveys[survey_id] = (
                            self.env["survey.survey"].sudo().browse(survey_id).title
                        )
                    if question_id not in questions:
                        question = self.env["survey.question"].sudo().browse(question_id)
                        questions[question_id] = question._fazhi_title_for(probe)
                    write_string(row, 0, unit_name)
                    write_string(row, 1, month)
                    if partner:
                        write_string(row, 2, partner)
                    if counterpart_type:
                        write_string(row, 3, labels["type"].get(counterpart_type, counterpart_type))
                    if channel:
                        write_string(row, 4, labels["channel"].get(channel, channel))
                    write_string(row, 5, surveys[survey_id] or "")
                    write_string(row, 6, questions[question_id] or "")
                    if answer:
                        write_string(row, 7, answer)
                    if rating:
                        write_string(row, 8, labels["rating"].get(rating, rating))
                    if submitted:
                        sheet.write_datetime(row, 9, submitted, datetime_format)
                    row += 1
        finally:
            cr.execute(SQL("CLOSE %s", cursor_name))
        workbook.close()
        return output.getvalue()
