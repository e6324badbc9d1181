"""Run a scheduled action's method the way Odoo 18's cron runner does.

The runner gives each call a progress record (``ir_cron_progress_id`` in the
context), commits, and calls again while the method reported remaining work.
A test class with a ``cron`` attribute (the ``ir.cron`` record) mixes this in
and calls ``_run_batch()`` (one call, returns the progress) or ``_run()``
(until nothing remains, returns the number of calls), or ``_run_manually()``
(the form's *Run Manually*: one batch, the scheduled action triggered for the
rest).
"""

import re


class CronRunnerMixin:
    MAX_CALLS = 20

    def _run_batch(self):
        method = re.fullmatch(r"\s*model\.(\w+)\(\)\s*", self.cron.code).group(1)
        _cron, progress = self.cron._add_progress()
        # The runner's context: the progress record and the job (``cron_id``).
        model = self.env[self.cron.model_id.model].with_context(
            ir_cron_progress_id=progress.id, cron_id=self.cron.id
        )
        getattr(model, method)()
        return progress

    def _run(self):
        calls = 0
        while True:
            calls += 1
            self.assertLess(calls, self.MAX_CALLS, "the cron must make progress")
            if not self._run_batch().remaining:
                return calls

    def _run_manually(self):
        """*Run Manually* on the scheduled action's form (a progress record,
        no runner): returns the progress and the triggers it left."""
        Trigger = self.env["ir.cron.trigger"]
        before = Trigger.search([("cron_id", "=", self.cron.id)])
        self.cron.method_direct_trigger()
        progress = self.env["ir.cron.progress"].search(
            [("cron_id", "=", self.cron.id)], order="id desc", limit=1
        )
        return progress, Trigger.search([("cron_id", "=", self.cron.id)]) - before
