"""Shared set-up of the work-record tests (no test of its own)."""

from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class RecordsCommon(TransactionCase):
    """Commission > unit A (staff_a, manager) and unit B (staff_b); the office,
    a leader; a counterpart."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))

        def user(login, group="group_fazhi_staff"):
            return new_test_user(cls.env, login=login, groups=f"fazhi_base.{group}")

        cls.staff_a = user("rec_staff_a")
        cls.staff_a2 = user("rec_staff_a2")
        cls.staff_b = user("rec_staff_b")
        cls.manager = user("rec_manager", "group_fazhi_unit_manager")
        cls.office = user("rec_office", "group_fazhi_office")
        cls.leader = user("rec_leader", "group_fazhi_leader")
        Unit = cls.env["fazhi.unit"]
        cls.commission = Unit.create({"name": "台账测试卫健委", "code": "T-REC"})
        cls.unit_a = Unit.create(
            {
                "name": "台账测试审批办",
                "code": "T-REC-A",
                "parent_id": cls.commission.id,
                "manager_id": cls.manager.id,
                "member_ids": [Command.set((cls.staff_a | cls.staff_a2 | cls.manager).ids)],
            }
        )
        cls.unit_b = Unit.create(
            {
                "name": "台账测试监督所",
                "code": "T-REC-B",
                "parent_id": cls.commission.id,
                "member_ids": [Command.set(cls.staff_b.ids)],
            }
        )
        cls.units = cls.unit_a | cls.unit_b
        cls.partner = cls.env["res.partner"].create(
            {
                "name": "台账测试宾馆",
                "is_fazhi_counterpart": True,
                "fazhi_counterpart_type": "public_place",
                "fazhi_unit_ids": [Command.set(cls.units.ids)],
            }
        )
        cls.Case = cls.env["fazhi.enforcement.case"]
        cls.Licensing = cls.env["fazhi.licensing.record"]
        cls.Figures = cls.env["fazhi.record.figures"]
        cls.field_public = cls.env.ref("fazhi_records.fazhi_professional_field_public_place")
        cls.field_water = cls.env.ref("fazhi_records.fazhi_professional_field_drinking_water")
        cls.kind_fine = cls.env.ref("fazhi_records.fazhi_penalty_kind_fine")

    @classmethod
    def _case(cls, number, unit=None, **vals):
        return cls.Case.create(
            {
                "number": number,
                "case_type": "penalty",
                "unit_id": (unit or cls.unit_a).id,
                "partner_id": cls.partner.id,
                "handler_ids": [Command.set((cls.staff_a | cls.staff_a2).ids)],
                "closing_date": "2026-03-02",
                **vals,
            }
        )

    @classmethod
    def _licensing(cls, name, received, concluded=False, unit=None, legal_days=20):
        return cls.Licensing.create(
            {
                "name": name,
                "unit_id": (unit or cls.unit_a).id,
                "matter": "公共场所卫生许可",
                "applicant": "某宾馆",
                "received_date": received,
                "concluded_date": concluded,
                "legal_days": legal_days,
            }
        )
