"""The server is the boundary (issue 9): ``fazhi.complaint`` walked as each role
from its declarations, and one test per finding of the issue about complaints.

Each role acts with ``with_user`` and direct ``write``/``create``/``unlink``,
``read``/``search_read``/``read_group``/``export_data`` or the public action
methods, with any context: a context key is not a permission.
"""

import base64

from odoo import Command
from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import FazhiWorkflowError
from odoo.addons.fazhi_base.tests.guard_table import (
    check_declarations,
    walk_create,
    walk_guard_table,
    walk_unlink,
)
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCase

# Context keys a curious client may add: none of them opens anything.
FORGED = {
    "fazhi_complaint_workflow": True,
    "fazhi_complaints_workflow": True,
    "fazhi_workflow": True,
    "fazhi_identity_traced": True,
}
IDENTITY = ["complainant_name", "complainant_phone", "complainant_id_number"]


class GuardCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Staff of another unit.
        cls.outsider = new_test_user(
            cls.env, login="tc_outsider_guard", groups="fazhi_base.group_fazhi_staff"
        )
        cls.other_unit.member_ids = [Command.link(cls.outsider.id)]
        # Roles: staff of the unit (the handler), staff of another unit, unit
        # manager, office, leader, complaint desk.
        cls.roles = cls.handler | cls.outsider | cls.manager | cls.office | cls.leader | cls.desk
        # Odoo's export right, so that export_data reaches the fields' own checks.
        export = cls.env.ref("base.group_allow_export")
        (cls.roles | cls.staff).write({"groups_id": [Command.link(export.id)]})

    def assertRefused(self, func):
        """``func`` is refused by the guard or the access rights (not by a
        business rule on the value, not accepted)."""
        with self.assertRaises(UserError) as caught:
            func()
        self.assertIsInstance(caught.exception, FazhiWorkflowError | AccessError)
        return caught.exception

    def _assigned(self, **vals):
        complaint = self._register(**vals)
        return self._to_state(complaint, "assigned")

    def _traces(self, complaint, user):
        return complaint.message_ids.filtered(
            lambda m: (
                m.author_id == user.partner_id
                and "identity" in (m.body or "")
                and m.message_type == "notification"
            )
        )


@tagged("post_install", "-at_install")
class TestGuardTable(GuardCase):
    def test_declarations_complete(self):
        self.assertEqual(check_declarations(self.Complaint), [])

    def test_walk_table_as_each_role(self):
        complaint = self._assigned()
        # attachment_ids: the table's sample links any attachment of the database,
        # which the adoption rule refuses on purpose (tested below).
        fnames = [f for f in self.Complaint._fazhi_field_rules if f != "attachment_ids"]
        self.assertEqual(walk_guard_table(complaint, self.roles, fnames=fnames), [])

    def test_walk_create_as_each_role(self):
        vals = {
            "channel": "phone",
            "category_id": self.category.id,
            "description": "Walk of the create table.",
        }
        self.assertEqual(walk_create(self.Complaint, vals, self.roles), [])

    def test_walk_unlink_as_each_role(self):
        complaint = self._register()
        self.assertEqual(walk_unlink(complaint, self.roles), [])

    def test_categories_and_time_limits_are_the_office(self):
        limit = self.env.ref("fazhi_complaints.fazhi_complaint_time_limit_phone")
        for user in self.roles - self.office:
            with self.subTest(user=user.login):
                self.assertRefused(lambda u=user: self.category.with_user(u).write({"name": "x"}))
                self.assertRefused(lambda u=user: limit.with_user(u).write({"conclude_days": 999}))
        self.category.with_user(self.office).write({"description": "Office's"})

    def test_extension_wizard_is_the_office(self):
        complaint = self._assigned()
        Wizard = self.env["fazhi.complaint.extend.wizard"]
        vals = {
            "complaint_id": complaint.id,
            "days": 10,
            "reason": "Witnesses",
            "notice_method": "phone",
        }
        for user in self.roles - self.office:
            with self.subTest(user=user.login):
                self.assertRefused(lambda u=user: Wizard.with_user(u).create(vals))
        Wizard.with_user(self.office).create(vals).action_confirm()
        self.assertEqual(complaint.extension_requested_days, 10)
        self.assertFalse(complaint.extension_days, "the office requests, a leader approves")
        for user in self.roles - self.leader:
            with self.subTest(user=user.login):
                self.assertRefused(
                    lambda u=user: (
                        complaint.with_user(u).with_context(**FORGED).action_approve_extension()
                    )
                )
        complaint.with_user(self.leader).action_approve_extension()
        self.assertEqual(complaint.extension_days, 10)


@tagged("post_install", "-at_install")
class TestWorkflowFindings(GuardCase):
    def test_handler_cannot_write_the_workflow(self):
        """A handler writes state='archived', extension_days=365, resets
        reopen_count, sets concluded_on_time: all refused, whatever the context."""
        complaint = self._assigned()
        as_handler = complaint.with_user(self.handler).with_context(**FORGED)
        for vals in (
            {"state": "archived"},
            {"extension_days": 365},
            {"reopen_count": 1},
            {"concluded_on_time": True},
            {"is_overdue": True},
            {"archived_date": "2026-01-01"},
            {"extension_approver_id": self.handler.id},
        ):
            with self.subTest(vals=vals):
                self.assertRefused(lambda v=vals: as_handler.write(v))
        self.assertEqual(complaint.state, "assigned")
        self.assertFalse(complaint.extension_days)
        # The same values are refused to the office and the desk too.
        for user in (self.office, self.desk):
            self.assertRefused(
                lambda u=user: (
                    complaint.with_user(u).with_context(**FORGED).write({"state": "archived"})
                )
            )
        # The buttons still work for the handler.
        as_handler.action_start_investigation()
        as_handler.write(
            {"outcome": "unfounded", "conclusion": "Nothing found.", "measures_taken": False}
        )
        as_handler.action_conclude()
        self.assertEqual(complaint.state, "concluded")
        self.assertTrue(complaint.concluded_on_time)

    def test_reopen_counter_holds(self):
        complaint = self._register()
        self._to_state(complaint, "feedback")
        complaint.with_user(self.handler).write({"satisfaction": "unsatisfied"})
        complaint.with_user(self.handler).action_record_satisfaction()
        complaint.with_user(self.office).action_reopen()
        self.assertEqual(complaint.reopen_count, 1)
        for user in self.roles:
            with self.subTest(user=user.login):
                self.assertRefused(
                    lambda u=user: (
                        complaint.with_user(u).with_context(**FORGED).write({"reopen_count": 0})
                    )
                )
        self.assertEqual(complaint.reopen_count, 1)

    def test_steps_check_the_role(self):
        complaint = self._register()
        with self.assertRaises(AccessError):
            complaint.with_user(self.handler).with_context(**FORGED).action_accept()
        complaint.with_user(self.desk).action_accept()
        self.assertEqual(complaint.state, "accepted")


@tagged("post_install", "-at_install")
class TestPublication(GuardCase):
    def _concluded(self, **vals):
        return self._to_state(self._register(**vals), "concluded")

    def test_nobody_publishes_by_write(self):
        complaint = self._concluded()
        forged = {
            "is_published": True,
            "public_summary": "Zhang San 13900000000 complained.",
            "published_date": "2026-01-01",
            "publisher_id": self.office.id,
        }
        for user in self.roles | self.staff:
            for fname, value in forged.items():
                with self.subTest(user=user.login, field=fname):
                    self.assertRefused(
                        lambda u=user, f=fname, v=value: (
                            complaint.with_user(u).with_context(**FORGED).write({f: v})
                        )
                    )
        self.assertFalse(complaint.is_published)
        self.assertFalse(complaint.public_summary)

    def test_nobody_creates_a_published_complaint(self):
        vals = {
            "channel": "phone",
            "category_id": self.category.id,
            "description": "Filed published.",
        }
        for user in (self.desk, self.office):
            for extra in (
                {"is_published": True},
                {"public_summary": "Published at birth."},
                {"published_date": "2026-01-01"},
                {"publisher_id": self.office.id},
            ):
                with self.subTest(user=user.login, extra=extra):
                    self.assertRefused(
                        lambda u=user, e=extra: (
                            self.Complaint.with_user(u).with_context(**FORGED).create({**vals, **e})
                        )
                    )

    def test_publish_refuses_personal_data(self):
        complaint = self._concluded(complainant_name="张三丰", complainant_phone="13912345678")
        office = complaint.with_user(self.office)
        cases = {
            "请拨打13912345678联系": ("mobile", "13912345678"),
            "电话 139-1234-5678": ("mobile", "139-1234-5678"),
            "手机+8613912345678": ("mobile", "13912345678"),
            "座机 0375-1234567": ("landline", "0375-1234567"),
            "座机 (0375)1234567": ("landline", "1234567"),
            "座机（0375）12345678": ("landline", "12345678"),
            "身份证11010519491231002X": ("ID number", "11010519491231002X"),
            "投诉人张三丰反映的问题属实": ("complainant's name", None),
        }
        for text, (kind, number) in cases.items():
            with self.subTest(text=text):
                complaint.public_summary_draft = text
                with self.assertRaises(UserError) as caught:
                    office.action_publish()
                message = str(caught.exception)
                self.assertIn(kind, message)
                if number:
                    self.assertNotIn(number, message, "the number is never echoed in full")
                self.assertNotIn("张三丰", message)
                self.assertFalse(complaint.is_published)
        # A clean text goes out; ordinary numbers (dates, amounts) are not phone numbers.
        clean = "2026年3月的投诉经调查部分属实，涉事执法人员已被批评教育，罚款500元已退还。"
        complaint.public_summary_draft = clean
        office.action_publish()
        self.assertTrue(complaint.is_published)
        self.assertEqual(complaint.public_summary, clean)
        self.assertEqual(complaint.publisher_id, self.office)
        # Editing the draft afterwards does not change the published text.
        complaint.with_user(self.handler).write({"public_summary_draft": "New draft"})
        self.assertEqual(complaint.public_summary, clean)
        with self.assertRaises(AccessError):
            complaint.with_user(self.desk).action_unpublish()
        office.action_unpublish()
        self.assertFalse(complaint.is_published)


@tagged("post_install", "-at_install")
class TestAttachments(GuardCase):
    def _upload(self, user, **vals):
        return (
            self.env["ir.attachment"]
            .with_user(user)
            .create(
                {
                    "name": "evidence.txt",
                    "datas": base64.b64encode(b"evidence"),
                    **vals,
                }
            )
        )

    def test_own_loose_upload_is_adopted(self):
        complaint = self._assigned()
        upload = self._upload(self.handler)
        complaint.with_user(self.handler).write({"attachment_ids": [Command.link(upload.id)]})
        self.assertEqual((upload.res_model, upload.res_id), (complaint._name, complaint.id))
        # An upload made from the complaint's own form is already filed under it.
        from_form = self._upload(self.desk, res_model=complaint._name, res_id=complaint.id)
        complaint.with_user(self.office).write({"attachment_ids": [Command.link(from_form.id)]})
        self.assertIn(from_form, complaint.attachment_ids)
        # At creation too.
        upload = self._upload(self.desk)
        created = self._register(attachment_ids=[Command.set(upload.ids)])
        self.assertEqual(upload.res_id, created.id)

    def test_foreign_attachments_are_not_adopted(self):
        """Another complaint's evidence, the monthly summary XLSX, someone else's
        upload: refused, and the file stays where it was."""
        complaint = self._assigned()
        other = self._register(accused_officer_ids=[Command.set(self.handler.ids)])
        evidence = self._upload(self.desk, res_model=other._name, res_id=other.id)
        other.attachment_ids = [Command.link(evidence.id)]
        summary = self.env["fazhi.monthly.summary"].create({"month": "2026-01-01"})
        xlsx = self.env["ir.attachment"].create(
            {
                "name": "summary.xlsx",
                "datas": base64.b64encode(b"PK"),
                "res_model": summary._name,
                "res_id": summary.id,
            }
        )
        someone_elses = self._upload(self.office)
        for user in (self.handler, self.desk, self.office):
            for attachment in (evidence, xlsx, someone_elses):
                if user == self.office and attachment == someone_elses:
                    continue
                for command in (Command.link(attachment.id), Command.set([attachment.id])):
                    with self.subTest(user=user.login, attachment=attachment.name):
                        self.assertRefused(
                            lambda u=user, c=command: (
                                complaint.with_user(u)
                                .with_context(**FORGED)
                                .write({"attachment_ids": [c]})
                            )
                        )
                    self.assertRefused(
                        lambda u=user, c=command: self.Complaint.with_user(u).create(
                            {
                                "category_id": self.category.id,
                                "description": "Adopting by create.",
                                "attachment_ids": [c],
                            }
                        )
                    )
        self.assertEqual((evidence.res_model, evidence.res_id), (other._name, other.id))
        self.assertEqual((xlsx.res_model, xlsx.res_id), (summary._name, summary.id))
        self.assertFalse(someone_elses.res_id)
        self.assertNotIn(evidence, complaint.attachment_ids)
        # Nor created or rewritten through the complaint.
        self.assertRefused(
            lambda: complaint.with_user(self.desk).write(
                {"attachment_ids": [Command.update(evidence.id, {"res_id": complaint.id})]}
            )
        )
        self.assertEqual(evidence.res_id, other.id)


@tagged("post_install", "-at_install")
class TestExclusions(GuardCase):
    def test_only_desk_and_office_change_the_accused(self):
        complaint = self._assigned(accused_officer_ids=[Command.set(self.accused.ids)])
        for user in (self.handler, self.manager, self.staff):
            for vals in (
                {"accused_officer_ids": [Command.unlink(self.accused.id)]},
                {"accused_officer_ids": [Command.clear()]},
                {"accused_unit_id": self.other_unit.id},
            ):
                with self.subTest(user=user.login, vals=vals):
                    self.assertRefused(
                        lambda u=user, v=vals: (
                            complaint.with_user(u).with_context(**FORGED).write(v)
                        )
                    )
        self.assertEqual(complaint.accused_officer_ids, self.accused)
        # Nobody writes the ever-accused list.
        for user in self.roles:
            self.assertRefused(
                lambda u=user: complaint.with_user(u).write(
                    {"excluded_user_ids": [Command.clear()]}
                )
            )

    def test_ever_accused_stays_excluded(self):
        complaint = self._assigned(accused_officer_ids=[Command.set(self.accused.ids)])
        complaint.with_user(self.desk).write(
            {"accused_officer_ids": [Command.unlink(self.accused.id)]}
        )
        self._commit_tracking()
        self.assertFalse(complaint.accused_officer_ids)
        self.assertEqual(complaint.excluded_user_ids, self.accused)
        tracked = complaint.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "accused_officer_ids"
        )
        self.assertTrue(tracked, "changes of the accused are tracked in the chatter")
        as_accused = self.Complaint.with_user(self.accused)
        self.assertFalse(as_accused.search([("id", "=", complaint.id)]))
        with self.assertRaises(AccessError):
            complaint.with_user(self.accused).read(["description"])
        # Never the handler, never a follower.
        with self.assertRaises(UserError):
            complaint.write({"handler_id": self.accused.id})
        complaint.message_subscribe(partner_ids=self.accused.partner_id.ids)
        self.assertNotIn(self.accused.partner_id, complaint.message_partner_ids)

    def test_analysis_hides_the_complaints_of_the_accused(self):
        """An accused manager reads the figures of their unit, not those of the
        complaints against them (even once no longer accused)."""
        against = self._to_state(
            self._register(accused_officer_ids=[Command.set(self.manager.ids)]), "concluded"
        )
        plain = self._to_state(self._register(), "concluded")
        against.with_user(self.office).write({"accused_officer_ids": [Command.clear()]})
        Analysis = self.env["fazhi.complaint.analysis"]
        seen = Analysis.with_user(self.manager).search([("unit_id", "=", self.unit.id)])
        self.assertIn(plain.id, seen.ids)
        self.assertNotIn(against.id, seen.ids)
        groups = Analysis.with_user(self.manager)._read_group(
            [("id", "in", [against.id, plain.id])], [], ["__count"]
        )
        self.assertEqual(groups[0][0], 1)
        self.assertIn(against.id, Analysis.with_user(self.office).search([]).ids)

    def test_mail_rows_hidden_from_the_accused(self):
        """Followers, notifications and messages of the complaint are out of reach
        of someone accused in it, even those made before and after the accusation."""
        complaint = self._assigned()
        complaint.message_subscribe(partner_ids=self.staff.partner_id.ids)
        before = complaint.with_user(self.office).message_post(
            body="Before the accusation", partner_ids=self.staff.partner_id.ids
        )
        self.assertTrue(
            self.env["mail.notification"].search(
                [
                    ("mail_message_id", "=", before.id),
                    ("res_partner_id", "=", self.staff.partner_id.id),
                ]
            )
        )
        complaint.with_user(self.desk).write({"accused_officer_ids": [Command.link(self.staff.id)]})
        complaint.with_user(self.desk).write(
            {"accused_officer_ids": [Command.unlink(self.staff.id)]}
        )
        after = complaint.with_user(self.office).message_post(
            body="After the accusation",
            partner_ids=self.staff.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertNotIn(self.staff.partner_id, after.partner_ids)
        self.assertFalse(
            self.env["mail.notification"].search(
                [
                    ("mail_message_id", "=", after.id),
                    ("res_partner_id", "=", self.staff.partner_id.id),
                ]
            )
        )
        self.assertNotIn(self.staff.partner_id, complaint.message_partner_ids)
        env = self.env(user=self.staff)
        self.assertFalse(
            env["mail.followers"].search(
                [("res_model", "=", complaint._name), ("res_id", "=", complaint.id)]
            )
        )
        self.assertFalse(
            env["mail.notification"].search([("mail_message_id", "in", complaint.message_ids.ids)])
        )
        self.assertFalse(
            env["mail.message"].search(
                [("model", "=", complaint._name), ("res_id", "=", complaint.id)]
            )
        )
        with self.assertRaises(AccessError):
            env["mail.message"].browse(before.id).read(["body"])
        # Other users still see them.
        env = self.env(user=self.handler)
        self.assertTrue(
            env["mail.followers"].search(
                [("res_model", "=", complaint._name), ("res_id", "=", complaint.id)]
            )
        )
        self.assertTrue(
            env["mail.message"].search(
                [("model", "=", complaint._name), ("res_id", "=", complaint.id)]
            )
        )


@tagged("post_install", "-at_install")
class TestIdentityAudit(GuardCase):
    def setUp(self):
        super().setUp()
        self.complaint = self._assigned(
            complainant_name="Zhang San",
            complainant_phone="13900000000",
            complainant_id_number="11010519491231002X",
        )

    def _assert_traced(self, user, func):
        before = self._traces(self.complaint, user)
        result = func()
        self.complaint.invalidate_recordset(["message_ids"])
        after = self._traces(self.complaint, user) - before
        self.assertTrue(after, f"no trace for {user.login}")
        self.assertIn(user.name, after[0].body)
        return result

    def test_every_path_is_traced_for_desk_and_office(self):
        for user in (self.desk, self.office):
            Complaint = self.Complaint.with_user(user).with_context(**FORGED)
            complaint = self.complaint.with_user(user).with_context(**FORGED)
            domain = [("id", "=", self.complaint.id)]
            paths = {
                "read": lambda c=complaint: c.read(["complainant_name"]),
                "search_read": lambda m=Complaint, d=domain: m.search_read(
                    d, ["complainant_phone"]
                ),
                "web_read": lambda c=complaint: c.web_read({"complainant_id_number": {}}),
                "web_search_read": lambda m=Complaint, d=domain: m.web_search_read(
                    d, {"complainant_name": {}}
                ),
                "read_group": lambda m=Complaint, d=domain: m.read_group(
                    d, ["complainant_name"], ["complainant_name"]
                ),
                "web_read_group": lambda m=Complaint, d=domain: m.web_read_group(
                    d, ["__count"], ["complainant_phone"]
                ),
                "export_data": lambda c=complaint: c.export_data(["reference", "complainant_name"]),
                "search": lambda m=Complaint: m.search([("complainant_name", "=", "Zhang San")]),
                "show identity": lambda c=complaint: c.action_show_identity(),
            }
            for path, func in paths.items():
                with self.subTest(user=user.login, path=path):
                    result = self._assert_traced(user, func)
                    if path == "read":
                        self.assertEqual(result[0]["complainant_name"], "Zhang San")

    def test_reading_other_fields_leaves_no_trace(self):
        before = self._traces(self.complaint, self.desk)
        self.complaint.with_user(self.desk).read(["description", "state"])
        self.complaint.with_user(self.desk).web_read({"reference": {}, "unit_id": {}})
        self.complaint.invalidate_recordset(["message_ids"])
        self.assertEqual(self._traces(self.complaint, self.desk), before)

    def test_other_roles_have_no_identity(self):
        domain = [("id", "=", self.complaint.id)]
        for user in (self.handler, self.staff, self.manager, self.leader, self.outsider):
            Complaint = self.Complaint.with_user(user).with_context(**FORGED)
            complaint = self.complaint.with_user(user).with_context(**FORGED)
            for path, func in {
                "read": lambda c=complaint: c.read(["complainant_name"]),
                "search_read": lambda m=Complaint, d=domain: m.search_read(
                    d, ["complainant_phone"]
                ),
                "web_read": lambda c=complaint: c.web_read({"complainant_name": {}}),
                "read_group": lambda m=Complaint, d=domain: m.read_group(
                    d, ["complainant_name"], ["complainant_name"]
                ),
                "export_data": lambda c=complaint: c.export_data(["complainant_name"]),
                "search": lambda m=Complaint: m.search([("complainant_name", "=", "Zhang San")]),
                "show identity": lambda c=complaint: c.action_show_identity(),
                "write": lambda c=complaint: c.write({"complainant_name": "Li Si"}),
            }.items():
                with self.subTest(user=user.login, path=path):
                    with self.assertRaises(AccessError):
                        func()
