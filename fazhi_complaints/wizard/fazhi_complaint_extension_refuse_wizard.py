from odoo import fields, models


class FazhiComplaintExtensionRefuseWizard(models.TransientModel):
    """A leader's refusal of a requested extension, with its reason.

    Open to every internal user: the complaint's ``_refuse_extension`` checks
    that the caller is a leader (or the named head) who did not request it."""

    _name = "fazhi.complaint.extension.refuse.wizard"
    _description = "Refuse the extension of a complaint's time limit"

    complaint_id = fields.Many2one("fazhi.complaint", required=True, ondelete="cascade")
    reason = fields.Text(string="Reason of the refusal", required=True)

    def action_confirm(self):
        self.ensure_one()
        self.complaint_id._refuse_extension(self.reason)
        return {"type": "ir.actions.act_window_close"}
