from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # The values live on res.company (constraints there), as in fazhi_base.
    fazhi_callback_followup_user_id = fields.Many2one(
        related="company_id.fazhi_callback_followup_user_id", readonly=False
    )
    fazhi_callback_followup_days = fields.Integer(
        related="company_id.fazhi_callback_followup_days", readonly=False
    )
