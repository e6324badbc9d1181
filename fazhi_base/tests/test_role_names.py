"""Roles are named by their function, not after one city's section."""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestRoleNames(TransactionCase):
    def test_office_is_named_by_function(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", "fazhi_base")])._update_translations(
            ["zh_CN"], overwrite=True
        )
        office = self.env.ref("fazhi_base.group_fazhi_office").with_context(lang="zh_CN")
        self.assertEqual(office.name, "法治工作机构")
        # Nor do the messages that name the role.
        message = (
            self.env["fazhi.followup"]
            .with_context(lang="zh_CN")
            .env._("Only the supervision office can verify a follow-up.")
        )
        self.assertNotIn("综合监督与法规科", message)
        self.assertIn("法治工作机构", message)
