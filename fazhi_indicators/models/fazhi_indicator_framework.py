import re

from odoo import api, fields, models

OFFICE = "fazhi_base.group_fazhi_office"

# Separators between department names in a 责任部门 cell ("医政科、预防科").
DEPARTMENT_SEPARATORS = re.compile(r"[、，,;；/\s]+")


class FazhiIndicatorFramework(models.Model):
    """An indicator system (指标体系) broken down into a responsibility checklist.

    The framework carries the texts of the official table it is exported to
    (title, subtitle, reporting unit, filling instructions); its indicators
    form a tree of levels 1 to 3. Seed 004's checklist is shipped as data.
    """

    _name = "fazhi.indicator.framework"
    _description = "Indicator framework"
    _inherit = ["fazhi.workflow.mixin", "mail.thread"]
    _order = "sequence, id"

    # Declarations (fazhi.workflow.mixin): configuration, the office's only (as
    # the access rights say; the rule holds even if they are widened). No state:
    # a framework used by a campaign stays editable by the office, as before
    # (a campaign fixes its framework once started, not the framework's texts).
    _fazhi_field_rules = {
        "name": OFFICE,
        "code": OFFICE,
        "sequence": OFFICE,
        "active": OFFICE,
        "company_id": OFFICE,
        "description": OFFICE,
        "indicator_ids": OFFICE,
        "export_title": OFFICE,
        "export_subtitle": OFFICE,
        "default_reporting_unit_name": OFFICE,
        "instructions": OFFICE,
        "deadline_text": OFFICE,
    }

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True, help="Empty: every company.")
    description = fields.Text()
    indicator_ids = fields.One2many("fazhi.indicator", "framework_id", string="Indicators")
    indicator_count = fields.Integer(compute="_compute_indicator_count")
    leaf_count = fields.Integer(string="Third-level indicators", compute="_compute_indicator_count")

    # ------------------------------------------------------------------
    # Texts of the exported table (附件 layout)
    # ------------------------------------------------------------------
    export_title = fields.Char(help="Title of the exported table.")
    export_subtitle = fields.Char(help="Line under the title, e.g. the scope of the table.")
    default_reporting_unit_name = fields.Char(
        string="Reporting unit (default)",
        help="Printed after the reporting-unit label when the campaign has no owner unit.",
    )
    instructions = fields.Text(
        string="Filling instructions",
        help="Printed at the bottom of the exported table (填表说明).",
    )
    deadline_text = fields.Char(
        string="Table deadline",
        help="Printed after the filling instructions (完成时限) when the round has no deadline, "
        "e.g. 2月27日前.",
    )

    _sql_constraints = [
        (
            "code_uniq",
            "unique(code, company_id)",
            "The code of an indicator framework must be unique.",
        ),
    ]

    @api.depends("indicator_ids.level")
    def _compute_indicator_count(self):
        counts = {
            (framework.id, level): count
            for framework, level, count in self.env["fazhi.indicator"]._read_group(
                [("framework_id", "in", self.ids)], ["framework_id", "level"], ["__count"]
            )
        }
        for framework in self:
            framework.indicator_count = sum(
                counts.get((framework.id, level), 0) for level in ("1", "2", "3")
            )
            framework.leaf_count = counts.get((framework.id, "3"), 0)

    def action_view_indicators(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fazhi_indicators.fazhi_indicator_action"
        )
        action["domain"] = [("framework_id", "=", self.id)]
        action["context"] = {"default_framework_id": self.id}
        return action

    def action_match_units(self):
        """Link every indicator of these frameworks to the units named in its
        responsible departments (exact unit name, active units of the company);
        names without a unit are left for the office to resolve by hand."""
        self.indicator_ids._match_responsible_units()
        return True

    @api.model
    def _split_department_names(self, names):
        return [name for name in DEPARTMENT_SEPARATORS.split(names or "") if name]
