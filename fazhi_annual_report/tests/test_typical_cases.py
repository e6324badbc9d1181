import re

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTypicalCasesPage(HttpCase):
    """/typical-cases lists the typical cases the office published: summary, field,
    decision date, unit; never the counterpart, the handlers or the amounts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.office = new_test_user(
            cls.env, login="typ_office", groups="fazhi_base.group_fazhi_office"
        )
        cls.staff = new_test_user(
            cls.env, login="typ_staff", name="典型经办甲", groups="fazhi_base.group_fazhi_staff"
        )
        cls.staff2 = new_test_user(
            cls.env, login="typ_staff2", name="典型经办乙", groups="fazhi_base.group_fazhi_staff"
        )
        cls.unit = cls.env["fazhi.unit"].create(
            {
                "name": "典型测试监督所",
                "code": "T-TYP-A",
                "member_ids": [Command.set((cls.staff | cls.staff2).ids)],
            }
        )
        cls.partner = cls.env["res.partner"].create(
            {
                "name": "典型测试对象宾馆",
                "is_fazhi_counterpart": True,
                "fazhi_counterpart_type": "public_place",
            }
        )
        cls.field = cls.env["fazhi.professional.field"].search([], limit=1)
        Case = cls.env["fazhi.enforcement.case"]
        vals = {
            "case_type": "penalty",
            "unit_id": cls.unit.id,
            "partner_id": cls.partner.id,
            "handler_ids": [Command.set((cls.staff | cls.staff2).ids)],
            "closing_date": "2026-05-02",
            "decision_date": "2026-04-28",
            "fine_amount": 98765,
            "professional_field_id": cls.field.id,
        }
        cls.published = Case.create(
            {**vals, "number": "典型-1", "is_typical": True, "typical_summary": "公开的案例摘要甲"}
        )
        cls.published.with_user(cls.office).action_publish_typical()
        cls.flagged = Case.create(
            {**vals, "number": "典型-2", "is_typical": True, "typical_summary": "未发布摘要乙"}
        )
        cls.plain = Case.create({**vals, "number": "典型-3", "typical_summary": "非典型摘要丙"})

    def test_published_listed_only(self):
        self.assertTrue(self.published.typical_published_date)
        response = self.url_open("/typical-cases")
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertIn("公开的案例摘要甲", html)
        self.assertIn("典型测试监督所", html)
        self.assertIn(self.field.name, html)
        self.assertNotIn("未发布摘要乙", html)
        self.assertNotIn("非典型摘要丙", html)
        # Unpublished by the office: off the page.
        self.published.with_user(self.office).action_unpublish_typical()
        self.assertNotIn("公开的案例摘要甲", self.url_open("/typical-cases").text)

    def test_no_identity_nor_amount(self):
        html = self.url_open("/typical-cases").text
        for secret in ("典型测试对象宾馆", "典型经办甲", "典型经办乙", "典型-1", "98765", "98,765"):
            self.assertNotIn(secret, html)

    def test_linked_from_the_public_pages(self):
        for url in ("/complaint/results", "/annual-reports", "/typical-cases"):
            self.assertIn('href="/typical-cases"', self.url_open(url).text, url)

    def test_bad_page(self):
        self.assertEqual(self.url_open("/typical-cases?page=0").status_code, 400)
        self.assertEqual(self.url_open("/typical-cases?page=2").status_code, 200)

    def test_chinese_title_and_lang(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "in", ("fazhi_base", "fazhi_complaints", "fazhi_annual_report"))]
        )._update_translations(["zh_CN"], overwrite=True)
        html = self.url_open("/typical-cases", headers={"Accept-Language": "zh-CN"}).text
        self.assertRegex(html, r'<html[^>]* lang="zh-CN"')
        title = re.search(r"<title>([^<]*)</title>", html).group(1)
        self.assertIn(self.env.company.name, title)
        self.assertNotEqual(title.strip(), "Odoo")
        self.assertIn("公开的案例摘要甲", html)
