import base64
import re

from odoo.tests import HttpCase, tagged

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
PAGES = (
    ("/complaint/new", 200),
    ("/complaint/status", 200),
    ("/complaint/results", 200),
    ("/complaint/results?page=0", 400),
)


@tagged("post_install", "-at_install")
class TestPublicPagesPolish(HttpCase):
    """The public pages name the authority and its complaint line, carry a title and the
    language of the page, and ask to attach files again only when files were sent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "name": "Test Health Commission",
                "fazhi_complaint_phone": "0375-1234 5678",
                "fazhi_complaint_rate_limit": 100,
            }
        )
        cls.category = cls.env.ref("fazhi_complaints.fazhi_complaint_category_abuse")

    def _get(self, url, status=200, headers=None):
        response = self.url_open(url, headers=headers)
        self.assertEqual(response.status_code, status, url)
        return response.text

    def test_title_lang_and_header_on_every_page(self):
        for url, status in PAGES:
            with self.subTest(url=url):
                html = self._get(url, status)
                title = re.search(r"<title>([^<]*)</title>", html).group(1)
                self.assertIn("Test Health Commission", title)
                self.assertNotEqual(title.strip(), "Odoo")
                self.assertRegex(html, r'<html[^>]* lang="en-US"')
                header = re.search(
                    r'<header class="[^"]*o_fazhi_public_header".*?</header>', html, re.S
                ).group(0)
                self.assertIn("Test Health Commission", header)
                self.assertIn("0375-1234 5678", header)
                self.assertIn('href="tel:0375-12345678"', header)

    def test_no_phone_no_phone_line(self):
        self.company.fazhi_complaint_phone = False
        html = self._get("/complaint/new")
        self.assertIn("o_fazhi_public_authority", html)
        self.assertNotIn("o_fazhi_public_phone", html)

    def test_chinese_page(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "in", ("fazhi_base", "fazhi_complaints"))]
        )._update_translations(["zh_CN"], overwrite=True)
        html = self._get("/complaint/status", headers={"Accept-Language": "zh-CN"})
        self.assertRegex(html, r'<html[^>]* lang="zh-CN"')
        title = re.search(r"<title>([^<]*)</title>", html).group(1)
        self.assertEqual(title, "投诉举报 — Test Health Commission")

    def _refused_submission(self, files):
        token = re.search(r'name="csrf_token" value="([^"]+)"', self._get("/complaint/new")).group(
            1
        )
        # No description: refused, the form comes back with what was typed.
        return self.url_open(
            "/complaint/new",
            data={
                "csrf_token": token,
                "category_id": str(self.category.id),
                "description": "",
                "anonymous": "1",
            },
            files=files,
        )

    def test_reattach_sentence_only_when_files_were_sent(self):
        response = self._refused_submission({})
        self.assertEqual(response.status_code, 400)
        self.assertIn("o_fazhi_complaint_errors", response.text)
        self.assertNotIn("o_fazhi_reattach_notice", response.text)
        self.assertNotIn("attach your files again", response.text)

        response = self._refused_submission([("attachments", ("photo.png", PNG, "image/png"))])
        self.assertEqual(response.status_code, 400)
        self.assertIn("o_fazhi_reattach_notice", response.text)
        self.assertIn("attach your files again", response.text)
