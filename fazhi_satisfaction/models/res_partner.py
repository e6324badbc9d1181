from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.addons.fazhi_base.tools.validators import (
    credit_code_message,
    normalize_credit_code,
    phone_message,
)
from odoo.exceptions import ValidationError


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
