from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # 双公示: licensing and penalty decisions are public within 7 working days.
    fazhi_publication_days = fields.Integer(
        string="Publication time limit",
        default=7,
        help="Working days after a licensing or penalty decision within which it must be "
        "made public (双公示: 7 working days).",
    )
    # Seed 004: 行政执法人员专题培训不少于 40 学时 a year.
    fazhi_training_min_hours = fields.Float(
        string="Yearly training hours per officer",
        default=40.0,
        help="Training hours (学时) every enforcement officer must attend each year "
        "(seed 004: not less than 40).",
    )

    @api.constrains("fazhi_publication_days", "fazhi_training_min_hours")
    def _check_fazhi_records_settings(self):
        for company in self:
            if company.fazhi_publication_days < 1:
                raise ValidationError(
                    self.env._("The publication time limit is at least one working day.")
                )
            if company.fazhi_training_min_hours < 0:
                raise ValidationError(self.env._("The yearly training hours cannot be negative."))
