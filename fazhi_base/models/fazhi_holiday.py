# Minimal stub: the working-day helper replaces this file.
from odoo import fields, models


class FazhiHoliday(models.Model):
    _name = "fazhi.holiday"
    _description = "Public holiday or make-up working day"

    date = fields.Date(required=True)
    kind = fields.Selection([("holiday", "Holiday"), ("workday", "Make-up working day")])
    name = fields.Char()
