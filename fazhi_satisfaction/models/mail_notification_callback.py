from odoo import api, fields, models
from odoo.exceptions import UserError


class MailNotification(models.Model):
    """Notifications of the messages of the case callbacks and of their
    accountability follow-ups are hidden from everyone who ever handled the
    case (they name the record): global rule
    ``mail_notification_rule_fazhi_callback``."""

    _inherit = "mail.notification"

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
        for notification in self:
            notification.fazhi_callback_hidden = notification._origin in hidden

    def _search_fazhi_callback_hidden(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on this flag: %s", operator))
        domain = self.env["fazhi.case.callback"]._fazhi_hidden_thread_domain("model", "res_id")
        # sudo: ids of the messages to hide from the current user, as a
        # sub-query of the caller's own search; nothing is returned to them.
        messages = self.env["mail.message"].sudo()._search(domain)
        domain = [("mail_message_id", "in", messages)]
        return domain if (operator == "=") == value else ["!", *domain]
