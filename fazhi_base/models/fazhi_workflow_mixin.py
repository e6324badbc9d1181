"""Guarded workflows: the server, not the form, decides what a write may change.

Every fazhi model with a workflow inherits ``fazhi.workflow.mixin`` and
declares, once, in class attributes:

``_fazhi_field_rules``
    ``{field name: rule}`` for every field the model (or a fazhi addon)
    defines, except read-only computed and related fields, which nobody
    writes. A rule is

    * ``EDIT``: an ordinary field, written by whoever the ACLs and record
      rules let write the record, in the states that allow it;
    * ``ACTION``: set only by the model's actions (workflow buttons, crons):
      ``write`` and ``create`` refuse it for every caller;
    * a group's XML id (``"fazhi_base.group_fazhi_office"``): an ordinary
      field that only members of that group may write;
    * a pair ``(rule on create, rule on write)``, e.g. ``CREATE_ONLY``
      (``(EDIT, ACTION)``: given when the record is created, then fixed) or
      ``(EDIT, "fazhi_base.group_fazhi_office")`` (any creator sets it, only
      the office changes it).

``_fazhi_state_rules``
    ``{state: EDIT | (field, ...)}`` for every value of the state field:
    ``EDIT`` lets every ordinary field change in that state, a tuple only
    those fields (an empty tuple locks the record).

``_fazhi_transitions``
    ``{step: (source states, target state, group XML id or None)}``: what
    ``_fazhi_move(step)`` allows. Actions check their business conditions,
    then call ``_fazhi_move``, which checks the source state and the group and
    writes the target state with the action's values.

``_fazhi_create_states`` / ``_fazhi_unlink_states``
    States a record may be created in by an ordinary ``create`` (empty: the
    field's default only) and states in which it may be deleted (empty:
    any state the ACLs allow).

What lets an action through is not a context key (an RPC client sends any
context) but a flag in a :class:`contextvars.ContextVar`, set only by the
private ``_fazhi_action_write`` / ``_fazhi_move`` / ``_fazhi_action_create``
(methods starting with ``_`` cannot be called over RPC). The superuser
environment (crons run as their user, but data files, ``odoo shell`` and
migration scripts run as superuser) is the documented administrator path for
historical records: no RPC call ever runs with ``env.su``.

A ``create`` override that adds action-only values itself (a reference from a
sequence) wraps them in ``_fazhi_create_guard(vals_list)``, which checks the
caller's values before the override adds its own.

Refusals raise :class:`FazhiWorkflowError` (a ``UserError``: wrong step or
locked state) or ``AccessError`` (a field or step of another role).
"""

import contextvars
from contextlib import contextmanager

from odoo import api, models
from odoo.exceptions import AccessError, UserError

EDIT = "edit"
ACTION = "action"
CREATE_ONLY = (EDIT, ACTION)

# Depth of the guarded action being run in this thread (0: none).
_ACTION_DEPTH = contextvars.ContextVar("fazhi_workflow_action_depth", default=0)


class FazhiWorkflowError(UserError):
    """A write, create or unlink refused by a model's workflow declarations."""


def _is_empty(value):
    """True for values that set nothing: False, 0, "", [], or x2many commands
    that only clear or set an empty list."""
    if not value:
        return True
    if isinstance(value, list | tuple) and all(
        isinstance(cmd, list | tuple)
        and cmd
        and (cmd[0] == 5 or (cmd[0] == 6 and not (cmd[2] if len(cmd) > 2 else None)))
        for cmd in value
    ):
        return True
    return False


class FazhiWorkflowMixin(models.AbstractModel):
    _name = "fazhi.workflow.mixin"
    _description = "Guarded workflow"

    _fazhi_state_field = "state"
    _fazhi_field_rules = {}
    _fazhi_state_rules = {}
    _fazhi_transitions = {}
    _fazhi_create_states = ()
    _fazhi_unlink_states = ()

    # ------------------------------------------------------------------
    # Declarations, read
    # ------------------------------------------------------------------
    @api.model
    def _fazhi_field_rule(self, fname, creating=False):
        """The rule of ``fname`` on write (or on create): EDIT, ACTION, a group
        XML id, or None for fields the declarations do not guard (the
        framework's: chatter, activities, magic fields)."""
        rule = self._fazhi_field_rules.get(fname)
        if isinstance(rule, tuple):
            return rule[0] if creating else rule[1]
        if rule is not None:
            return rule
        field = self._fields.get(fname)
        if field is None:
            return None
        if (field.compute or field.related) and field.readonly and not field.inverse:
            # A computed value is the server's, whoever asks.
            return ACTION if field._module and field._module.startswith("fazhi") else None
        return None

    @api.model
    def _fazhi_state_name(self, state):
        field = self._fields[self._fazhi_state_field]
        return dict(field._description_selection(self.env)).get(state, state or "")

    @api.model
    def _fazhi_model_label(self):
        # sudo: the model's name only, which every user may know
        return self.env["ir.model"]._get(self._name).sudo().name

    @api.model
    def _fazhi_field_label(self, fname):
        field = self._fields.get(fname)
        return field._description_string(self.env) if field else fname

    def _fazhi_guarded(self):
        """The records of ``self`` the declarations apply to (all by default;
        an ``_inherit`` of a core model narrows it to fazhi's own records)."""
        return self

    # ------------------------------------------------------------------
    # The action path
    # ------------------------------------------------------------------
    @api.model
    def _fazhi_in_action(self):
        """True inside an action (the flag) or in the superuser environment."""
        return self.env.su or _ACTION_DEPTH.get() > 0

    @contextmanager
    def _fazhi_action_scope(self):
        token = _ACTION_DEPTH.set(_ACTION_DEPTH.get() + 1)
        try:
            yield
        finally:
            _ACTION_DEPTH.reset(token)

    def _fazhi_action_write(self, vals):
        """Write fields that only actions may change (ACLs and rules still apply)."""
        with self._fazhi_action_scope():
            return self.write(vals)

    @api.model
    def _fazhi_action_create(self, vals_list):
        """Create records with action-only values (ACLs and rules still apply)."""
        with self._fazhi_action_scope():
            return self.create(vals_list)

    @contextmanager
    def _fazhi_create_guard(self, vals_list):
        """For ``create`` overrides that fill action-only values themselves
        (a reference from a sequence, a computed start): check the caller's
        values first, then let the override's own values through::

            @api.model_create_multi
            def create(self, vals_list):
                with self._fazhi_create_guard(vals_list):
                    for vals in vals_list:
                        vals["reference"] = ...
                    records = super().create(vals_list)
                ...
        """
        if not self._fazhi_in_action():
            self._fazhi_check_create(vals_list)
        with self._fazhi_action_scope():
            yield

    def _fazhi_check_state(self, allowed):
        """Raise unless every record is in one of the ``allowed`` states."""
        sfield = self._fazhi_state_field
        wrong = self.filtered(lambda r: r[sfield] not in allowed)
        if wrong:
            raise FazhiWorkflowError(
                self.env._(
                    "%(record)s is %(state)s; this step needs a record that is %(allowed)s.",
                    record=", ".join(wrong.mapped("display_name")),
                    state=self._fazhi_state_name(wrong[0][sfield]),
                    allowed=self.env._(" or ").join(self._fazhi_state_name(s) for s in allowed),
                )
            )

    def _fazhi_check_group(self, group):
        if group and not self.env.su and not self.env.user.has_group(group):
            raise AccessError(
                self.env._(
                    "This step belongs to the %(group)s role.",
                    group=self.env.ref(group).sudo().name,
                )
            )

    def _fazhi_move(self, step, vals=None):
        """Run the declared transition ``step``: check group and source
        states, then write the target state and ``vals`` on the action path."""
        sources, target, group = self._fazhi_transitions[step]
        self._fazhi_check_group(group)
        self._fazhi_check_state(sources)
        return self._fazhi_action_write({self._fazhi_state_field: target, **(vals or {})})

    # ------------------------------------------------------------------
    # The guard
    # ------------------------------------------------------------------
    def _fazhi_refusal(self, fname, state, user):
        """Why ``user`` may not write ``fname`` directly on a record in
        ``state``: 'action', 'group', 'state', or None when allowed."""
        rule = self._fazhi_field_rule(fname)
        if rule is None:
            return None
        if rule == ACTION:
            return "action"
        if rule != EDIT and not user.has_group(rule):
            return "group"
        allowed = self._fazhi_state_rules.get(state, EDIT) if state else EDIT
        if allowed != EDIT and fname not in allowed:
            return "state"
        return None

    def _fazhi_check_write(self, vals):
        rules = self._fazhi_field_rules
        if not any(fname in rules or self._fazhi_field_rule(fname) for fname in vals):
            return
        records = self._fazhi_guarded()
        if not records:
            return
        user = self.env.user
        sfield = self._fazhi_state_field
        # The states are read as superuser so that the guard never fails on
        # a field the caller may not read; before a refusal names anything,
        # the caller's own write access is checked (AccessError first).
        states = set(records.sudo().mapped(sfield)) if sfield in self._fields else {False}
        for state in states:
            refused = {}
            for fname in vals:
                reason = self._fazhi_refusal(fname, state, user)
                if reason and not records._fazhi_unchanged(fname, vals[fname]):
                    refused.setdefault(reason, []).append(fname)
            if refused:
                records.check_access("write")
                self._fazhi_raise(refused, state)

    def _fazhi_unchanged(self, fname, value):
        """True if writing ``value`` changes nothing on any record (a form or
        client that sends back the value it read is no threat)."""
        field = self._fields.get(fname)
        if field is None or field.type in ("one2many", "many2many"):
            return False
        try:
            for record in self.sudo():
                new = field.convert_to_record(field.convert_to_cache(value, record), record)
                if new != record[fname]:
                    return False
        except (ValueError, TypeError):
            return False
        return True

    def _fazhi_raise(self, refused, state):
        labels = {
            reason: ", ".join(self._fazhi_field_label(f) for f in fnames)
            for reason, fnames in refused.items()
        }
        model = self._fazhi_model_label()
        if "action" in labels:
            raise FazhiWorkflowError(
                self.env._(
                    "%(fields)s of a %(model)s change only through its buttons (workflow actions).",
                    fields=labels["action"],
                    model=model,
                )
            )
        if "group" in labels:
            raise AccessError(
                self.env._(
                    "You are not allowed to change %(fields)s of a %(model)s.",
                    fields=labels["group"],
                    model=model,
                )
            )
        raise FazhiWorkflowError(
            self.env._(
                "A %(model)s that is %(state)s can no longer be changed (%(fields)s).",
                model=model,
                state=self._fazhi_state_name(state),
                fields=labels["state"],
            )
        )

    @api.model
    def _fazhi_check_create(self, vals_list):
        user = self.env.user
        sfield = self._fazhi_state_field
        has_state = sfield in self._fields
        default_state = self.default_get([sfield]).get(sfield) if has_state else False
        create_states = set(self._fazhi_create_states) | {default_state}
        # A client's ``default_<field>`` context keys are values it sends:
        # refused like values (default_get drops them, so nothing would be
        # stored, but the caller deserves to know).
        context_defaults = {
            key[8:]: value
            for key, value in self.env.context.items()
            if key.startswith("default_") and key[8:] in self._fields
        }
        if context_defaults:
            vals_list = [{**context_defaults, **vals} for vals in vals_list]
        for vals in vals_list:
            if has_state and vals.get(sfield) and vals[sfield] not in create_states:
                raise FazhiWorkflowError(
                    self.env._(
                        "A %(model)s cannot be created %(state)s: it starts as %(start)s.",
                        model=self._fazhi_model_label(),
                        state=self._fazhi_state_name(vals[sfield]),
                        start=self._fazhi_state_name(default_state),
                    )
                )
            refused = {}
            for fname, value in vals.items():
                if fname == sfield:
                    continue
                rule = self._fazhi_field_rule(fname, creating=True)
                if rule is None or rule == EDIT or _is_empty(value):
                    continue
                if rule == ACTION:
                    refused.setdefault("action", []).append(fname)
                elif not user.has_group(rule):
                    refused.setdefault("group", []).append(fname)
            if refused:
                self._fazhi_raise(refused, vals.get(sfield) or default_state)

    def _fazhi_check_unlink(self):
        records = self._fazhi_guarded()
        if not records or not self._fazhi_unlink_states:
            return
        sfield = self._fazhi_state_field
        records.check_access("unlink")
        wrong = records.sudo().filtered(lambda r: r[sfield] not in self._fazhi_unlink_states)
        if wrong:
            raise FazhiWorkflowError(
                self.env._(
                    "A %(model)s that is %(state)s cannot be deleted.",
                    model=self._fazhi_model_label(),
                    state=self._fazhi_state_name(wrong[0][sfield]),
                )
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def default_get(self, fields_list):
        """Defaults are values too: a client sends ``default_<field>`` context
        keys as it likes, and a user may store personal defaults
        (``ir.default``). For the fields a creator may not set, only the
        field's own default (the code's) is kept, on the action path too
        (actions give such values explicitly; a ``create`` override may run
        on the action path with the client's context)."""
        result = super().default_get(fields_list)
        if self.env.su:
            return result
        user = self.env.user
        for fname in list(result):
            rule = self._fazhi_field_rule(fname, creating=True)
            if rule in (None, EDIT) or (rule != ACTION and user.has_group(rule)):
                continue
            field = self._fields[fname]
            if field.default:
                result[fname] = field.convert_to_write(
                    field.convert_to_cache(field.default(self), self), self
                )
            else:
                del result[fname]
        return result

    @api.model_create_multi
    def create(self, vals_list):
        if not self._fazhi_in_action():
            self._fazhi_check_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if not self._fazhi_in_action():
            self._fazhi_check_write(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_fazhi_guard(self):
        if not self._fazhi_in_action():
            self._fazhi_check_unlink()
