from odoo import Command, api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # The values live on res.company (constraints there), as in fazhi_base.
    fazhi_satisfaction_target_rate = fields.Float(
        related="company_id.fazhi_satisfaction_target_rate", readonly=False
    )
    fazhi_satisfaction_report_lead_days = fields.Integer(
        related="company_id.fazhi_satisfaction_report_lead_days", readonly=False
    )
    fazhi_satisfaction_reminder_days = fields.Integer(
        related="company_id.fazhi_satisfaction_reminder_days", readonly=False
    )
    fazhi_satisfaction_survey_id = fields.Many2one(
        related="company_id.fazhi_satisfaction_survey_id", readonly=False
    )
    fazhi_satisfaction_followup_days = fields.Integer(
        related="company_id.fazhi_satisfaction_followup_days", readonly=False
    )
    fazhi_satisfaction_close_grace_days = fields.Integer(
        related="company_id.fazhi_satisfaction_close_grace_days", readonly=False
    )
    fazhi_callback_followup_user_id = fields.Many2one(
        related="company_id.fazhi_callback_followup_user_id", readonly=False
    )
    fazhi_callback_followup_days = fields.Integer(
        related="company_id.fazhi_callback_followup_days", readonly=False
    )
    # The units of the company that opted out of the monthly campaigns: the
    # flag lives on the unit (fazhi_satisfaction_opt_out, also on the unit
    # form); this list edits it for every unit at once.
    fazhi_satisfaction_opt_out_unit_ids = fields.Many2many(
        "fazhi.unit",
        "fazhi_satisfaction_opt_out_settings_rel",
        "settings_id",
        "unit_id",
        string="Units without campaigns",
        help="Units that get no monthly satisfaction campaign.",
    )

    @api.model
    def get_values(self):
        res = super().get_values()
        units = self.env["fazhi.unit"].search(
            [("company_id", "=", self.env.company.id), ("fazhi_satisfaction_opt_out", "=", True)]
        )
        res["fazhi_satisfaction_opt_out_unit_ids"] = [Command.set(units.ids)]
        return res

    def set_values(self):
        res = super().set_values()
        company_units = self.env["fazhi.unit"].search([("company_id", "=", self.company_id.id)])
        wanted = self.fazhi_satisfaction_opt_out_unit_ids & company_units
        opted_out = company_units.filtered("fazhi_satisfaction_opt_out")
        (wanted - opted_out).fazhi_satisfaction_opt_out = True
        (opted_out - wanted).fazhi_satisfaction_opt_out = False
        return res
