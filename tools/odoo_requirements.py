"""Print Odoo's requirements.txt rewritten for the running Python.

Odoo 18 pins old releases for Python < 3.12 that no longer build from source on
a current toolchain; the pins it gives for Python >= 3.12 install as wheels on
3.11 too. For every package we keep the line meant for Python 3.12 and drop
the markers. Packages that need system libraries and are not used by fazhi
(python-ldap) are skipped.
"""

import re
import sys

try:
    from packaging.markers import Marker
except ImportError:  # a bare venv: pip vendors packaging
    from pip._vendor.packaging.markers import Marker

SKIP = {"python-ldap", "pypiwin32", "rl-renderpm"}
TARGET = {"python_version": "3.12", "python_full_version": "3.12.0", "sys_platform": "linux"}


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
        if marker.strip() and not Marker(marker.strip()).evaluate(TARGET):
            continue
        seen.add(name)
        if name == "psycopg2":
            # the binary wheel provides the same module without a compiler
            spec = spec.replace("psycopg2", "psycopg2-binary", 1)
        print(spec)


if __name__ == "__main__":
    main(sys.argv[1])
