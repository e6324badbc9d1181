from odoo import models


class FazhiExcludedFollowersMixin(models.AbstractModel):
    """Opt-in: some users never follow a record (excluded users of a
    follow-up, accused officers of a complaint, handlers of a called-back case).

    Mail subscribes people through several paths (creator, owner, assignee,
    mentions, invitations): ``_message_subscribe`` drops the excluded ones,
    whoever adds them, and ``_fazhi_drop_followers`` removes those who followed
    before they were excluded (callers run it after create and after every
    change of the excluded users).

    Hook: ``_fazhi_excluded_users_field`` names the ``res.users`` field of the
    excluded users; a model whose list has more sources overrides
    ``_fazhi_excluded_partners``. List this mixin before ``mail.thread`` in
    ``_inherit``.
    """

    _name = "fazhi.excluded.followers.mixin"
    _inherit = ["mail.thread"]
    _description = "Record with users who never follow it"

    _fazhi_excluded_users_field = "excluded_user_ids"

    def _fazhi_excluded_partners(self):
        """Partners of the users who must never follow any of the records of ``self``."""
        # sudo: reads who is kept out, to refuse them as followers and
        # recipients; nothing of it is returned to the caller (narrows only).
        return self.sudo()[self._fazhi_excluded_users_field].partner_id

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        """The excluded users never follow, whoever adds them."""
        if not partner_ids or not (
            self._fazhi_excluded_partners() & self.env["res.partner"].browse(partner_ids)
        ):
            return super()._message_subscribe(partner_ids, subtype_ids, customer_ids=customer_ids)
        excluded = {record.id: set(record._fazhi_excluded_partners().ids) for record in self}
        res = True
        for allowed, records in self.grouped(
            lambda r: tuple(pid for pid in partner_ids if pid not in excluded[r.id])
        ).items():
            if allowed:
                res = super(FazhiExcludedFollowersMixin, records)._message_subscribe(
                    list(allowed), subtype_ids, customer_ids=customer_ids
                )
        return res

    def _fazhi_drop_followers(self, users_field=None):
        """Unsubscribe from each record the users listed in its ``users_field``
        (by default the hook field). One search for the whole batch."""
        users_field = users_field or self._fazhi_excluded_users_field
        # sudo: the excluded users may be hidden from the caller; this only
        # removes followers, it never adds or returns anything.
        restricted = self.sudo().filtered(users_field)
        if not restricted:
            return
        followers = (
            self.env["mail.followers"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", restricted.ids),
                    ("partner_id", "in", restricted[users_field].partner_id.ids),
                ]
            )
        )
        banned = {record.id: record[users_field].partner_id for record in restricted}
        followers.filtered(lambda f: f.partner_id in banned[f.res_id]).unlink()
