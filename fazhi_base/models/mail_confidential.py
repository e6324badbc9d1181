"""Mail rows of confidential fazhi records: only for those who may read the record.

Odoo lets every internal user read every ``mail.followers`` and
``mail.notification`` row, and a message its author or recipients may read
whatever its document. Harmless for most documents, not for a complaint, a
case callback or an accountability follow-up that the reader is the subject
of: the rows tell that the record exists, who follows it and what was said.

For the models that inherit ``fazhi.confidential.mixin`` the followers,
notifications and messages are visible only to users who may read the record
itself (its record rules, so also its global rules that keep accused officers
and case handlers out), by any path: ``search``, ``read_group``, ``read`` by
id. The global rules ``mail_*_rule_fazhi_confidential`` do it with the flag
``fazhi_hidden``, a sub-query computed at each search from the reader's own
access (rule domains are cached, the data is not). Rows of every other model
keep Odoo's behaviour: their flag is always false.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression


class FazhiConfidentialMixin(models.AbstractModel):
    """Opt-in: the mail rows of these records follow the records' access."""

    _name = "fazhi.confidential.mixin"
    _description = "Confidential record (mail rows follow its access)"

    @api.model
    def _fazhi_unreadable_domain(self, model_field, id_field):
        """Domain on mail rows (``model_field``/``id_field`` naming their
        document) of the records of this model the current user may not read."""
        # Not sudo: the sub-query applies the reader's record rules.
        readable = self.with_user(self.env.uid).with_context(active_test=False)._search([])
        return ["&", (model_field, "=", self._name), "!", (id_field, "in", readable)]


def hidden_domain(env, model_field, id_field):
    """Domain of the mail rows the current user must not see."""
    names = [
        name
        for name, model in env.registry.items()
        if not model._abstract and issubclass(model, env.registry["fazhi.confidential.mixin"])
    ]
    if not names:
        return expression.FALSE_DOMAIN
    return expression.OR(
        env[name]._fazhi_unreadable_domain(model_field, id_field) for name in sorted(names)
    )


class FazhiMailHiddenMixin(models.AbstractModel):
    """The ``fazhi_hidden`` flag of a mail model, searched by its global rule."""

    _name = "fazhi.mail.hidden.mixin"
    _description = "Mail row of a confidential record"

    fazhi_hidden = fields.Boolean(
        string="Hidden (confidential record)",
        compute="_compute_fazhi_hidden",
        search="_search_fazhi_hidden",
    )

    def _fazhi_hidden_domain(self):
        raise NotImplementedError

    @api.depends_context("uid")
    def _compute_fazhi_hidden(self):
        # sudo: the global rule would hide the very rows to flag; the flag is
        # the current user's (the uid stays theirs) and says nothing else.
        hidden = self.sudo().search([("id", "in", self._origin.ids), ("fazhi_hidden", "=", True)])
        for row in self:
            row.fazhi_hidden = row._origin in hidden

    def _search_fazhi_hidden(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on this flag: %s", operator))
        domain = self._fazhi_hidden_domain()
        return domain if (operator == "=") == value else ["!", *domain]


class MailFollowers(models.Model):
    _name = "mail.followers"
    _inherit = ["mail.followers", "fazhi.mail.hidden.mixin"]

    def _fazhi_hidden_domain(self):
        return hidden_domain(self.env, "res_model", "res_id")


class MailMessage(models.Model):
    _name = "mail.message"
    _inherit = ["mail.message", "fazhi.mail.hidden.mixin"]

    def _fazhi_hidden_domain(self):
        return hidden_domain(self.env, "model", "res_id")


class MailNotification(models.Model):
    _name = "mail.notification"
    _inherit = ["mail.notification", "fazhi.mail.hidden.mixin"]

    def _fazhi_hidden_domain(self):
        # sudo: ids of the messages to hide from the current user, as a
        # sub-query of the caller's own search; nothing is returned to them.
        messages = (
            self.env["mail.message"].sudo()._search(hidden_domain(self.env, "model", "res_id"))
        )
        return [("mail_message_id", "in", messages)]
