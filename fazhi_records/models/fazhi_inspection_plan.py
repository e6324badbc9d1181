from odoo import api, fields, models
from odoo.exceptions import ValidationError


class FazhiInspectionPlan(models.Model):
    """The year's random inspection plan of a unit (双随机、一公开) for one
    professional field: the units to inspect (应监督检查单位, 户).

    Coverage = inspections done (户次, the sum of the plan's records) over the
    units to inspect, at most 100 %: visits beyond the planned units do not
    raise it further.
    """

    _name = "fazhi.inspection.plan"
    _description = "Inspection plan"
    _inherit = ["mail.thread"]
    _order = "year desc, unit_id, id"

    def _default_unit_id(self):
        return self.env.user.fazhi_unit_ids[:1]

    name = fields.Char(compute="_compute_name", store=True)
    unit_id = fields.Many2one(
        "fazhi.unit",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        default=lambda self: self._default_unit_id(),
    )
    company_id = fields.Many2one(
        related="unit_id.company_id", store=True, index=True, precompute=True, string="Company"
    )
    year = fields.Integer(
        required=True,
        index=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self).year,
    )
    professional_field_id = fields.Many2one(
        "fazhi.professional.field",
        string="Professional field",
        index=True,
        ondelete="restrict",
    )
    planned_count = fields.Integer(
        string="Units to inspect",
        required=True,
        tracking=True,
        aggregator="sum",
        help="应监督检查单位 (户) of the year.",
    )
    record_ids = fields.One2many("fazhi.inspection.record", "plan_id", string="Inspections")
    done_count = fields.Integer(
        string="Inspections done",
        compute="_compute_done",
        store=True,
        aggregator="sum",
        help="户次: sum of the inspections recorded on the plan.",
    )
    coverage = fields.Float(
        string="Coverage (%)",
        compute="_compute_done",
        store=True,
        aggregator="avg",
        digits=(5, 2),
    )
    note = fields.Text()

    _sql_constraints = [
        (
            "unit_year_field_uniq",
            "unique(unit_id, year, professional_field_id)",
            "This unit already has an inspection plan for this year and professional field.",
        ),
    ]

    @api.depends("unit_id", "year", "professional_field_id")
    def _compute_name(self):
        for plan in self:
            parts = [str(plan.year or ""), plan.unit_id.name or ""]
            if plan.professional_field_id:
                parts.append(plan.professional_field_id.name)
            plan.name = " ".join(part for part in parts if part)

    @api.depends("planned_count", "record_ids.visit_count")
    def _compute_done(self):
        # record_ids of the whole batch are prefetched at once.
        for plan in self:
            plan.done_count = sum(plan.record_ids.mapped("visit_count"))
            plan.coverage = (
                min(100.0, 100.0 * plan.done_count / plan.planned_count)
                if plan.planned_count
                else 0.0
            )

    @api.constrains("planned_count", "year")
    def _check_plan(self):
        for plan in self:
            if plan.planned_count < 0:
                raise ValidationError(
                    self.env._("The number of units to inspect cannot be negative.")
                )
            if not 2000 <= plan.year <= 2100:
                raise ValidationError(
                    self.env._("%(year)s is not a plausible plan year.", year=plan.year)
                )
