from odoo import api, fields, models
from odoo.exceptions import ValidationError

RESULTS = [
    ("compliant", "Compliant"),
    ("rectification", "Rectification ordered"),
    ("case_opened", "Case opened"),
]


class FazhiInspectionRecord(models.Model):
    """Inspections done under a plan (户次), on one day, with their result."""

    _name = "fazhi.inspection.record"
    _description = "Inspection record"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    plan_id = fields.Many2one(
        "fazhi.inspection.plan",
        required=True,
        index=True,
        ondelete="cascade",
    )
    unit_id = fields.Many2one(
        related="plan_id.unit_id", store=True, index=True, precompute=True, string="Unit"
    )
    company_id = fields.Many2one(
        related="plan_id.company_id", store=True, index=True, precompute=True, string="Company"
    )
    professional_field_id = fields.Many2one(
        related="plan_id.professional_field_id", store=True, string="Professional field"
    )
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    partner_id = fields.Many2one(
        "res.partner",
        string="Inspected counterpart",
        index=True,
        ondelete="restrict",
        domain=[("is_fazhi_counterpart", "=", True)],
    )
    visit_count = fields.Integer(
        string="Inspections (户次)", required=True, default=1, aggregator="sum"
    )
    result = fields.Selection(RESULTS, required=True, default="compliant", index=True)
    note = fields.Text()

    @api.constrains("visit_count", "date", "plan_id")
    def _check_record(self):
        today = fields.Date.context_today(self)
        for record in self:
            if record.visit_count < 1:
                raise ValidationError(self.env._("An inspection record counts at least one visit."))
            if record.date > today:
                raise ValidationError(self.env._("An inspection cannot be recorded in the future."))
            if record.date.year != record.plan_id.year:
                raise ValidationError(
                    self.env._(
                        "The inspection of %(date)s is not in the year of its plan (%(year)s).",
                        date=fields.Date.to_string(record.date),
                        year=record.plan_id.year,
                    )
                )
