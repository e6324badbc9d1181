from unittest.mock import patch

from odoo import Command
from odoo.modules.db import FunctionStatus
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL

CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
BIGRAM_INDEX = "res_partner_fazhi_search_bigram_idx"
LOGGER = "odoo.addons.fazhi_satisfaction.models.res_partner"


def credit_code(body):
    """``body`` (17 characters) with its GB 32100 check character."""
    total = sum(CODE_CHARS.index(c) * w for c, w in zip(body, CODE_WEIGHTS, strict=True))
    return body + CODE_CHARS[(31 - total % 31) % 31]


@tagged("post_install", "-at_install")
class TestCounterpartSearch(TransactionCase):
    """The register's search: its indexes, and what a staff user finds."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Unit = cls.env["fazhi.unit"]
        cls.unit_a = Unit.create({"name": "检索甲科"})
        cls.unit_b = Unit.create({"name": "检索乙科"})
        cls.staff = new_test_user(cls.env, "search_staff", groups="fazhi_base.group_fazhi_staff")
        cls.unit_a.member_ids = [Command.link(cls.staff.id)]
        cls.code_a = credit_code("91410402MA9XK7Q3B")
        cls.code_b = credit_code("91410402MA9XK8R4C")
        Partner = cls.env["res.partner"]

        def counterpart(name, unit, code=False, **vals):
            return Partner.create(
                {
                    "name": name,
                    "is_fazhi_counterpart": True,
                    "fazhi_counterpart_type": "medical",
                    "fazhi_credit_code": code,
                    "fazhi_unit_ids": [Command.set(unit.ids)],
                    **vals,
                }
            )

        cls.clinic_a = counterpart("新华区罗文萍口腔诊所", cls.unit_a, cls.code_a)
        cls.clinic_b = counterpart("卫东区罗文萍中医诊所", cls.unit_b, cls.code_b)
        cls.hotel_a = counterpart("新华区鸿运宾馆", cls.unit_a, ref="罗文档案")
        cls.other = Partner.create({"name": "罗文测试联系人"})  # not a counterpart

    def _staff_search(self, domain):
        """The staff's search, among this test's partners (the database may hold others)."""
        ours = self.clinic_a | self.clinic_b | self.hotel_a | self.other
        return ours & (
            self.env["res.partner"]
            .with_user(self.staff)
            .search([("is_fazhi_counterpart", "=", True), *domain])
        )

    def test_indexes_exist(self):
        """The partial indexes exist after install (trigram when pg_trgm can serve)."""
        self.env.cr.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'res_partner'"
        )
        indexes = dict(self.env.cr.fetchall())
        self.assertIn(BIGRAM_INDEX, indexes)
        self.assertIn("WHERE is_fazhi_counterpart", indexes[BIGRAM_INDEX])
        name = self.env["res.partner"]._fazhi_search_index_name()
        registry = self.env.registry
        if registry.has_trigram and registry.has_unaccent != FunctionStatus.PRESENT:
            self.assertTrue(name)
            self.assertIn(name, indexes)
            self.assertIn("gin_trgm_ops", indexes[name])
            self.assertIn("WHERE is_fazhi_counterpart", indexes[name])
        else:
            self.assertFalse(name)

    def test_index_follows_the_database(self):
        """No pg_trgm: no trigram index, the install goes on (logged); unaccent is followed."""
        Partner = self.env["res.partner"]
        registry = self.env.registry
        with (
            patch.object(registry, "has_trigram", False),
            patch.object(self.env.cr, "execute", wraps=self.env.cr.execute) as execute,
            patch(f"{LOGGER}._logger") as logger,
        ):
            self.assertIsNone(Partner._fazhi_search_index_name())
            Partner._fazhi_create_search_index()
        execute.assert_not_called()
        logger.info.assert_called_once()
        self.assertIn("lacks the pg_trgm extension", logger.info.call_args[0][0])
        with patch.object(registry, "has_trigram", True):
            with patch.object(registry, "has_unaccent", FunctionStatus.MISSING):
                self.assertEqual(
                    Partner._fazhi_search_index_name(), "res_partner_fazhi_search_trgm_idx"
                )
            with patch.object(registry, "has_unaccent", FunctionStatus.INDEXABLE):
                self.assertEqual(
                    Partner._fazhi_search_index_name(),
                    "res_partner_fazhi_search_unaccent_trgm_idx",
                )
            with (
                patch.object(registry, "has_unaccent", FunctionStatus.PRESENT),
                patch(f"{LOGGER}._logger") as logger,
            ):
                self.assertIsNone(Partner._fazhi_search_index_name())
                Partner._fazhi_create_search_index()
            logger.warning.assert_called_once()

    def test_staff_search_by_name(self):
        """2 and 3 characters find the same counterparts; "My units" keeps the staff's."""
        for text in ("罗文", "罗文萍"):
            found = self._staff_search([("fazhi_name_search", "ilike", text)])
            self.assertEqual(found, self.clinic_a | self.clinic_b, text)
            mine = self._staff_search(
                [("fazhi_name_search", "ilike", text), ("fazhi_my_units", "=", True)]
            )
            self.assertEqual(mine, self.clinic_a, text)
        self.assertEqual(
            self._staff_search([("fazhi_my_units", "=", True)]), self.clinic_a | self.hotel_a
        )
        self.assertEqual(self._staff_search([("fazhi_name_search", "ilike", "宾馆")]), self.hotel_a)
        # the name field searches counterparts only
        Partner = self.env["res.partner"].with_user(self.staff)
        self.assertNotIn(self.other, Partner.search([("fazhi_name_search", "ilike", "罗文")]))

    def test_staff_search_by_credit_code(self):
        for text, expected in (
            (self.code_a, self.clinic_a),
            (self.code_a.lower(), self.clinic_a),
            (self.code_a[8:14], self.clinic_a),
            ("91410402MA9XK", self.clinic_a | self.clinic_b),
        ):
            self.assertEqual(
                self._staff_search([("fazhi_credit_code", "ilike", text)]), expected, text
            )
        self.assertEqual(
            self._staff_search(
                [("fazhi_credit_code", "ilike", "91410402MA9XK"), ("fazhi_my_units", "=", True)]
            ),
            self.clinic_a,
        )
        self.assertEqual(
            self._staff_search([("fazhi_credit_code", "=", self.code_b)]), self.clinic_b
        )

    def test_name_search_two_characters(self):
        """The character-pair index narrows a counterpart dropdown without losing a match."""
        Partner = self.env["res.partner"].with_user(self.staff)
        domain = [("is_fazhi_counterpart", "=", True)]
        mine = self.clinic_a | self.clinic_b | self.hotel_a | self.other
        ids = {pid for pid, _name in Partner.name_search("罗文", domain, limit=100)}
        # by name, and the hotel by its reference
        self.assertEqual(ids & set(mine.ids), {self.clinic_a.id, self.clinic_b.id, self.hotel_a.id})
        ids = {pid for pid, _name in Partner.name_search(self.code_b[12:], domain)}
        self.assertEqual(ids & set(mine.ids), {self.clinic_b.id})
        # other partners' searches are unchanged
        ids = {pid for pid, _name in Partner.name_search("罗文", [], limit=100)}
        self.assertIn(self.other.id, ids)

    def _plan(self, domain):
        query = (
            self.env["res.partner"]
            .with_user(self.staff)
            ._search([("is_fazhi_counterpart", "=", True), *domain], limit=80)
        )
        # The test's table is small: keep PostgreSQL from scanning it whole or
        # through the btrees of the flag and the code (dropped until rollback).
        self.env.cr.execute("SAVEPOINT plan")
        try:
            self.env.cr.execute("SET LOCAL enable_seqscan = off")
            self.env.cr.execute(
                "DROP INDEX IF EXISTS res_partner__is_fazhi_counterpart_index, "
                "res_partner__fazhi_credit_code_index"
            )
            self.env.cr.execute(SQL("EXPLAIN %s", query.select()))
            return "\n".join(row[0] for row in self.env.cr.fetchall())
        finally:
            self.env.cr.execute("ROLLBACK TO SAVEPOINT plan")
            self.env.cr.execute("SET LOCAL enable_seqscan = on")

    def _skip_unless_usable(self, index):
        # An index built while rows were being updated (broken HOT chains) is
        # ignored until the transactions open at its creation end (indcheckxmin).
        self.env.cr.execute(
            """
            SELECT indcheckxmin AND xmin::text::bigint
                   >= pg_snapshot_xmin(pg_current_snapshot())::text::bigint %% 4294967296
              FROM pg_index WHERE indexrelid = to_regclass(%s)
            """,
            [index],
        )
        row = self.env.cr.fetchone()
        if not row:
            self.skipTest(f"{index} does not exist in this database")
        if row[0]:
            self.skipTest(f"{index} waits for older transactions to end (indcheckxmin)")

    def test_staff_query_uses_the_indexes(self):
        """EXPLAIN of the staff's searches (record rules, the action's domain) shows the indexes."""
        self.env.flush_all()
        self._skip_unless_usable(BIGRAM_INDEX)
        self.assertIn(BIGRAM_INDEX, self._plan([("fazhi_name_search", "ilike", "罗文")]))
        name = self.env["res.partner"]._fazhi_search_index_name()
        if not name:
            return
        self._skip_unless_usable(name)
        for domain in (
            [("fazhi_name_search", "ilike", "罗文萍")],
            [("fazhi_credit_code", "ilike", self.code_a[8:14])],
        ):
            self.assertIn(name, self._plan(domain), domain)
