import hashlib
import hmac
import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

# Query codes: no 0/O/1/I to keep them easy to read out on the phone.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 10


class FazhiComplaintPublicMixin(models.AbstractModel):
    """What the public complaint form needs of a record: its secrets and the
    submission rate limit.

    * Secrets: only keyed hashes (HMAC-SHA256 with ``database.secret``) are
      stored, of the query code (``access_code_hash``) and of the submitting
      network address (``submit_ip_hash``), both administrator-only fields.
      The status page finds a record by its reference and query code
      (``_find_by_reference_and_code``), with the same answer for an unknown
      reference and a wrong code.
    * Rate limit: ``_submission_limit_reached`` counts an address's
      submissions of the last hour under an advisory lock, so that the
      company's limit holds under concurrent requests.

    Opt-in: the inheriting model has a ``reference`` field and inherits
    ``fazhi.workflow.mixin`` (the hashes are written by ``_fazhi_action_write``);
    it declares both fields in its ``_fazhi_field_rules`` (``ACTION``).
    """

    _name = "fazhi.complaint.public.mixin"
    _description = "Public complaint form secrets and rate limit"

    submit_ip_hash = fields.Char(groups="base.group_system", copy=False, index=True, readonly=True)
    access_code_hash = fields.Char(groups="base.group_system", copy=False, readonly=True)

    @api.model
    def _hash_secret(self, value):
        # sudo: reads the database secret to key the hash; the key never leaves the server
        key = self.env["ir.config_parameter"].sudo().get_param("database.secret", "")
        return hmac.new(key.encode(), (value or "").encode(), hashlib.sha256).hexdigest()

    def _set_new_access_code(self):
        """Give the record a new query code; return it (only its hash is stored)."""
        self.ensure_one()
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        # sudo: the hash is an administrator-only field; written here from a fresh code
        self.sudo()._fazhi_action_write({"access_code_hash": self._hash_secret(code)})
        return code

    @api.model
    def _find_by_reference_and_code(self, reference, code):
        """The record with this reference and query code, or an empty recordset.

        Unknown reference and wrong code give the same answer."""
        reference = (reference or "").strip().upper()
        code = (code or "").strip().upper().replace(" ", "")
        # sudo: the caller is the public user; only a record whose code matches is returned
        record = self.sudo().search([("reference", "=", reference)], limit=1)
        expected = record.access_code_hash if record else self._hash_secret("-")
        if record and code and hmac.compare_digest(expected, self._hash_secret(code)):
            return record
        return self.browse()

    @api.model
    def _count_recent_submissions(self, ip_hash, hours=1):
        since = fields.Datetime.now() - timedelta(hours=hours)
        # sudo: counts the records of one address hash, nothing is returned but the number
        return self.sudo().search_count(
            [("submit_ip_hash", "=", ip_hash), ("create_date", ">=", since)]
        )

    @api.model
    def _submission_limit_reached(self, ip_hash):
        """Whether the address ``ip_hash`` filed the company's hourly number of public
        complaints. Locks the address until the end of the transaction, so that the caller
        may create its record in the same transaction and the limit holds under
        concurrent requests.

        The transaction's snapshot predates the lock (REPEATABLE READ: the request queried
        the database before) and misses what the requests that held the lock meanwhile
        committed: those records are counted in a new transaction, started once the
        lock is granted (the lock is released after the holder's commit is visible).
        """
        self.env.cr.execute(
            SQL("SELECT pg_advisory_xact_lock(hashtext(%s))", "fazhi_complaint:" + ip_hash)
        )
        with self.env.registry.cursor() as cr:
            committed = self.with_env(self.env(cr=cr))._count_recent_submissions(ip_hash)
        recent = max(committed, self._count_recent_submissions(ip_hash))
        # sudo: reads the company's limit, nothing else
        return recent >= self.env.company.sudo().fazhi_complaint_rate_limit
