from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestPublicRateLimitConcurrency(TransactionCase):
    """The hourly limit of the public form under concurrent requests from one address.

    A request's transaction takes its snapshot (REPEATABLE READ) before it waits for the
    address lock: the complaint that a concurrent request committed meanwhile is invisible
    to it, and counting in that transaction let more complaints through than the limit
    (8 of 50 concurrent submissions with a limit of 5, 4 workers: see
    tests/benchmarks/bench_complaints_public_form.py). This test commits a complaint in
    another transaction, as the concurrent request would, after the test's snapshot.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Complaint = cls.env["fazhi.complaint"].sudo()
        cls.env.company.fazhi_complaint_rate_limit = 1
        cls.category = cls.env.ref("fazhi_complaints.fazhi_complaint_category_duty")

    def _values(self, ip_hash):
        return {
            "channel": "web",
            "category_id": self.category.id,
            "description": "Filed from the public form.",
            "is_anonymous": True,
            "submit_ip_hash": ip_hash,
        }

    def _commit_concurrent_complaint(self, ip_hash):
        """Create a complaint in another transaction and commit it (deleted after the test)."""
        with self.registry.cursor() as cr:
            cr.execute("SET LOCAL lock_timeout = '10s'")  # never wait for the test transaction
            complaint = api.Environment(cr, SUPERUSER_ID, {})["fazhi.complaint"].create(
                self._values(ip_hash)
            )
            complaint_id = complaint.id
        self.addCleanup(self._delete_committed, complaint_id)

    def _delete_committed(self, complaint_id):
        with self.registry.cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})["fazhi.complaint"].browse(complaint_id).unlink()

    def test_limit_counts_complaints_committed_after_the_snapshot(self):
        ip_hash = self.Complaint._hash_secret("ip:test-concurrent-address")
        self.assertFalse(self.Complaint._submission_limit_reached(ip_hash))
        self._commit_concurrent_complaint(ip_hash)
        # The snapshot of this transaction predates the commit: a plain count misses it...
        self.assertEqual(self.Complaint._count_recent_submissions(ip_hash), 0)
        # ... the limit does not.
        self.assertTrue(self.Complaint._submission_limit_reached(ip_hash))

    def test_limit_counts_complaints_of_the_transaction(self):
        ip_hash = self.Complaint._hash_secret("ip:test-same-transaction")
        self.assertFalse(self.Complaint._submission_limit_reached(ip_hash))
        self.Complaint.create(self._values(ip_hash))
        self.assertTrue(self.Complaint._submission_limit_reached(ip_hash))
        other = self.Complaint._hash_secret("ip:test-other-address")
        self.assertFalse(self.Complaint._submission_limit_reached(other))
