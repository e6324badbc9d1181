from odoo import api, fields, models


class FazhiUnit(models.Model):
    _inherit = "fazhi.unit"

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
    # Monthly campaigns (fazhi.satisfaction.campaign)
    fazhi_satisfaction_opt_out = fields.Boolean(
        string="No satisfaction campaigns",
        tracking=True,
        help="The unit gets no monthly satisfaction campaign (测评批次), e.g. a unit without "
        "counterparts of its own.",
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
