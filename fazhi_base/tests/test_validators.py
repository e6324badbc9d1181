from datetime import date

from stdnum.cn import ric

from odoo.addons.fazhi_base.tools.validators import (
    credit_code_check_digit,
    credit_code_error,
    credit_code_message,
    find_personal_data,
    id_number_error,
    id_number_message,
    is_mainland_phone,
    normalize_credit_code,
    normalize_id_number,
    normalize_phone,
    phone_message,
)
from odoo.addons.fazhi_base.tools.vocabulary import MEASURES, OUTCOMES
from odoo.tests import TransactionCase, tagged

# Published codes, commonly cited as valid (check digit verified).
PUBLISHED_CODES = ["91350100M000100Y43", "91110000600037341L", "9144030071526726XG"]
VALID_ID = "11010519491231002X"


def with_check_digit(first17):
    """The resident ID number made of ``first17`` and its check digit."""
    return first17 + ric.calc_check_digit(first17 + "0")


@tagged("post_install", "-at_install")
class TestValidators(TransactionCase):
    # ------------------------------------------------------------------
    # Unified social credit code
    # ------------------------------------------------------------------
    def test_credit_code(self):
        for code in PUBLISHED_CODES:
            self.assertIsNone(credit_code_error(code), code)
            self.assertEqual(credit_code_check_digit(code[:17]), code[17])
        wrong = PUBLISHED_CODES[0][:17] + "4"
        self.assertEqual(credit_code_error(wrong), "check_digit")
        self.assertEqual(credit_code_error(PUBLISHED_CODES[0][:17]), "length")
        self.assertEqual(credit_code_error("91350100I000100Y43"), "character")
        # lower case and full-width characters are normalised before the check
        self.assertEqual(normalize_credit_code(" 91350100m000100y43 "), PUBLISHED_CODES[0])
        self.assertEqual(
            normalize_credit_code("９１３５０１００Ｍ０００１００Ｙ４３"), PUBLISHED_CODES[0]
        )
        self.assertEqual(normalize_credit_code("9135-0100-M000-100Y43"), PUBLISHED_CODES[0])
        self.assertIs(normalize_credit_code(" "), False)

    def test_credit_code_letter_authorities(self):
        """GB 32100 registering authorities A, N and Y are letters (stdnum
        knows only digits); a letter elsewhere in the first 8 is refused."""
        for first17 in ("N2410400MA40A1B2C", "Y1410400MA40A1B2C", "A1410400MA40A1B2C"):
            code = first17 + credit_code_check_digit(first17)
            self.assertIsNone(credit_code_error(code), code)
            other = "0" if code[-1] != "0" else "1"
            self.assertEqual(credit_code_error(code[:-1] + other), "check_digit")
        for first17 in ("9A410400MA40A1B2C", "B1410400MA40A1B2C", "914104A0MA40A1B2C"):
            code = first17 + credit_code_check_digit(first17)
            self.assertEqual(credit_code_error(code), "format", code)
        message = credit_code_message(self.env, "9A410400MA40A1B2CH", "甲公司")
        self.assertIn("first 8 characters", message)
        self.assertIsNone(credit_code_message(self.env, PUBLISHED_CODES[0], "甲公司"))

    # ------------------------------------------------------------------
    # Resident ID number
    # ------------------------------------------------------------------
    def test_id_number(self):
        self.assertIsNone(id_number_error(VALID_ID))
        self.assertEqual(id_number_error(VALID_ID[:17] + "1"), "check_digit")
        # lower-case x, full-width characters, blanks and hyphens
        for typed in (
            "11010519491231002x",
            "１１０１０５１９４９１２３１００２Ｘ",
            "１１０１０５１９４９１２３１００２ｘ",
            "110105 19491231 002X",
            "110105-19491231-002X",
        ):
            self.assertEqual(normalize_id_number(typed), VALID_ID, typed)
        self.assertIs(normalize_id_number(""), False)
        self.assertEqual(id_number_error("1101051949123100"), "length")
        self.assertEqual(id_number_error("11010519491231002Y"), "character")
        self.assertEqual(id_number_error("1101051949123100XX"), "character")

    def test_id_number_birth_date(self):
        # a check digit that matches, but no such day
        self.assertEqual(id_number_error(with_check_digit("11010519490231002")), "birth_date")
        self.assertEqual(id_number_error(with_check_digit("11010519491331002")), "birth_date")
        # born in the future: refused, the day itself is accepted
        tomorrow = with_check_digit("11010520300102002")
        self.assertEqual(id_number_error(tomorrow, today=date(2030, 1, 1)), "future")
        self.assertIsNone(id_number_error(tomorrow, today=date(2030, 1, 2)))
        message = id_number_message(self.env, tomorrow, today=date(2030, 1, 1))
        self.assertIn("not a past date of birth", message)
        self.assertNotIn(tomorrow, message, "the number is masked")

    def test_id_number_regions_outside_the_library_table(self):
        """Region codes missing from stdnum's table are accepted: 110118 (Miyun
        district since 2015), 810000 (residence permit of a Hong Kong resident)."""
        for first17 in ("11011820160101001", "81000019900101001"):
            self.assertIsNone(id_number_error(with_check_digit(first17)), first17)
            self.assertFalse(ric.is_valid(with_check_digit(first17)))

    def test_id_number_old_15_digits(self):
        """First-generation 15-digit numbers (no check digit, cards void since
        2013) are refused with their own message."""
        self.assertEqual(id_number_error("110105491231002"), "old")
        message = id_number_message(self.env, "110105491231002")
        self.assertIn("15-digit numbers of first-generation ID cards", message)
        self.assertIn("18 characters", id_number_message(self.env, "12345"))
        self.assertIsNone(id_number_message(self.env, VALID_ID))

    # ------------------------------------------------------------------
    # Phone numbers
    # ------------------------------------------------------------------
    def test_phone(self):
        valid = [
            "13837500101",
            "138 3750 0101",
            "+86 138-3750-0101",
            "0086 13837500101",
            "8613837500101",
            "0375-2663225",
            "(0375)2663225",
            "（0375）2663225",
            "０３７５－２６６３２２５",
            "１３８３７５００１０１",
            "+86 375 2663225",
            "2663225",
            "0375-2663225-801",
            "0375-2663225转801",
            "400-123-4567",
        ]
        for number in valid:
            self.assertTrue(is_mainland_phone(number), number)
        invalid = [
            "12345",
            "abc",
            "12800000000",
            "1383750010",
            "138375001011",
            "0375-123",
            "+33 1 23 45 67 89",
            "+852 2123 4567",
            "电话",
        ]
        for number in invalid:
            self.assertFalse(is_mainland_phone(number), number)
        self.assertEqual(normalize_phone(" １３８ ３７５０ ０１０１ "), "13837500101")
        self.assertIsNone(phone_message(self.env, "13837500101"))
        self.assertIsNone(phone_message(self.env, False))
        self.assertIn("phone number abc is not", phone_message(self.env, "abc"))
        self.assertIn("abc of 甲公司 is not", phone_message(self.env, "abc", "甲公司"))

    # ------------------------------------------------------------------
    # Personal data in a public text
    # ------------------------------------------------------------------
    def test_personal_data_in_text(self):
        kinds = {
            "身份证１１０１０５１９４９１２３１００２ｘ": "id_number",
            "旧身份证110105491231002": "id_number",
            "电话+86 139 1234 5678": "mobile",
            "座机（0375）2663225": "landline",
        }
        for text, kind in kinds.items():
            self.assertEqual([k for k, _masked in find_personal_data(text)], [kind], text)
        self.assertEqual(find_personal_data("罚款500元，2026年3月12日办结"), [])
        self.assertEqual(find_personal_data("投诉人张三反映", ["张三"]), [("name", None)])

    # ------------------------------------------------------------------
    # Shared selections
    # ------------------------------------------------------------------
    def test_shared_selections(self):
        Followup = self.env["fazhi.followup"]
        self.assertEqual(Followup._fields["investigation_outcome"].selection, OUTCOMES)
        self.assertEqual(Followup._fields["measure"].selection, MEASURES)
