from odoo import api, fields, models
from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import ACTION, FazhiWorkflowError

from .fazhi_case_callback import CALLBACK_METHODS


class FazhiCaseCallbackAttempt(models.Model):
    """One attempt to reach the counterpart of a case callback.

    Created by the callback's buttons only (a failed attempt, or the
    successful one when the callback is recorded): three failed attempts make
    the callback unreachable, so no caller types, changes or deletes one
    (every field is ``ACTION``; no state, the rules hold always).
    """

    _name = "fazhi.case.callback.attempt"
    _description = "Case callback attempt"
    _inherit = ["fazhi.workflow.mixin"]
    _order = "date desc, id desc"

    _fazhi_field_rules = {
        "callback_id": ACTION,
        "date": ACTION,
        "method": ACTION,
        "reached": ACTION,
        "user_id": ACTION,
        "note": ACTION,
    }
    _fazhi_state_rules = {}

    callback_id = fields.Many2one(
        "fazhi.case.callback", required=True, index=True, ondelete="cascade"
    )
    unit_id = fields.Many2one(
        related="callback_id.unit_id", store=True, index=True, precompute=True, string="Unit"
    )
    company_id = fields.Many2one(
        related="callback_id.company_id",
        store=True,
        index=True,
        precompute=True,
        string="Company",
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    method = fields.Selection(CALLBACK_METHODS, required=True)
    reached = fields.Boolean(help="The counterpart was reached.")
    user_id = fields.Many2one(
        "res.users", string="Callback officer", required=True, default=lambda self: self.env.user
    )
    note = fields.Char()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_outside_action(self):
        if not self._fazhi_in_action():
            raise FazhiWorkflowError(
                self.env._("Callback attempts are a record of what was done: they are not deleted.")
            )
