from unittest.mock import patch

from freezegun import freeze_time

from odoo.addons.fazhi_satisfaction.models.fazhi_case_callback import FazhiCaseCallback
from odoo.tests import tagged

from .test_case_common import CaseCallbackCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-05")
class TestCallbackGenerationBatches(CaseCallbackCommon):
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

    def _run_batch(self):
        _cron, progress = self.cron._add_progress()
        self.Callback.with_context(ir_cron_progress_id=progress.id)._cron_generate_callbacks()
        return progress

    def _run(self):
        calls = 0
        while True:
            calls += 1
            self.assertLess(calls, 20, "the cron must make progress")
            if not self._run_batch().remaining:
                return calls

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
