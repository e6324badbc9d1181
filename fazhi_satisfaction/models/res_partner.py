import logging
import unicodedata
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.addons.fazhi_base.tools.validators import (
    credit_code_message,
    normalize_credit_code,
    phone_message,
)
from odoo.exceptions import UserError, ValidationError
from odoo.modules.db import FunctionStatus
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# The register's search columns: what its search view and ``name_search``
# (``_rec_names_search``) match with ``ilike``.
FAZHI_SEARCH_COLUMNS = (
    "complete_name",
    "email",
    "ref",
    "vat",
    "company_registry",
    "fazhi_credit_code",
    "phone",
    "mobile",
)
# Two-character Chinese fragments (张伟, 诊所) give pg_trgm no trigram: their
# index is a GIN array of the character pairs of the same columns, non-ASCII
# characters only, built from immutable built-in functions (no function of
# ours in the database). Both alignments of pairs, so every pair is in one.
_FAZHI_BIGRAM_COLUMNS = " || ' ' || ".join(
    f"coalesce({column}, '')" for column in FAZHI_SEARCH_COLUMNS[:5]
)
_FAZHI_BIGRAM_TEXT = f"regexp_replace({_FAZHI_BIGRAM_COLUMNS}, '[\\u0001-\\u007f]+', ' ', 'g')"
FAZHI_BIGRAM_EXPRESSION = (
    f"regexp_split_to_array(regexp_replace({_FAZHI_BIGRAM_TEXT}, '(..)', '\\1 ', 'g') || ' ' || "
    f"regexp_replace(substr({_FAZHI_BIGRAM_TEXT}, 2), '(..)', '\\1 ', 'g'), ' ')"
)


def fazhi_bigram_searchable(value):
    """True for a value of two letters of a script without case (Chinese)."""
    return (
        isinstance(value, str)
        and len(value) == 2
        and all(unicodedata.category(char) == "Lo" for char in value)
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
    # Search only: what the counterparts register's search view filters on.
    fazhi_name_search = fields.Char(
        string="Counterpart name",
        compute="_compute_fazhi_name_search",
        search="_search_fazhi_name_search",
        help="Searches the counterparts whose name contains the text, with the register's indexes.",
    )
    fazhi_my_units = fields.Boolean(
        string="In my units",
        compute="_compute_fazhi_my_units",
        search="_search_fazhi_my_units",
        help="Counterparts of the units the user belongs to or manages.",
    )

    # ------------------------------------------------------------------
    # Compute and search methods
    # ------------------------------------------------------------------
    @api.depends("complete_name")
    def _compute_fazhi_name_search(self):
        for partner in self:
            partner.fazhi_name_search = partner.complete_name

    def _search_fazhi_name_search(self, operator, value):
        domain = [("is_fazhi_counterpart", "=", True), ("complete_name", operator, value)]
        if operator == "ilike" and fazhi_bigram_searchable(value):
            domain.append(("id", "in", self._fazhi_bigram_subquery(value)))
        return domain

    @api.depends_context("uid")
    @api.depends("fazhi_unit_ids")
    def _compute_fazhi_my_units(self):
        units = self._fazhi_my_unit_ids()
        for partner in self:
            partner.fazhi_my_units = bool(set(partner.fazhi_unit_ids.ids) & set(units))

    def _search_fazhi_my_units(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        # The unit ids are resolved here, so that PostgreSQL plans the search
        # with them (a join through the unit's members misleads its estimates).
        units = self._fazhi_my_unit_ids()
        if (operator == "=") == value:
            return [("fazhi_unit_ids", "in", units)]
        return ["|", ("fazhi_unit_ids", "=", False), ("fazhi_unit_ids", "not in", units)]

    @api.model
    def _fazhi_my_unit_ids(self):
        user = self.env.user
        return (user.fazhi_unit_ids | user.fazhi_managed_unit_ids).ids

    @api.model
    def _fazhi_bigram_subquery(self, value):
        """The counterparts holding the two characters in a search column (index-backed).

        Only ever AND-ed to a condition that implies it (the text is in one of
        the columns), so it narrows nothing the user would otherwise find.
        """
        return SQL(
            "(SELECT id FROM res_partner WHERE is_fazhi_counterpart AND %s @> ARRAY[%s]::text[])",
            SQL(FAZHI_BIGRAM_EXPRESSION),
            value,
        )

    @api.model
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        # A counterpart field's dropdown (its domain keeps counterparts only):
        # the two-character index narrows the search of the display name.
        if (
            operator == "ilike"
            and fazhi_bigram_searchable(name)
            and args
            and ("is_fazhi_counterpart", "=", True) in args
            and not any(term in ("|", "!") for term in args)
        ):
            args = [*args, ("id", "in", self._fazhi_bigram_subquery(name))]
        return super().name_search(name, args, operator, limit)

    def init(self):
        result = super().init()
        self._fazhi_create_search_index()
        # Built-in operators only: exists with or without pg_trgm.
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS res_partner_fazhi_search_bigram_idx ON res_partner "
                "USING gin ((%s)) WHERE is_fazhi_counterpart",
                SQL(FAZHI_BIGRAM_EXPRESSION),
            )
        )
        return result

    @api.model
    def _fazhi_search_index_name(self):
        """The name of the register's trigram index, or None when none can serve.

        Odoo's ``ilike`` compares ``unaccent(column)`` when the database has the
        ``unaccent`` function: the index must hold the same expression, which
        PostgreSQL allows only when that function is immutable (as Odoo's
        ``--unaccent`` option declares it).
        """
        registry = self.env.registry
        if not registry.has_trigram:
            return None
        if registry.has_unaccent == FunctionStatus.INDEXABLE:
            return "res_partner_fazhi_search_unaccent_trgm_idx"
        if registry.has_unaccent:
            return None
        return "res_partner_fazhi_search_trgm_idx"

    @api.model
    def _fazhi_create_search_index(self):
        """One trigram index for the counterparts register (行政相对人), partial.

        Limited to the counterparts (``WHERE is_fazhi_counterpart``), so the
        partners of other apps cost nothing more; the register's action, its
        search view and every counterpart field carry that condition, which is
        what lets PostgreSQL use the index. One multicolumn GIN index serves
        ``ilike`` on any of its columns, and their ``OR`` (``name_search``) as a
        bitmap OR. The credit code's exact match also has its btree index.
        """
        name = self._fazhi_search_index_name()
        if name is None:
            if not self.env.registry.has_trigram:
                _logger.info(
                    "Counterparts register: no trigram index, the database lacks the pg_trgm "
                    "extension; searches scan the table."
                )
            else:
                _logger.warning(
                    "Counterparts register: no trigram index, the database's unaccent "
                    "function is not immutable (Odoo's --unaccent declares it so, or drop the "
                    "unaccent extension); searches scan the table."
                )
            return
        unaccent = self.env.registry.has_unaccent == FunctionStatus.INDEXABLE
        columns = SQL(", ").join(
            SQL(
                "%s gin_trgm_ops",
                SQL("unaccent(%s)", SQL.identifier(column)) if unaccent else SQL.identifier(column),
            )
            for column in FAZHI_SEARCH_COLUMNS
        )
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON res_partner USING gin (%s) "
                "WHERE is_fazhi_counterpart",
                SQL.identifier(name),
                columns,
            )
        )

    # ------------------------------------------------------------------
    # Constraints and onchanges
    # ------------------------------------------------------------------
    @api.constrains("fazhi_credit_code")
    def _check_fazhi_credit_code(self):
        for partner in self.filtered("fazhi_credit_code"):
            message = credit_code_message(self.env, partner.fazhi_credit_code, partner.display_name)
            if message:
                raise ValidationError(message)

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
                message = phone_message(self.env, number, partner.display_name)
                if message:
                    raise ValidationError(message)

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
