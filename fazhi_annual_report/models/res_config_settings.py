from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # The rules live on res.company (constraints there).
    fazhi_commission_report_due_day = fields.Integer(
        related="company_id.fazhi_commission_report_due_day", readonly=False
    )
    fazhi_annual_report_due_month = fields.Integer(
        related="company_id.fazhi_annual_report_due_month", readonly=False
    )
    fazhi_annual_report_due_day = fields.Integer(
        related="company_id.fazhi_annual_report_due_day", readonly=False
    )
    fazhi_annual_publish_due_month = fields.Integer(
        related="company_id.fazhi_annual_publish_due_month", readonly=False
    )
    fazhi_annual_publish_due_day = fields.Integer(
        related="company_id.fazhi_annual_publish_due_day", readonly=False
    )
    fazhi_annual_reminder_days = fields.Integer(
        related="company_id.fazhi_annual_reminder_days", readonly=False
    )
    fazhi_assessment_weight_coverage = fields.Float(
        related="company_id.fazhi_assessment_weight_coverage", readonly=False
    )
    fazhi_assessment_weight_satisfaction = fields.Float(
        related="company_id.fazhi_assessment_weight_satisfaction", readonly=False
    )
    fazhi_assessment_weight_callback = fields.Float(
        related="company_id.fazhi_assessment_weight_callback", readonly=False
    )
    fazhi_assessment_weight_complaint = fields.Float(
        related="company_id.fazhi_assessment_weight_complaint", readonly=False
    )
    fazhi_assessment_weight_indicator = fields.Float(
        related="company_id.fazhi_assessment_weight_indicator", readonly=False
    )
    fazhi_assessment_weight_training = fields.Float(
        related="company_id.fazhi_assessment_weight_training", readonly=False
    )
