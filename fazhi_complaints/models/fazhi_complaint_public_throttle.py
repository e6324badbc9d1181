from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class FazhiComplaintPublicThrottle(models.Model):
    """A wrong query of the public status page: a reference and a query code that do not
    match (whether the reference exists or not).

    The page refuses further queries (HTTP 429) from an address, and for a reference from
    any address, once the company's number of wrong queries within its window is reached.
    Only keyed hashes (HMAC with the database secret) of the address and of the reference
    are stored, never the raw values; the daily autovacuum removes the old rows.
    """

    _name = "fazhi.complaint.public.throttle"
    _description = "Wrong public status query"
    _order = "attempt_at desc, id desc"
    _log_access = False

    ip_hash = fields.Char(string="Address hash", required=True, index=True, readonly=True)
    reference_hash = fields.Char(required=True, index=True, readonly=True)
    attempt_at = fields.Datetime(
        string="Query time", required=True, default=fields.Datetime.now, index=True, readonly=True
    )

    @api.model
    def _reference_hash(self, reference):
        return self.env["fazhi.complaint"]._hash_secret("ref:" + (reference or "").strip().upper())

    @api.model
    def _count_recent(self, ip_hash, reference_hash, since):
        """(wrong queries from the address, wrong queries of the reference) since ``since``."""
        Throttle = self.sudo()  # counts hashes only; the model is not readable by the public
        return (
            Throttle.search_count([("ip_hash", "=", ip_hash), ("attempt_at", ">=", since)]),
            Throttle.search_count(
                [("reference_hash", "=", reference_hash), ("attempt_at", ">=", since)]
            ),
        )

    @api.model
    def _status_query_refused(self, ip_hash, reference_hash):
        """Whether a status query from ``ip_hash`` for ``reference_hash`` is refused.

        Locks the address and the reference until the end of the transaction (always in
        the same order, so that two requests never wait for each other crosswise): the
        caller checks the code and records a wrong query (``_record_wrong_query``) in the
        same transaction, so that the limits hold under concurrent requests. As in
        ``fazhi.complaint._submission_limit_reached``, the transaction's snapshot predates
        the lock: what the requests that held the lock meanwhile committed is counted in a
        new transaction, started once the lock is granted.
        """
        for key in sorted({"fazhi_status_ip:" + ip_hash, "fazhi_status_ref:" + reference_hash}):
            self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(hashtext(%s))", key))
        company = self.env.company.sudo()  # reads the company's limits, nothing else
        since = fields.Datetime.now() - timedelta(minutes=company.fazhi_complaint_status_window)
        with self.env.registry.cursor() as cr:
            committed = self.with_env(self.env(cr=cr))._count_recent(ip_hash, reference_hash, since)
        own = self._count_recent(ip_hash, reference_hash, since)
        by_address, by_reference = (max(pair) for pair in zip(committed, own, strict=True))
        return (
            by_address >= company.fazhi_complaint_status_attempts
            or by_reference >= company.fazhi_complaint_status_reference_attempts
        )

    @api.model
    def _record_wrong_query(self, ip_hash, reference_hash):
        # sudo: the public user stores two hashes computed by the server, nothing else
        return self.sudo().create({"ip_hash": ip_hash, "reference_hash": reference_hash})

    @api.autovacuum
    def _gc_old_queries(self):
        """Remove the wrong queries older than every company's window (and than a day)."""
        # sudo: reads one setting of every company (a handful of rows)
        companies = (
            self.env["res.company"].sudo().search_fetch([], ["fazhi_complaint_status_window"])
        )
        windows = companies.mapped("fazhi_complaint_status_window")
        since = fields.Datetime.now() - timedelta(minutes=max([24 * 60, *windows]))
        # sudo: the autovacuum removes expired rows of a table nobody else writes
        self.sudo().search([("attempt_at", "<", since)]).unlink()
