"""Run a scheduled action's method the way Odoo 18's cron runner does.

The runner gives each call a progress record (``ir_cron_progress_id`` in the
context), commits, and calls again while the method reported remaining work.
A test class with a ``cron`` attribute (the ``ir.cron`` record) mixes this in
and calls ``_run_batch()`` (one call, returns the progress) or ``_run()``
(until nothing remains, returns the number of calls).
"""

import re


class CronRunnerMixin:
    MAX_CALLS = 20

    def _run_batch(self):
        method = re.fullmatch(r"\s*model\.(\w+)\(\)\s*", self.cron.code).group(1)
        _cron, progress = self.cron._add_progress()
        model = self.env[self.cron.model_id.model].with_context(ir_cron_progress_id=progress.id)
        getattr(model, method)()
        return progress

    def _run(self):
        calls = 0
        while True:
            calls += 1
            self.assertLess(calls, self.MAX_CALLS, "the cron must make progress")
            if not self._run_batch().remaining:
                return calls
