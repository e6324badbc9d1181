"""Who a complaint's chatter names as the author of what the public did.

A complaint filed on the public page is created as the public user: without
care, its chatter says "Public user" created it (and changed its fields). The
author is the commission, whose partner discloses nothing of the complainant.
"""

import re

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestPublicAuthor(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.fazhi_complaint_rate_limit = 100
        cls.category = cls.env.ref("fazhi_complaints.fazhi_complaint_category_abuse")

    def _file(self, **extra):
        page = self.url_open("/complaint/new")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        data = {
            "csrf_token": token,
            "category_id": str(self.category.id),
            "description": "执法人员态度粗暴。",
            **extra,
        }
        response = self.url_open(
            "/complaint/new",
            data=data,
            files=[("attachments", ("note.txt", b"plain text", "text/plain"))],
        )
        self.assertEqual(response.status_code, 200, response.text[:2000])
        reference = re.search(r'o_fazhi_complaint_reference">([^<]+)<', response.text).group(1)
        return self.env["fazhi.complaint"].search([("reference", "=", reference)])

    def _assert_commission_authored(self, complaint, secrets=()):
        public = self.env.ref("base.public_user").partner_id
        messages = complaint.message_ids
        self.assertTrue(messages, "the filing is noted in the chatter")
        self.assertFalse(messages.filtered(lambda m: m.author_id == public))
        self.assertEqual(messages.author_id, complaint.company_id.partner_id)
        # One note says how it was filed (the creation note); the others are tracking.
        note = messages.filtered(lambda m: not m.tracking_value_ids)
        self.assertEqual(len(note), 1, messages.mapped("body"))
        self.assertTrue(note.body)
        for secret in secrets:
            for message in messages:
                self.assertNotIn(secret, str(message.body))
                self.assertNotIn(secret, message.author_id.name or "")

    def test_named_complaint(self):
        complaint = self._file(name="李四", phone="13600000000")
        self.assertEqual(complaint.complainant_name, "李四")
        self._assert_commission_authored(complaint, secrets=("李四", "13600000000"))

    def test_anonymous_complaint(self):
        complaint = self._file(anonymous="on")
        self.assertTrue(complaint.is_anonymous)
        self._assert_commission_authored(complaint)

    def test_desk_registration_keeps_its_author(self):
        """Other channels are registered by a person, who stays the author."""
        desk = self.env["res.users"].create(
            {
                "name": "作者测试受理员",
                "login": "author_desk",
                "groups_id": [(4, self.env.ref("fazhi_complaints.group_fazhi_complaint_desk").id)],
            }
        )
        complaint = (
            self.env["fazhi.complaint"]
            .with_user(desk)
            .create(
                {
                    "channel": "phone",
                    "category_id": self.category.id,
                    "description": "电话反映。",
                    "complainant_name": "王五",
                    "complainant_phone": "13700000000",
                }
            )
        )
        self.assertEqual(complaint.sudo().message_ids.author_id, desk.partner_id)
