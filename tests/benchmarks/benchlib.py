"""What every benchmark script shares: its command line and a database
environment whose work is rolled back at the end.

    parser = benchlib.parser(__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    with benchlib.rolled_back_env(args, {"tracking_disable": True}) as env:
        ...
"""

import argparse
import statistics
import time
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


def timed(funcs, repeat):
    """Best and median wall times of ``repeat`` runs of each function of
    ``funcs``, after one warm-up each, interleaved (f1, f2, ..., f1, f2, ...) so
    that a busy machine slows a figure and its anchor alike.

    :return: a list of ``(best, median)``, one per function
    """
    for func in funcs:
        func()
    times = [[] for _func in funcs]
    for _run in range(repeat):
        for func, func_times in zip(funcs, times, strict=True):
            start = time.perf_counter()
            func()
            func_times.append(time.perf_counter() - start)
    return [(min(t), statistics.median(t)) for t in times]


def province_units(env, code, suffix="", units=1_000, cities=18):
    """A province's units: the commission, its cities and their districts
    (``units`` in all), coded ``<code>-0``, ``<code>-C<n>``, ``<code>-D<n>``."""
    Unit = env["fazhi.unit"].with_context(tracking_disable=True)
    province = Unit.create({"name": f"省卫生健康委员会{suffix}", "code": f"{code}-0"})
    city_units = Unit.create(
        [
            {
                "name": f"第{index + 1}市卫生健康委{suffix}",
                "code": f"{code}-C{index:02d}",
                "parent_id": province.id,
            }
            for index in range(cities)
        ]
    )
    per_city = (units - 1 - cities) // cities + 1
    Unit.create(
        [
            {
                "name": f"第{index + 1}区县卫生健康局{suffix}",
                "code": f"{code}-D{index:03d}",
                "parent_id": city_units[index // per_city].id,
            }
            for index in range(units - 1 - cities)
        ]
    )
    env.flush_all()
    return Unit.search([("code", "=like", f"{code}-%")])
