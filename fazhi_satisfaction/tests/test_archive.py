import io
from datetime import date, datetime

import openpyxl
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import FazhiWorkflowError
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_statistics import SatisfactionStatsCase

LOCKED = "archived .* they can no longer be changed or deleted, not even by the supervision office"


@tagged("post_install", "-at_install")
class TestArchive(SatisfactionStatsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.custodian = cls.staff_a
        cls.unit_a.fazhi_archive_custodian_id = cls.custodian
        # 2025: two campaigns of unit A (one closed in time, one left open)
        # and one of unit B; 2026: one of unit A.
        cls.campaign_2025 = cls._campaign(cls.unit_a, date(2025, 6, 1), cls.partners[:3])
        tasks = cls.campaign_2025.task_ids.sorted(lambda t: t.partner_id.name)
        cls.answer_2025 = cls._answer(
            tasks[0],
            [cls._choice(cls.q_sat, "满意"), cls._choice(cls.q_problem, "越权执法")],
            submitted=datetime(2025, 6, 10, 2, 30),
        )
        cls.answer_2025_b = cls._answer(
            tasks[1], [cls._choice(cls.q_sat, "不满意")], submitted=datetime(2025, 6, 11, 8, 0)
        )
        # an unfinished answer of 2025 is locked too, but not exported
        cls.answer_2025_open = cls._answer(tasks[2], [cls._choice(cls.q_sat, "满意")])
        cls.answer_2025_open.state = "in_progress"
        cls.campaign_2025_dec = cls._campaign(cls.unit_a, date(2025, 12, 1), cls.partners[:1])
        cls.answer_2025_dec = cls._answer(
            cls.campaign_2025_dec.task_ids,
            [cls._choice(cls.q_fact, "否")],
            submitted=datetime(2025, 12, 31, 23, 0),
        )
        cls.campaign_2026 = cls._campaign(cls.unit_a, date(2026, 1, 1), cls.partners[:1])
        cls.answer_2026 = cls._answer(cls.campaign_2026.task_ids, [cls._choice(cls.q_sat, "满意")])
        cls.campaign_b = cls._campaign(cls.unit_b, date(2025, 6, 1), cls.partners[:1])
        cls.answer_b = cls._answer(cls.campaign_b.task_ids, [cls._choice(cls.q_sat, "满意")])
        with freeze_time("2026-01-05"):
            (cls.campaign_2025 | cls.campaign_2025_dec).action_close()
        cls.Archive = cls.env["fazhi.satisfaction.archive"]

    def _archive(self, user=None, year=2025, unit=None):
        archive = self.Archive.with_user(user or self.office).create(
            {"unit_id": (unit or self.unit_a).id, "year": year}
        )
        return archive

    @freeze_time("2026-01-15 10:00:00")
    def _archive_2025(self, user=None):
        archive = self._archive(user=user)
        archive.action_archive_year()
        return archive

    # ------------------------------------------------------------------
    # Archiving
    # ------------------------------------------------------------------
    def test_archive_by_custodian(self):
        archive = self._archive(user=self.custodian)
        self.assertEqual(archive.custodian_id, self.custodian)
        self.assertEqual(archive.name, "统计审批办 2025")
        self.assertEqual(archive.state, "draft")
        with freeze_time("2026-01-15 10:00:00"):
            archive.with_user(self.custodian).action_archive_year()
        self.assertEqual(archive.state, "archived")
        self.assertEqual(archive.archived_by_id, self.custodian)
        self.assertEqual(archive.archived_date, datetime(2026, 1, 15, 10, 0))
        self.assertEqual(archive.answer_count, 3)  # submitted: June x2, December
        self.assertEqual(archive.locked_count, 4)  # and the unfinished one
        self.assertEqual(archive.line_count, 4)
        self.assertTrue(archive.attachment_id)
        self.assertEqual(archive.attachment_id.res_model, archive._name)
        self.assertEqual(archive.attachment_id.res_id, archive.id)
        self.assertEqual(archive.attachment_id.name, "统计审批办 2025.xlsx")
        self.assertEqual(
            set(self.env["survey.user_input"].browse(archive._fazhi_answer_ids())),
            set(
                self.answer_2025 | self.answer_2025_b | self.answer_2025_open | self.answer_2025_dec
            ),
        )
        # the custodian downloads it
        action = archive.with_user(self.custodian).action_download()
        self.assertEqual(action["url"], f"/web/content/{archive.attachment_id.id}?download=true")
        self.assertTrue(archive.attachment_id.with_user(self.custodian).raw)

    def test_xlsx(self):
        archive = self._archive_2025()
        book = openpyxl.load_workbook(io.BytesIO(archive.attachment_id.raw), read_only=True)
        sheet = book["2025"]
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(
            list(rows[0]),
            [
                "Unit",
                "Month",
                "Counterpart",
                "Counterpart type",
                "Channel",
                "Questionnaire",
                "Question",
                "Answer",
                "Rating",
                "Submitted on",
            ],
        )
        self.assertEqual(len(rows), 1 + 4)
        self.assertEqual(
            list(rows[1]),
            [
                "统计审批办",
                "2025-06",
                "相对人00",
                "Enterprise",
                "Phone",
                "统计测试问卷",
                "你到统计审批办办事满意吗？",
                "满意",
                "Satisfied",
                datetime(2025, 6, 10, 2, 30),
            ],
        )
        self.assertEqual(rows[2][6:9], ("是否遇到以下情况？", "越权执法", "Problem"))
        self.assertEqual(
            rows[3][2:9],
            (
                "相对人01",
                "Enterprise",
                "Phone",
                "统计测试问卷",
                "你到统计审批办办事满意吗？",
                "不满意",
                "Dissatisfied",
            ),
        )
        # December, a factual answer without rating
        self.assertEqual(rows[4][1], "2025-12")
        self.assertEqual(rows[4][7:9], ("否", None))
        # nothing of unit B nor of 2026
        self.assertNotIn("统计监督所", [row[0] for row in rows])

    def test_xlsx_timezone(self):
        """Submission times are in the archiving user's time zone."""
        archive = self._archive()
        with freeze_time("2026-01-15"):
            archive.with_context(tz="Asia/Shanghai").action_archive_year()
        book = openpyxl.load_workbook(io.BytesIO(archive.attachment_id.raw), read_only=True)
        rows = list(book.active.iter_rows(values_only=True))
        self.assertEqual(rows[1][9], datetime(2025, 6, 10, 10, 30))

    def test_archive_refusals(self):
        # not the custodian (staff of B, even given rights on the unit)
        archive = self._archive(user=self.custodian)
        self.unit_a.member_ids = [Command.link(self.staff_b.id)]
        with freeze_time("2026-01-15"), self.assertRaisesRegex(AccessError, "Only the custodian"):
            archive.with_user(self.staff_b).action_archive_year()
        # nor can they make themselves the custodian
        with self.assertRaisesRegex(AccessError, "Only the supervision office can change"):
            archive.with_user(self.staff_b).custodian_id = self.staff_b
        with self.assertRaisesRegex(AccessError, "Only the supervision office can change"):
            self.Archive.with_user(self.staff_b).create(
                {"unit_id": self.unit_a.id, "year": 2024, "custodian_id": self.staff_b.id}
            )
        # the office can
        archive.with_user(self.office).custodian_id = self.staff_b
        archive.with_user(self.office).custodian_id = self.custodian
        # the current year is not over: its archive is not even opened
        with freeze_time("2026-06-15"), self.assertRaisesRegex(UserError, "2026 is not over yet"):
            self._archive(year=2026)
        # an open campaign of the year
        self._campaign(self.unit_a, date(2025, 11, 1), self.partners[:1])
        with (
            freeze_time("2026-01-15"),
            self.assertRaisesRegex(UserError, "Close the campaigns of 2025"),
        ):
            archive.with_user(self.office).action_archive_year()
        self.assertEqual(archive.state, "draft")
        # the state is only set by the button
        with self.assertRaisesRegex(FazhiWorkflowError, "only through its buttons"):
            archive.with_user(self.office).write({"state": "archived"})

    def test_unique_unit_year(self):
        self._archive()
        self._archive(unit=self.unit_b)
        self._archive(year=2024)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self._archive()

    def test_archived_archive_is_final(self):
        archive = self._archive_2025()
        for env_archive in (archive.with_user(self.office), archive.sudo()):
            with self.assertRaisesRegex(
                UserError, "archived: it can be neither changed nor deleted"
            ):
                env_archive.write({"year": 2024})
            with self.assertRaisesRegex(
                UserError, "archived: it can be neither changed nor deleted"
            ):
                env_archive.unlink()
        with self.assertRaisesRegex(UserError, "already archived"), freeze_time("2026-02-01"):
            archive.action_archive_year()

    # ------------------------------------------------------------------
    # Locking
    # ------------------------------------------------------------------
    def test_lock(self):
        self._archive_2025()
        answer = self.answer_2025
        line = answer.user_input_line_ids[0]
        for label, user_answer, user_line in (
            ("office", answer.with_user(self.office), line.with_user(self.office)),
            ("sudo", answer.sudo(), line.sudo()),
            ("superuser", answer.with_user(self.env.ref("base.user_root")), line.sudo()),
        ):
            with self.subTest(user=label):
                with self.assertRaisesRegex(UserError, LOCKED):
                    user_answer.write({"nickname": "x"})
                with self.assertRaisesRegex(UserError, LOCKED):
                    user_answer.unlink()
                with self.assertRaisesRegex(UserError, LOCKED):
                    user_line.write({"suggested_answer_id": self._choice(self.q_sat, "不满意").id})
                with self.assertRaisesRegex(UserError, LOCKED):
                    user_line.unlink()
                with self.assertRaisesRegex(UserError, LOCKED):
                    user_line.create(
                        {
                            "user_input_id": answer.id,
                            "question_id": self.q_fact.id,
                            "answer_type": "suggestion",
                            "suggested_answer_id": self._choice(self.q_fact, "是").id,
                        }
                    )
        # the message names the unit, the year and the custodian
        with self.assertRaises(UserError) as error:
            answer.sudo().unlink()
        self.assertIn("统计审批办", str(error.exception))
        self.assertIn("2025", str(error.exception))
        self.assertIn("Staff A", str(error.exception))
        # nothing changed
        self.assertTrue(answer.exists())
        self.assertEqual(line.suggested_answer_id.value, "满意")
        # the unfinished answer can be neither submitted nor answered further
        with self.assertRaisesRegex(UserError, LOCKED):
            self.answer_2025_open.sudo()._mark_done()
        with self.assertRaisesRegex(UserError, LOCKED):
            self.answer_2025_open.sudo()._save_lines(
                self.q_sat, self._choice(self.q_sat, "不满意").id
            )
        self.assertEqual(self.answer_2025_open.state, "in_progress")
        # its campaigns stay closed
        with self.assertRaisesRegex(UserError, "cannot be reopened: the year 2025"):
            self.campaign_2025.with_user(self.office)._fazhi_reopen("补录迟交的问卷")
        self.assertEqual(self.campaign_2025.state, "closed")
        # an answer cannot be moved into the archived year either
        with self.assertRaisesRegex(UserError, LOCKED):
            self.answer_b.sudo().write({"fazhi_unit_id": self.unit_a.id})

    def test_lock_scope(self):
        """Other years and other units stay editable."""
        self._archive_2025()
        for answer in (self.answer_2026, self.answer_b):
            answer.sudo().write({"nickname": "ok"})
            answer.user_input_line_ids.sudo().write(
                {"suggested_answer_id": self._choice(self.q_sat, "基本满意").id}
            )
        self.answer_b.sudo().unlink()
        self.assertFalse(self.answer_b.exists())
        # the statistics still read the archived answers
        rows = self.env["fazhi.satisfaction.answer.report"].search(
            [("user_input_id", "=", self.answer_2025.id)]
        )
        self.assertEqual(len(rows), 2)

    def test_view_answers_and_form(self):
        archive = self._archive_2025()
        action = archive.with_user(self.custodian).action_view_answers()
        answers = self.env["survey.user_input"].search(action["domain"])
        self.assertEqual(len(answers), 4)
        self.assertIn(
            "fazhi_archive_custodian_id",
            self.env["fazhi.unit"].get_view(
                self.env.ref("fazhi_base.fazhi_unit_view_form").id, "form"
            )["arch"],
        )

    def test_access(self):
        archive_a = self._archive()
        archive_b = self._archive(unit=self.unit_b)
        Archive = self.Archive.with_user(self.staff_b)
        self.assertEqual(Archive.search([]), archive_b)
        with self.assertRaises(AccessError):
            archive_a.with_user(self.staff_b).read(["name"])
        self.assertEqual(self.Archive.with_user(self.leader).search([]), archive_a | archive_b)
        with self.assertRaises(AccessError):
            self.Archive.with_user(self.leader).create({"unit_id": self.unit_a.id, "year": 2023})
