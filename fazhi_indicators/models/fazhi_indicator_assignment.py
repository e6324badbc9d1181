from odoo import api, fields, models
from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import ACTION, CREATE_ONLY
from odoo.exceptions import AccessError, UserError, ValidationError

OFFICE = "fazhi_base.group_fazhi_office"


class FazhiIndicatorAssignment(models.Model):
    """One third-level indicator given to one responsible unit in a campaign.

    Created by ``fazhi.indicator.campaign.action_start``; it holds the unit's
    entries (one per round) and, for a veto indicator (一票否决), whether the
    veto was triggered: a triggered veto flags the whole campaign.

    Campaign, indicator and unit are given at creation and then fixed (moving
    an assignment would move its entries to another unit); the veto is set and
    cleared only by the office's actions.
    """

    _name = "fazhi.indicator.assignment"
    _description = "Indicator assignment"
    _inherit = ["fazhi.workflow.mixin", "mail.thread"]

    # Workflow declarations (fazhi.workflow.mixin); no state field.
    _fazhi_field_rules = {
        "campaign_id": CREATE_ONLY,
        "indicator_id": CREATE_ONLY,
        "unit_id": CREATE_ONLY,
        # Entries are created by the campaign and its rounds, never through here.
        "entry_ids": ACTION,
        "veto_triggered": ACTION,
        "veto_note": OFFICE,
    }
    _order = "campaign_id, indicator_sequence, indicator_id, unit_id"

    campaign_id = fields.Many2one(
        "fazhi.indicator.campaign", required=True, index=True, ondelete="cascade"
    )
    indicator_id = fields.Many2one(
        "fazhi.indicator", required=True, index=True, ondelete="restrict"
    )
    unit_id = fields.Many2one("fazhi.unit", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    indicator_code = fields.Char(related="indicator_id.code", string="Code")
    indicator_sequence = fields.Integer(related="indicator_id.sequence", store=True)
    indicator_kind = fields.Selection(related="indicator_id.kind", store=True, string="Kind")
    entry_ids = fields.One2many("fazhi.indicator.entry", "assignment_id", string="Entries")
    breakdown = fields.Text(
        compute="_compute_breakdown",
        help="Concrete breakdown (具体分解内容) of the latest entry that has one.",
    )
    veto_triggered = fields.Boolean(
        string="Veto triggered", readonly=True, copy=False, tracking=True, index=True
    )
    veto_note = fields.Text(string="Veto reason", tracking=True, copy=False)
    campaign_veto_triggered = fields.Boolean(
        related="campaign_id.veto_triggered", string="Campaign vetoed"
    )

    _sql_constraints = [
        (
            "campaign_indicator_unit_uniq",
            "unique(campaign_id, indicator_id, unit_id)",
            "This indicator is already assigned to this unit in the campaign.",
        ),
    ]

    @api.depends("entry_ids.breakdown", "entry_ids.round_id")
    def _compute_breakdown(self):
        for assignment in self:
            entries = assignment.entry_ids.filtered("breakdown").sorted(
                lambda e: (e.round_id.sequence, e.round_id.id)
            )
            assignment.breakdown = entries[-1:].breakdown or False

    @api.depends("indicator_id.code", "unit_id.name")
    def _compute_display_name(self):
        for assignment in self:
            assignment.display_name = (
                f"{assignment.indicator_id.code or ''} / {assignment.unit_id.name or ''}"
            )

    @api.constrains("veto_triggered", "indicator_id")
    def _check_veto_kind(self):
        for assignment in self:
            if assignment.veto_triggered and assignment.indicator_id.kind != "veto":
                raise ValidationError(
                    self.env._(
                        "Only a veto indicator can be triggered (%(code)s is not one).",
                        code=assignment.indicator_id.code,
                    )
                )

    def _check_office(self):
        if not self.env.su and not self.env.user.has_group("fazhi_base.group_fazhi_office"):
            raise AccessError(self.env._("Only the supervision office marks veto items."))

    def action_trigger_veto(self, note=None):
        """Mark the veto item as triggered: the whole campaign is flagged."""
        self._check_office()
        not_veto = self.filtered(lambda a: a.indicator_id.kind != "veto")
        if not_veto:
            raise UserError(
                self.env._(
                    "Only a veto indicator can be triggered (%(code)s is not one).",
                    code=not_veto[0].indicator_id.code,
                )
            )
        vals = {"veto_triggered": True}
        if note:
            vals["veto_note"] = note
        self._fazhi_action_write(vals)
        for campaign in self.campaign_id:
            campaign.message_post(
                body=self.env._(
                    "Veto triggered by indicator %(codes)s: the campaign fails.",
                    codes=", ".join(
                        self.filtered(lambda a, c=campaign: a.campaign_id == c).mapped(
                            "indicator_id.code"
                        )
                    ),
                )
            )
        return True

    def action_clear_veto(self):
        self._check_office()
        self._fazhi_action_write({"veto_triggered": False})
        return True
