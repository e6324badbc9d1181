"""2人以上执法: the kinds of case that need two officers are data."""

from odoo.exceptions import AccessError, ValidationError

from .test_case_common import CaseCallbackCommon


class TestTwoOfficerRule(CaseCallbackCommon):
    def test_every_kind_the_law_covers_needs_two(self):
        both = self.handler1 | self.handler2
        for case_type in ("penalty", "inspection", "coercion"):
            with self.subTest(case_type=case_type):
                with self.assertRaisesRegex(ValidationError, "at least 2 handlers"):
                    self._case(f"T-2P-{case_type}-1", self.handler1, case_type=case_type)
                case = self._case(f"T-2P-{case_type}-2", both, case_type=case_type)
                self.assertEqual(len(case.handler_ids), 2)
        # Licensing and the other kinds: one officer is enough.
        for case_type in ("licensing", "confirmation", "other"):
            self._case(f"T-2P-{case_type}", self.handler1, case_type=case_type)

    def test_rules_are_data_the_office_keeps(self):
        rules = self.env["fazhi.enforcement.handler.rule"].search([])
        self.assertEqual(
            {rule.case_type: rule.min_handlers for rule in rules},
            {"penalty": 2, "inspection": 2, "coercion": 2},
        )
        self.assertTrue(all(rules.mapped("legal_basis")))
        with self.assertRaises(AccessError):
            rules[:1].with_user(self.manager).min_handlers = 1
        # The office adds a kind: it applies to new cases at once.
        self.env["fazhi.enforcement.handler.rule"].with_user(self.office).create(
            {"case_type": "confirmation", "min_handlers": 2}
        )
        with self.assertRaisesRegex(ValidationError, "at least 2 handlers"):
            self._case("T-2P-confirm", self.handler1, case_type="confirmation")
        # And archives one: a single officer is enough again.
        rules.filtered(lambda r: r.case_type == "inspection").with_user(self.office).active = False
        self._case("T-2P-insp", self.handler1, case_type="inspection")
        with self.assertRaises(ValidationError):
            self.env["fazhi.enforcement.handler.rule"].with_user(self.office).create(
                {"case_type": "other", "min_handlers": 0}
            )

    def test_a_case_cannot_change_kind_around_the_rule(self):
        case = self._case("T-2P-kind", self.handler1)
        with self.assertRaisesRegex(ValidationError, "at least 2 handlers"):
            case.with_user(self.office).case_type = "coercion"
