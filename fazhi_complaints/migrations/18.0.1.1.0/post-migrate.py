"""18.0.1.1.0: three complaint categories take the seeds' exact words.

The category records are ``noupdate`` (the office may edit them), so a module
update does not rewrite them: the names still equal to the shortened texts
shipped before are replaced; names an office changed are left alone.
"""

RENAMED = {
    "fazhi_complaint_category_certificate": (
        "无行政执法证件执法或违法使用执法证件",
        "无行政执法证件从事执法活动或者违法使用行政执法证件",
    ),
    "fazhi_complaint_category_fine_separation": (
        "不落实罚缴分离或擅自处理没收扣押财物",
        "不落实罚缴分离规定及擅自挪用或者处理没收扣押财物",
    ),
    "fazhi_complaint_category_shirking": (
        "拒绝、推诿投诉举报",
        "拒绝、推诿对行政执法行为的投诉、举报",
    ),
}


def migrate(cr, version):
    if not version:
        return
    from odoo import SUPERUSER_ID, api

    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, (old, new) in RENAMED.items():
        category = env.ref(f"fazhi_complaints.{xmlid}", raise_if_not_found=False)
        if category and category.with_context(lang="zh_CN").name == old:
            # The name is the Chinese source text in every language.
            category.with_context(lang="en_US").name = new
            category.with_context(lang="zh_CN").name = new
