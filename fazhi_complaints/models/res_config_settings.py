from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    fazhi_complaint_extension_max_days = fields.Integer(
        related="company_id.fazhi_complaint_extension_max_days", readonly=False
    )
    fazhi_complaint_extension_approver_id = fields.Many2one(
        related="company_id.fazhi_complaint_extension_approver_id", readonly=False
    )
    fazhi_complaint_hotline_accept_days = fields.Integer(
        related="company_id.fazhi_complaint_hotline_accept_days", readonly=False
    )
    fazhi_complaint_hotline_accept_day_type = fields.Selection(
        related="company_id.fazhi_complaint_hotline_accept_day_type", readonly=False
    )
    fazhi_complaint_hotline_conclude_days = fields.Integer(
        related="company_id.fazhi_complaint_hotline_conclude_days", readonly=False
    )
    fazhi_complaint_hotline_conclude_day_type = fields.Selection(
        related="company_id.fazhi_complaint_hotline_conclude_day_type", readonly=False
    )
    fazhi_complaint_followup_days = fields.Integer(
        related="company_id.fazhi_complaint_followup_days", readonly=False
    )
    fazhi_complaint_phone = fields.Char(related="company_id.fazhi_complaint_phone", readonly=False)
    fazhi_complaint_email = fields.Char(related="company_id.fazhi_complaint_email", readonly=False)
    fazhi_complaint_address = fields.Char(
        related="company_id.fazhi_complaint_address", readonly=False
    )
    fazhi_complaint_hotline = fields.Char(
        related="company_id.fazhi_complaint_hotline", readonly=False
    )
    fazhi_complaint_rate_limit = fields.Integer(
        related="company_id.fazhi_complaint_rate_limit", readonly=False
    )
    fazhi_complaint_max_attachment_mb = fields.Integer(
        related="company_id.fazhi_complaint_max_attachment_mb", readonly=False
    )
    fazhi_complaint_status_attempts = fields.Integer(
        related="company_id.fazhi_complaint_status_attempts", readonly=False
    )
    fazhi_complaint_status_reference_attempts = fields.Integer(
        related="company_id.fazhi_complaint_status_reference_attempts", readonly=False
    )
    fazhi_complaint_status_window = fields.Integer(
        related="company_id.fazhi_complaint_status_window", readonly=False
    )
