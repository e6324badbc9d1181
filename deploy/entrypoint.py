#!/usr/bin/env python3
"""Entrypoint of the fazhi Odoo container (deploy/Dockerfile).

Writes Odoo's configuration file ($ODOO_RC) from the template deploy/odoo.conf, replacing
each placeholder ``@NAME@`` by the Docker secret ``/run/secrets/name`` (lower case), then
hands over to the official image's ``/entrypoint.sh``, which waits for PostgreSQL and starts
Odoo with the given arguments. The passwords stay out of the image, the repository, the
environment and the command line; the written file is readable by the odoo user only.
"""

import os
import re
import sys

TEMPLATE = "/etc/odoo/fazhi-odoo.conf.in"
SECRETS_DIR = "/run/secrets"
OFFICIAL_ENTRYPOINT = "/entrypoint.sh"
PLACEHOLDER = re.compile(r"@([A-Z][A-Z0-9_]*)@")


class SecretError(Exception):
    """A secret the configuration needs is missing or unusable."""


def read_secret(name, secrets_dir=SECRETS_DIR):
    path = os.path.join(secrets_dir, name)
    try:
        with open(path, encoding="utf-8") as fh:
            value = fh.read()
    except OSError as err:
        raise SecretError(f"the secret {name} cannot be read ({path}: {err.strerror})") from None
    value = value.rstrip("\r\n")
    if not value:
        raise SecretError(f"the secret {name} is empty ({path})")
    if "\n" in value or "\r" in value or value != value.strip():
        # odoo.conf holds one value per line and strips the blanks around it
        raise SecretError(f"the secret {name} must be one line without surrounding blanks")
    return value


def placeholders(template):
    """The secret names the template asks for."""
    return sorted({match.lower() for match in PLACEHOLDER.findall(template)})


def render(template, secrets_dir=SECRETS_DIR):
    return PLACEHOLDER.sub(lambda match: read_secret(match[1].lower(), secrets_dir), template)


def write_private(path, text):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(path, 0o600)


def main(argv):
    with open(TEMPLATE, encoding="utf-8") as fh:
        template = fh.read()
    try:
        text = render(template)
    except SecretError as err:
        print(f"fazhi-entrypoint: {err}", file=sys.stderr)
        return 1
    write_private(os.environ.get("ODOO_RC", "/etc/odoo/odoo.conf"), text)
    os.execv(OFFICIAL_ENTRYPOINT, [OFFICIAL_ENTRYPOINT, *argv])  # noqa: S606 (fixed path)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
