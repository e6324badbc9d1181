from odoo import fields, models

from ..models.fazhi_complaint import NOTICE_METHODS


class FazhiComplaintExtendWizard(models.TransientModel):
    """The office's request for the one extension of a complaint's conclusion
    deadline; a leader approves or refuses it (``fazhi.complaint``)."""

    _name = "fazhi.complaint.extend.wizard"
    _description = "Request the extension of a complaint's time limit"

    complaint_id = fields.Many2one("fazhi.complaint", required=True, ondelete="cascade")
    days = fields.Integer(required=True, default=30)
    reason = fields.Text(required=True)
    notice_method = fields.Selection(NOTICE_METHODS, string="Complainant told by", required=True)

    def action_confirm(self):
        self.ensure_one()
        self.complaint_id._request_extension(self.days, self.reason, self.notice_method)
        return {"type": "ir.actions.act_window_close"}
