"""What every benchmark script shares: its command line and a database
environment whose work is rolled back at the end.

    parser = benchlib.parser(__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    with benchlib.rolled_back_env(args, {"tracking_disable": True}) as env:
        ...
"""

import argparse
from contextlib import contextmanager

import odoo
from odoo import SUPERUSER_ID, api


def parser(doc):
    """An argument parser with the -c/--config and -d/--database options."""
    result = argparse.ArgumentParser(description=doc.splitlines()[0])
    result.add_argument("-c", "--config", required=True)
    result.add_argument("-d", "--database", required=True)
    return result


@contextmanager
def rolled_back_env(args, context=None, log_level="warn"):
    """A superuser environment on ``args.database``; everything is rolled back."""
    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, f"--log-level={log_level}"]
    )
    registry = odoo.modules.registry.Registry(args.database)
    cr = registry.cursor()
    try:
        yield api.Environment(cr, SUPERUSER_ID, context or {})
    finally:
        cr.rollback()
        cr.close()


def line(label, best, median, anchor_label=None, anchor=None, goal=None):
    """Print one figure, its anchor measured in the same run, and their ratio."""
    text = f"  {label:<52} best {best:7.3f} s  median {median:7.3f} s"
    if anchor:
        text += f" | anchor {anchor_label}: {anchor:.3f} s | ratio {best / anchor:5.2f}"
        if goal:
            text += f" (goal <= {goal})"
    print(text)
