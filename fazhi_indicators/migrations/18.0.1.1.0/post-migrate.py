"""Live values and deadlines of the seed-004 checklist (18.0.1.1.0).

The shipped checklist is ``noupdate`` data: a database installed before this
version keeps its indicators as they were. This links the indicators that
have a measurable target to the figure measuring them, copies the 完成时限 of
the indicators whose text sets one, and the table-wide 完成时限 of the
framework, from the same tables that generate the data file
(``tools/gen_checklist_data.py``), and only where the field is still empty:
what an administrator set since is kept.
"""

import importlib.util
import os

from odoo import SUPERUSER_ID, api

GENERATOR = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(__file__))), "tools", "gen_checklist_data.py"
)
FRAMEWORK = "fazhi_indicators.fazhi_indicator_framework_qp2023"
FRAMEWORK_DEADLINE = "2月27日前"


def load_generator():
    spec = importlib.util.spec_from_file_location("fazhi_gen_checklist_data", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    gen = load_generator()

    def indicator(code):
        return env.ref(f"fazhi_indicators.{gen.xml_id(code)}", raise_if_not_found=False)

    for code, (figure, operator, value) in gen.FIGURES.items():
        record = indicator(code)
        if record and not record.figure_key:
            vals = {"figure_key": figure, "target_operator": operator or False}
            if operator:
                vals["target_value"] = value
                vals["target_uom"] = "%" if figure.endswith("_rate") else False
            record.write(vals)
    for code, text in gen.DEADLINES.items():
        record = indicator(code)
        if record and not record.deadline_text:
            record.deadline_text = text
    framework = env.ref(FRAMEWORK, raise_if_not_found=False)
    if framework and not framework.deadline_text:
        framework.deadline_text = FRAMEWORK_DEADLINE
