from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    fazhi_publication_days = fields.Integer(
        related="company_id.fazhi_publication_days", readonly=False
    )
    fazhi_training_min_hours = fields.Float(
        related="company_id.fazhi_training_min_hours", readonly=False
    )
