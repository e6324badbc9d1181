"""Every translatable term of every installed fazhi addon has a zh_CN translation."""

import os
import re

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationFileReader, TranslationModuleReader

# Addons that show nothing to users and so carry no translation.
UNTRANSLATED = {"fazhi_test_integration"}

# A "translation" equal to its English source is no translation, except for
# these terms, which Chinese users read as they are.
LOANWORDS = {"XLSX", "PDF", "DOCX", "CSV", "12345", "Email", "URL"}
ENGLISH = re.compile(r"[A-Za-z]{3,}")
MARKUP = re.compile(r"<[^>]*>|%\(\w+\)s|&\w+;")


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """Reads each addon's own i18n/zh_CN.po from where Odoo loads the addon
    (the repository, or site-packages when installed from a wheel)."""

    def _fazhi_addons(self):
        modules = self.env["ir.module.module"].search(
            [
                ("name", "=like", "fazhi\\_%"),
                ("name", "not in", list(UNTRANSLATED)),
                ("state", "=", "installed"),
            ]
        )
        self.assertTrue(modules, "no fazhi addon is installed")
        return modules.mapped("name")

    def _effective_translations(self, addon):
        """``{source: translation}`` as Odoo loads them: the .po read through
        its .pot, so a term missing from the .pot counts as untranslated."""
        po_path = os.path.join(get_module_path(addon), "i18n", "zh_CN.po")
        self.assertTrue(os.path.isfile(po_path), f"{addon} has no i18n/zh_CN.po")
        with open(po_path, "rb") as fileobj:
            rows = list(TranslationFileReader(fileobj, fileformat="po"))
        return {row["src"]: row["value"] for row in rows if row.get("value")}

    def test_every_term_has_a_chinese_translation(self):
        for addon in self._fazhi_addons():
            translations = self._effective_translations(addon)
            reader = TranslationModuleReader(self.env.cr, modules=[addon])
            sources = {
                src
                for module, _type, _name, _res_id, src, _value, _comments in reader
                if module == addon
            }
            missing = sorted(src for src in sources if src not in translations)
            if missing:
                self.fail(
                    f"{addon}: {len(missing)} terms without a zh_CN translation "
                    f"(run `make pot` and translate them): {missing[:20]}"
                )
            copied = sorted(
                src
                for src in sources
                if translations.get(src) == src
                and ENGLISH.search(MARKUP.sub("", src))
                and MARKUP.sub("", src).strip() not in LOANWORDS
            )
            if copied:
                self.fail(
                    f"{addon}: {len(copied)} terms whose zh_CN translation is the English "
                    f"source: {copied[:20]}"
                )

    def test_chinese_is_served_to_chinese_users(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "in", self._fazhi_addons())]
        )._update_translations(["zh_CN"], overwrite=True)
        menu = self.env.ref("fazhi_base.fazhi_menu_root").with_context(lang="zh_CN")
        self.assertEqual(menu.name, "法治政府建设")
        category = self.env.ref("fazhi_base.module_category_fazhi").with_context(lang="zh_CN")
        self.assertEqual(category.name, "法治政府建设")
