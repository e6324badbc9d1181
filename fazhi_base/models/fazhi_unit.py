from odoo import api, fields, models
from odoo.exceptions import ValidationError


class FazhiUnit(models.Model):
    """An enforcement unit or department (执法单位 / 科室) of the commission.

    Units form a tree; every unit-scoped record of the fazhi addons carries a
    ``unit_id`` and the record rules give Staff their own units and Unit
    managers their units with every unit below them.
    """

    _name = "fazhi.unit"
    _description = "Enforcement unit"
    _inherit = ["mail.thread"]
    _parent_store = True
    _order = "complete_name, id"
    # "name" as well: the importer resolves "审批办" with an exact name search,
    # and the complete name of a sub-unit is "卫生健康委员会 / 审批办".
    _rec_names_search = ["complete_name", "name", "code"]

    # ------------------------------------------------------------------
    # Identity
    # ------------------------------------------------------------------
    name = fields.Char(required=True, translate=False, tracking=True)
    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)
    code = fields.Char(tracking=True, help="Short code used in references and exports.")
    unit_type = fields.Selection(
        [
            ("department", "Commission department"),
            ("affiliated", "Affiliated unit"),
            ("enforcement", "Supervision and enforcement agency"),
            ("county", "County or district health commission"),
        ],
        string="Type",
        required=True,
        default="department",
        tracking=True,
    )
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    sequence = fields.Integer(default=10)

    # ------------------------------------------------------------------
    # Tree
    # ------------------------------------------------------------------
    parent_id = fields.Many2one(
        "fazhi.unit", string="Parent unit", index=True, ondelete="restrict", tracking=True
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("fazhi.unit", "parent_id", string="Child units")

    # ------------------------------------------------------------------
    # People and contact
    # ------------------------------------------------------------------
    manager_id = fields.Many2one("res.users", tracking=True, domain=[("share", "=", False)])
    member_ids = fields.Many2many(
        "res.users",
        "fazhi_unit_res_users_rel",
        "unit_id",
        "user_id",
        string="Members",
        domain=[("share", "=", False)],
    )
    liaison_id = fields.Many2one(
        "res.users",
        tracking=True,
        domain=[("share", "=", False)],
        help="Person who files this unit's reports (联络员).",
    )
    email = fields.Char()
    phone = fields.Char()
    member_count = fields.Integer(compute="_compute_member_count")

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "A unit code must be unique within a company.",
        ),
    ]

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for unit in self:
            if unit.parent_id:
                unit.complete_name = f"{unit.parent_id.complete_name} / {unit.name}"
            else:
                unit.complete_name = unit.name

    @api.depends("member_ids")
    def _compute_member_count(self):
        for unit in self:
            unit.member_count = len(unit.member_ids)

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            self._raise_parent_loop()

    def _raise_parent_loop(self):
        raise ValidationError(
            self.env._("A unit cannot be placed under itself or one of its own sub-units.")
        )

    @api.depends("name", "complete_name")
    def _compute_display_name(self):
        """The unit's own name ("审批办"), short enough for list columns, kanban
        cards, pivot headers and reports; the full path ("卫生健康委员会 /
        审批办") when another unit of the company bears the same name, so that
        same-name units under different parents stay distinguishable.
        ``complete_name`` stays searchable (``_rec_names_search``) and is what
        the back office shows on hover."""
        names = {unit.name for unit in self if unit.name}
        shared = set()
        if names:
            # sudo: only counts units by name to tell whether a short name is
            # ambiguous; no unit, name or path of another unit is returned.
            groups = (
                self.sudo()
                .with_context(active_test=False)
                ._read_group(
                    [("name", "in", list(names))],
                    ["company_id", "name"],
                    ["__count"],
                )
            )
            shared = {(company.id, name) for company, name, count in groups if count > 1}
        for unit in self:
            if (unit.company_id.id, unit.name) in shared:
                unit.display_name = unit.complete_name or unit.name
            else:
                unit.display_name = unit.name or unit.complete_name

    # ------------------------------------------------------------------
    # CRUD: record rules read the users' units, so membership changes must
    # drop the cached rule domains.
    # ------------------------------------------------------------------
    _RULE_FIELDS = ("member_ids", "manager_id", "parent_id", "active")

    @api.model_create_multi
    def create(self, vals_list):
        units = super().create(vals_list)
        self.env.registry.clear_cache()
        return units

    def write(self, vals):
        if vals.get("parent_id"):
            # _parent_store would refuse a loop with a bare "Recursion
            # Detected."; say it in the user's words before it gets there.
            parent = self.browse(vals["parent_id"])
            if parent.search_count([("id", "child_of", self.ids), ("id", "=", parent.id)]):
                self._raise_parent_loop()
        res = super().write(vals)
        if any(field in vals for field in self._RULE_FIELDS):
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    # ------------------------------------------------------------------
    # Business helpers used by the other addons
    # ------------------------------------------------------------------
    def _get_responsible_users(self):
        """Users to notify for this unit: its manager, else its liaison."""
        self.ensure_one()
        return self.manager_id or self.liaison_id
