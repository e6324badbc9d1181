import operator as py_operator
from collections import defaultdict

from odoo import api, fields, models
from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import ACTION
from odoo.exceptions import ValidationError

OFFICE = "fazhi_base.group_fazhi_office"

TARGET_OPERATORS = {
    ">=": py_operator.ge,
    "<=": py_operator.le,
    "=": py_operator.eq,
}
TARGET_SYMBOLS = {">=": "≥", "<=": "≤", "=": "="}


class FazhiIndicator(models.Model):
    """An indicator (一级 / 二级 / 三级指标) of a framework.

    Third-level indicators are what units report on. Each one names its
    responsible departments as text (``responsible_department_names``, verbatim
    from the checklist) and, once resolved, as units (``responsible_unit_ids``;
    see ``_match_responsible_units``). An indicator may be linked to a measured
    figure (``figure_key``) with a target, so its current value shows beside it.

    Measured figures: the figure registry
    -------------------------------------
    ``figure_key`` is a figure code of fazhi_base's registry
    (``fazhi.monthly.report._fazhi_figure_definitions``), the same codes as
    the monthly report lines. The figures offered here are those whose
    definition has a ``live`` measure (``callable(env, company)``: the
    company's current value, shown on the indicator) or a ``measure``
    (``callable(env, units, date_from, date_to)``: each unit's value over a
    period, shown on the units' entries for the campaign's period, see
    ``fazhi.indicator.entry._compute_figure_display``). Both are called once
    per code (or measure) and company or period, never per indicator or
    entry, and read with ``sudo()``. The label is the registry's, in the
    reader's language.

    The code is stored as is: the shipped checklist links figures of addons
    fazhi_indicators does not depend on (complaints, satisfaction, records);
    while such an addon is not installed, its figure shows "—". An empty
    ``target_operator`` means the indicator states no target: the value is
    shown alone.

    ``deadline_text`` is the indicator's 完成时限 as the checklist writes it
    (a column of the exported table when any row has one).
    """

    _name = "fazhi.indicator"
    _description = "Indicator"
    _inherit = ["fazhi.workflow.mixin", "mail.thread"]
    _parent_store = True
    _order = "framework_id, sequence, id"
    _rec_names_search = ["code", "name"]

    # Declarations (fazhi.workflow.mixin): configuration, the office's only (as
    # the access rights say; the rule holds even if they are widened). No state:
    # an indicator used by a campaign stays editable by the office, as before.
    _fazhi_field_rules = {
        "framework_id": OFFICE,
        "parent_id": OFFICE,
        # Maintained by the ORM (_parent_store), in SQL.
        "parent_path": ACTION,
        "child_ids": OFFICE,
        "sequence": OFFICE,
        "level": OFFICE,
        "code": OFFICE,
        "name": OFFICE,
        "kind": OFFICE,
        "active": OFFICE,
        "responsible_department_names": OFFICE,
        "responsible_unit_ids": OFFICE,
        "evidence_requirements": OFFICE,
        "figure_key": OFFICE,
        "target_operator": OFFICE,
        "target_value": OFFICE,
        "target_uom": OFFICE,
        "deadline_text": OFFICE,
    }

    framework_id = fields.Many2one(
        "fazhi.indicator.framework", required=True, index=True, ondelete="cascade"
    )
    parent_id = fields.Many2one(
        "fazhi.indicator", string="Parent indicator", index=True, ondelete="cascade"
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("fazhi.indicator", "parent_id", string="Sub-indicators")
    sequence = fields.Integer(default=10)
    level = fields.Selection(
        [("1", "Level 1"), ("2", "Level 2"), ("3", "Level 3")],
        required=True,
        default="3",
        index=True,
        help="Level 3 indicators are the ones units report on.",
    )
    code = fields.Char(required=True, index=True, tracking=True, help='E.g. "1", "48", "九-1-1".')
    name = fields.Text(string="Indicator", required=True, tracking=True)
    kind = fields.Selection(
        [("normal", "Normal"), ("bonus", "Bonus"), ("veto", "Veto")],
        required=True,
        default="normal",
        tracking=True,
        help="Bonus items need an official document; a triggered veto item fails the "
        "whole campaign.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(related="framework_id.company_id", store=True, index=True)

    # ------------------------------------------------------------------
    # Responsibility and evidence
    # ------------------------------------------------------------------
    responsible_department_names = fields.Char(
        string="Responsible departments (as written)",
        help="Departments as named in the checklist; units with these names are linked by "
        "'Match units' and when a campaign starts.",
    )
    responsible_unit_ids = fields.Many2many(
        "fazhi.unit",
        "fazhi_indicator_fazhi_unit_rel",
        "indicator_id",
        "unit_id",
        string="Responsible units",
    )
    unmatched_department_names = fields.Char(
        string="Departments without unit", compute="_compute_unmatched_department_names"
    )
    evidence_requirements = fields.Text(help="Documents the responsible unit must attach.")
    deadline_text = fields.Char(
        string="Completion deadline",
        help="完成时限 as the checklist states it, e.g. 2021 年年底前; printed in the "
        "exported table.",
    )

    # ------------------------------------------------------------------
    # Measured figure and target
    # ------------------------------------------------------------------
    figure_key = fields.Selection(
        selection="_selection_figure_key",
        string="Measured figure",
        help="Figure provided by an installed addon, compared with the target.",
    )
    target_operator = fields.Selection(
        [(">=", "at least"), ("<=", "at most"), ("=", "exactly")],
        default=">=",
        help="Empty: the indicator states no target, the value is shown alone.",
    )
    target_value = fields.Float(string="Target")
    target_uom = fields.Char(string="Target unit", help='E.g. "%".')
    figure_value = fields.Float(string="Current value", compute="_compute_figure_value")
    figure_status = fields.Selection(
        [("none", "Not measured"), ("met", "Target met"), ("missed", "Target missed")],
        compute="_compute_figure_value",
    )
    target_display = fields.Char(string="Target value", compute="_compute_target_display")

    _sql_constraints = [
        (
            "code_per_framework_uniq",
            "unique(framework_id, code)",
            "An indicator code must be unique within its framework.",
        ),
    ]

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("code", "name")
    def _compute_display_name(self):
        for indicator in self:
            text = (indicator.name or "").strip()
            if len(text) > 40:
                text = text[:40] + "…"
            indicator.display_name = f"{indicator.code} {text}" if indicator.code else text

    @api.depends("responsible_department_names", "responsible_unit_ids.name")
    def _compute_unmatched_department_names(self):
        Framework = self.env["fazhi.indicator.framework"]
        for indicator in self:
            names = Framework._split_department_names(indicator.responsible_department_names)
            known = set(indicator.responsible_unit_ids.mapped("name"))
            indicator.unmatched_department_names = "、".join(n for n in names if n not in known)

    @api.model
    def _selection_figure_key(self):
        figures = self.env["fazhi.monthly.report"]._fazhi_figures().values()
        return [
            (figure["code"], figure["label"])
            for figure in sorted(figures, key=lambda figure: figure["sequence"])
            if figure["live"] or figure["measure"]
        ]

    @api.depends("figure_key", "target_value", "target_operator")
    @api.depends_context("company")
    def _compute_figure_value(self):
        values = self.env["fazhi.monthly.report"]._fazhi_figure_live_values(
            set(self.mapped("figure_key")) - {False}, self.env.company
        )
        for indicator in self:
            value = values.get(indicator.figure_key)
            indicator.figure_value = value or 0.0
            indicator.figure_status = indicator._fazhi_figure_status(value)

    @api.depends("figure_key", "target_value", "target_operator", "target_uom")
    @api.depends_context("lang")
    def _compute_target_display(self):
        figures = self.env["fazhi.monthly.report"]._fazhi_figures()
        for indicator in self:
            indicator.target_display = indicator._fazhi_target_display(figures)

    def _fazhi_figure_status(self, value):
        """``none`` (nothing measured), ``met`` or ``missed``; a value without
        target is ``none`` too (nothing to compare with)."""
        self.ensure_one()
        if value is None or not self.target_operator:
            return "none"
        compare = TARGET_OPERATORS[self.target_operator]
        met = compare(round(value, 6), round(self.target_value, 6))
        return "met" if met else "missed"

    def _fazhi_target_display(self, figures):
        """The target as shown ("≥ 100 %", "≤ 0 items"); "" without figure or
        target. ``figures`` is the registry (``_fazhi_figures()``); a figure
        that is not installed uses the indicator's own unit."""
        self.ensure_one()
        if not self.figure_key or not self.target_operator:
            return ""
        figure = figures.get(self.figure_key)
        if figure:
            number = self.env["fazhi.monthly.report"]._fazhi_figure_format(
                figure, self.target_value
            )
        else:
            number = f"{self.target_value:g} {self.target_uom or ''}".strip()
        return f"{TARGET_SYMBOLS[self.target_operator]} {number}"

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("parent_id", "level", "framework_id")
    def _check_tree(self):
        if self._has_cycle():
            raise ValidationError(self.env._("An indicator cannot be placed under itself."))
        for indicator in self.filtered("parent_id"):
            parent = indicator.parent_id
            if parent.framework_id != indicator.framework_id:
                raise ValidationError(
                    self.env._(
                        "Indicator %(code)s and its parent must belong to the same framework.",
                        code=indicator.code,
                    )
                )
            if int(parent.level) != int(indicator.level) - 1:
                raise ValidationError(
                    self.env._(
                        "Indicator %(code)s (level %(level)s) must be placed under an indicator "
                        "of the level just above.",
                        code=indicator.code,
                        level=indicator.level,
                    )
                )

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _match_responsible_units(self):
        """Add to each indicator the active units whose name is one of its
        responsible departments (one unit search for the whole batch)."""
        Framework = self.env["fazhi.indicator.framework"]
        names_by_indicator = {
            indicator: Framework._split_department_names(indicator.responsible_department_names)
            for indicator in self
        }
        all_names = {name for names in names_by_indicator.values() for name in names}
        if not all_names:
            return self.env["fazhi.unit"]
        units = self.env["fazhi.unit"].search([("name", "in", list(all_names))])
        by_name = {}
        for unit in units:
            by_name.setdefault(unit.name, self.env["fazhi.unit"])
            by_name[unit.name] |= unit
        matched = self.env["fazhi.unit"]
        # One write per set of units to link (an imported checklist of 60 000
        # rows names a handful of departments), not one per indicator.
        to_link = defaultdict(list)
        for indicator, names in names_by_indicator.items():
            company = indicator.company_id
            found = self.env["fazhi.unit"].union(*(by_name.get(n, units.browse()) for n in names))
            if company:
                found = found.filtered(lambda u, c=company: u.company_id == c)
            new = found - indicator.responsible_unit_ids
            if new:
                to_link[tuple(sorted(new.ids))].append(indicator.id)
            matched |= found
        for unit_ids, indicator_ids in to_link.items():
            self.browse(indicator_ids).responsible_unit_ids = [
                fields.Command.link(uid) for uid in unit_ids
            ]
        return matched
