from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.fazhi_satisfaction_walkin import WalkinRefused, phone_key
from .common_walkin import WalkinCase


@tagged("post_install", "-at_install")
class TestWalkinMatching(WalkinCase):
    """The QR poster's identification: matched with the interview tasks of
    the token's unit's open campaign only, else a walk-in counted apart."""

    def test_phone_key(self):
        for typed in ("13800000001", "138 0000 0001", "+86 138-0000-0001", "008613800000001"):
            self.assertEqual(phone_key(typed), "13800000001")
        self.assertEqual(phone_key("(0375)2663225"), phone_key("0375-266 3225"))

    def test_credit_code_matches_the_task(self):
        # typed in lower case with blanks, full-width digits: normalised
        typed = " ".join(self.code_private.lower()[i : i + 6] for i in range(0, 18, 6))
        answer = self._start(typed.replace("9", "９"))
        task = self._task(self.campaign_a, self.private)
        self.assertEqual(answer.fazhi_task_id, task)
        self.assertEqual(answer.fazhi_unit_id, self.unit_a)
        self.assertEqual(answer.partner_id, self.private)
        self.assertEqual(answer.survey_id, self.campaign_a.survey_id)
        walkin = answer.fazhi_walkin_id
        self.assertTrue(walkin.is_registered)
        self.assertEqual(walkin.identity_kind, "credit_code")
        self.assertNotIn(self.code_private, walkin.identity_masked)
        # nothing prefilled: the visitor answers the private-enterprise question
        self.assertFalse(answer.user_input_line_ids)
        self.assertEqual(task.state, "todo")

        self._submit(answer)
        self.assertEqual(task.state, "done")
        self.assertEqual(task.user_input_id, answer)
        self.assertEqual(task.channel, "online")
        self.assertTrue(walkin.done_date)
        self.assertEqual(self.campaign_a.done_count, 1)
        self.assertAlmostEqual(self.campaign_a.coverage, 1 / 3)
        self.assertEqual(self.Walkin._fazhi_walkin_counts(self.campaign_a), {})

    def test_phone_and_landline_match(self):
        answer = self._start("+86 138-0000-0001")
        self.assertEqual(answer.fazhi_task_id, self._task(self.campaign_a, self.person))
        answer = self._start("0375-2663225")
        self.assertEqual(answer.fazhi_task_id, self._task(self.campaign_a, self.clinic))
        self.assertEqual(answer.fazhi_walkin_id.identity_kind, "phone")

    def test_one_answer_a_month(self):
        self._submit(self._start(self.code_private))
        with self.assertRaises(WalkinRefused) as refusal:
            self._start(self.code_private)
        self.assertEqual(refusal.exception.status, 403)
        self.assertIn("already been answered", refusal.exception.args[0])
        # also when the task was completed by a phone interview
        task = self._task(self.campaign_a, self.person)
        self._submit(task._fazhi_get_or_create_answer())
        with self.assertRaises(WalkinRefused):
            self._start("13800000001")

    def test_second_identification_drops_the_unsubmitted_answer(self):
        first = self._start("13900000009")
        self._fill(first)
        second = self._start("139 0000 0009")
        self.assertFalse(first.exists())
        self.assertEqual(second.fazhi_walkin_id.user_input_id, second)
        self.assertFalse(second.user_input_line_ids)
        self.assertEqual(self.Walkin.search_count([("unit_id", "=", self.unit_a.id)]), 1)

    def test_unknown_phone_is_a_walkin_counted_apart(self):
        answer = self._start("13900000009")
        self.assertFalse(answer.fazhi_task_id)
        self.assertFalse(answer.partner_id)
        self.assertEqual(answer.fazhi_unit_id, self.unit_a)
        walkin = answer.fazhi_walkin_id
        self.assertFalse(walkin.is_registered)
        self.assertEqual(walkin.campaign_id, self.campaign_a)
        self.assertEqual(walkin.identity_masked, "139******09")
        self._submit(answer)
        # not in the coverage, counted apart
        self.assertEqual(self.campaign_a.done_count, 0)
        self.assertEqual(self.Walkin._fazhi_walkin_counts(self.campaign_a), {self.campaign_a.id: 1})
        Report = self.env["fazhi.satisfaction.answer.report"]
        rows = Report.search([("user_input_id", "=", answer.id)])
        self.assertTrue(rows)
        self.assertTrue(all(rows.mapped("is_walkin")))
        self.assertFalse(rows.campaign_id)
        self.assertFalse(Report.search_count([("campaign_id", "=", self.campaign_a.id)]))
        self.assertEqual(
            Report.search_count([("unit_id", "=", self.unit_a.id), ("is_walkin", "=", False)]), 0
        )
        # one answer a month for a walk-in too
        with self.assertRaises(WalkinRefused):
            self._start("13900000009")
        # another person is another walk-in
        self._submit(self._start("13900000010"))
        self.assertEqual(self.Walkin._fazhi_walkin_counts(self.campaign_a), {self.campaign_a.id: 2})

    def test_registered_answers_are_not_walkins_in_the_statistics(self):
        answer = self._submit(self._start(self.code_private))
        rows = self.env["fazhi.satisfaction.answer.report"].search(
            [("user_input_id", "=", answer.id)]
        )
        self.assertTrue(rows)
        self.assertFalse(any(rows.mapped("is_walkin")))
        self.assertEqual(rows.campaign_id, self.campaign_a)

    def test_token_fixes_the_unit(self):
        """The pool is a counterpart of unit B: through unit A's poster it is
        a walk-in of A, and B's task is untouched."""
        answer = self._start(self.code_pool)
        self.assertFalse(answer.fazhi_task_id)
        self.assertEqual(answer.fazhi_unit_id, self.unit_a)
        self._submit(answer)
        self.assertEqual(self._task(self.campaign_b, self.pool).state, "todo")
        self.assertEqual(self.campaign_b.done_count, 0)
        # the clinic is in both campaigns: each poster reaches its own task
        answer_b = self._start("0375-2663225", unit=self.unit_b)
        self.assertEqual(answer_b.fazhi_task_id, self._task(self.campaign_b, self.clinic))
        self._submit(answer_b)
        self.assertEqual(self._task(self.campaign_a, self.clinic).state, "todo")

    def test_walkin_after_a_staff_interview_started(self):
        """The counterpart answers at the window while staff had started the
        phone interview: the walk-in answer completes the task, the staff's
        unsubmitted answer can no longer be submitted."""
        task = self._task(self.campaign_a, self.private)
        staff_answer = task.with_user(self.staff_a).action_start_interview()
        staff_answer = task.user_input_id
        self._fill(staff_answer)
        answer = self._start(self.code_private)
        self.assertNotEqual(answer, staff_answer)
        self.assertFalse(answer.user_input_line_ids)
        self._submit(answer)
        self.assertEqual(task.user_input_id, answer)
        with self.assertRaises(UserError):
            staff_answer._mark_done()

    def test_bad_input(self):
        with self.assertRaises(WalkinRefused) as refusal:
            self._start(self.code_private[:-1] + ("0" if self.code_private[-1] != "0" else "1"))
        self.assertIn("check digit", refusal.exception.args[0])
        with self.assertRaises(WalkinRefused) as refusal:
            self._start("12345")
        self.assertIn("not a valid mainland China number", refusal.exception.args[0])
        with self.assertRaises(WalkinRefused):
            self._start("   ")

    def test_no_open_campaign(self):
        self.campaign_a.action_close()
        with self.assertRaises(WalkinRefused) as refusal:
            self._start(self.code_private)
        self.assertEqual(refusal.exception.status, 404)
        with self.assertRaises(WalkinRefused):
            self._start(self.code_private, unit=self.unit_empty)

    def test_flood(self):
        self.env["ir.config_parameter"].set_param("fazhi_satisfaction.walkin_address_limit", "3")
        self.env["ir.config_parameter"].set_param("fazhi_satisfaction.walkin_identity_limit", "2")
        for number in ("13900000001", "13900000002", "13900000003"):
            self._start(number)
        with self.assertRaises(WalkinRefused) as refusal:
            self._start("13900000004")
        self.assertEqual(refusal.exception.status, 429)
        # per identity, from any address
        other = self.Walkin._hash("ip:198.51.100.7")
        self.assertTrue(self._start("13900000001", ip=other))
        with self.assertRaises(WalkinRefused):
            self._start("13900000001", ip=self.Walkin._hash("ip:203.0.113.9"))
        self.assertTrue(self._start("13900000005", ip=other))
        # only hashes are kept
        throttle = self.env["fazhi.satisfaction.walkin.throttle"].search([])
        self.assertTrue(throttle)
        for hashed in throttle.mapped("ip_hash") + throttle.mapped("identity_hash"):
            self.assertRegex(hashed, r"^[0-9a-f]{64}$")


@tagged("post_install", "-at_install")
class TestWalkinToken(WalkinCase):
    def test_token_is_the_servers(self):
        token = self.unit_a.fazhi_walkin_token
        self.assertGreaterEqual(len(token), 32)
        self.assertNotEqual(token, self.unit_b.fazhi_walkin_token)
        self.assertIn(f"/satisfaction/qr/{token}", self.unit_a.fazhi_walkin_url)
        Unit = self.env["fazhi.unit"]
        self.assertEqual(Unit._fazhi_from_walkin_token(token), self.unit_a)
        self.assertFalse(Unit._fazhi_from_walkin_token(""))
        self.assertFalse(Unit._fazhi_from_walkin_token(token[:-1]))
        with self.assertRaises(AccessError):
            self.unit_a.with_user(self.office).write({"fazhi_walkin_token": "guessable"})

    def test_rotation(self):
        token = self.unit_a.fazhi_walkin_token
        with self.assertRaises(UserError):
            self.unit_a.with_user(self.manager_a).action_rotate_walkin_token()
        self.unit_a.with_user(self.office).action_rotate_walkin_token()
        self.assertNotEqual(self.unit_a.fazhi_walkin_token, token)
        self.assertFalse(self.env["fazhi.unit"]._fazhi_from_walkin_token(token))

    def test_walkins_readable_by_their_unit(self):
        self._submit(self._start("13900000009"))
        self._submit(self._start("13900000009", unit=self.unit_b))
        Walkin = self.env["fazhi.satisfaction.walkin"]
        self.assertEqual(Walkin.with_user(self.staff_a).search([]).unit_id, self.unit_a)
        self.assertEqual(Walkin.with_user(self.office).search_count([]), 2)
        with self.assertRaises(AccessError):
            Walkin.with_user(self.office).search([]).write({"is_registered": True})
        with self.assertRaises(AccessError):
            Walkin.with_user(self.staff_a).search([]).identity_key
