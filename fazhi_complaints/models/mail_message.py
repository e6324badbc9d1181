from odoo import api, fields, models
from odoo.exceptions import UserError


class MailMessage(models.Model):
    """Messages of a complaint (and of its follow-ups) are hidden from everyone
    ever accused in it, even the messages they wrote or were sent before they
    were accused: global rule ``mail_message_rule_fazhi_complaint``. Other
    messages are not affected."""

    _inherit = "mail.message"

    fazhi_complaint_hidden = fields.Boolean(
        compute="_compute_fazhi_complaint_hidden",
        search="_search_fazhi_complaint_hidden",
        string="Hidden from the accused",
    )

    @api.depends_context("uid")
    def _compute_fazhi_complaint_hidden(self):
        # sudo: skips the rule that hides these rows, to flag them for the current
        # user (the uid, and so the flag, stays theirs).
        hidden = self.sudo().search([("id", "in", self.ids), ("fazhi_complaint_hidden", "=", True)])
        for message in self:
            message.fazhi_complaint_hidden = message in hidden

    def _search_fazhi_complaint_hidden(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on this flag: %s", operator))
        domain = self.env["fazhi.complaint"]._fazhi_hidden_thread_domain("model", "res_id")
        return domain if (operator == "=") == value else ["!", *domain]
