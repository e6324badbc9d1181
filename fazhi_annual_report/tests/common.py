"""Shared set-up of the annual report tests (no test of its own)."""

from odoo.addons.fazhi_records.tests.common import RecordsCommon


class AnnualCommon(RecordsCommon):
    """The work-record set-up (commission > unit A, unit B; office, leader,
    manager of A, staff) with a year of records: 3 penalty cases (2 public
    places in A, 1 drinking water in B: 3,000 + 2,500 + 10,000 yuan), 3
    licensing applications of A (2 on time), a reconsideration maintained."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write(
            {
                "fazhi_complaint_phone": "0375-2912345",
                "fazhi_complaint_email": "ts@example.com",
                "fazhi_complaint_address": "建设路1号",
                "fazhi_complaint_hotline": "12345",
            }
        )
        cls._licensing("A-1", "2026-03-02", "2026-03-06")
        cls._licensing("A-2", "2026-03-02", "2026-03-16")
        cls._licensing("A-3", "2026-03-02", "2026-03-12", legal_days=5)
        cls._case("罚-1", professional_field_id=cls.field_public.id, fine_amount=3000)
        cls._case(
            "罚-2",
            professional_field_id=cls.field_public.id,
            fine_amount=2000,
            confiscation_amount=500,
        )
        cls._case(
            "罚-3",
            unit=cls.unit_b,
            handler_ids=[(6, 0, (cls.staff_b | cls.staff_a).ids)],
            professional_field_id=cls.field_water.id,
            fine_amount=10000,
        )
        cls.env["fazhi.legal.dispute"].create(
            {
                "name": "复-1",
                "unit_id": cls.unit_b.id,
                "received_date": "2026-03-01",
                "concluded_date": "2026-03-20",
                "outcome": "maintained",
            }
        )
        cls.Report = cls.env["fazhi.annual.report"]

    @classmethod
    def _report(cls, unit=None, year=2026, **vals):
        return cls.Report.with_user(cls.office).create(
            {"unit_id": (unit or cls.commission).id, "year": year, **vals}
        )
