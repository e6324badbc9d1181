from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class FazhiSatisfactionAnswerExport(models.TransientModel):
    """Answers to XLSX for units and any range of months.

    Prints ``report.fazhi_satisfaction.answers_period_xlsx``: the submitted
    answer lines of the chosen units (none chosen: every unit whose answers
    the user reads) whose month (their campaign's) is within the range. The
    record rules of the user apply to the lines whatever units are chosen: a
    unit's staff choosing another unit get no row of it.
    """

    _name = "fazhi.satisfaction.answer.export"
    _description = "Export satisfaction answers"

    def _default_month(self):
        return fields.Date.context_today(self).replace(day=1)

    unit_ids = fields.Many2many(
        "fazhi.unit",
        "fazhi_satisfaction_answer_export_unit_rel",
        "wizard_id",
        "unit_id",
        string="Units",
        help="Units whose answers to export. Empty: every unit whose answers you may read.",
    )
    include_child_units = fields.Boolean(
        string="Include the units below",
        default=True,
        help="The answers of the units under the chosen ones as well.",
    )
    month_from = fields.Date(
        string="From month",
        required=True,
        default=lambda self: self._default_month(),
        help="Any day of the first month exported.",
    )
    month_to = fields.Date(
        string="To month",
        required=True,
        default=lambda self: self._default_month(),
        help="Any day of the last month exported.",
    )

    @api.constrains("month_from", "month_to")
    def _check_months(self):
        for wizard in self:
            if wizard.month_from.replace(day=1) > wizard.month_to.replace(day=1):
                raise ValidationError(
                    self.env._("The first month of the export comes after its last month.")
                )

    def _fazhi_line_domain(self):
        """Domain on ``survey.user_input.line`` (the export adds the submitted
        answers of a unit and the caller's record rules)."""
        self.ensure_one()
        start = self.month_from.replace(day=1)
        stop = self.month_to.replace(day=1) + relativedelta(months=1)
        domain = [("fazhi_month", ">=", start), ("fazhi_month", "<", stop)]
        if self.unit_ids:
            operator = "child_of" if self.include_child_units else "in"
            domain.append(("fazhi_unit_id", operator, self.unit_ids.ids))
        return domain

    def action_export(self):
        self.ensure_one()
        return self.env.ref(
            "fazhi_satisfaction.fazhi_satisfaction_answer_export_xlsx_report"
        ).report_action(self)
