"""The complaint categories are the seeds' own words (seed 000, 投诉举报制度)."""

from odoo.tests import TransactionCase

# Seed 000 (平顶山市卫健委), section （四）, copied verbatim; seed 001 （六） lists the same
# seven wrongs in the same words.
SEED_000 = (
    "受理公民、法人和其他组织认为行政执法机关及其执法人员在行政执法中存在不履行或者拖延履行"
    "法定职责；无行政执法证件从事执法活动或者违法使用行政执法证件；不使用法定收费、罚款、"
    "没收财物票据；不落实罚缴分离规定及擅自挪用或者处理没收扣押财物；拒绝、推诿对行政执法"
    "行为的投诉、举报；刁难、谩骂、殴打行政相对人；收取钱财礼物、吃拿卡要以及其他违法违纪"
    "行为，进行投诉和举报。"
)
PREFIX = "受理公民、法人和其他组织认为行政执法机关及其执法人员在行政执法中存在"


def seed_categories():
    """The eight categories as the seed lists them, in its order."""
    body = SEED_000.removeprefix(PREFIX).removesuffix("，进行投诉和举报。")
    *first, last = body.split("；")
    bribe, other = last.split("以及")
    return [*first, bribe, other]


class TestCategories(TransactionCase):
    def test_every_category_is_the_seed_text(self):
        expected = seed_categories()
        self.assertEqual(len(expected), 8)
        xmlids = [
            "duty",
            "certificate",
            "receipt",
            "fine_separation",
            "shirking",
            "abuse",
            "bribe",
            "other",
        ]
        for lang in ("en_US", "zh_CN"):
            self.env["res.lang"]._activate_lang(lang)
            names = [
                self.env.ref(f"fazhi_complaints.fazhi_complaint_category_{xmlid}")
                .with_context(lang=lang)
                .name
                for xmlid in xmlids
            ]
            self.assertEqual(names, expected, lang)

    def test_misappropriation_is_named(self):
        # 挪用 (misappropriation) was once lost from the shortened text.
        category = self.env.ref("fazhi_complaints.fazhi_complaint_category_fine_separation")
        self.assertIn("挪用", category.name)
