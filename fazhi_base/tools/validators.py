"""Identifiers of Chinese counterparts and complainants, checked once for every addon.

The algorithms come from ``python-stdnum`` (a requirement of Odoo itself):
``stdnum.cn.uscc`` for the unified social credit code and ``stdnum.cn.ric`` for
the resident identity card number. This module adds what the library does not
do and the project needs:

* input as people type it in China: full-width characters of a Chinese input
  method (``９１３５…``, ``（0375）``) are folded to ASCII (NFKC), blanks and
  hyphens are dropped, letters are upper-cased;
* the project's decisions where the library is stricter or looser than the
  documents (see each function);
* one message per problem, in the words of the form, translated in fazhi_base.

Each ``*_error`` function returns the kind of problem (a short code) or None;
each ``*_message`` function returns the translated message for a problem, or
None when the value is valid, for a caller that raises ``ValidationError`` or
lists the errors of a public form.

Phone numbers have no library here (``phonenumbers`` is not an Odoo
requirement): ``is_mainland_phone`` is the only phone check of the project.
"""

import re
import unicodedata
from datetime import date

from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.util import isdigits


def fold(text):
    """``text`` with full-width characters folded to ASCII and every blank removed."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


# ----------------------------------------------------------------------
# Unified social credit code (统一社会信用代码), GB 32100-2015
# ----------------------------------------------------------------------
CREDIT_CODE_LENGTH = 18
# The 31 characters of the code: digits and capital letters without I, O, S, V, Z.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Registering authorities (登记管理部门, 1st character, GB 32100-2015 table 1) that
# are letters: A (军队机构编制), N (农业, rural collective organisations), Y (其他).
# stdnum wants digits in the first 8 positions and would refuse their codes.
_CREDIT_CODE_LETTER_AUTHORITIES = "ANY"


def normalize_credit_code(code):
    """``code`` as stored: full-width characters folded, blanks and hyphens
    removed, upper case; ``False`` when nothing is left."""
    if not code:
        return False
    return uscc.compact(fold(code)) or False


def credit_code_check_digit(code17):
    """The 18th character for the first 17 characters ``code17``."""
    return uscc.calc_check_digit(code17)


def credit_code_invalid_characters(code):
    """The characters of ``code`` outside the code's alphabet, once each, in order."""
    return "".join(dict.fromkeys(c for c in code if c not in CREDIT_CODE_ALPHABET))


def credit_code_error(code):
    """Why the normalised ``code`` is not a valid unified social credit code:
    ``"length"``, ``"character"`` (outside the alphabet), ``"format"`` (the
    registering authority, type and region must be digits, the authority may
    be A, N or Y), ``"check_digit"``, or ``None`` when valid."""
    if len(code) != CREDIT_CODE_LENGTH:
        return "length"
    if credit_code_invalid_characters(code):
        return "character"
    if code[0] in _CREDIT_CODE_LETTER_AUTHORITIES and isdigits(code[1:8]):
        # stdnum knows only digit authorities: its check digit, our format check
        return None if credit_code_check_digit(code) == code[-1] else "check_digit"
    try:
        uscc.validate(code)
    except InvalidChecksum:
        return "check_digit"
    except StdnumValidationError:
        return "format"
    return None


def credit_code_message(env, code, name):
    """Translated message why ``code`` (normalised) of the holder ``name`` is
    wrong, or None when it is valid."""
    error = credit_code_error(code)
    if error == "length":
        return env._(
            "The unified social credit code %(code)s of %(name)s must have "
            "18 characters, not %(length)s.",
            code=code,
            name=name,
            length=len(code),
        )
    if error == "character":
        return env._(
            "The unified social credit code %(code)s of %(name)s contains "
            "invalid characters (%(chars)s): only digits and the capital letters "
            "other than I, O, S, V and Z are allowed.",
            code=code,
            name=name,
            chars=credit_code_invalid_characters(code),
        )
    if error == "format":
        return env._(
            "The unified social credit code %(code)s of %(name)s is wrong: its first "
            "8 characters (registering authority, type and region) must be digits, "
            "the first one may also be A, N or Y.",
            code=code,
            name=name,
        )
    if error == "check_digit":
        return env._(
            "The unified social credit code %(code)s of %(name)s is wrong: its "
            "check digit (18th character) does not match the first 17 characters. "
            "Check the code for typing errors.",
            code=code,
            name=name,
        )
    return None


# ----------------------------------------------------------------------
# Resident identity card number (公民身份号码), GB 11643-1999
# ----------------------------------------------------------------------
# Decisions:
# * 18 characters only. The 15-digit numbers of first-generation cards have no
#   check digit and those cards ceased to be valid on 1 January 2013: they are
#   refused with a message asking for the 18-digit number.
# * The library's check digit and birth date (a real date) are used; a birth
#   date after today is refused too.
# * The library's birthplace lookup is not used: its table of region codes (a
#   2023 snapshot) lacks codes in use, e.g. 110118 (Miyun district since 2015)
#   and 810000/820000/830000 of the residence permits of Hong Kong, Macao and
#   Taiwan residents, whose numbers have the same form.
# * Input is folded (full-width digits and letters, blanks, hyphens) and the
#   final x is upper-cased.
ID_NUMBER_LENGTH = 18
ID_NUMBER_OLD_LENGTH = 15


def normalize_id_number(number):
    """``number`` as compared and stored: folded, blanks and hyphens removed,
    upper case; ``False`` when nothing is left."""
    if not number:
        return False
    return ric.compact(fold(number).replace("-", "")) or False


def id_number_error(number, today=None):
    """Why the normalised ``number`` is not a valid resident ID number:
    ``"old"`` (15 digits), ``"length"``, ``"character"``, ``"check_digit"``,
    ``"birth_date"`` (not a date), ``"future"`` (born after ``today``), or
    ``None`` when valid."""
    if len(number) == ID_NUMBER_OLD_LENGTH and isdigits(number):
        return "old"
    if len(number) != ID_NUMBER_LENGTH:
        return "length"
    if not isdigits(number[:-1]) or not (isdigits(number[-1]) or number[-1] == "X"):
        return "character"
    if ric.calc_check_digit(number) != number[-1]:
        return "check_digit"
    try:
        birth = ric.get_birth_date(number)
    except StdnumValidationError:
        return "birth_date"
    if birth > (today or date.today()):
        return "future"
    return None


def id_number_message(env, number, today=None):
    """Translated message why ``number`` (normalised) is wrong, or None when valid."""
    error = id_number_error(number, today=today)
    if error == "old":
        return env._(
            "The 15-digit numbers of first-generation ID cards are no longer valid: "
            "enter the 18-character number of the current ID card."
        )
    if error in ("length", "character"):
        return env._("An ID number has 18 characters: 17 digits, then a digit or X.")
    if error == "check_digit":
        return env._(
            "The ID number %s is wrong: its last character (check digit) does not match "
            "the first 17 digits. Check the number for typing errors.",
            mask(number),
        )
    if error in ("birth_date", "future"):
        return env._(
            "The ID number %s is wrong: its 7th to 14th digits are not a past date of birth.",
            mask(number),
        )
    return None


# ----------------------------------------------------------------------
# Mainland China phone numbers
# ----------------------------------------------------------------------
# Decisions: mobile numbers (11 digits, 1[3-9]...), landline numbers with an
# optional area code (0 + 2 or 3 digits, in brackets or not) and an optional
# extension (after a hyphen or 转), and 400/800 service numbers. A +86, 0086 or
# 86 prefix is accepted (then the area code loses its 0). Blanks, hyphens
# between groups and full-width characters are accepted. Numbers outside the
# mainland are refused.
MOBILE_PATTERN = r"1[3-9]\d{9}"
AREA_CODE_PATTERN = r"0\d{2,3}"
LANDLINE_PATTERN = r"[2-9]\d{6,7}"

_COUNTRY_PREFIX = r"(?:\+|00)?86"
_MOBILE_RE = re.compile(rf"^(?:{_COUNTRY_PREFIX})?{MOBILE_PATTERN}$")  # hyphens dropped
_SERVICE_RE = re.compile(r"^[48]00\d{7}$")  # hyphens dropped
_LANDLINE_RE = re.compile(
    rf"""^(?:
        {_COUNTRY_PREFIX}-?(?:\(\d{{2,3}}\)|\d{{2,3}})-?    # +86 375 ...
      | (?:\({AREA_CODE_PATTERN}\)|{AREA_CODE_PATTERN})-?   # or 0375- / (0375)
    )?{LANDLINE_PATTERN}(?:(?:-|转)\d{{1,6}})?$              # number [extension]
    """,
    re.VERBOSE,
)


def normalize_phone(number):
    """``number`` folded (full-width characters, blanks removed); ``False`` when empty."""
    return fold(number) or False


def is_mainland_phone(number):
    """True when ``number`` reads as a mainland China mobile, landline or 400/800
    number (see the decisions above)."""
    compact = fold(number)
    digits = compact.replace("-", "")
    return bool(
        _MOBILE_RE.match(digits) or _SERVICE_RE.match(digits) or _LANDLINE_RE.match(compact)
    )


def phone_message(env, number, name=None):
    """Translated message why ``number`` (of the holder ``name`` if given) is not a
    mainland China number, or None when it is one."""
    if not number or is_mainland_phone(number):
        return None
    if name:
        return env._(
            "The phone number %(number)s of %(name)s is not a valid mainland "
            "China number: enter an 11-digit mobile number such as 13800000000 "
            "or a landline number with an optional area code such as "
            "0375-2663225.",
            number=number,
            name=name,
        )
    return env._(
        "The phone number %s is not a valid mainland China number: enter an 11-digit "
        "mobile number such as 13800000000 or a landline number with an optional area "
        "code such as 0375-2663225.",
        number,
    )


# ----------------------------------------------------------------------
# Personal data in a text meant for the public
# ----------------------------------------------------------------------
# Found on the folded text. Wider than the validators on purpose: a number
# with a wrong check digit or an old 15-digit ID number is still personal data.
_COUNTRY_PREFIX_IN_TEXT_RE = re.compile(r"(?:\+|00)86[ -]?")
_DATE_PATTERN = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
_ID_IN_TEXT_RE = re.compile(
    rf"(?<![0-9])[1-9][0-9]{{5}}(?:(?:18|19|20)[0-9]{{2}}{_DATE_PATTERN}[0-9]{{3}}[0-9Xx]"
    rf"|[0-9]{{2}}{_DATE_PATTERN}[0-9]{{3}})(?![0-9A-Za-z])"
)
_MOBILE_IN_TEXT_RE = re.compile(r"(?<![0-9])1[3-9][0-9](?:[ -]?[0-9]{4}){2}(?![0-9])")
_LANDLINE_IN_TEXT_RE = re.compile(
    rf"(?<![0-9])(?:\({AREA_CODE_PATTERN}\)|{AREA_CODE_PATTERN})[ -]?[0-9]{{7,8}}(?![0-9])"
)


def mask(number):
    """``number`` with only its first three and last two characters shown."""
    digits = re.sub(r"[^0-9Xx]", "", number)
    return digits[:3] + "*" * max(len(digits) - 5, 3) + digits[-2:]


def find_personal_data(text, names=()):
    """Personal data in ``text``: ``[(kind, masked value or None)]`` where kind is
    ``"id_number"``, ``"mobile"``, ``"landline"`` or ``"name"`` (one of ``names``,
    never echoed)."""
    text = unicodedata.normalize("NFKC", text or "")
    found = []
    scanned = _COUNTRY_PREFIX_IN_TEXT_RE.sub(" ", text)
    for kind, regex in (
        ("id_number", _ID_IN_TEXT_RE),
        ("mobile", _MOBILE_IN_TEXT_RE),
        ("landline", _LANDLINE_IN_TEXT_RE),
    ):
        for match in regex.finditer(scanned):
            found.append((kind, mask(match.group())))
    folded = text.casefold()
    for name in names:
        name = unicodedata.normalize("NFKC", (name or "").strip()).casefold()
        if len(name) >= 2 and name in folded:
            found.append(("name", None))
    return found
