"""The role x field x state table of a guarded model, and a walker that tries it.

``walk_guard_table`` derives from the model's declarations
(``_fazhi_field_rules``, ``_fazhi_state_rules``) which direct write each role
may make, field by field and state by state (``expected_refused``), and makes
every one of those writes as that user with ``with_user(...).write`` on a
real record (each in a savepoint rolled back afterwards) and returns the cells
where what happened differs from the table. The expected value is computed
here from the declarations, independently of the mixin's own code, so that a
mistake in either shows.

``check_declarations(model)`` fails on any field or state that nobody
declared: a new field of a fazhi addon, or a new state, must be given a rule.
"""

import datetime

import psycopg2

from odoo import Command, fields
from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import ACTION, EDIT, FazhiWorkflowError
from odoo.exceptions import AccessError, UserError, ValidationError

# Fields of the framework, never declared: who writes them is mail's business.
FRAMEWORK_PREFIXES = ("message_", "activity_", "website_message", "rating_", "access_")


def declared_fields(model):
    """Fields a fazhi addon defines on ``model`` that need a rule: stored or
    writable, not read-only computed or related."""
    result = []
    for fname, field in model._fields.items():
        if fname in models_magic() or fname.startswith(FRAMEWORK_PREFIXES):
            continue
        if not (field._module or "").startswith("fazhi"):
            continue
        if (field.compute or field.related) and field.readonly and not field.inverse:
            continue
        if not field.store and not field.inverse:
            continue
        result.append(fname)
    return result


def models_magic():
    return {"id", "create_uid", "create_date", "write_uid", "write_date", "display_name"}


def check_declarations(model):
    """Return a list of problems: undeclared fields, undeclared states, rules
    naming unknown fields or groups."""
    problems = []
    rules = model._fazhi_field_rules
    for fname in declared_fields(model):
        if fname not in rules:
            problems.append(f"{model._name}.{fname}: no rule in _fazhi_field_rules")
    for fname, rule in rules.items():
        if fname not in model._fields:
            problems.append(f"{model._name}.{fname}: rule for an unknown field")
        for one in rule if isinstance(rule, tuple) else (rule,):
            if one not in (EDIT, ACTION) and not model.env.ref(one, raise_if_not_found=False):
                problems.append(f"{model._name}.{fname}: unknown group {one}")
    sfield = model._fazhi_state_field
    if sfield in model._fields:
        states = [key for key, _label in model._fields[sfield]._description_selection(model.env)]
        for state in states:
            if state not in model._fazhi_state_rules:
                problems.append(f"{model._name}: state {state!r} not in _fazhi_state_rules")
        for state, allowed in model._fazhi_state_rules.items():
            if state not in states:
                problems.append(f"{model._name}: rule for unknown state {state!r}")
            if allowed != EDIT:
                problems.extend(
                    f"{model._name}: state {state!r} allows undeclared field {f}"
                    for f in allowed
                    if f not in rules
                )
        for step, (sources, target, group) in model._fazhi_transitions.items():
            for state in (*sources, target):
                if state not in states:
                    problems.append(f"{model._name}: transition {step} names unknown {state!r}")
            if group and not model.env.ref(group, raise_if_not_found=False):
                problems.append(f"{model._name}: transition {step} names unknown group {group}")
        state_field = model._fields[sfield]
        if state_field.store and not state_field.related and rules.get(sfield) != ACTION:
            problems.append(f"{model._name}.{sfield}: the state must be an ACTION field")
    return problems


def rule_of(model, fname, creating=False):
    rule = model._fazhi_field_rules.get(fname, EDIT)
    if isinstance(rule, tuple):
        return rule[0] if creating else rule[1]
    return rule


def expected_refused(model, fname, state, user):
    """What the declarations say: True if ``user`` may not write ``fname``
    directly on a record of ``model`` in ``state`` (ACLs aside)."""
    rule = rule_of(model, fname)
    if rule == ACTION:
        return True
    if rule != EDIT and not user.has_group(rule):
        return True
    allowed = model._fazhi_state_rules.get(state, EDIT)
    return allowed != EDIT and fname not in allowed


def sample_value(record, fname):
    """A value different from the current one, valid by type; None to skip."""
    field = record._fields[fname]
    current = record[fname]
    env = record.env
    match field.type:
        case "char" | "text" | "html":
            return "guard-table sample"
        case "integer":
            return (current or 0) + 7
        case "float" | "monetary":
            return (current or 0.0) + 7.5
        case "boolean":
            return not current
        case "date":
            return fields.Date.to_string((current or fields.Date.today()) + datetime.timedelta(40))
        case "datetime":
            return fields.Datetime.to_string(
                (current or fields.Datetime.now()) + datetime.timedelta(40)
            )
        case "selection":
            keys = [k for k, _l in field._description_selection(env)]
            others = [k for k in keys if k != current]
            return others[0] if others else None
        case "many2one":
            other = env[field.comodel_name].sudo().search([("id", "!=", current.id)], limit=1)
            return other.id or None
        case "many2many":
            other = env[field.comodel_name].sudo().search([("id", "not in", current.ids)], limit=1)
            return [Command.link(other.id)] if other else None
        case "one2many":
            # Lines are written through their own model, whose declarations
            # are walked on their own.
            return None
        case "many2one_reference":
            return (current or 0) + 1
        case "json":
            return {"guard": 1}
        case "binary":
            return b"Z3VhcmQ="
    return None


def set_state(record, state):
    """Put ``record`` in ``state`` behind the ORM's back (no constraint runs)."""
    sfield = record._fazhi_state_field
    record.env.flush_all()
    record.env.cr.execute(
        f'UPDATE "{record._table}" SET "{sfield}" = %s WHERE id = %s',
        (state, record.id),
    )
    record.env.invalidate_all()


def walk_guard_table(record, users, fnames=None, states=None):
    """Try every cell of the table on ``record``; return the mismatches."""
    model = record.browse()
    env = record.env
    mismatches = []
    sfield = model._fazhi_state_field
    has_state = sfield in model._fields
    states = states or (list(model._fazhi_state_rules) if has_state else [False])
    fnames = fnames or list(model._fazhi_field_rules)
    for state in states:
        if has_state:
            set_state(record, state)
        for user in users:
            as_user = record.with_user(user)
            can_write = as_user.has_access("write")
            for fname in fnames:
                value = sample_value(record.sudo(), fname)
                if value is None:
                    continue
                expected = not can_write or expected_refused(model, fname, state, user)
                outcome = _try(env, lambda: as_user.write({fname: value}))
                if expected and outcome != "refused":
                    mismatches.append(
                        f"{model._name}.{fname} in {state!r} by {user.login}: "
                        f"expected a refusal, got {outcome}"
                    )
                elif not expected and outcome == "refused":
                    mismatches.append(
                        f"{model._name}.{fname} in {state!r} by {user.login}: "
                        "the table allows it, the server refused"
                    )
    if has_state:
        set_state(record, states[0])
    return mismatches


def walk_unlink(record, users):
    """Try ``unlink`` as each user in each state; return the mismatches."""
    model = record.browse()
    mismatches = []
    allowed_states = model._fazhi_unlink_states
    has_state = model._fazhi_state_field in model._fields
    for state in model._fazhi_state_rules if has_state else [False]:
        if has_state:
            set_state(record, state)
        for user in users:
            as_user = record.with_user(user)
            expected = not as_user.has_access("unlink") or (
                bool(allowed_states) and state not in allowed_states
            )
            outcome = _try(record.env, as_user.unlink)
            # No sample value here: a model's own UserError is a refusal too.
            if expected != (outcome in ("refused", "invalid")):
                mismatches.append(
                    f"{model._name} unlink in {state!r} by {user.login}: "
                    f"expected {'a refusal' if expected else 'success'}, got {outcome}"
                )
    return mismatches


def walk_create(model, vals, users):
    """Create with each ACTION field (and every non-initial state) set, as
    each user: every one must be refused. Return the mismatches."""
    mismatches = []
    sfield = model._fazhi_state_field
    action_fields = [
        f
        for f in model._fazhi_field_rules
        if rule_of(model, f, creating=True) == ACTION and f != sfield
    ]
    # Sample values differ from what a plain create stores (computed and
    # default values included): taken from a record created and rolled back.
    samples = {}

    def reference():
        record = model.sudo().create(dict(vals))
        samples.update({f: sample_value(record, f) for f in action_fields})

    _try(model.env, reference)
    for fname in action_fields:
        value = samples.get(fname)
        if value is None:
            continue
        for user in users:
            outcome = _try(
                model.env,
                lambda u=user, f=fname, v=value: model.with_user(u).create({**vals, f: v}),
            )
            if outcome != "refused":
                mismatches.append(f"{model._name} create with {fname} by {user.login}: {outcome}")
            # The same value as a context default (an RPC client sends any
            # context): the record may be created, but without that value.
            outcome = _try(
                model.env,
                lambda u=user, f=fname, v=value: _took_default(model.with_user(u), vals, f, v),
            )
            if outcome == "leaked":
                mismatches.append(
                    f"{model._name} create with default_{fname} in the context by {user.login}: "
                    "the value was stored"
                )
    if sfield in model._fields:
        start = set(model._fazhi_create_states) | {model.default_get([sfield]).get(sfield)}
        for state in model._fazhi_state_rules:
            if state in start:
                continue
            for user in users:
                outcome = _try(
                    model.env,
                    lambda u=user, s=state: model.with_user(u).create({**vals, sfield: s}),
                )
                if outcome != "refused":
                    mismatches.append(
                        f"{model._name} create in state {state!r} by {user.login}: {outcome}"
                    )
    return mismatches


LEAKED = object()


def _took_default(model, vals, fname, value):
    """Create with ``value`` as the context default of ``fname``; LEAKED if
    the new record carries it."""
    record = model.with_context(**{f"default_{fname}": value}).create(dict(vals))
    field = record._fields[fname]
    stored = record.sudo()[fname]
    wanted = field.convert_to_record(field.convert_to_cache(value, record), record)
    if field.type in ("many2many", "one2many"):
        return LEAKED if stored and stored == wanted.sudo() | stored else None
    return LEAKED if stored == wanted else None


def _try(env, func):
    """Run ``func`` in a savepoint that is always rolled back; return
    'refused' (guard or access), 'invalid' (a business rule or the database
    refused the sample value) or 'done'."""
    env.flush_all()
    savepoint = env.cr.savepoint(flush=False)
    try:
        result = func()
        env.flush_all()
        outcome = "leaked" if result is LEAKED else "done"
    except (FazhiWorkflowError, AccessError):
        outcome = "refused"
    except (ValidationError, UserError, ValueError, TypeError, psycopg2.Error):
        outcome = "invalid"
    finally:
        # Whatever was written or is still pending is rolled back: drop it
        # from the cache without flushing (a failed flush would fail again).
        env.clear()
        savepoint.close(rollback=True)
    return outcome
