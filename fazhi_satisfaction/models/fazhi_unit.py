from odoo import api, fields, models
from odoo.tools import SQL


class FazhiUnit(models.Model):
    """A unit's counterparts, campaigns, questionnaire custodian and callback
    officers.

    The unit also gets activities: the office is told there when a case has
    no possible callback officer.
    """

    _name = "fazhi.unit"
    _inherit = ["fazhi.unit", "mail.activity.mixin"]

    # ------------------------------------------------------------------
    # Counterparts (行政相对人) and monthly campaigns
    # ------------------------------------------------------------------
    counterpart_ids = fields.Many2many(
        "res.partner",
        "fazhi_unit_res_partner_rel",
        "unit_id",
        "partner_id",
        string="Counterparts",
        domain=[("is_fazhi_counterpart", "=", True)],
    )
    counterpart_count = fields.Integer(
        string="Number of counterparts",
        compute="_compute_counterpart_count",
        help="Active counterparts of the unit: its total of managed and served counterparts "
        "(管理和服务对象总数).",
    )
    fazhi_satisfaction_opt_out = fields.Boolean(
        string="No satisfaction campaigns",
        tracking=True,
        help="The unit gets no monthly satisfaction campaign (测评批次), e.g. a unit without "
        "counterparts of its own.",
    )

    # ------------------------------------------------------------------
    # Yearly archive: the custodian of the unit's questionnaires
    # (专人按年度分类保存)
    # ------------------------------------------------------------------
    fazhi_archive_custodian_id = fields.Many2one(
        "res.users",
        string="Questionnaire custodian",
        domain=[("share", "=", False)],
        tracking=True,
        help="Person designated to keep the unit's satisfaction questionnaires, filed per year: "
        "they (or the supervision office) archive a finished year, which locks its answers.",
    )
    fazhi_archive_ids = fields.One2many(
        "fazhi.satisfaction.archive", "unit_id", string="Yearly archives"
    )

    # ------------------------------------------------------------------
    # Case callbacks (案件回访): the designated callback officers. The
    # monthly callback generation assigns every closed case of the unit to
    # one of them, never to one of the case's handlers.
    # ------------------------------------------------------------------
    callback_officer_ids = fields.Many2many(
        "res.users",
        "fazhi_unit_callback_officer_rel",
        "unit_id",
        "user_id",
        string="Callback officers",
        domain=[("share", "=", False)],
        help="People who call back the counterparts of this unit's closed cases (回访人员). "
        "A case is never called back by one of its own handlers (回访人员和办案人员分离): "
        "designate at least two officers, or officers who do not handle cases.",
    )

    @api.depends("counterpart_ids.active", "counterpart_ids.is_fazhi_counterpart")
    def _compute_counterpart_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                self._counterpart_domain(), ["fazhi_unit_ids"], ["__count"]
            )
        )
        for unit in self:
            unit.counterpart_count = counts.get(unit._origin, 0)

    def _counterpart_domain(self):
        """Domain of the active counterparts of the units in ``self``."""
        return [
            ("is_fazhi_counterpart", "=", True),
            ("active", "=", True),
            ("fazhi_unit_ids", "in", self._origin.ids),
        ]

    def action_view_counterparts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fazhi_satisfaction.res_partner_action_fazhi_counterpart"
        )
        action["domain"] = [("is_fazhi_counterpart", "=", True), ("fazhi_unit_ids", "in", self.ids)]
        action["context"] = {
            "default_is_fazhi_counterpart": True,
            "default_fazhi_unit_ids": [self.id],
        }
        return action

    # ------------------------------------------------------------------
    # Satisfaction statistics: the company is copied on the answer lines
    # (survey_user_input_line.py)
    # ------------------------------------------------------------------
    def write(self, vals):
        res = super().write(vals)
        if "company_id" in vals and self.ids:
            # a unit moved to another company takes its answer lines along
            self.env["survey.user_input.line"]._fazhi_refresh_statistics(
                SQL("ui.fazhi_unit_id IN %s", tuple(self.ids))
            )
        return res
