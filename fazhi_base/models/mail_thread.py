from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _fazhi_drop_followers(self, users_field):
        """Unsubscribe from each record the users listed in its ``users_field``.

        For records some people must never see (excluded users of a follow-up,
        accused officers of a complaint): mail subscribes people through several
        paths (creator, owner, mentions), so callers run this after create and
        after every change of those users. One search for the whole batch.
        """
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
