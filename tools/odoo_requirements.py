"""Print Odoo's requirements.txt rewritten for the running Python.

Odoo 18 pins old releases for Python < 3.12 that no longer build from source on
a current toolchain; the pins it gives for Python >= 3.12 install as wheels on
3.11 too. For every package we keep the line meant for Python 3.12 and drop
the markers. Packages that need system libraries and are not used by fazhi
(python-ldap) are skipped.

reportlab 4.1 (the 3.12 pin) draws barcodes and QR codes with the separate
package rl-renderPM, which Odoo lists for Windows only (Debian's reportlab
bundles it): it is kept here for every platform, or /report/barcode fails.
"""

import re
import sys

try:
    from packaging.markers import Marker
except ImportError:  # a bare venv: pip vendors packaging
    from pip._vendor.packaging.markers import Marker

SKIP = {"python-ldap", "pypiwin32"}
TARGET = {"python_version": "3.12", "python_full_version": "3.12.0", "sys_platform": "linux"}
# Packages whose marker names a platform that our target does not have.
ANY_PLATFORM = {"rl-renderpm"}


def main(path):
    seen = set()
    for raw in open(path, encoding="utf-8"):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        spec, _, marker = line.partition(";")
        spec = spec.strip()
        name = re.split(r"[<>=!~ \[]", spec, maxsplit=1)[0].lower()
        if name in SKIP or name in seen:
            continue
        target = dict(TARGET, sys_platform="win32") if name in ANY_PLATFORM else TARGET
        if marker.strip() and not Marker(marker.strip()).evaluate(target):
            continue
        seen.add(name)
        if name == "psycopg2":
            # the binary wheel provides the same module without a compiler
            spec = spec.replace("psycopg2", "psycopg2-binary", 1)
        print(spec)


if __name__ == "__main__":
    main(sys.argv[1])
