"""The public form says exactly who sees the complainant's identity."""

from unittest.mock import patch

from odoo.addons.fazhi_complaints.controllers.main import FazhiComplaintController
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestIdentityNotice(HttpCase):
    def _notice(self, lang):
        self.env["res.lang"]._activate_lang(lang)
        return FazhiComplaintController._identity_notice(self.env(context={"lang": lang}))

    def test_names_the_roles_that_hold_the_identity_fields(self):
        field = self.env["fazhi.complaint"]._fields["complainant_name"]
        groups = [self.env.ref(xmlid) for xmlid in field.groups.split(",")]
        self.assertEqual(
            {g.get_external_id()[g.id] for g in groups},
            {"fazhi_complaints.group_fazhi_complaint_desk", "fazhi_base.group_fazhi_office"},
        )
        notice = self._notice("en_US")
        for group in groups:
            self.assertIn(group.with_context(lang="en_US").name, notice)
        self.env["ir.module.module"].search(
            [("name", "in", ("fazhi_base", "fazhi_complaints"))]
        )._update_translations(["zh_CN"], overwrite=True)
        notice = self._notice("zh_CN")
        self.assertIn("法治工作机构", notice)
        self.assertIn("投诉受理", notice)
        self.assertTrue(notice.startswith("您的身份信息"), notice)

    def test_follows_the_roles_when_they_change(self):
        field = self.env["fazhi.complaint"]._fields["complainant_name"]
        self.env.ref("fazhi_complaints.group_fazhi_complaint_desk").name = "Reception"
        self.assertIn("Reception", self._notice("en_US"))
        with patch.object(field, "groups", "fazhi_base.group_fazhi_office"):
            notice = self._notice("en_US")
        self.assertNotIn("Reception", notice)
        self.assertIn(self.env.ref("fazhi_base.group_fazhi_office").name, notice)

    def test_the_page_shows_it(self):
        response = self.url_open("/complaint/new")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_fazhi_identity_notice", response.text)
        office = self.env.ref("fazhi_base.group_fazhi_office")
        lang = self.env.ref("base.public_user").lang or "en_US"
        self.assertIn(office.with_context(lang=lang).name, response.text)
