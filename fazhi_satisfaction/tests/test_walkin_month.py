from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

from .common_walkin import WalkinCase


@tagged("post_install", "-at_install")
class TestWalkinMonth(WalkinCase):
    """A walk-in answer counts in its month in Beijing time, not in UTC."""

    def test_first_hours_of_a_month_count_in_it(self):
        december = date(2026, 12, 1)
        # the fixtures' campaign of the current month may be December's already
        campaign = self.env["fazhi.satisfaction.campaign"].search(
            [("unit_id", "=", self.unit_a.id), ("month", "=", december)]
        ) or self._generate(self.unit_a, december)
        self.assertEqual(campaign.state, "open")
        # 2026-12-01 01:00 in Beijing, still November in UTC
        with freeze_time("2026-11-30 17:00:00"):
            answer = self._start("13900000019")
            self.assertEqual(answer.fazhi_walkin_id.campaign_id, campaign)
            self.assertEqual(answer.fazhi_walkin_id.month, december)
            self._submit(answer)
        # the database's clock is not frozen: the creation time, as it was
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE survey_user_input SET create_date = %s WHERE id = %s",
            ("2026-11-30 17:00:00", answer.id),
        )
        self.env["survey.user_input"].invalidate_model(["create_date"])
        self.env["survey.user_input.line"]._fazhi_refresh_statistics(SQL("ui.id = %s", answer.id))
        rows = self.env["fazhi.satisfaction.answer.report"].search(
            [("user_input_id", "=", answer.id)]
        )
        self.assertTrue(rows)
        self.assertTrue(all(rows.mapped("is_walkin")))
        self.assertEqual(set(rows.mapped("month")), {december})
        self.assertEqual(set(answer.user_input_line_ids.mapped("fazhi_month")), {december})
