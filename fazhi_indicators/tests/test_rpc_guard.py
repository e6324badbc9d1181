"""The server is the boundary (issue 9): every guarded model of fazhi_indicators
walked as each role from its declarations, and one test per finding.

Each role acts with ``with_user`` and direct ``write``/``create``/``unlink`` or
the public action methods, with any context: a context key is not a permission.
"""

import base64
import io
import zipfile
from unittest.mock import patch

import xlsxwriter
from freezegun import freeze_time

from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import FazhiWorkflowError
from odoo.addons.fazhi_base.tests.guard_table import (
    check_declarations,
    walk_create,
    walk_guard_table,
    walk_unlink,
)
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from ..wizard.fazhi_indicator_import_wizard import (
    HEADER_CODE,
    HEADER_DEPARTMENT,
    HEADER_TEXT,
    FazhiIndicatorImportWizard,
)
from .common import IndicatorCase
from .test_export_import import SEED_LAYOUT, make_xlsx

GUARDED_MODELS = (
    "fazhi.indicator.entry",
    "fazhi.indicator.campaign",
    "fazhi.indicator.feedback",
    "fazhi.indicator.assignment",
    "fazhi.indicator",
    "fazhi.indicator.framework",
)

# The context key that used to open the workflow fields to any caller.
FORGED = {"fazhi_indicator_workflow": True}


class GuardCase(IndicatorCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The complaint desk is fazhi_complaints' role: here a staff member of
        # no unit, with the desk group when fazhi_complaints is installed.
        desk_groups = "fazhi_base.group_fazhi_staff"
        if cls.env.ref("fazhi_complaints.group_fazhi_complaint_desk", raise_if_not_found=False):
            desk_groups += ",fazhi_complaints.group_fazhi_complaint_desk"
        cls.desk = new_test_user(cls.env, login="ind_desk", groups=desk_groups)
        # Roles: staff of the unit, staff of another unit, unit manager, office,
        # leader, complaint desk.
        cls.roles = cls.staff | cls.staff2 | cls.manager | cls.office | cls.leader | cls.desk
        cls.feedback = cls.env["fazhi.indicator.feedback"].create(
            {
                "name": "台账不完整",
                "campaign_id": cls.campaign.id,
                "round_id": cls.round_1.id,
                "indicator_id": cls.ind_1.id,
                "deadline": "2099-03-31",
            }
        )

    def assertRefused(self, func):
        """``func`` is refused by the guard or the access rights (not by a
        business rule on the value, not accepted)."""
        with self.assertRaises(UserError) as caught:
            func()
        self.assertIsInstance(caught.exception, FazhiWorkflowError | AccessError)


@tagged("post_install", "-at_install")
class TestDeclarations(GuardCase):
    def test_declarations_complete(self):
        for name in GUARDED_MODELS:
            with self.subTest(model=name):
                self.assertEqual(check_declarations(self.env[name]), [])

    def test_walk_entry(self):
        self.fill(self.entry_a)
        self.assertEqual(walk_guard_table(self.entry_a, self.roles), [])
        self.assertEqual(walk_unlink(self.entry_a, self.roles), [])
        assignment = self.env["fazhi.indicator.assignment"].create(
            {
                "campaign_id": self.campaign.id,
                "indicator_id": self.ind_1.id,
                "unit_id": self.unit_b.id,
            }
        )
        vals = {"assignment_id": assignment.id, "round_id": self.round_1.id}
        self.assertEqual(walk_create(self.env["fazhi.indicator.entry"], vals, self.roles), [])

    def test_walk_campaign(self):
        self.assertEqual(walk_guard_table(self.campaign, self.roles), [])
        self.assertEqual(walk_unlink(self.campaign, self.roles), [])
        vals = {"name": "新活动", "framework_id": self.framework.id}
        self.assertEqual(walk_create(self.env["fazhi.indicator.campaign"], vals, self.roles), [])

    def test_walk_feedback(self):
        self.assertEqual(walk_guard_table(self.feedback, self.roles), [])
        self.assertEqual(walk_unlink(self.feedback, self.roles), [])
        vals = {
            "name": "新发现",
            "campaign_id": self.campaign.id,
            "indicator_id": self.ind_2.id,
            "deadline": "2099-04-30",
        }
        self.assertEqual(walk_create(self.env["fazhi.indicator.feedback"], vals, self.roles), [])

    def test_walk_assignment(self):
        veto = self.campaign.assignment_ids.filtered(lambda a: a.indicator_id == self.ind_veto)
        self.assertEqual(walk_guard_table(veto, self.roles), [])
        vals = {
            "campaign_id": self.campaign.id,
            "indicator_id": self.ind_veto.id,
            "unit_id": self.unit_a.id,
        }
        self.assertEqual(walk_create(self.env["fazhi.indicator.assignment"], vals, self.roles), [])

    def test_walk_indicator(self):
        self.assertEqual(walk_guard_table(self.ind_1, self.roles), [])
        vals = {"framework_id": self.framework.id, "code": "新-1", "name": "新指标"}
        self.assertEqual(walk_create(self.env["fazhi.indicator"], vals, self.roles), [])

    def test_walk_framework(self):
        # A framework no campaign uses: clearing the indicators of the test's
        # framework fails in SQL (assignments restrict it), which the walker's
        # savepoint cannot survive (it flushes after the error).
        framework = self.env["fazhi.indicator.framework"].create(
            {"name": "未使用体系", "code": "T-UNUSED"}
        )
        self.env["fazhi.indicator"].create(
            {"framework_id": framework.id, "code": "1", "name": "未使用指标"}
        )
        self.assertEqual(walk_guard_table(framework, self.roles), [])
        vals = {"name": "新指标体系", "code": "T-NEW"}
        self.assertEqual(walk_create(self.env["fazhi.indicator.framework"], vals, self.roles), [])


@tagged("post_install", "-at_install")
class TestEntryFindings(GuardCase):
    def submit(self, user=None):
        self.fill(self.entry_a, user=user)
        self.entry_a.with_user(user or self.staff).action_submit()

    def test_context_key_is_not_a_permission_for_staff(self):
        """Staff with fazhi_indicator_workflow=True in the RPC context cannot
        accept or approve an entry, nor forge who submitted or approved it."""
        self.fill(self.entry_a)
        entry = self.entry_a.with_user(self.staff).with_context(**FORGED)
        for vals in (
            {"state": "accepted"},
            {"state": "approved"},
            {"state": "submitted"},
            {"submitted_by_id": self.staff2.id},
            {"approved_by_id": self.manager.id, "approved_date": "2099-01-01 08:00:00"},
            {"reviewed_by_id": self.office.id},
        ):
            with self.subTest(vals=vals):
                self.assertRefused(lambda v=vals: entry.write(v))
        self.entry_a.with_user(self.staff).action_submit()
        with self.assertRaises(AccessError):
            entry.action_approve()
        with self.assertRaises(AccessError):
            entry.action_accept()
        self.assertRefused(lambda: entry.write({"state": "accepted"}))
        self.assertEqual(self.entry_a.state, "submitted")
        self.assertEqual(self.entry_a.submitted_by_id, self.staff)
        self.assertFalse(self.entry_a.approved_by_id)

    def test_context_key_is_not_a_permission_for_manager(self):
        """A manager who submitted an entry cannot forge another submitter (to
        approve their own entry) nor write the state, with the old context key."""
        self.submit(user=self.manager)
        entry = self.entry_a.with_user(self.manager).with_context(**FORGED)
        self.assertRefused(lambda: entry.write({"submitted_by_id": self.staff.id}))
        self.assertRefused(
            lambda: entry.write(
                {"state": "approved", "approved_by_id": self.manager.id, "approved_date": False}
            )
        )
        self.assertRefused(lambda: entry.write({"state": "accepted"}))
        with self.assertRaisesRegex(AccessError, "submitted by you"):
            entry.action_approve()
        self.assertEqual(self.entry_a.state, "submitted")
        self.assertEqual(self.entry_a.submitted_by_id, self.manager)

    def test_manager_cannot_approve_own_submission(self):
        self.submit(user=self.manager)
        with self.assertRaisesRegex(AccessError, "submitted by you"):
            self.entry_a.with_user(self.manager).action_approve()
        self.assertEqual(self.entry_a.state, "submitted")
        # The separation holds for the office too; another person approves.
        self.entry_a.with_user(self.office).action_return("请补充")
        self.entry_a.with_user(self.office).action_submit()
        with self.assertRaisesRegex(AccessError, "submitted by you"):
            self.entry_a.with_user(self.office).action_approve()
        self.entry_a.with_user(self.manager).action_approve()
        self.assertEqual(self.entry_a.state, "approved")
        self.assertEqual(self.entry_a.approved_by_id, self.manager)

    def test_staff_cannot_create_or_move_entries(self):
        Entry = self.env["fazhi.indicator.entry"]
        assignment = self.env["fazhi.indicator.assignment"].create(
            {
                "campaign_id": self.campaign.id,
                "indicator_id": self.ind_1.id,
                "unit_id": self.unit_b.id,
            }
        )
        for user in (self.staff, self.manager, self.office):
            with self.subTest(user=user.login):
                self.assertRefused(
                    lambda u=user: (
                        Entry.with_user(u)
                        .with_context(**FORGED)
                        .create(
                            {
                                "assignment_id": assignment.id,
                                "round_id": self.round_1.id,
                                "state": "accepted",
                            }
                        )
                    )
                )
                self.assertRefused(
                    lambda u=user: (
                        Entry.with_user(u)
                        .with_context(**FORGED)
                        .create(
                            {
                                "assignment_id": assignment.id,
                                "round_id": self.round_1.id,
                                "submitted_by_id": self.staff.id,
                            }
                        )
                    )
                )
        # An entry cannot be moved to another unit's assignment.
        self.assertRefused(
            lambda: self.entry_a.with_user(self.staff).write({"assignment_id": assignment.id})
        )

    def test_locked_content_and_return_reason(self):
        self.submit()
        self.assertRefused(
            lambda: (
                self.entry_a.with_user(self.staff)
                .with_context(**FORGED)
                .write({"completion": "改写"})
            )
        )
        # Staff do not write the return comments; the manager does, then returns.
        self.assertRefused(
            lambda: self.entry_a.with_user(self.staff).write({"return_reason": "自己退回"})
        )
        self.entry_a.with_user(self.manager).write({"return_reason": "请补充佐证材料"})
        self.entry_a.with_user(self.manager).action_return()
        self.assertEqual(self.entry_a.state, "returned")
        self.assertEqual(self.entry_a.reviewed_by_id, self.manager)

    def test_cron_still_marks_reminders(self):
        self.assertRefused(
            lambda: self.entry_a.with_user(self.office).write({"reminder_sent_date": "2099-02-25"})
        )
        with freeze_time("2099-02-25"):
            self.env["fazhi.indicator.entry"]._cron_remind_deadlines()
        self.assertTrue(self.entry_a.reminder_sent_date)


@tagged("post_install", "-at_install")
class TestConfigurationFindings(GuardCase):
    def test_campaign_state_only_through_actions(self):
        campaign = self.campaign.with_user(self.office).with_context(**FORGED)
        self.assertRefused(lambda: campaign.write({"state": "closed"}))
        self.assertRefused(lambda: campaign.write({"state": "draft"}))
        other = self.env["fazhi.indicator.framework"].create({"name": "另一体系", "code": "T-O"})
        self.assertRefused(lambda: campaign.write({"framework_id": other.id}))
        campaign.action_close()
        self.assertRefused(lambda: campaign.write({"state": "running"}))
        self.assertRefused(lambda: campaign.write({"name": "改名"}))
        self.assertRefused(lambda: campaign.unlink())
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.manager).with_context(**FORGED).action_reopen()
        campaign.action_reopen()
        self.assertEqual(self.campaign.state, "running")

    def test_veto_only_through_actions(self):
        veto = self.campaign.assignment_ids.filtered(lambda a: a.indicator_id == self.ind_veto)
        for user in (self.staff2, self.manager, self.office):
            with self.subTest(user=user.login):
                self.assertRefused(
                    lambda u=user: (
                        veto.with_user(u).with_context(**FORGED).write({"veto_triggered": True})
                    )
                )
        self.assertRefused(lambda: veto.with_user(self.office).write({"unit_id": self.unit_a.id}))
        veto.with_user(self.office).action_trigger_veto("发生严重违法行政行为")
        self.assertTrue(self.campaign.veto_triggered)

    def test_sent_feedback_is_fixed(self):
        feedback = self.feedback.with_user(self.office)
        self.assertRefused(lambda: feedback.write({"state": "sent"}))
        feedback.action_create_followups()
        self.assertRefused(lambda: feedback.write({"deadline": "2100-01-01"}))
        self.assertRefused(lambda: feedback.write({"state": "draft"}))
        self.assertRefused(feedback.unlink)

    def test_configuration_is_the_offices(self):
        for user in (self.staff, self.manager, self.leader, self.desk):
            with self.subTest(user=user.login):
                self.assertRefused(lambda u=user: self.ind_1.with_user(u).write({"kind": "veto"}))
                self.assertRefused(
                    lambda u=user: self.framework.with_user(u).write({"instructions": "x"})
                )
        self.ind_1.with_user(self.office).write({"evidence_requirements": "审批时限统计表"})
        self.framework.with_user(self.office).write({"instructions": "不可照抄指标项。"})


def big_xlsx(rows, duplicate_every=1000):
    """A checklist of ``rows`` indicators; every ``duplicate_every``-th code
    repeats the previous one."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["《大表》指标分解表"])
    sheet.write_row(1, 0, [HEADER_CODE, HEADER_TEXT, "具体分解内容", HEADER_DEPARTMENT])
    for index in range(rows):
        number = index if duplicate_every and index % duplicate_every == 0 and index else index + 1
        sheet.write_row(
            index + 2,
            0,
            [f"G-{number}", f"第{index + 1}项指标：依法全面履行政府职能。", "", "审批办"],
        )
    workbook.close()
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestImportBadInput(GuardCase):
    def wizard(self, data, filename="清单.xlsx", **values):
        return (
            self.env["fazhi.indicator.import.wizard"]
            .with_user(self.office)
            .create({"file": base64.b64encode(data), "filename": filename, **values})
        )

    def counts(self):
        return (
            self.env["fazhi.indicator.framework"].with_context(active_test=False).search_count([]),
            self.env["fazhi.indicator"].with_context(active_test=False).search_count([]),
        )

    def assertNothingImported(self, before):
        self.assertEqual(self.counts(), before, "bad input loses nothing and adds nothing")

    def test_60000_rows_with_duplicates_reported(self):
        """60 000 rows: the duplicate check is one pass (it ran past Odoo's
        time limit when it was quadratic); the duplicates are listed and
        nothing is imported."""
        before = self.counts()
        wizard = self.wizard(big_xlsx(60_000))
        with self.assertRaisesRegex(
            UserError, r"Duplicate codes in the file \(59\): G-1000, G-2000, .* and 39 more"
        ):
            wizard.action_import()
        self.assertNothingImported(before)

    def test_oversized_file_refused(self):
        before = self.counts()
        data = b"PK\x03\x04" + b"\0" * (FazhiIndicatorImportWizard._max_file_size + 1)
        with self.assertRaisesRegex(UserError, "at most 5 MB"):
            self.wizard(data).action_import()
        # A real workbook over a (lowered) limit is refused the same way.
        with patch.object(FazhiIndicatorImportWizard, "_max_file_size", 1024):
            with self.assertRaisesRegex(UserError, "at most"):
                self.wizard(base64.b64decode(make_xlsx(SEED_LAYOUT))).action_import()
        self.assertNothingImported(before)

    def test_too_many_rows_refused(self):
        before = self.counts()
        with patch.object(FazhiIndicatorImportWizard, "_max_rows", 5):
            with self.assertRaisesRegex(UserError, "more than 5 rows"):
                self.wizard(base64.b64decode(make_xlsx(SEED_LAYOUT))).action_import()
        self.assertNothingImported(before)

    def test_zip_bomb_refused(self):
        before = self.counts()
        with patch.object(FazhiIndicatorImportWizard, "_max_uncompressed_size", 1000):
            with self.assertRaisesRegex(UserError, "unpacks to more than"):
                self.wizard(base64.b64decode(make_xlsx(SEED_LAYOUT))).action_import()
        self.assertNothingImported(before)

    def test_wrong_type_refused_by_bytes(self):
        """Files named .xlsx whose bytes are something else are refused with a
        message saying what they are; nothing is imported."""
        docx = io.BytesIO()
        with zipfile.ZipFile(docx, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", "<w:document/>")
        cases = {
            "executable": (b"MZ\x90\x00\x03" + b"\0" * 200, "a program"),
            "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 200, "Office 97-2003"),
            "pdf": (b"%PDF-1.4 test", "PDF"),
            "docx": (docx.getvalue(), "not a workbook"),
            "text": (b"code,text\n1,x\n", "neither a workbook"),
            "empty": (b"", "neither a workbook"),
        }
        before = self.counts()
        for label, (data, message) in cases.items():
            with self.subTest(kind=label):
                with self.assertRaisesRegex(UserError, f"not an XLSX workbook.*{message}"):
                    self.wizard(data).action_import()
        self.assertNothingImported(before)

    def test_error_after_framework_creation_leaves_nothing(self):
        """An error while writing rolls the whole import back, the new
        framework included (the writes share one savepoint)."""
        before = self.counts()
        rows = [list(r) for r in SEED_LAYOUT]
        wizard = self.wizard(base64.b64decode(make_xlsx(rows)))
        with (
            patch.object(
                type(self.env["fazhi.indicator"]),
                "_match_responsible_units",
                side_effect=UserError("boom"),
            ),
            self.assertRaisesRegex(UserError, "boom"),
        ):
            wizard.action_import()
        self.assertNothingImported(before)
        # And the same file then imports normally.
        wizard.action_import()
        self.assertEqual(self.counts()[0], before[0] + 1)
