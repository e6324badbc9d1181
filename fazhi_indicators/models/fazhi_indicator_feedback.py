from odoo import api, fields, models
from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import ACTION, EDIT
from odoo.exceptions import AccessError, UserError

OFFICE = "fazhi_base.group_fazhi_office"


class FazhiIndicatorFeedback(models.Model):
    """Inspection feedback (督察反馈) on one indicator of a campaign.

    ``action_create_followups`` opens one rectification follow-up
    (fazhi_base's ``fazhi.followup``) per concerned unit, with the feedback's
    deadline; the 回头看 view lists those follow-ups' state per unit.

    The office writes it; once the follow-ups are opened it is fixed (they
    carry its units, deadline and text) and can no longer be deleted.
    """

    _name = "fazhi.indicator.feedback"
    _description = "Inspection feedback"
    _inherit = ["fazhi.workflow.mixin", "mail.thread", "fazhi.followup.source.mixin"]
    _order = "date desc, id desc"

    # Workflow declarations (fazhi.workflow.mixin).
    _fazhi_field_rules = {
        "name": OFFICE,
        "campaign_id": OFFICE,
        "round_id": OFFICE,
        "indicator_id": OFFICE,
        "unit_ids": OFFICE,
        "date": OFFICE,
        "description": OFFICE,
        "deadline": OFFICE,
        "state": ACTION,
    }
    _fazhi_state_rules = {
        "draft": EDIT,
        "sent": (),
    }
    _fazhi_transitions = {
        "send": (("draft",), "sent", OFFICE),
    }
    _fazhi_unlink_states = ("draft",)

    name = fields.Char(string="Finding", required=True, tracking=True)
    campaign_id = fields.Many2one(
        "fazhi.indicator.campaign", required=True, index=True, ondelete="cascade"
    )
    round_id = fields.Many2one(
        "fazhi.indicator.campaign.round", domain="[('campaign_id', '=', campaign_id)]"
    )
    indicator_id = fields.Many2one(
        "fazhi.indicator",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('framework_id', '=', framework_id), ('level', '=', '3')]",
    )
    framework_id = fields.Many2one(related="campaign_id.framework_id")
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    unit_ids = fields.Many2many(
        "fazhi.unit",
        "fazhi_indicator_feedback_unit_rel",
        "feedback_id",
        "unit_id",
        string="Units",
        compute="_compute_unit_ids",
        store=True,
        readonly=False,
        precompute=True,
        help="Units that must rectify; by default the units the indicator is assigned to.",
    )
    date = fields.Date(default=fields.Date.context_today, required=True)
    description = fields.Text(string="Details")
    deadline = fields.Date(string="Rectification deadline", required=True)
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Follow-ups opened")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )

    @api.depends("campaign_id", "indicator_id")
    def _compute_unit_ids(self):
        for feedback in self:
            assignments = feedback.campaign_id.assignment_ids.filtered(
                lambda a, f=feedback: a.indicator_id == f.indicator_id
            )
            feedback.unit_ids = assignments.unit_id

    def action_create_followups(self):
        """One rectification follow-up per feedback and unit, in one ``create``."""
        if not self.env.su and not self.env.user.has_group("fazhi_base.group_fazhi_office"):
            raise AccessError(self.env._("Only the supervision office sends inspection feedback."))
        if self.filtered(lambda f: f.state != "draft"):
            raise UserError(self.env._("The follow-ups of this feedback are already opened."))
        vals_list = []
        for feedback in self:
            if not feedback.unit_ids:
                raise UserError(
                    self.env._("Choose the units that must rectify %(name)s.", name=feedback.name)
                )
            vals_list += [
                {
                    "source": feedback,
                    "kind": "rectification",
                    "unit_id": unit.id,
                    "deadline": feedback.deadline,
                    "name": self.env._(
                        "Rectification %(code)s: %(finding)s",
                        code=feedback.indicator_id.code,
                        finding=feedback.name,
                    ),
                    "description": feedback.description or False,
                }
                for unit in feedback.unit_ids
            ]
        followups = self.env["fazhi.followup"]._create_followups(vals_list)
        self._fazhi_move("send")
        return followups
