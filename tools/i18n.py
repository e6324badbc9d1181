"""Refresh every fazhi addon's i18n/<addon>.pot and merge it into i18n/zh_CN.po.

Run with the project's virtual environment against a database where the addons
are installed (`make pot` does both):

    .venv/bin/python tools/i18n.py -c .fazhi/odoo.conf -d fazhi

Existing translations are kept; new terms arrive with an empty msgstr, and the
command lists them so that they can be translated before committing.
"""

import argparse
import io
import os
import re
import sys

import polib

import odoo
from odoo.tools.translate import trans_export

CJK = re.compile("[\u4e00-\u9fff]")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def export_pot(cr, addon):
    buf = io.BytesIO()
    trans_export(None, [addon], buf, "po", cr)
    return polib.pofile(buf.getvalue().decode())


def merge(addon, pot):
    folder = os.path.join(ROOT, addon, "i18n")
    os.makedirs(folder, exist_ok=True)
    pot.save(os.path.join(folder, f"{addon}.pot"))
    po_path = os.path.join(folder, "zh_CN.po")
    if os.path.exists(po_path):
        po = polib.pofile(po_path)
        po.merge(pot)
        # polib keeps obsolete entries commented out; they only add noise
        for entry in [e for e in po if e.obsolete]:
            po.remove(entry)
    else:
        po = polib.POFile()
        po.extend(pot)
    for entry in po:
        # shipped data copied from the Chinese seeds is its own translation
        if not entry.msgstr and CJK.search(entry.msgid):
            entry.msgstr = entry.msgid
    po.metadata = dict(pot.metadata, Language="zh_CN")
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.save(po_path)
    return [e.msgid for e in po if not e.msgstr or "fuzzy" in e.flags]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("addons", nargs="*")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    addons = args.addons or sorted(
        name
        for name in os.listdir(ROOT)
        if name.startswith("fazhi_") and os.path.isfile(os.path.join(ROOT, name, "__manifest__.py"))
    )
    registry = odoo.modules.registry.Registry(args.database)
    missing = {}
    with registry.cursor() as cr:
        for addon in addons:
            missing[addon] = merge(addon, export_pot(cr, addon))
    for addon, msgids in missing.items():
        print(f"{addon}: {len(msgids)} untranslated")
        for msgid in msgids:
            print(f"    {msgid!r}")
    return 1 if any(missing.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
