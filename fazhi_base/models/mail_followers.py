"""Followers and notifications of confidential fazhi records.

Odoo lets every internal user read every ``mail.followers`` row and every
``mail.notification`` row: harmless for most documents, not for a complaint
or an accountability follow-up that the reader is the subject of, since the
rows tell that the record exists, who follows it and which messages it got.
For the models that declare ``_fazhi_confidential = True`` these rows are
visible only to users who may read the record itself. Rows of every other
model are untouched (the added condition is ``res_model != <fazhi model>``
for them).
"""

from collections import defaultdict

from odoo import api, models
from odoo.osv import expression


def confidential_models(env):
    """Names of the installed models that declare ``_fazhi_confidential``."""
    return sorted(
        name for name, model in env.registry.items() if getattr(model, "_fazhi_confidential", False)
    )


def unreadable_documents(env, documents):
    """The ``(model, res_id)`` of ``documents`` on confidential models that
    the user of ``env`` may not read."""
    names = set(confidential_models(env))
    by_model = defaultdict(set)
    for model, res_id in documents:
        if model in names and res_id:
            by_model[model].add(res_id)
    hidden = set()
    for model, ids in by_model.items():
        readable = env[model].browse(ids)._filtered_access("read")
        hidden |= {(model, res_id) for res_id in ids - set(readable.ids)}
    return hidden


class MailFollowers(models.Model):
    _inherit = "mail.followers"

    @api.model
    def _fazhi_visible_domain(self, model_field="res_model", id_field="res_id"):
        domains = []
        for name in confidential_models(self.env):
            # The subquery applies the reader's record rules on the document.
            readable = self.env[name]._search([])
            domains.append(["|", (model_field, "!=", name), (id_field, "in", readable)])
        return expression.AND(domains) if domains else []

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su:
            domain = expression.AND([domain, self._fazhi_visible_domain()])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if result or self.env.su or not self._ids:
            return result
        # Reading rows by id (read, web_read) does not go through _search.
        # The rows' documents are read as superuser only to know which they
        # are; the reader's own access to those documents decides.
        rows = self.sudo()
        hidden = unreadable_documents(self.env, {(r.res_model, r.res_id) for r in rows})
        forbidden = self.browse(r.id for r in rows if (r.res_model, r.res_id) in hidden)
        if forbidden:
            return forbidden, lambda: self.env["ir.rule"]._make_access_error(operation, forbidden)
        return None


class MailNotification(models.Model):
    _inherit = "mail.notification"

    @api.model
    def _fazhi_visible_domain(self):
        domain = self.env["mail.followers"]._fazhi_visible_domain("model", "res_id")
        return [("mail_message_id", "any", domain)] if domain else []

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su:
            domain = expression.AND([domain, self._fazhi_visible_domain()])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if result or self.env.su or not self._ids:
            return result
        # As for followers: superuser only to learn each row's document.
        rows = self.sudo()
        documents = {r.id: (r.mail_message_id.model, r.mail_message_id.res_id) for r in rows}
        hidden = unreadable_documents(self.env, set(documents.values()))
        forbidden = self.browse(rid for rid, doc in documents.items() if doc in hidden)
        if forbidden:
            return forbidden, lambda: self.env["ir.rule"]._make_access_error(operation, forbidden)
        return None
