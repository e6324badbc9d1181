import re
import unicodedata
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

# ----------------------------------------------------------------------
# Unified social credit code (统一社会信用代码), GB 32100-2015
# ----------------------------------------------------------------------
# The 31 characters of the code in the order of their values 0..30: the ten
# digits and the capital letters without I, O, Z, S and V. (Note the order
# "...K L M N P..." of the standard: a value table with M and N swapped
# rejects real codes such as 91350100M000100Y43.)
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_LENGTH = 18
# Weight of positions 1..17: 3 ** (i - 1) mod 31.
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_CODE_VALUES = {char: value for value, char in enumerate(CREDIT_CODE_ALPHABET)}


def normalize_credit_code(code):
    """Return ``code`` as stored: full-width characters folded to ASCII,
    every blank removed, upper case; ``False`` when nothing is left."""
    if not code:
        return False
    code = "".join(unicodedata.normalize("NFKC", code).split()).upper()
    return code or False


def credit_code_check_digit(code17):
    """The 18th character for the first 17 characters ``code17`` (GB 32100-2015:
    C18 = 31 - (sum of value * weight mod 31), where 31 gives 0)."""
    total = sum(
        _CREDIT_CODE_VALUES[char] * weight
        for char, weight in zip(code17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def credit_code_error(code):
    """Why the normalised ``code`` is not a valid unified social credit code:
    ``"length"``, ``"character"``, ``"check_digit"`` or ``None`` when valid."""
    if len(code) != CREDIT_CODE_LENGTH:
        return "length"
    if any(char not in _CREDIT_CODE_VALUES for char in code):
        return "character"
    if credit_code_check_digit(code[:17]) != code[17]:
        return "check_digit"
    return None


# ----------------------------------------------------------------------
# Mainland China phone numbers
# ----------------------------------------------------------------------
_MOBILE_RE = re.compile(r"^(?:(?:\+|00)?86)?1[3-9]\d{9}$")  # 11 digits, hyphens dropped
_SERVICE_RE = re.compile(r"^[48]00\d{7}$")  # 400 / 800 numbers, hyphens dropped
_LANDLINE_RE = re.compile(
    r"""^(?:
        (?:\+|00)?86-?(?:\(\d{2,3}\)|\d{2,3})-?     # +86 375 ...
      | (?:\(0\d{2,3}\)|0\d{2,3})-?                # or 0375- / (0375)
    )?[2-9]\d{6,7}(?:-\d{1,6})?$                    # number [-extension]
    """,
    re.VERBOSE,
)


def is_mainland_phone(number):
    """True when ``number`` reads as a mainland China mobile, landline or 400/800
    number (blanks, hyphens, full-width characters and +86 are accepted)."""
    compact = "".join(unicodedata.normalize("NFKC", number).split())
    digits = compact.replace("-", "")
    return bool(
        _MOBILE_RE.match(digits) or _SERVICE_RE.match(digits) or _LANDLINE_RE.match(compact)
    )


class ResPartner(models.Model):
    """Counterparts (行政相对人) of the enforcement units are partners."""

    _inherit = "res.partner"
    _rec_names_search = [
        "complete_name",
        "email",
        "ref",
        "vat",
        "company_registry",
        "fazhi_credit_code",
    ]

    # ------------------------------------------------------------------
    # Counterpart
    # ------------------------------------------------------------------
    is_fazhi_counterpart = fields.Boolean(
        string="Counterpart",
        index=True,
        help="Administrative counterpart (行政相对人) managed or served by enforcement units.",
    )
    fazhi_counterpart_type = fields.Selection(
        [
            ("natural", "Natural person"),
            ("enterprise", "Enterprise"),
            ("private_enterprise", "Private enterprise"),
            ("medical", "Medical institution"),
            ("public_place", "Public place"),
            ("other", "Other"),
        ],
        string="Counterpart type",
        index=True,
        tracking=True,
    )
    fazhi_credit_code = fields.Char(
        string="Unified social credit code",
        index="btree_not_null",
        copy=False,
        tracking=True,
        help="18-character unified social credit code (统一社会信用代码, GB 32100-2015).",
    )
    fazhi_wechat = fields.Char(string="WeChat", help="WeChat ID of the counterpart.")
    fazhi_unit_ids = fields.Many2many(
        "fazhi.unit",
        "fazhi_unit_res_partner_rel",
        "partner_id",
        "unit_id",
        string="Managing units",
        help="Units that manage or serve this counterpart; its active counterparts are a "
        "unit's total of managed and served counterparts (管理和服务对象总数).",
    )

    # ------------------------------------------------------------------
    # Constraints and onchanges
    # ------------------------------------------------------------------
    @api.constrains("fazhi_credit_code")
    def _check_fazhi_credit_code(self):
        for partner in self.filtered("fazhi_credit_code"):
            code = partner.fazhi_credit_code
            error = credit_code_error(code)
            if error == "length":
                raise ValidationError(
                    self.env._(
                        "The unified social credit code %(code)s of %(name)s must have "
                        "18 characters, not %(length)s.",
                        code=code,
                        name=partner.display_name,
                        length=len(code),
                    )
                )
            if error == "character":
                invalid = "".join(dict.fromkeys(c for c in code if c not in _CREDIT_CODE_VALUES))
                raise ValidationError(
                    self.env._(
                        "The unified social credit code %(code)s of %(name)s contains "
                        "invalid characters (%(chars)s): only digits and the capital letters "
                        "other than I, O, S, V and Z are allowed.",
                        code=code,
                        name=partner.display_name,
                        chars=invalid,
                    )
                )
            if error == "check_digit":
                raise ValidationError(
                    self.env._(
                        "The unified social credit code %(code)s of %(name)s is wrong: its "
                        "check digit (18th character) does not match the first 17 characters. "
                        "Check the code for typing errors.",
                        code=code,
                        name=partner.display_name,
                    )
                )

    @api.constrains("fazhi_credit_code", "company_id")
    def _check_fazhi_credit_code_unique(self):
        """One holder of a code per company; partners without company share one."""
        partners = self.filtered("fazhi_credit_code")
        if not partners:
            return
        holders = (
            self.with_context(active_test=False)
            .sudo()
            .search([("fazhi_credit_code", "in", partners.mapped("fazhi_credit_code"))])
        )
        by_key = defaultdict(lambda: self.env["res.partner"])
        for holder in holders:
            by_key[holder.fazhi_credit_code, holder.company_id.id] |= holder
        for partner in partners:
            others = by_key[partner.fazhi_credit_code, partner.company_id.id] - partner
            if others:
                raise ValidationError(
                    self.env._(
                        "The unified social credit code %(code)s of %(name)s is already used "
                        "by %(other)s.",
                        code=partner.fazhi_credit_code,
                        name=partner.display_name,
                        other=others[0].display_name,
                    )
                )

    @api.constrains("is_fazhi_counterpart", "fazhi_counterpart_type")
    def _check_fazhi_counterpart_type(self):
        for partner in self:
            if partner.is_fazhi_counterpart and not partner.fazhi_counterpart_type:
                raise ValidationError(
                    self.env._("The counterpart %(name)s needs a type.", name=partner.display_name)
                )

    @api.constrains("is_fazhi_counterpart", "phone", "mobile")
    def _check_fazhi_phone(self):
        for partner in self.filtered("is_fazhi_counterpart"):
            for number in (partner.phone, partner.mobile):
                if number and not is_mainland_phone(number):
                    raise ValidationError(
                        self.env._(
                            "The phone number %(number)s of %(name)s is not a valid mainland "
                            "China number: enter an 11-digit mobile number such as 13800000000 "
                            "or a landline number with an optional area code such as "
                            "0375-2663225.",
                            number=number,
                            name=partner.display_name,
                        )
                    )

    @api.onchange("fazhi_counterpart_type")
    def _onchange_fazhi_counterpart_type(self):
        if self.fazhi_counterpart_type:
            self.is_company = self.fazhi_counterpart_type != "natural"

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def default_get(self, fields_list):
        defaults = super().default_get(fields_list)
        # The counterpart action proposes the user's own units.
        if (
            self.env.context.get("fazhi_counterpart_default_units")
            and "fazhi_unit_ids" in fields_list
            and not defaults.get("fazhi_unit_ids")
            and self.env.user.fazhi_unit_ids
        ):
            defaults["fazhi_unit_ids"] = [Command.set(self.env.user.fazhi_unit_ids.ids)]
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._fazhi_prepare_vals(vals)
            if vals.get("fazhi_counterpart_type") and "is_fazhi_counterpart" not in vals:
                vals["is_fazhi_counterpart"] = True
        return super().create(vals_list)

    def write(self, vals):
        self._fazhi_prepare_vals(vals)
        return super().write(vals)

    @api.model
    def _fazhi_prepare_vals(self, vals):
        if "fazhi_credit_code" in vals:
            vals["fazhi_credit_code"] = normalize_credit_code(vals["fazhi_credit_code"])

    # ------------------------------------------------------------------
    # Business helpers
    # ------------------------------------------------------------------
    def _fazhi_is_private_enterprise(self):
        """True when this counterpart gets the private-enterprise questions."""
        self.ensure_one()
        return self.fazhi_counterpart_type == "private_enterprise"
