"""Print the role x operation table of every guarded fazhi model (Markdown).

The table is derived from the models' declarations (``fazhi.workflow.mixin``):
the workflow steps with their source states and role, the fields only actions
set, the fields of one role, and the states that lock the record. It is the
"Role x operation" part of docs/architecture.md:

    .venv/bin/python tools/security_table.py -c .fazhi/odoo.conf -d fazhi
"""

import argparse

import odoo
from odoo import SUPERUSER_ID, api

EDIT = "edit"
ACTION = "action"


def group_label(env, xmlid):
    if not xmlid:
        return "any role with write access"
    return env.ref(xmlid).name


def rule_pair(rule):
    return rule if isinstance(rule, tuple) else (rule, rule)


def model_rows(env, model):
    sfield = model._fazhi_state_field
    labels = (
        dict(model._fields[sfield]._description_selection(env)) if sfield in model._fields else {}
    )
    lines = [f"#### `{model._name}` ({model._description})", ""]
    if model._fazhi_transitions:
        lines += ["| Step | From | To | Role |", "|---|---|---|---|"]
        for step, (sources, target, group) in model._fazhi_transitions.items():
            lines.append(
                f"| {step} | {', '.join(labels.get(s, s) for s in sources)} | "
                f"{labels.get(target, target)} | {group_label(env, group)} |"
            )
        lines.append("")
    action_only, create_only, by_group = [], [], {}
    for fname, rule in model._fazhi_field_rules.items():
        on_create, on_write = rule_pair(rule)
        if on_write == ACTION and on_create == ACTION:
            action_only.append(fname)
        elif on_write == ACTION:
            create_only.append(fname)
        elif on_write != EDIT:
            by_group.setdefault(on_write, []).append(fname)
    if action_only:
        lines.append(f"- set by actions only: `{'`, `'.join(action_only)}`")
    if create_only:
        lines.append(f"- given at creation, then fixed: `{'`, `'.join(create_only)}`")
    for group, fnames in sorted(by_group.items()):
        lines.append(f"- changed by {group_label(env, group)} only: `{'`, `'.join(fnames)}`")
    locked = []
    for state, allowed in model._fazhi_state_rules.items():
        if allowed == EDIT:
            continue
        label = labels.get(state, state)
        locked.append(
            f"{label} ({', '.join(f'`{f}`' for f in allowed)} still)" if allowed else label
        )
    if locked:
        lines.append(f"- locked when {'; '.join(locked)}")
    if model._fazhi_unlink_states:
        states = ", ".join(labels.get(s, s) for s in model._fazhi_unlink_states)
        lines.append(f"- deleted only when {states}")
    return [*lines, ""]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
        mixin = registry["fazhi.workflow.mixin"]
        for name in sorted(registry):
            cls = registry[name]
            if cls._abstract or not issubclass(cls, mixin) or not cls._fazhi_field_rules:
                continue
            print("\n".join(model_rows(env, env[name])))


if __name__ == "__main__":
    main()
