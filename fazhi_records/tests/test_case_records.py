from freezegun import freeze_time

from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import FazhiWorkflowError
from odoo.addons.fazhi_base.tests import guard_table
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import RecordsCommon


@tagged("post_install", "-at_install")
class TestCaseRecords(RecordsCommon):
    def _publication_followups(self, case):
        return self.env["fazhi.followup"].search(
            [("res_model", "=", case._name), ("res_id", "=", case.id)]
        )

    @freeze_time("2026-03-03")
    def test_publication_deadline_in_working_days(self):
        # Decided on Monday 2 March 2026: 7 working days later is Wednesday 11 March.
        case = self._case("罚-P1", decision_date="2026-03-02")
        self.assertTrue(case.publication_required)
        self.assertEqual(str(case.publication_deadline), "2026-03-11")
        helper = self.env["resource.calendar"]._fazhi_add_working_days("2026-04-30", 7)
        # Saturday 28 February 2026 is a make-up working day (调休).
        case.decision_date = "2026-02-27"
        self.assertEqual(str(case.publication_deadline), "2026-03-09")
        # The working-day helper (holidays included) is the one used.
        with freeze_time("2026-05-20"):
            case.write({"decision_date": "2026-04-30", "closing_date": "2026-05-06"})
        self.assertEqual(case.publication_deadline, helper)
        # The setting changes the time limit.
        self.env.company.fazhi_publication_days = 5
        self.assertEqual(
            case.publication_deadline,
            self.env["resource.calendar"]._fazhi_add_working_days("2026-04-30", 5),
        )
        # Inspections are not published (双公示: licensing and penalties).
        inspection = self._case("查-1", case_type="inspection", decision_date="2026-03-02")
        self.assertFalse(inspection.publication_required)
        self.assertFalse(self._publication_followups(inspection))

    def test_publication_followup_escalates_and_closes(self):
        with freeze_time("2026-03-03"):
            case = self._case("罚-P2", decision_date="2026-03-02")
            followup = self._publication_followups(case)
            self.assertEqual(len(followup), 1)
            self.assertEqual(followup.kind, "supervision")
            self.assertEqual(str(followup.deadline), "2026-03-11")
            self.assertEqual(followup.unit_id, self.unit_a)
            self.assertFalse(case.publication_overdue)
        with freeze_time("2026-03-12"):
            case.invalidate_recordset(["publication_overdue"])
            self.assertTrue(case.publication_overdue)
            self.assertIn(case, self.Case.search([("publication_overdue", "=", True)]))
            # The follow-up engine escalates it like any other overdue follow-up.
            self.env["fazhi.followup"]._cron_escalate_overdue()
            self.assertEqual(str(followup.escalated_date), "2026-03-12")
            activity = followup.activity_ids.filtered(
                lambda a: (
                    a.activity_type_id
                    == self.env.ref("fazhi_base.mail_activity_type_fazhi_escalation")
                )
            )
            self.assertEqual(activity.user_id, self.manager)
            figures = self.Figures._fazhi_record_figures(self.unit_a, "2026-03-01", "2026-04-01")
            self.assertEqual(figures["total"]["publication_overdue"], 1)
            # Publishing (late) closes the follow-up.
            case.with_user(self.staff_a).publication_date = "2026-03-12"
            self.assertEqual(followup.state, "done")
            self.assertFalse(case.published_on_time)
            self.assertFalse(case.publication_overdue)
            figures = self.Figures._fazhi_record_figures(self.unit_a, "2026-03-01", "2026-04-01")
            self.assertEqual(figures["total"]["publication_due"], 1)
            self.assertEqual(figures["total"]["publication_rate"], 0.0)

    @freeze_time("2026-03-20")
    def test_legal_review_before_major_decision(self):
        case = self._case("罚-M1", is_major=True)
        # assertRaises (not assertRaisesRegex) rolls the refused write back.
        with self.assertRaises(ValidationError) as refused:
            case.write({"decision_date": "2026-03-10"})
        self.assertIn("legal review", str(refused.exception))
        # The legal review belongs to the supervision office.
        with self.assertRaises(AccessError):
            case.with_user(self.staff_a).write({"legal_review_opinion": "同意"})
        case.with_user(self.office).write(
            {
                "legal_review_user_id": self.office.id,
                "legal_review_date": "2026-03-12",
                "legal_review_opinion": "经审核，事实清楚，证据确凿。",
            }
        )
        with self.assertRaises(ValidationError) as refused:
            case.write({"decision_date": "2026-03-10"})
        self.assertIn("on or before", str(refused.exception))
        case.with_user(self.staff_a).decision_date = "2026-03-13"
        self.assertTrue(case.legal_reviewed)

    @freeze_time("2026-03-20")
    def test_amounts_and_dates_refused(self):
        with self.assertRaisesRegex(ValidationError, "negative"):
            self._case("罚-N1", fine_amount=-1)
        with self.assertRaisesRegex(ValidationError, "negative"):
            self._case("罚-N2", confiscation_amount=-0.01)
        with self.assertRaises(ValidationError):
            self._case("罚-N3", decision_date="2026-03-10", publication_date="2026-03-09")
        with self.assertRaises(ValidationError):
            self._case("罚-N4", publication_date="2026-03-09")
        with self.assertRaises(ValidationError):
            self._case("罚-N5", decision_date="2026-04-10")

    @freeze_time("2026-03-20")
    def test_typical_case_published_by_the_office(self):
        case = self._case("罚-T1", is_typical=True, typical_summary="某宾馆卫生许可证过期仍营业。")
        with self.assertRaises(AccessError):
            case.with_user(self.staff_a).action_publish_typical()
        with self.assertRaises(FazhiWorkflowError):
            case.with_user(self.staff_a).write({"typical_published_date": "2026-03-20"})
        case.with_user(self.office).action_publish_typical()
        self.assertEqual(str(case.typical_published_date), "2026-03-20")
        figures = self.Figures._fazhi_record_figures(self.unit_a, "2026-03-01", "2026-04-01")
        self.assertEqual(figures["total"]["typical_cases"], 1)

    def test_declarations(self):
        self.assertFalse(guard_table.check_declarations(self.Case))
