"""The server is the boundary: fazhi_base's models as an RPC client would try them.

Every call below is what ``/web/dataset/call_kw`` or XML-RPC would run for
that user (``with_user`` + a public method), with whatever context the client
chooses to send.
"""

from freezegun import freeze_time

from odoo import Command, fields
from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import FazhiWorkflowError
from odoo.addons.fazhi_base.tests import guard_table
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

# Context keys that used to open a back door; a client may send any of them.
FORGED_CONTEXT = {
    "fazhi_monthly_report_workflow": True,
    "fazhi_indicator_workflow": True,
    "fazhi_workflow": True,
    "install_mode": True,
    "tracking_disable": True,
}


class FazhiRoleCase(TransactionCase):
    """Two units and one user per role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def user(login, group):
            return new_test_user(cls.env, login=login, groups=f"fazhi_base.{group}")

        cls.staff = user("rg_staff", "group_fazhi_staff")
        cls.staff_b = user("rg_staff_b", "group_fazhi_staff")
        cls.manager = user("rg_manager", "group_fazhi_unit_manager")
        cls.office = user("rg_office", "group_fazhi_office")
        cls.leader = user("rg_leader", "group_fazhi_leader")
        # The complaint desk is fazhi_complaints' role: here a staff member of
        # no unit, with the desk group when fazhi_complaints is installed.
        cls.desk = user("rg_desk", "group_fazhi_staff")
        desk_group = cls.env.ref(
            "fazhi_complaints.group_fazhi_complaint_desk", raise_if_not_found=False
        )
        if desk_group:
            cls.desk.groups_id = [Command.link(desk_group.id)]
        cls.unit_a = cls.env["fazhi.unit"].create(
            {
                "name": "RG unit A",
                "code": "RG-A",
                "manager_id": cls.manager.id,
                "liaison_id": cls.staff.id,
                "member_ids": [Command.set([cls.manager.id, cls.staff.id])],
            }
        )
        cls.unit_b = cls.env["fazhi.unit"].create(
            {
                "name": "RG unit B",
                "code": "RG-B",
                "liaison_id": cls.staff_b.id,
                "member_ids": [Command.set([cls.staff_b.id])],
            }
        )
        cls.roles = cls.staff | cls.staff_b | cls.manager | cls.office | cls.leader | cls.desk

    def assertNoMismatch(self, mismatches):
        self.assertFalse(mismatches, "\n" + "\n".join(mismatches))


@tagged("post_install", "-at_install")
class TestDeclarations(TransactionCase):
    """Every fazhi model with a workflow declares every field and state."""

    def test_every_workflow_model_is_guarded(self):
        unguarded = []
        for name in self.env.registry:
            model = self.env[name]
            if not name.startswith("fazhi.") or model._abstract or model._transient:
                continue
            state = model._fields.get("state")
            if state is None or not state.store or state.related:
                continue
            if model._auto and not isinstance(model, self.env.registry["fazhi.workflow.mixin"]):
                unguarded.append(name)
        self.assertFalse(unguarded, f"models with a state but no declarations: {unguarded}")

    def test_declarations_are_complete(self):
        problems = []
        for name in self.env.registry:
            model = self.env[name]
            if model._abstract or not hasattr(model, "_fazhi_field_rules"):
                continue
            if not model._fazhi_field_rules:
                continue
            problems += guard_table.check_declarations(model)
        self.assertFalse(problems, "\n" + "\n".join(problems))

    def test_undeclared_field_fails(self):
        """The check itself: a field nobody declared is reported."""
        Followup = self.env["fazhi.followup"]
        rules = dict(Followup._fazhi_field_rules)
        del rules["result"]
        type(Followup)._fazhi_field_rules = rules
        try:
            problems = guard_table.check_declarations(Followup)
        finally:
            del type(Followup)._fazhi_field_rules
        self.assertIn("fazhi.followup.result: no rule in _fazhi_field_rules", problems)


@freeze_time("2026-03-02")
class TestFollowupGuard(FazhiRoleCase):
    def _followup(self, **vals):
        return self.env["fazhi.followup"].create(
            {
                "name": "整改：许可时限",
                "unit_id": self.unit_a.id,
                "deadline": "2026-03-20",
                **vals,
            }
        )

    def test_table(self):
        followup = self._followup(result="已整改")
        self.assertNoMismatch(guard_table.walk_guard_table(followup, self.roles))
        self.assertNoMismatch(guard_table.walk_unlink(followup, self.roles))
        vals = {"name": "x", "unit_id": self.unit_a.id, "deadline": "2026-03-20"}
        self.assertNoMismatch(
            guard_table.walk_create(self.env["fazhi.followup"], vals, self.staff | self.manager)
        )

    def test_staff_cannot_jump_to_done_or_forge_verification(self):
        followup = self._followup().with_user(self.staff).with_context(**FORGED_CONTEXT)
        for vals in (
            {"state": "done"},
            {"state": "verified"},
            {"done_date": "2026-03-02"},
            {"verifier_id": self.office.id},
            {"verified_date": "2026-03-02"},
            {"escalated_date": "2026-03-02"},
        ):
            with self.subTest(vals=vals), self.assertRaises(FazhiWorkflowError):
                followup.write(vals)
        with self.assertRaises(AccessError):
            followup.write({"excluded_user_ids": [Command.link(self.staff_b.id)]})
        with self.assertRaises(FazhiWorkflowError):
            self.env["fazhi.followup"].with_user(self.staff).create(
                {
                    "name": "x",
                    "unit_id": self.unit_a.id,
                    "deadline": "2026-03-20",
                    "state": "verified",
                    "verifier_id": self.office.id,
                }
            )
        self.assertEqual(followup.state, "open")
        self.assertFalse(followup.sudo().verifier_id)
        # The buttons still work, in order.
        followup.action_start()
        followup.result = "已整改"
        followup.action_done()
        with self.assertRaises(UserError):
            followup.action_verify()
        followup.with_user(self.office).action_verify()
        self.assertEqual(followup.verifier_id, self.office)

    def test_locked_when_done(self):
        followup = self._followup(result="r")
        followup.with_user(self.staff).action_start()
        followup.with_user(self.staff).action_done()
        with self.assertRaises(FazhiWorkflowError):
            followup.with_user(self.staff).write({"result": "rewritten"})
        with self.assertRaises(FazhiWorkflowError):
            followup.with_user(self.office).write({"result": "rewritten"})
        # Sending back the value read is no change.
        followup.with_user(self.staff).write({"result": "r"})
        self.assertEqual(followup.result, "r")

    def test_excluded_users_see_no_followers_or_notifications(self):
        followup = self._followup(kind="accountability", excluded_user_ids=[self.staff.id])
        followup.message_subscribe(partner_ids=(self.manager | self.office).partner_id.ids)
        followup.message_post(
            body="问责调查进展", partner_ids=self.manager.partner_id.ids, message_type="comment"
        )
        Followers = self.env["mail.followers"].with_user(self.staff)
        Notifications = self.env["mail.notification"].with_user(self.staff)
        domain = [("res_model", "=", "fazhi.followup"), ("res_id", "=", followup.id)]
        self.assertFalse(Followers.search(domain))
        self.assertFalse(Followers.search_count(domain))
        self.assertFalse(Followers._read_group(domain, ["res_id"], ["__count"]))
        rows = self.env["mail.followers"].search(domain)
        self.assertTrue(rows)
        with self.assertRaises(AccessError):
            rows.with_user(self.staff).read(["partner_id", "res_id"])
        notif_domain = [("mail_message_id.res_id", "=", followup.id)]
        self.assertTrue(self.env["mail.notification"].search(notif_domain))
        self.assertFalse(Notifications.search(notif_domain))
        with self.assertRaises(AccessError):
            self.env["mail.notification"].search(notif_domain).with_user(self.staff).read(
                ["mail_message_id"]
            )
        # Others are not affected: the manager still sees them.
        self.assertTrue(self.env["mail.followers"].with_user(self.manager).search(domain))
        # Nor are the rows of other models.
        partner = self.env["res.partner"].create({"name": "RG partner"})
        partner.message_subscribe(partner_ids=self.manager.partner_id.ids)
        self.assertTrue(
            Followers.search([("res_model", "=", "res.partner"), ("res_id", "=", partner.id)])
        )


@freeze_time("2026-03-10")
class TestMonthlyReportGuard(FazhiRoleCase):
    def _report(self):
        return self.env["fazhi.monthly.report"].create(
            {"unit_id": self.unit_a.id, "month": "2026-03-01"}
        )

    def test_table(self):
        report = self._report()
        self.assertNoMismatch(
            guard_table.walk_guard_table(
                report, self.roles, fnames=["narrative", "return_reason", "state", "month"]
            )
        )
        self.assertNoMismatch(
            guard_table.walk_guard_table(
                report, self.roles, fnames=["submitted_by_id", "submitted_date", "line_ids"]
            )
        )
        self.assertNoMismatch(guard_table.walk_unlink(report, self.roles))
        self.assertNoMismatch(
            guard_table.walk_create(
                self.env["fazhi.monthly.report"],
                {"unit_id": self.unit_b.id, "month": "2026-02-01"},
                self.staff_b | self.manager,
            )
        )

    def test_staff_cannot_create_accepted_or_accept_own(self):
        Report = (
            self.env["fazhi.monthly.report"].with_user(self.staff).with_context(**FORGED_CONTEXT)
        )
        with self.assertRaises(FazhiWorkflowError):
            Report.create({"unit_id": self.unit_a.id, "month": "2026-03-01", "state": "accepted"})
        report = Report.create({"unit_id": self.unit_a.id, "month": "2026-03-01"})
        report.action_submit()
        with self.assertRaises(AccessError):
            report.action_accept()
        with self.assertRaises(FazhiWorkflowError):
            report.write({"state": "accepted"})
        with self.assertRaises(FazhiWorkflowError):
            report.write({"submitted_by_id": self.office.id})
        self.assertEqual(report.state, "submitted")
        self.assertEqual(report.submitted_by_id, self.staff)

    def test_figures_cannot_be_typed(self):
        report = self._report().with_user(self.staff)
        line = report.line_ids[:1]
        self.assertTrue(line, "fazhi_base contributes follow-up figures")
        with self.assertRaises(FazhiWorkflowError):
            line.write({"value": 999})
        with self.assertRaises(FazhiWorkflowError):
            report.write({"line_ids": [Command.update(line.id, {"value": 999})]})
        with self.assertRaises(FazhiWorkflowError):
            line.unlink()
        with self.assertRaises(FazhiWorkflowError):
            self.env["fazhi.monthly.report.line"].with_user(self.staff).create(
                {"report_id": report.id, "name": "Forged", "value": 1}
            )
        line.write({"note": "说明"})
        self.assertNotEqual(line.value, 999)
        report.action_submit()
        with self.assertRaises(FazhiWorkflowError):
            report.line_ids[:1].write({"note": "事后修改"})

    def test_returned_report_reason_is_office_only(self):
        report = self._report()
        report.with_user(self.staff).action_submit()
        with self.assertRaises(AccessError):
            report.with_user(self.manager).write({"return_reason": "x"})
        report.with_user(self.office).write({"return_reason": "补充数据"})
        report.with_user(self.office).action_return()
        self.assertEqual(report.state, "returned")
        with self.assertRaises(UserError):
            report.with_user(self.office).action_accept()
        self.assertEqual(fields.Date.to_string(report.month), "2026-03-01")
