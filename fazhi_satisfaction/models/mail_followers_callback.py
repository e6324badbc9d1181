from odoo import api, fields, models
from odoo.exceptions import UserError


class MailFollowers(models.Model):
    """Followers of the case callbacks and of their accountability follow-ups
    are hidden from everyone who ever handled the case (回访人员和办案人员分离):
    the global rule ``mail_followers_rule_fazhi_callback`` keeps out the rows
    that ``fazhi_callback_hidden`` flags for the current user. Rows of other
    models are not affected."""

    _inherit = "mail.followers"

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
        for follower in self:
            follower.fazhi_callback_hidden = follower._origin in hidden

    def _search_fazhi_callback_hidden(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on this flag: %s", operator))
        domain = self.env["fazhi.case.callback"]._fazhi_hidden_thread_domain("res_model", "res_id")
        return domain if (operator == "=") == value else ["!", *domain]
