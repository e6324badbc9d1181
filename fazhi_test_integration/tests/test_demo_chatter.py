"""The demo speaks Chinese in its chatter too: no note on a demo record is written
in English (the "<model> created" notes of records loaded at install, before the
addons' translations are, or notes posted by demo actions in the install's
language)."""

import re

from odoo.tests import TransactionCase, tagged

ENGLISH_WORD = re.compile(r"[A-Za-z]{4,}")


@tagged("post_install", "-at_install")
class TestDemoChatter(TransactionCase):
    def test_no_english_note_on_demo_records(self):
        data = self.env["ir.model.data"].search(
            [("module", "=like", "fazhi_%"), ("model", "=like", "fazhi.%")]
        )
        if not data:
            self.skipTest("database without demo data")
        records = {(row.model, row.res_id) for row in data}
        messages = self.env["mail.message"].search(
            [("model", "in", list({model for model, _id in records})), ("body", "!=", False)]
        )
        english = [
            (message.model, message.res_id, message.body)
            for message in messages
            if (message.model, message.res_id) in records
            and ENGLISH_WORD.search(re.sub(r"<[^>]+>", "", str(message.body)))
        ]
        self.assertFalse(english)
