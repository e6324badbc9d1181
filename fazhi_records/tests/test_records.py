from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import RecordsCommon


@freeze_time("2026-06-30")
@tagged("post_install", "-at_install")
class TestRecordFigures(RecordsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Licensing: unit A 3 received in March, 2 concluded on time, 1 late; unit B 1.
        cls._licensing("A-1", "2026-03-02", "2026-03-06")  # 4 working days
        cls._licensing("A-2", "2026-03-02", "2026-03-16")  # 10 working days
        cls._licensing("A-3", "2026-03-02", "2026-03-12", legal_days=5)  # 8 > 5: late
        cls._licensing("B-1", "2026-03-10", "2026-03-11", unit=cls.unit_b)
        # Cases: 2 penalties in unit A (public places), 1 in unit B (water).
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
            handler_ids=[Command.set((cls.staff_b | cls.staff_a).ids)],
            professional_field_id=cls.field_water.id,
            fine_amount=10000,
        )
        # Disputes of unit B: reconsideration maintained, one revoked, a lawsuit heard
        # without the head, one with the head.
        Dispute = cls.env["fazhi.legal.dispute"]
        base = {"unit_id": cls.unit_b.id, "received_date": "2026-03-01"}
        Dispute.create(
            [
                {**base, "name": "复-1", "concluded_date": "2026-03-20", "outcome": "maintained"},
                {**base, "name": "复-2", "concluded_date": "2026-03-20", "outcome": "revoked"},
                {
                    **base,
                    "name": "诉-1",
                    "kind": "litigation",
                    "hearing_date": "2026-03-25",
                    "head_appeared": True,
                },
                {**base, "name": "诉-2", "kind": "litigation", "hearing_date": "2026-03-26"},
            ]
        )

    def test_per_unit_and_commission(self):
        result = self.Figures._fazhi_record_figures(self.units, "2026-03-01", "2026-04-01")
        a, b, total = result["units"][self.unit_a], result["units"][self.unit_b], result["total"]
        self.assertEqual(a["licensing_received"], 3)
        self.assertEqual(a["licensing_on_time"], 2)
        self.assertAlmostEqual(a["licensing_on_time_rate"], 200 / 3)
        # compressed: (20-4) + (20-10) + (5-8) = 23 of 45 legal days
        self.assertEqual(a["licensing_compressed_days"], 23)
        self.assertAlmostEqual(a["licensing_compression_rate"], 100 * 23 / 45)
        self.assertEqual(b["licensing_on_time_rate"], 100.0)
        self.assertEqual(total["licensing_received"], 4)
        self.assertEqual(total["licensing_on_time"], 3)
        self.assertEqual(total["licensing_on_time_rate"], 75.0)
        self.assertEqual(a["penalty_cases"], 2)
        self.assertEqual(a["penalty_amount"], 5500)
        self.assertEqual(total["penalty_amount"], 15500)
        self.assertEqual(total["confiscation_amount"], 500)
        # Disputes: 复议维持率 1/2, 纠错率 1/2, 出庭应诉率 1/2; none in unit A.
        self.assertEqual(b["reconsideration_maintained_rate"], 50.0)
        self.assertEqual(b["correction_rate"], 50.0)
        self.assertEqual(b["head_appearance_rate"], 50.0)
        self.assertIsNone(a["head_appearance_rate"])
        self.assertEqual(total["head_appearance_rate"], 50.0)
        # Another month: nothing.
        april = self.Figures._fazhi_record_figures(self.units, "2026-04-01", "2026-05-01")
        self.assertEqual(april["total"]["licensing_received"], 0)
        self.assertIsNone(april["total"]["licensing_on_time_rate"])

    def test_breakdown_by_professional_field(self):
        breakdown = self.Figures._fazhi_case_breakdown(self.units, "2026-01-01", "2027-01-01")
        self.assertEqual(breakdown[False][self.field_public], 2)
        self.assertEqual(breakdown[False][self.field_water], 1)
        self.assertEqual(breakdown[self.unit_b][self.field_water], 1)

    def test_monthly_report_lines(self):
        report = self.env["fazhi.monthly.report"].create(
            {"unit_id": self.unit_a.id, "month": "2026-03-01"}
        )
        report._fazhi_refresh_figures()
        lines = {line.source: line for line in report.line_ids}
        self.assertEqual(lines["fazhi_records.licensing_received"].value, 3)
        self.assertEqual(lines["fazhi_records.penalty_amount"].value, 5500)
        self.assertIn("5500", lines["fazhi_records.penalty_amount"].value_display)
        # Unit A has no dispute: no dispute lines.
        self.assertNotIn("fazhi_records.reconsiderations", lines)

    def test_inspection_coverage(self):
        plan = self.env["fazhi.inspection.plan"].create(
            {"unit_id": self.unit_a.id, "year": 2026, "planned_count": 4}
        )
        Record = self.env["fazhi.inspection.record"]
        Record.create({"plan_id": plan.id, "date": "2026-03-03", "visit_count": 2})
        self.assertEqual(plan.coverage, 50.0)
        Record.create({"plan_id": plan.id, "date": "2026-05-03", "visit_count": 3})
        self.assertEqual(plan.done_count, 5)
        self.assertEqual(plan.coverage, 100.0)
        march = self.Figures._fazhi_record_figures(self.unit_a, "2026-03-01", "2026-04-01")
        self.assertEqual(march["total"]["inspection_visits"], 2)
        self.assertEqual(march["total"]["inspection_coverage"], 50.0)
        with self.assertRaises(ValidationError):
            Record.create({"plan_id": plan.id, "date": "2025-12-03"})
        with self.assertRaises(ValidationError):
            Record.create({"plan_id": plan.id, "date": "2026-03-03", "visit_count": 0})


@freeze_time("2026-06-30")
@tagged("post_install", "-at_install")
class TestTraining(RecordsCommon):
    def test_shortfall(self):
        self.env.company.fazhi_training_min_hours = 40
        Session = self.env["fazhi.training.session"]
        Session.create(
            {
                "name": "《行政处罚法》专题培训",
                "unit_id": self.unit_a.id,
                "date": "2026-03-03",
                "hours": 24,
                "participant_ids": [Command.set((self.staff_a | self.staff_a2).ids)],
                "has_exam": True,
                "passed_count": 1,
            }
        )
        Session.create(
            {
                "name": "执法文书规范",
                "unit_id": self.unit_a.id,
                "date": "2026-05-03",
                "hours": 16,
                "participant_ids": [Command.set(self.staff_a.ids)],
            }
        )
        Report = self.env["fazhi.training.hours.report"]
        rows = {
            row.user_id: row
            for row in Report.search([("year", "=", 2026), ("unit_id", "in", self.units.ids)])
        }
        self.assertEqual(rows[self.staff_a].hours, 40)
        self.assertFalse(rows[self.staff_a].is_short)
        self.assertEqual(rows[self.staff_a2].shortfall, 16)
        self.assertTrue(rows[self.staff_b].is_short)
        self.assertEqual(rows[self.staff_b].hours, 0)
        figures = self.Figures._fazhi_record_figures(self.units, "2026-01-01", "2027-01-01")
        # staff_a2, manager (unit A), staff_b (unit B)
        self.assertEqual(figures["units"][self.unit_a]["officers_short"], 2)
        self.assertEqual(figures["total"]["officers_short"], 3)
        self.assertEqual(figures["total"]["exam_pass_rate"], 50.0)
        # The registry's measure (the indicators' live values) gives the same
        # figures per unit over the period.
        measured = self.env["fazhi.monthly.report"]._fazhi_figure_measure_values(
            {"fazhi_records.officers_short", "fazhi_records.legal_review_rate"},
            self.units,
            date(2026, 1, 1),
            date(2027, 1, 1),
        )
        self.assertEqual(measured["fazhi_records.officers_short"][self.unit_a], 2)
        self.assertEqual(
            measured["fazhi_records.legal_review_rate"][self.unit_a],
            figures["units"][self.unit_a]["legal_review_rate"],
        )
        # The setting moves the line.
        self.env.company.fazhi_training_min_hours = 20
        Report.invalidate_model()
        short = Report.search([("year", "=", 2026), ("is_short", "=", True)])
        self.assertNotIn(self.staff_a2, short.user_id)
        # Staff see their own unit's officers only.
        seen = Report.with_user(self.staff_b).search([("year", "=", 2026)])
        self.assertEqual(seen.user_id, self.staff_b)

    def test_bad_sessions(self):
        Session = self.env["fazhi.training.session"]
        vals = {"name": "培训", "unit_id": self.unit_a.id, "date": "2026-03-03", "hours": 2}
        with self.assertRaisesRegex(ValidationError, "passed"):
            Session.create(
                {
                    **vals,
                    "has_exam": True,
                    "passed_count": 2,
                    "participant_ids": [Command.set(self.staff_a.ids)],
                }
            )
        with self.assertRaises(ValidationError):
            Session.create({**vals, "hours": -1})
        with self.assertRaises(ValidationError):
            self.env["fazhi.publicity.activity"].create(
                {"name": "宣传", "unit_id": self.unit_a.id, "material_count": -5}
            )


@freeze_time("2026-06-30")
@tagged("post_install", "-at_install")
class TestRecordRules(RecordsCommon):
    def test_units(self):
        rec_a = self._licensing("A-1", "2026-03-02")
        rec_b = self._licensing("B-1", "2026-03-02", unit=self.unit_b)
        Licensing = self.Licensing
        self.assertEqual(
            Licensing.with_user(self.staff_a).search([("id", "in", (rec_a | rec_b).ids)]), rec_a
        )
        with self.assertRaises(AccessError):
            rec_b.with_user(self.staff_a).read(["name"])
        with self.assertRaises(AccessError):
            Licensing.with_user(self.staff_a).create(
                {
                    "name": "X",
                    "unit_id": self.unit_b.id,
                    "matter": "许可",
                    "applicant": "某",
                    "received_date": "2026-03-02",
                }
            )
        # Manager of unit A: only A; office and leader: both; the leader reads only.
        self.assertEqual(
            Licensing.with_user(self.manager).search([("id", "in", (rec_a | rec_b).ids)]), rec_a
        )
        self.assertEqual(
            Licensing.with_user(self.office).search([("id", "in", (rec_a | rec_b).ids)]),
            rec_a | rec_b,
        )
        self.assertEqual(
            Licensing.with_user(self.leader).search([("id", "in", (rec_a | rec_b).ids)]),
            rec_a | rec_b,
        )
        with self.assertRaises(AccessError):
            rec_a.with_user(self.leader).write({"applicant": "改"})
        # Every register follows the same pattern.
        dispute = self.env["fazhi.legal.dispute"].create(
            {"name": "复-B", "unit_id": self.unit_b.id, "received_date": "2026-03-02"}
        )
        with self.assertRaises(AccessError):
            dispute.with_user(self.staff_a).read(["name"])
        activity = self.env["fazhi.publicity.activity"].create(
            {"name": "宣传", "unit_id": self.unit_b.id}
        )
        with self.assertRaises(AccessError):
            activity.with_user(self.staff_a).read(["name"])

    def test_bad_inputs(self):
        with self.assertRaisesRegex(ValidationError, "before it was received"):
            self._licensing("A-9", "2026-03-10", "2026-03-02")
        with self.assertRaises(ValidationError):
            self._licensing("A-8", "2026-03-10", legal_days=0)
        Dispute = self.env["fazhi.legal.dispute"]
        base = {"name": "复-9", "unit_id": self.unit_a.id, "received_date": "2026-03-10"}
        with self.assertRaises(ValidationError):
            Dispute.create({**base, "concluded_date": "2026-03-01", "outcome": "maintained"})
        with self.assertRaises(ValidationError):
            Dispute.create({**base, "outcome": "maintained"})
        with self.assertRaises(ValidationError):
            Dispute.create({**base, "head_appeared": True, "hearing_date": "2026-03-12"})
