from odoo import api, fields, models
from odoo.exceptions import UserError


class MailMessage(models.Model):
    """Messages of the case callbacks and of their accountability follow-ups
    are hidden from everyone who ever handled the case, even their own (e.g.
    written before they became a handler): global rule
    ``mail_message_rule_fazhi_callback``. Other messages are not affected."""

    _inherit = "mail.message"

    fazhi_callback_hidden = fields.Boolean(
        compute="_compute_fazhi_callback_hidden",
        search="_search_fazhi_callback_hidden",
        string="Hidden from the case's handlers",
    )

    @api.depends_context("uid")
    def _compute_fazhi_callback_hidden(self):
        # sudo: skips the rule that hides these rows, to flag them for the
        # current user (the uid, and so the flag, stays theirs).
        hidden = self.sudo().search(
            [("id", "in", self._origin.ids), ("fazhi_callback_hidden", "=", True)]
        )
        for message in self:
            message.fazhi_callback_hidden = message._origin in hidden

    def _search_fazhi_callback_hidden(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on this flag: %s", operator))
        domain = self.env["fazhi.case.callback"]._fazhi_hidden_thread_domain("model", "res_id")
        return domain if (operator == "=") == value else ["!", *domain]
