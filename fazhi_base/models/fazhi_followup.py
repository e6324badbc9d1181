# Minimal stub: the follow-up helper replaces this file.
from odoo import api, fields, models


class FazhiFollowup(models.Model):
    _name = "fazhi.followup"
    _description = "Follow-up"
    _inherit = ["mail.thread", "mail.activity.mixin"]

    name = fields.Char(required=True)
    unit_id = fields.Many2one("fazhi.unit", required=True)
    user_id = fields.Many2one("res.users")

    @api.model
    def _cron_escalate_overdue(self):
        return True
