"""The monthly unit report gathers the figures of every installed fazhi addon."""

from odoo.tests import TransactionCase, tagged

# The figure lines each addon contributes through fazhi_base's
# ``fazhi.monthly.report._fazhi_collect_figures`` hook, whatever the month held.
EXPECTED = {
    "fazhi_base": {"fazhi_base.followup_opened", "fazhi_base.followup_overdue"},
    "fazhi_complaints": {"fazhi_complaints.received", "fazhi_complaints.on_time_rate"},
    "fazhi_indicators": {"fazhi_indicators.entries_due", "fazhi_indicators.entries_overdue"},
    "fazhi_satisfaction": {
        "fazhi_satisfaction.callback_cases",
        "fazhi_satisfaction.callback_coverage",
    },
}


@tagged("post_install", "-at_install")
class TestMonthlyFigures(TransactionCase):
    """Runs once every addon of the database is installed (post_install), so
    that it sees the figure hooks of all of them."""

    def test_every_installed_addon_contributes(self):
        installed = set(
            self.env["ir.module.module"]
            .search([("name", "in", list(EXPECTED)), ("state", "=", "installed")])
            .mapped("name")
        )
        self.assertIn("fazhi_base", installed)
        units = self.env["fazhi.unit"].create([{"name": "月报单位甲"}, {"name": "月报单位乙"}])
        reports = self.env["fazhi.monthly.report"].create(
            [{"unit_id": unit.id, "month": "2026-10-01"} for unit in units]
        )
        for report in reports:
            sources = set(report.line_ids.mapped("source"))
            for addon in installed:
                with self.subTest(addon=addon, unit=report.unit_id.name):
                    self.assertLessEqual(EXPECTED[addon], sources)
            # an empty month counts nothing, and every line says what it is
            self.assertFalse(report.line_ids.filtered(lambda line: not line.name))
            self.assertEqual(
                report.line_ids.filtered(
                    lambda line: line.source == "fazhi_base.followup_opened"
                ).value,
                0,
            )
            self.assertEqual(len(sources), len(report.line_ids), "one line per figure")
