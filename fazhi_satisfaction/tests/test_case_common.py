"""Shared set-up of the case callback tests (no test of its own)."""

from contextlib import contextmanager

from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class CaseCallbackCommon(TransactionCase):
    """Units 回访测试卫健委 > 审批办 / 监督所; in 审批办 two handlers, three
    designated callback officers; a counterpart; staff of 监督所, the
    commission's manager, the office and a leader."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        staff = "fazhi_base.group_fazhi_staff"

        def user(login, name, groups=staff):
            return new_test_user(cls.env, login, groups=groups, name=name)

        cls.handler1 = user("cb_handler1", "回访测试办案员甲")
        cls.handler2 = user("cb_handler2", "回访测试办案员乙")
        cls.officer_a = user("cb_officer_a", "回访测试回访员A")
        cls.officer_b = user("cb_officer_b", "回访测试回访员B")
        cls.officer_c = user("cb_officer_c", "回访测试回访员C")
        cls.staff_other = user("cb_staff_other", "回访测试监督所职员")
        cls.manager = user("cb_manager", "回访测试负责人", "fazhi_base.group_fazhi_unit_manager")
        cls.office = user("cb_office", "回访测试法规科", "fazhi_base.group_fazhi_office")
        cls.office2 = user("cb_office2", "回访测试法规科二", "fazhi_base.group_fazhi_office")
        # The office user who owns the accountability follow-ups.
        cls.env.company.fazhi_callback_followup_user_id = cls.office
        cls.leader = user("cb_leader", "回访测试领导", "fazhi_base.group_fazhi_leader")
        Unit = cls.env["fazhi.unit"]
        cls.commission = Unit.create(
            {"name": "回访测试卫健委", "code": "T-CB-WJW", "manager_id": cls.manager.id}
        )
        cls.approval = Unit.create(
            {
                "name": "回访测试审批办",
                "code": "T-CB-SPB",
                "parent_id": cls.commission.id,
                "member_ids": [
                    Command.set(
                        (
                            cls.handler1
                            | cls.handler2
                            | cls.officer_a
                            | cls.officer_b
                            | cls.officer_c
                        ).ids
                    )
                ],
                "callback_officer_ids": [
                    Command.set((cls.officer_a | cls.officer_b | cls.officer_c).ids)
                ],
            }
        )
        cls.supervision = Unit.create(
            {
                "name": "回访测试监督所",
                "code": "T-CB-JDS",
                "parent_id": cls.commission.id,
                "member_ids": [Command.set(cls.staff_other.ids)],
            }
        )
        cls.partner = cls.env["res.partner"].create(
            {
                "name": "回访测试餐饮有限公司",
                "is_fazhi_counterpart": True,
                "fazhi_counterpart_type": "private_enterprise",
                "phone": "0375-2663225",
                "fazhi_unit_ids": [Command.set([cls.approval.id, cls.supervision.id])],
            }
        )
        cls.Case = cls.env["fazhi.enforcement.case"]
        cls.Callback = cls.env["fazhi.case.callback"]
        cls.Followup = cls.env["fazhi.followup"]
        cls.finding_bribery = cls.env.ref("fazhi_satisfaction.fazhi_callback_finding_bribery")
        cls.finding_delay = cls.env.ref("fazhi_satisfaction.fazhi_callback_finding_delay")
        cls.finding_other = cls.env.ref("fazhi_satisfaction.fazhi_callback_finding_other")

    @classmethod
    def _case(cls, number, handlers, case_type="licensing", closing="2026-02-10", unit=None):
        return cls.Case.create(
            {
                "number": number,
                "case_type": case_type,
                "unit_id": (unit or cls.approval).id,
                "partner_id": cls.partner.id,
                "handler_ids": [Command.set(handlers.ids)],
                "closing_date": closing,
            }
        )

    @classmethod
    def _callback(cls, case, officer, month="2026-03-01"):
        return cls.Callback.create(
            {"case_id": case.id, "officer_id": officer.id, "planned_month": month}
        )

    @contextmanager
    def assertRefused(self, exception, pattern):
        """``assertRaisesRegex`` with Odoo's savepoint: unittest's own
        ``assertRaisesRegex`` does not roll back what the refused operation
        already wrote (Odoo only wraps ``assertRaises``)."""
        with self.assertRaises(exception) as context:
            yield context
        self.assertRegex(str(context.exception), pattern)
