from odoo import fields, models


class FazhiSatisfactionCampaignReopen(models.TransientModel):
    """The reason the supervision office gives for reopening closed campaigns.

    The campaigns' ``_fazhi_reopen`` checks who reopens what (the office,
    closed campaigns, not of an archived year) and posts the reason in their
    chatter: the wizard only collects it.
    """

    _name = "fazhi.satisfaction.campaign.reopen"
    _description = "Reopen satisfaction campaigns"

    campaign_ids = fields.Many2many(
        "fazhi.satisfaction.campaign",
        "fazhi_satisfaction_campaign_reopen_rel",
        "wizard_id",
        "campaign_id",
        string="Campaigns",
        required=True,
    )
    reason = fields.Text(
        required=True,
        help="Why the campaign is reopened (late answers to enter, a correction): posted in "
        "its chatter.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.campaign_ids._fazhi_reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
