from unittest.mock import patch

from freezegun import freeze_time

from odoo.addons.fazhi_base.tests.cron_runner import CronRunnerMixin
from odoo.addons.fazhi_satisfaction.models.fazhi_case_callback import FazhiCaseCallback
from odoo.addons.fazhi_satisfaction.models.fazhi_satisfaction_campaign import (
    FazhiSatisfactionCampaign,
)
from odoo.tests import tagged

from .common_campaign import MONTH, CampaignCase
from .test_case_common import CaseCallbackCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-05")
class TestCallbackGenerationBatches(CronRunnerMixin, CaseCallbackCommon):
    """The callback generation cron plans one bounded batch of cases per call
    and reports its progress to Odoo 18's runner; a run killed between two
    batches is finished by the next one, with no case planned twice."""

    def setUp(self):
        super().setUp()
        self.cases = self.Case
        for n in range(9):
            self.cases |= self._case(f"CB-B-{n:03d}", self.handler1, closing="2026-02-10")
        self.cron = self.env.ref("fazhi_satisfaction.fazhi_case_callback_cron_generate")

    def _to_plan(self):
        return self.Case.sudo().search_count(
            self.Callback._generation_case_domain(self.cases[0].closing_date)
        )

    def _assert_planned_once(self):
        callbacks = self.Callback.search([("case_id", "in", self.cases.ids)])
        self.assertEqual(callbacks.case_id, self.cases)
        self.assertEqual(len(callbacks), 9, "one callback per case")
        loads = [
            len(callbacks.filtered(lambda c, officer=officer: c.officer_id == officer))
            for officer in self.officer_a | self.officer_b | self.officer_c
        ]
        self.assertEqual(loads, [3, 3, 3], "balanced across the batches")

    def test_one_batch_per_call(self):
        total = self._to_plan()
        self.assertGreaterEqual(total, 9)
        with patch.object(FazhiCaseCallback, "_GENERATION_BATCH", 4):
            first = self._run_batch()
            self.assertEqual((first.done, first.remaining), (4, total - 4))
            self.assertEqual(self._run(), -(-(total - 4) // 4))
        self._assert_planned_once()
        again = self._run_batch()
        self.assertEqual((again.done, again.remaining), (0, 0))
        self._assert_planned_once()

    def test_killed_between_batches(self):
        total = self._to_plan()
        generate = FazhiCaseCallback._generate_callbacks

        def killed(records, *args, **kwargs):
            generate(records, *args, **kwargs)  # planned...
            raise RuntimeError("worker killed")  # ...but never committed

        with patch.object(FazhiCaseCallback, "_GENERATION_BATCH", 4):
            self._run_batch()
            self.env.flush_all()
            with (
                self.assertRaises(RuntimeError),
                self.env.cr.savepoint(),
                patch.object(FazhiCaseCallback, "_generate_callbacks", killed),
            ):
                self._run_batch()
            self.env.invalidate_all()
            self.assertEqual(self._to_plan(), total - 4, "the killed batch planned nothing")
            self._run()
        self._assert_planned_once()

    def test_called_directly_does_every_batch(self):
        with patch.object(FazhiCaseCallback, "_GENERATION_BATCH", 4):
            self.Callback._cron_generate_callbacks()
        self.assertEqual(self._to_plan(), 0)
        self._assert_planned_once()
        self.Callback._cron_generate_callbacks()
        self._assert_planned_once()

    def test_run_manually(self):
        total = self._to_plan()
        with patch.object(FazhiCaseCallback, "_GENERATION_BATCH", 4):
            progress, triggers = self._run_manually()
            self.assertEqual((progress.done, progress.remaining), (4, total - 4))
            self.assertEqual(len(triggers), 1, "the cron worker goes on right away")
            self._run()
        self._assert_planned_once()


@tagged("post_install", "-at_install")
@freeze_time("2031-03-05")
class TestCampaignGenerationBatches(CronRunnerMixin, CampaignCase):
    """The campaign generation cron creates one bounded batch of units'
    campaigns per call and reports its progress to Odoo 18's runner; a run
    killed between two batches is finished by the next one, with no unit's
    campaign created twice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.more_units = cls.env["fazhi.unit"]
        for n in range(7):
            unit = cls.env["fazhi.unit"].create(
                {"name": f"测试批次科{n}", "code": f"T-CMP-BATCH-{n}"}
            )
            cls.env["res.partner"].create(
                {
                    "name": f"测试批次对象{n}",
                    "fazhi_counterpart_type": "enterprise",
                    "fazhi_unit_ids": [(6, 0, unit.ids)],
                }
            )
            cls.more_units |= unit
        cls.units = cls.unit_a | cls.unit_b | cls.more_units
        cls.Campaign = cls.env["fazhi.satisfaction.campaign"]
        cls.cron = cls.env.ref("fazhi_satisfaction.fazhi_satisfaction_campaign_cron_generate")

    def _to_generate(self):
        return self.Campaign.sudo()._generation_units(MONTH)

    def _assert_generated_once(self, expected):
        campaigns = self.Campaign.with_context(active_test=False).search(
            [("month", "=", MONTH), ("unit_id", "in", list({u.id for u in expected}))]
        )
        self.assertEqual(len(campaigns), len(expected), "one campaign per unit")
        for campaign in campaigns:
            self.assertEqual(len(campaign.task_ids), expected[campaign.unit_id])
        self.assertEqual(self._to_generate(), {}, "nothing left")
        self.assertEqual(len(self.units.filtered(lambda u: u in campaigns.unit_id)), 9)
        self.assertNotIn(self.unit_empty, campaigns.unit_id)
        self.assertNotIn(self.unit_opt_out, campaigns.unit_id)

    def test_one_batch_per_call(self):
        expected = self._to_generate()
        total = len(expected)
        self.assertGreaterEqual(total, 9)
        with patch.object(FazhiSatisfactionCampaign, "_GENERATION_BATCH", 4):
            first = self._run_batch()
            self.assertEqual((first.done, first.remaining), (4, total - 4))
            self.assertEqual(self._run(), -(-(total - 4) // 4))
        self._assert_generated_once(expected)
        again = self._run_batch()
        self.assertEqual((again.done, again.remaining), (0, 0))
        self._assert_generated_once(expected)

    def test_task_bound(self):
        """No more units once their tasks would pass the bound; a unit above it
        alone (unit A: 3 counterparts, bound 2)."""
        expected = self._to_generate()
        created = self.Campaign.browse()
        with patch.object(FazhiSatisfactionCampaign, "_GENERATION_TASK_BATCH", 2):
            while True:
                before = self.Campaign.search([("month", "=", MONTH)])
                progress = self._run_batch()
                batch = self.Campaign.search([("month", "=", MONTH)]) - before
                self.assertEqual(len(batch), progress.done)
                self.assertTrue(
                    len(batch.task_ids) <= 2 or len(batch) == 1,
                    "over the task bound only a unit alone",
                )
                created |= batch
                if not progress.remaining:
                    break
        self.assertIn(self.unit_a, created.unit_id)
        self._assert_generated_once(expected)

    def test_killed_between_batches(self):
        expected = self._to_generate()
        total = len(expected)
        generate = FazhiSatisfactionCampaign._generate_campaigns

        def killed(records, *args, **kwargs):
            generate(records, *args, **kwargs)  # created...
            raise RuntimeError("worker killed")  # ...but never committed

        with patch.object(FazhiSatisfactionCampaign, "_GENERATION_BATCH", 4):
            self._run_batch()
            self.env.flush_all()
            with (
                self.assertRaises(RuntimeError),
                self.env.cr.savepoint(),
                patch.object(FazhiSatisfactionCampaign, "_generate_campaigns", killed),
            ):
                self._run_batch()
            self.env.invalidate_all()
            self.assertEqual(len(self._to_generate()), total - 4, "the killed batch left nothing")
            self._run()
        self._assert_generated_once(expected)

    def test_called_directly_does_every_batch(self):
        expected = self._to_generate()
        with patch.object(FazhiSatisfactionCampaign, "_GENERATION_BATCH", 4):
            self.Campaign._cron_generate_campaigns()
        self._assert_generated_once(expected)
        self.Campaign._cron_generate_campaigns()
        self._assert_generated_once(expected)

    def test_run_manually(self):
        expected = self._to_generate()
        total = len(expected)
        with patch.object(FazhiSatisfactionCampaign, "_GENERATION_BATCH", 4):
            progress, triggers = self._run_manually()
            self.assertEqual((progress.done, progress.remaining), (4, total - 4))
            self.assertEqual(len(triggers), 1, "the cron worker goes on right away")
            self._run()
        self._assert_generated_once(expected)
