"""Nightly crons in committed batches (Odoo 18's cron contract).

A cron method of fazhi does its work in bounded batches: ``batch()`` does one
(reads what is left from the database, so that a batch never takes a row an
earlier batch handled) and returns ``(done, remaining)``. ``run_batches``
calls it the way the caller needs:

- under Odoo 18's cron runner (``ir.cron._run_job``: a progress record and
  the job's id in the context): one batch per call, reported with
  ``ir.cron._notify_progress``; the runner commits it and calls again while
  ``remaining`` > 0 (10 calls per tick, then on the next tick). A worker
  killed in a batch loses that batch only: the next call, or the next night,
  takes what is left;
- run by hand from the scheduled action's form (*Run Manually*: a progress
  record without the runner): one batch in the request, and the scheduled
  action is triggered to do the rest right away in the cron worker, in
  committed batches, so that a large run never holds a web request;
- called directly (code, shell, tests): every batch, in the caller's
  transaction.
"""


def run_batches(env, batch):
    """Run ``batch`` (no argument, returns ``(done, remaining)``) as described
    in this module's docstring.

    :return: ``(done, remaining)``: the rows done by this call, and those left
        for the next calls (0 when called directly)
    """
    progress_id = env.context.get("ir_cron_progress_id")
    if not progress_id:
        total = 0
        while True:
            done, remaining = batch()
            total += done
            # ``not done``: a batch that can take nothing now (rows locked by
            # a user) must not loop; the next run takes them.
            if not remaining or not done:
                return total, remaining
    done, remaining = batch()
    env["ir.cron"]._notify_progress(done=done, remaining=remaining)
    if remaining and done and "cron_id" not in env.context:
        # sudo: the progress record is the runner's, read only to know which
        # scheduled action runs this call and to trigger that one again.
        env["ir.cron.progress"].sudo().browse(progress_id).cron_id._trigger()
    return done, remaining
