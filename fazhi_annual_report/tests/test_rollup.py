from freezegun import freeze_time
from markupsafe import Markup

from odoo.tests import tagged

from .common import AnnualCommon


@freeze_time("2026-03-27")
@tagged("post_install", "-at_install")
class TestCommissionRollup(AnnualCommon):
    """The commission's monthly report (28th) as the roll-up of its units' (25th)."""

    def test_rollup(self):
        self.env.company.write(
            {"fazhi_monthly_report_due_day": 25, "fazhi_commission_report_due_day": 28}
        )
        Monthly = self.env["fazhi.monthly.report"]
        report_a = Monthly.create({"unit_id": self.unit_a.id, "month": "2026-03-01"})
        report_b = Monthly.create({"unit_id": self.unit_b.id, "month": "2026-03-01"})
        report_a.with_user(self.staff_a).narrative = Markup("<p>审批办三月开展回访。</p>")
        report_a.with_user(self.staff_a).action_submit()
        self.assertEqual(report_a.state, "submitted")
        summary = (
            self.env["fazhi.monthly.summary"].with_user(self.office).create({"month": "2026-03-01"})
        )
        self.assertEqual(str(summary.commission_due_date), "2026-03-28")
        self.assertEqual(str(summary.due_date), "2026-03-25")
        rollup = summary._fazhi_rollup()
        # Only A reported: its figures; B (and the commission unit) listed as missing.
        self.assertEqual(rollup["figures"]["fazhi_records.penalty_cases"], 2)
        self.assertEqual(rollup["figures"]["fazhi_records.licensing_received"], 3)
        self.assertIn(self.unit_b, rollup["missing"])
        self.assertNotIn(self.unit_a, rollup["missing"])
        self.assertEqual([unit for unit, _html in rollup["narratives"]], [self.unit_a])
        # B reports too: summed.
        report_b.with_user(self.staff_b).action_submit()
        summary.invalidate_recordset()
        rollup = summary._fazhi_rollup()
        self.assertEqual(rollup["figures"]["fazhi_records.penalty_cases"], 3)
        self.assertEqual(rollup["figures"]["fazhi_records.penalty_amount"], 15500)
        self.assertNotIn(self.unit_b, rollup["missing"])
        self.assertIn("审批办三月开展回访。", str(summary.narrative_html))
        self.assertIn("o_fazhi_rollup", str(summary.rollup_html))
        self.assertIn(self.commission.display_name, summary.missing_unit_names)
