"""Context defaults are values too (a gap of fazhi.workflow.mixin, worked around here).

``fazhi.workflow.mixin`` checks the values given to ``create``, but the ORM
also fills missing fields from ``default_<field>`` keys of the context, which an
RPC client sends as it likes: ``create({...})`` with ``{"default_state":
"archived"}`` or ``{"default_closed_by_id": 7}`` in its context would set an
action-only field without naming it. ``guard_context_defaults`` turns those
context defaults into explicit values before the mixin's check, so that they
meet the same rules, and refuses a context default state other than the
declared start states.
"""

from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import EDIT, FazhiWorkflowError

_PREFIX = "default_"


def guard_context_defaults(model, vals_list):
    """Copy the context defaults of guarded fields into ``vals_list`` (in
    place) and refuse a context default state that is not a start state.
    Nothing to do on the action path (actions and the superuser)."""
    if not vals_list or model._fazhi_in_action():
        return
    context = model.env.context
    keys = [key for key in context if key.startswith(_PREFIX)]
    if not keys:
        return
    sfield = model._fazhi_state_field
    for key in keys:
        fname = key[len(_PREFIX) :]
        if fname not in model._fields:
            continue
        if fname == sfield:
            value = context[key]
            # The field's own default, without the context's.
            field = model._fields[sfield]
            start = field.default(model) if field.default else False
            allowed = set(model._fazhi_create_states) | {start}
            if value and value not in allowed and any(sfield not in v for v in vals_list):
                raise FazhiWorkflowError(
                    model.env._(
                        "A %(model)s cannot be created %(state)s: it starts as %(start)s.",
                        # sudo: the model's label only, which every user may know
                        model=model.env["ir.model"]._get(model._name).sudo().name,
                        state=model._fazhi_state_name(value),
                        start=model._fazhi_state_name(start),
                    )
                )
            continue
        if model._fazhi_field_rule(fname, creating=True) in (None, EDIT):
            continue
        for vals in vals_list:
            vals.setdefault(fname, context[key])
