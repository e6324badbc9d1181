import base64
import io
from datetime import date, datetime

import openpyxl
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import SQL, mute_logger


@tagged("post_install", "-at_install")
class TestMonthlyReport(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, tz="UTC"))
        cls.company = cls.env.company
        cls.company.write(
            {
                "fazhi_monthly_report_due_day": 25,
                "fazhi_monthly_reminder_days": 3,
                "fazhi_summary_user_ids": [Command.clear()],
            }
        )
        # The crons work on every active unit: keep only ours.
        cls.env["fazhi.unit"].search([]).write({"active": False})

        def user(login, group, name):
            return new_test_user(
                cls.env,
                login=login,
                groups=f"fazhi_base.{group}",
                name=name,
                email=f"{login}@fazhi.test",
                tz="UTC",
            )

        cls.staff_a = user("mr_staff_a", "group_fazhi_staff", "Staff A")
        cls.staff_b = user("mr_staff_b", "group_fazhi_staff", "Staff B")
        cls.manager_a = user("mr_manager_a", "group_fazhi_unit_manager", "Manager A")
        cls.manager_c = user("mr_manager_c", "group_fazhi_unit_manager", "Manager C")
        cls.office = user("mr_office", "group_fazhi_office", "Office")
        cls.leader = user("mr_leader", "group_fazhi_leader", "Leader")

        Unit = cls.env["fazhi.unit"]
        cls.unit_a = Unit.create(
            {
                "name": "Unit A",
                "code": "MR-A",
                "manager_id": cls.manager_a.id,
                "member_ids": [Command.set([cls.staff_a.id, cls.manager_a.id])],
            }
        )
        cls.unit_b = Unit.create(
            {
                "name": "Unit B",
                "code": "MR-B",
                "liaison_id": cls.staff_b.id,
                "member_ids": [Command.set([cls.staff_b.id])],
            }
        )
        cls.unit_c = Unit.create({"name": "Unit C", "code": "MR-C", "manager_id": cls.manager_c.id})
        cls.Report = cls.env["fazhi.monthly.report"]
        cls.Summary = cls.env["fazhi.monthly.summary"]
        cls.october = date(2026, 10, 1)

    def _report(self, unit, month=None, user=None):
        Report = self.Report.with_user(user) if user else self.Report
        return Report.create({"unit_id": unit.id, "month": month or self.october})

    def _lines(self, report):
        return {line.source: line for line in report.line_ids}

    # ------------------------------------------------------------------
    # Identity, uniqueness, settings
    # ------------------------------------------------------------------
    def test_month_normalised_and_name(self):
        report = self._report(self.unit_a, month="2026-10-17")
        self.assertEqual(report.month, date(2026, 10, 1))
        self.assertEqual(report.month_label, "October 2026")
        self.assertEqual(report.name, "Unit A October 2026")
        self.assertEqual(report.company_id, self.company)
        report.month = date(2026, 11, 30)
        self.assertEqual(report.month, date(2026, 11, 1))
        self.assertEqual(report.name, "Unit A November 2026")
        # A month, not a date, in the reader's language; searchable either way.
        self.env["res.lang"]._activate_lang("zh_CN")
        chinese = report.with_context(lang="zh_CN")
        self.assertEqual(chinese.month_label, "2026年11月")
        self.assertEqual(chinese.name, "Unit A 2026年11月")
        for query in ("2026年11月", "Unit A 2026-11", "unit a", "2026/11"):
            with self.subTest(query=query):
                self.assertIn(report, self.Report.search([("name", "ilike", query)]))
        self.assertNotIn(report, self.Report.search([("name", "ilike", "2026-10")]))

    def test_duplicate_unit_month_refused(self):
        self._report(self.unit_a, month=date(2026, 10, 3))
        self._report(self.unit_a, month=date(2026, 11, 1))  # another month: fine
        self._report(self.unit_b, month=date(2026, 10, 1))  # another unit: fine
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self._report(self.unit_a, month=date(2026, 10, 20))
        constraint = self.env.ref("fazhi_base.constraint_fazhi_monthly_report_unit_month_uniq")
        self.assertIn("Duplicate monthly report", constraint.message)

    def test_due_day_bounds(self):
        for day in (0, 32, -1, 100):
            with self.subTest(day=day), self.assertRaises(ValidationError):
                self.company.fazhi_monthly_report_due_day = day
        for day in (1, 31, 28):
            self.company.fazhi_monthly_report_due_day = day
            self.assertEqual(self.company.fazhi_monthly_report_due_day, day)
        with self.assertRaises(ValidationError):
            self.company.fazhi_monthly_reminder_days = -1
        self.company.fazhi_monthly_reminder_days = 0
        # The settings page writes through the same constraint.
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"fazhi_monthly_report_due_day": 32}).execute()
        self.env["res.config.settings"].create({"fazhi_monthly_report_due_day": 20}).execute()
        self.assertEqual(self.company.fazhi_monthly_report_due_day, 20)

    def test_due_date_clamped(self):
        self.company.fazhi_monthly_report_due_day = 31
        due = self.Report._fazhi_due_date
        self.assertEqual(due(self.company, date(2026, 2, 1)), date(2026, 2, 28))
        self.assertEqual(due(self.company, date(2028, 2, 14)), date(2028, 2, 29))
        self.assertEqual(due(self.company, date(2026, 4, 1)), date(2026, 4, 30))
        self.assertEqual(due(self.company, date(2026, 10, 1)), date(2026, 10, 31))
        february = self._report(self.unit_a, month=date(2026, 2, 1))
        self.assertEqual(february.due_date, date(2026, 2, 28))
        # A new due day applies to open reports, not to submitted ones.
        submitted = self._report(self.unit_b, month=date(2026, 2, 1))
        submitted.with_user(self.staff_b).action_submit()
        self.company.fazhi_monthly_report_due_day = 25
        self.env.flush_all()
        self.assertEqual(february.due_date, date(2026, 2, 25))
        self.assertEqual(submitted.due_date, date(2026, 2, 28))
        self.assertEqual(
            self._report(self.unit_c, month=date(2026, 2, 1)).due_date, date(2026, 2, 25)
        )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def test_workflow(self):
        report = self._report(self.unit_a, user=self.staff_a)
        as_staff = report.with_user(self.staff_a)
        as_office = report.with_user(self.office)
        self.assertEqual(report.state, "draft")

        # Out of order from draft.
        with self.assertRaises(UserError):
            as_office.action_accept()
        with self.assertRaises(UserError):
            as_office.action_return(reason="Too early")
        # Wrong people.
        with self.assertRaises(AccessError):
            as_office.action_submit()  # the office is not a unit of the report
        with self.assertRaises(AccessError):
            report.with_user(self.staff_b).action_submit()
        with self.assertRaises(UserError):
            as_staff.write({"state": "accepted"})

        as_staff.narrative = "<p>Monthly work</p>"
        as_staff.action_submit()
        self.assertEqual(report.state, "submitted")
        self.assertEqual(report.submitted_by_id, self.staff_a)
        self.assertTrue(report.submitted_date)

        with self.assertRaises(UserError):
            as_staff.action_submit()
        with self.assertRaises(UserError):
            as_staff.write({"narrative": "<p>Changed after submission</p>"})
        with self.assertRaises(UserError):
            as_staff.action_refresh_figures()
        with self.assertRaises(UserError):
            as_staff.line_ids[:1].note = "too late"
        with self.assertRaises(AccessError):
            as_staff.action_accept()
        with self.assertRaises(AccessError):
            report.with_user(self.manager_a).action_return(reason="Not the manager's call")
        with self.assertRaises(AccessError):
            report.with_user(self.leader).action_accept()
        with self.assertRaises(AccessError):
            as_staff.return_reason = "Only the office writes the reason"
        with self.assertRaises(UserError):
            as_office.action_return()  # no reason
        with self.assertRaises(UserError):
            as_office.action_return(reason="   ")

        as_office.return_reason = "The attachments are missing."
        as_office.action_return()
        self.assertEqual(report.state, "returned")
        self.assertEqual(report.return_reason, "The attachments are missing.")
        posted = report.message_ids.filtered(
            lambda message: "The attachments are missing." in (message.body or "")
        )
        self.assertEqual(len(posted), 1, "the reason is posted for the unit")
        self.assertIn(self.staff_a.partner_id, posted.partner_ids)
        with self.assertRaises(UserError):
            as_office.action_accept()
        with self.assertRaises(UserError):
            as_office.action_return(reason="again")

        # A returned report is corrected and submitted again.
        as_staff.narrative = "<p>Monthly work, with the attachments</p>"
        as_staff.action_submit()
        self.assertEqual(report.state, "submitted")
        self.assertFalse(report.return_reason)
        as_office.action_accept()
        self.assertEqual(report.state, "accepted")

        for action in (as_staff.action_submit, as_office.action_accept):
            with self.assertRaises(UserError):
                action()
        with self.assertRaises(UserError):
            as_office.action_return(reason="after acceptance")
        with self.assertRaises(UserError):
            as_office.unlink()
        self.env.cr.precommit.run()  # tracking is written at commit time
        tracked = report.sudo().message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "state"
        )
        self.assertIn("Accepted", tracked.mapped("new_value_char"))

    def test_late(self):
        with freeze_time("2026-10-25 10:00:00"):
            on_time = self._report(self.unit_a)
            on_time.with_user(self.staff_a).action_submit()
            self.assertFalse(on_time.is_late)
        with freeze_time("2026-10-26 10:00:00"):
            late = self._report(self.unit_b)
            self.assertTrue(late.is_late, "not submitted after the due date")
            late_ids = self.Report.search([("is_late", "=", True)]).ids
            self.assertIn(late.id, late_ids)
            self.assertNotIn(on_time.id, late_ids)
            self.assertIn(on_time.id, self.Report.search([("is_late", "=", False)]).ids)
            late.with_user(self.staff_b).action_submit()
            self.assertTrue(late.is_late)
            self.assertTrue(late.submitted_late)
        with freeze_time("2026-11-10 10:00:00"):
            self.assertFalse(on_time.is_late)
            self.assertTrue(late.is_late)

    # ------------------------------------------------------------------
    # Figures (the hook)
    # ------------------------------------------------------------------
    def _followup(self, unit, name, created, deadline, state="open"):
        with freeze_time("2026-09-01"):
            followup = self.env["fazhi.followup"].create(
                {"name": name, "unit_id": unit.id, "deadline": deadline}
            )
        if state != "open":
            followup.write({"state": state})
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE fazhi_followup SET create_date = %s WHERE id = %s",
                datetime.fromisoformat(created),
                followup.id,
            )
        )
        followup.invalidate_recordset(["create_date"])
        return followup

    def test_followup_figures(self):
        self._followup(self.unit_a, "f1", "2026-10-05 12:00", date(2026, 10, 10))
        self._followup(self.unit_a, "f2", "2026-10-06 12:00", date(2026, 10, 15), "done")
        self._followup(self.unit_a, "f3", "2026-09-20 12:00", date(2026, 10, 30), "verified")
        self._followup(self.unit_a, "f4", "2026-10-07 12:00", date(2026, 11, 5), "in_progress")
        self._followup(self.unit_a, "f5", "2026-10-08 12:00", date(2026, 10, 12), "cancelled")
        self._followup(self.unit_a, "f6", "2026-09-01 12:00", date(2026, 9, 15))
        self._followup(self.unit_b, "f7", "2026-10-05 12:00", date(2026, 10, 9))

        with freeze_time("2026-10-20 08:00:00"):
            # One batch: two units, two months.
            reports = self.Report.create(
                [
                    {"unit_id": self.unit_a.id, "month": date(2026, 10, 1)},
                    {"unit_id": self.unit_a.id, "month": date(2026, 9, 1)},
                    {"unit_id": self.unit_b.id, "month": date(2026, 10, 1)},
                    {"unit_id": self.unit_c.id, "month": date(2026, 10, 1)},
                ]
            )
        october_a, september_a, october_b, october_c = reports
        expected = {
            october_a: {"opened": 3, "due": 3, "done": 2, "overdue": 2},
            september_a: {"opened": 2, "due": 1, "done": 0, "overdue": 1},
            october_b: {"opened": 1, "due": 1, "done": 0, "overdue": 1},
            october_c: {"opened": 0, "due": 0, "done": 0, "overdue": 0},
        }
        for report, values in expected.items():
            lines = self._lines(report)
            for key, value in values.items():
                with self.subTest(report=report.name, figure=key):
                    line = lines[f"fazhi_base.followup_{key}"]
                    self.assertEqual(line.value, value)
                    self.assertTrue(line.name)
        # other installed addons add their own lines through the hook
        self.assertEqual(
            [s for s in october_a.line_ids.mapped("source") if s.startswith("fazhi_base.")],
            [
                "fazhi_base.followup_opened",
                "fazhi_base.followup_due",
                "fazhi_base.followup_done",
                "fazhi_base.followup_overdue",
            ],
        )

        # Refresh updates the lines in place (new follow-up counted), keeps the notes.
        as_staff = october_a.with_user(self.staff_a)
        self._lines(october_a)["fazhi_base.followup_opened"].with_user(self.staff_a).note = "ok"
        self._followup(self.unit_a, "f8", "2026-10-18 12:00", date(2026, 10, 28))
        old_lines = october_a.line_ids
        revision = october_a.figures_revision
        with freeze_time("2026-10-20 08:00:00"):
            as_staff.action_refresh_figures()
        self.assertEqual(october_a.line_ids, old_lines)
        lines = self._lines(october_a)
        self.assertEqual(lines["fazhi_base.followup_opened"].value, 4)
        self.assertEqual(lines["fazhi_base.followup_opened"].note, "ok")
        self.assertEqual(lines["fazhi_base.followup_opened"].unit_id, self.unit_a)
        self.assertEqual(october_a.figures_revision, revision + 1)
        # Nothing changed: same revision, a new "as of" date.
        with freeze_time("2026-10-20 09:00:00"):
            as_staff.action_refresh_figures()
        self.assertEqual(october_a.figures_revision, revision + 1)
        self.assertEqual(october_a.figures_date, datetime(2026, 10, 20, 9, 0))

        # Submission never changes figures silently: a figure changed since
        # they were displayed -> updated, not submitted, the user re-checks.
        self._followup(self.unit_a, "f9", "2026-10-19 12:00", date(2026, 10, 29))
        with freeze_time("2026-10-20 10:00:00"):
            result = as_staff.action_submit()
        self.assertEqual(october_a.state, "draft")
        self.assertEqual(result["tag"], "display_notification")
        self.assertEqual(self._lines(october_a)["fazhi_base.followup_opened"].value, 5)
        # The form sends the revision it displayed; an older one is refused too.
        shown = october_a.figures_revision
        with freeze_time("2026-10-20 10:05:00"):
            result = as_staff.with_context(fazhi_figures_revision=shown - 1).action_submit()
        self.assertEqual(october_a.state, "draft")
        self.assertIsInstance(result, dict)
        # What was displayed is current: submitted as is, then frozen.
        with freeze_time("2026-10-20 10:10:00"):
            self.assertIs(as_staff.with_context(fazhi_figures_revision=shown).action_submit(), True)
        self.assertEqual(october_a.state, "submitted")
        self.assertEqual(october_a.figures_revision, shown)
        self._followup(self.unit_a, "f10", "2026-10-19 13:00", date(2026, 10, 29))
        frozen = {line.source: line.value for line in october_a.line_ids}
        october_a.with_user(self.staff_a).web_read({"line_ids": {"fields": {"value": {}}}})
        self.assertEqual({line.source: line.value for line in october_a.line_ids}, frozen)
        self.assertEqual(self._lines(october_a)["fazhi_base.followup_opened"].value, 5)

    # ------------------------------------------------------------------
    # Figures by code, labels in the reader's language
    # ------------------------------------------------------------------
    def test_cron_report_labels_in_reader_language(self):
        """A report made by the cron in English reads in Chinese to a zh_CN
        reader and in English to an en_US reader: lines keep the code only."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self._followup(self.unit_c, "f1", "2026-10-05 12:00", date(2026, 10, 10))
        self._followup(self.unit_c, "f2", "2026-10-06 12:00", date(2026, 10, 12))
        self._followup(self.unit_c, "f3", "2026-10-07 12:00", date(2026, 10, 30))
        with freeze_time("2026-10-22 09:00:00"):
            self.Report.with_context(lang="en_US")._cron_send_reminders()
        report = self.Report.search([("unit_id", "=", self.unit_c.id)])
        self.assertEqual(len(report), 1)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'fazhi_monthly_report_line' AND column_name IN %s",
                ("name", "uom"),
            )
        )
        self.assertFalse(self.env.cr.fetchall(), "labels and units are not stored")
        for lang, opened, overdue, items in (
            ("zh_CN", "新增督办事项", "逾期督办事项", "件"),
            ("en_US", "Follow-ups opened", "Follow-ups overdue", "items"),
        ):
            with self.subTest(lang=lang):
                lines = self._lines(report.with_user(self.manager_c).with_context(lang=lang))
                self.assertEqual(lines["fazhi_base.followup_opened"].name, opened)
                self.assertEqual(lines["fazhi_base.followup_opened"].uom, items)
                # counts print as integers
                self.assertEqual(lines["fazhi_base.followup_opened"].value_display, f"3 {items}")
                self.assertEqual(lines["fazhi_base.followup_overdue"].name, overdue)
                # a target only where the figure has one
                self.assertEqual(lines["fazhi_base.followup_overdue"].target_display, f"0 {items}")
                self.assertEqual(lines["fazhi_base.followup_opened"].target_display, "")
                selection = dict(
                    self.env["fazhi.monthly.report.line"]
                    .with_context(lang=lang)
                    .fields_get(["source"])["source"]["selection"]
                )
                self.assertEqual(selection["fazhi_base.followup_opened"], opened)

    def test_pivot_one_group_per_figure(self):
        """Reports computed in two languages group under one figure each."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self._followup(self.unit_a, "f1", "2026-10-05 12:00", date(2026, 10, 10))
        with freeze_time("2026-10-20 09:00:00"):
            english = self.Report.with_context(lang="en_US").create(
                {"unit_id": self.unit_a.id, "month": self.october}
            )
            chinese = (
                self.Report.with_user(self.staff_b)
                .with_context(lang="zh_CN")
                .create({"unit_id": self.unit_b.id, "month": self.october})
            )
        reports = english | chinese
        codes = set(english.line_ids.mapped("source"))
        self.assertEqual(codes, set(chinese.line_ids.mapped("source")))
        Line = self.env["fazhi.monthly.report.line"].with_user(self.office)
        for lang in ("en_US", "zh_CN"):
            with self.subTest(lang=lang):
                groups = Line.with_context(lang=lang).read_group(
                    [("report_id", "in", reports.ids)], ["value:sum"], ["source"]
                )
                self.assertEqual(len(groups), len(codes))
                self.assertEqual({group["source"] for group in groups}, codes)
                self.assertTrue(all(group["source_count"] == 2 for group in groups))
                opened = next(g for g in groups if g["source"] == "fazhi_base.followup_opened")
                self.assertEqual(opened["value"], 1)

    def test_summary_mail_in_recipients_language(self):
        """The cron (English) sends the summary in the recipients' language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        (self.office | self.leader).partner_id.lang = "zh_CN"
        self.company.fazhi_summary_user_ids = self.office | self.leader
        with freeze_time("2026-10-20 09:00:00"):
            self._report(self.unit_a)
        with freeze_time("2026-10-26 09:00:00"):
            self.Summary.with_context(lang="en_US")._cron_send_summary()
        mail = self._summary_mails()
        self.assertEqual(len(mail), 1)
        sheet = self._read_xlsx(mail.attachment_ids)
        headers = [cell.value for cell in sheet[4]]
        self.assertIn("新增督办事项 (件)", headers)
        self.assertNotIn("Follow-ups opened (items)", headers)
        row = next(sheet.iter_rows(min_row=5, max_row=5, values_only=True))
        self.assertEqual(row[headers.index("新增督办事项 (件)")], 0)

    # ------------------------------------------------------------------
    # Reminder cron
    # ------------------------------------------------------------------
    def _reminders(self):
        return self.env["mail.activity"].search(
            [("res_model", "=", "fazhi.monthly.report"), ("automated", "=", True)]
        )

    def test_reminder_cron(self):
        archived = self.env["fazhi.unit"].create(
            {"name": "Archived", "manager_id": self.manager_c.id}
        )
        archived.active = False
        with freeze_time("2026-10-10 09:00:00"):
            submitted = self._report(self.unit_a)
            submitted.with_user(self.staff_a).action_submit()
            draft_b = self._report(self.unit_b)
        with freeze_time("2026-10-21 09:00:00"):  # before due date - 3 days
            self.Report._cron_send_reminders()
        self.assertFalse(self.Report.search([("unit_id", "=", self.unit_c.id)]))
        self.assertFalse(self._reminders())

        with freeze_time("2026-10-22 09:00:00"):
            self.Report._cron_send_reminders()
            reports = self.Report.search([("month", "=", self.october)])
            activities = self._reminders()
            report_c = reports.filtered(lambda r: r.unit_id == self.unit_c)
            self.assertEqual(reports.unit_id, self.unit_a | self.unit_b | self.unit_c)
            self.assertEqual(report_c.state, "draft")
            self.assertEqual(report_c.line_ids.mapped("source")[:1], ["fazhi_base.followup_opened"])
            self.assertEqual(len(activities), 2)
            by_report = {activity.res_id: activity for activity in activities}
            self.assertEqual(by_report[draft_b.id].user_id, self.staff_b, "liaison fallback")
            self.assertEqual(by_report[report_c.id].user_id, self.manager_c)
            self.assertEqual(by_report[report_c.id].date_deadline, date(2026, 10, 25))
            self.assertNotIn(submitted.id, by_report)

            # Idempotent: a second run the same day creates nothing.
            self.Report._cron_send_reminders()
            self.assertEqual(self.Report.search([("month", "=", self.october)]), reports)
            self.assertEqual(self._reminders(), activities)

        with freeze_time("2026-10-24 09:00:00"):  # caught-up window, already reminded
            self.Report._cron_send_reminders()
            self.assertEqual(self._reminders(), activities)
            # Submitting closes the reminder.
            draft_b.with_user(self.staff_b).action_submit()
            self.assertEqual(self._reminders().res_id, report_c.id)
        self.assertFalse(self.Report.search([("unit_id", "=", archived.id)]))

    # ------------------------------------------------------------------
    # Summary cron, e-mail and XLSX
    # ------------------------------------------------------------------
    def _summaries(self):
        return self.Summary.search([("company_id", "=", self.company.id)])

    def _summary_mails(self):
        return self.env["mail.mail"].search([("model", "=", "fazhi.monthly.summary")])

    def _read_xlsx(self, attachment):
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        return book.worksheets[0]

    def test_summary_cron(self):
        self.company.fazhi_summary_user_ids = self.office | self.leader
        self._followup(self.unit_a, "f1", "2026-10-05 12:00", date(2026, 10, 10))
        self._followup(self.unit_a, "f2", "2026-10-06 12:00", date(2026, 10, 15), "done")
        with freeze_time("2026-10-20 09:00:00"):
            submitted = self._report(self.unit_a)
            submitted.with_user(self.staff_a).action_submit()
            self._report(self.unit_b)  # stays draft
        with freeze_time("2026-10-25 09:00:00"):  # the due day itself
            self.Summary._cron_send_summary()
        self.assertFalse(self._summaries())
        self.assertFalse(self._summary_mails())

        with freeze_time("2026-10-26 09:00:00"):
            self.Summary._cron_send_summary()
            summary = self._summaries()
            self.assertEqual(len(summary), 1)
            self.assertEqual(summary.month, self.october)
            self.assertEqual(summary.state, "sent")
            self.assertEqual((summary.unit_count, summary.submitted_count), (3, 1))
            self.assertEqual((summary.missing_count, summary.late_count), (2, 2))
            mail = self._summary_mails()
            self.assertEqual(len(mail), 1)
            self.assertEqual(mail.res_id, summary.id)
            self.assertEqual(mail.state, "outgoing", "queued, not sent")
            self.assertEqual(mail.recipient_ids, (self.office | self.leader).partner_id)
            self.assertIn("October 2026", mail.subject)
            self.assertIn("Unit A", mail.body_html)
            self.assertEqual(len(mail.attachment_ids), 1)
            attachment = mail.attachment_ids
            self.assertEqual(attachment.name, "monthly_summary_2026-10.xlsx")

            # Second run: nothing new.
            self.Summary._cron_send_summary()
        with freeze_time("2026-10-31 09:00:00"):
            self.Summary._cron_send_summary()
        self.assertEqual(self._summaries(), summary)
        self.assertEqual(self._summary_mails(), mail)

        sheet = self._read_xlsx(attachment)
        self.assertIn("October 2026", sheet["A1"].value)
        self.assertIn("Month: October 2026", sheet["A2"].value)
        headers = [cell.value for cell in sheet[4]]
        self.assertEqual(headers[:4], ["Unit", "Report state", "Submitted on", "Late"])
        self.assertIn("Follow-ups opened (items)", headers)
        self.assertIn("Follow-ups overdue (items)", headers)
        rows = {row[0]: row for row in sheet.iter_rows(min_row=5, values_only=True)}
        self.assertEqual(set(rows), {"Unit A", "Unit B", "Unit C"})
        opened = headers.index("Follow-ups opened (items)")
        done = headers.index("Follow-ups due and done (items)")
        self.assertEqual(rows["Unit A"][1:4], ("Submitted", datetime(2026, 10, 20, 9, 0), "No"))
        self.assertEqual(rows["Unit A"][opened], 2)
        self.assertEqual(rows["Unit A"][done], 1)
        self.assertEqual(rows["Unit B"][1], "Draft")
        self.assertEqual(rows["Unit B"][3], "Yes")
        self.assertEqual(rows["Unit B"][opened], 0)
        self.assertEqual(rows["Unit C"][1:4], ("Missing", None, "Yes"))
        self.assertIsNone(rows["Unit C"][opened])

    def test_summary_missed_run_and_short_month(self):
        """Due day 31: October's summary goes out in November, November's on 1 December."""
        self.company.fazhi_monthly_report_due_day = 31
        september = self.Summary.create({"month": date(2026, 9, 1)})  # done in October
        with freeze_time("2026-10-31 09:00:00"):  # October's due date
            self.Summary._cron_send_summary()
        self.assertEqual(self._summaries(), september)
        with freeze_time("2026-11-12 09:00:00"):  # the runs since 1 November were missed
            self.Summary._cron_send_summary()
        self.assertEqual(self._summaries().mapped("month"), [date(2026, 10, 1), date(2026, 9, 1)])
        with freeze_time("2026-11-30 09:00:00"):  # November's due date (30 days)
            self.Summary._cron_send_summary()
        self.assertEqual(len(self._summaries()), 2)
        with freeze_time("2026-12-01 09:00:00"):
            self.Summary._cron_send_summary()
        self.assertEqual(self._summaries()[0].month, date(2026, 11, 1))
        with freeze_time("2026-12-02 09:00:00"):
            self.Summary._cron_send_summary()
        self.assertEqual(len(self._summaries()), 3)
        self.assertEqual(len(self._summary_mails()), 2)

    def test_summary_default_recipients_and_send_now(self):
        with freeze_time("2026-10-26 09:00:00"):
            summary = self.Summary.create({"month": "2026-10-14"})
            self.assertEqual(summary.month, self.october)
            recipients = summary._fazhi_default_recipients()
            self.assertIn(self.office.partner_id, recipients)
            self.assertIn(self.leader.partner_id, recipients)
            self.assertNotIn(self.staff_a.partner_id, recipients)
            with self.assertRaises(AccessError):
                summary.with_user(self.leader).action_send_now()
            summary.with_user(self.office).action_send_now()
            self.assertEqual(summary.state, "sent")
            self.assertEqual(summary.recipient_ids, recipients)
            self.assertEqual(len(self._summary_mails()), 1)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.Summary.create({"month": "2026-10-01"})

    def test_report_xlsx(self):
        with freeze_time("2026-10-20 09:00:00"):
            reports = self._report(self.unit_a) | self._report(self.unit_b)
            content, report_format = self.env["ir.actions.report"]._render(
                "fazhi_base.fazhi_monthly_report_xlsx_report", reports.ids
            )
        self.assertEqual(report_format, "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        self.assertEqual(sheet["A1"].value, "Monthly unit reports")
        self.assertEqual(
            [cell.value for cell in sheet[4]][:5],
            ["Month", "Unit", "Report state", "Submitted on", "Late"],
        )
        self.assertEqual(
            [(row[0], row[1], row[2]) for row in sheet.iter_rows(min_row=5, values_only=True)],
            [("October 2026", "Unit A", "Draft"), ("October 2026", "Unit B", "Draft")],
        )


# Waits for a CSS selector, then signals success (or fails after ~10 s).
WAIT_FOR = """
const selector = %r;
let tries = 0;
const timer = setInterval(() => {
    if (document.querySelector(selector)) {
        clearInterval(timer);
        console.log("test successful");
    } else if (++tries > 100) {
        clearInterval(timer);
        console.error("Not found: " + selector);
    }
}, 100);
"""


@tagged("post_install", "-at_install")
class TestMonthlyReportViews(HttpCase):
    """The web client renders every view of the monthly reports without error."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.office = new_test_user(
            cls.env, login="mr_view_office", groups="fazhi_base.group_fazhi_office"
        )
        cls.staff = new_test_user(
            cls.env, login="mr_view_staff", groups="fazhi_base.group_fazhi_staff"
        )
        cls.unit = cls.env["fazhi.unit"].create(
            {"name": "View unit", "member_ids": [Command.set(cls.staff.ids)]}
        )
        cls.report = cls.env["fazhi.monthly.report"].create({"unit_id": cls.unit.id})
        cls.summary = cls.env["fazhi.monthly.summary"].create({"month": "2020-01-01"})

    def _check(self, path, selector, login):
        self.browser_js(path, WAIT_FOR % selector, login=login)

    def test_views(self):
        report = "/odoo/action-fazhi_base.fazhi_monthly_report_action"
        summary = "/odoo/action-fazhi_base.fazhi_monthly_summary_action"
        figures = "/odoo/action-fazhi_base.fazhi_monthly_report_line_action"
        self._check(report, ".o_list_view .o_data_row", self.staff.login)
        self._check(
            f"{report}/{self.report.id}",
            ".o_form_view button[name='action_submit']",
            self.staff.login,
        )
        self._check(
            f"{report}/{self.report.id}", ".o_form_view .o_statusbar_status", "mr_view_office"
        )
        self._check(summary, ".o_list_view", "mr_view_office")
        self._check(
            f"{summary}/{self.summary.id}",
            ".o_form_view button[name='action_send_now']",
            "mr_view_office",
        )
        self._check(figures, ".o_pivot_view", "mr_view_office")
        self._check(
            "/odoo/action-fazhi_base.fazhi_config_settings_action",
            "[name='fazhi_monthly_report_due_day'] input",
            "admin",
        )
