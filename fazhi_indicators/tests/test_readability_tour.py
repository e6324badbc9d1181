from odoo.tests import HttpCase, tagged

from .common import IndicatorCase


@tagged("post_install", "-at_install")
class TestReadabilityTours(HttpCase, IndicatorCase):
    """The entry and campaign forms as a Chinese user sees them in the browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        (cls.staff | cls.office).write({"lang": "zh_CN"})

    def test_entry_counter_and_unit_path(self):
        self.start_tour(
            f"/odoo/action-fazhi_indicators.fazhi_indicator_entry_action/{self.entry_a.id}",
            "fazhi_readability_entry_tour",
            login=self.staff.login,
        )
        self.assertEqual(len(self.entry_a.completion), 200)

    def test_campaign_stage_dates_whole(self):
        for index, stage in enumerate(self.campaign.stage_ids):
            stage.write(
                {"date_start": f"2026-{10 + index}-28", "date_end": f"2026-{10 + index}-30"}
            )
        self.browser_size = "1440x900"
        self.start_tour(
            f"/odoo/action-fazhi_indicators.fazhi_indicator_campaign_action/{self.campaign.id}",
            "fazhi_readability_campaign_tour",
            login=self.office.login,
        )
