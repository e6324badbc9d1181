from odoo import fields, models

from .fazhi_case_callback import CALLBACK_METHODS


class FazhiCaseCallbackAttempt(models.Model):
    """One attempt to reach the counterpart of a case callback.

    Created by the callback's buttons (a failed attempt, or the successful one
    when the callback is recorded); three failed attempts make the callback
    unreachable.
    """

    _name = "fazhi.case.callback.attempt"
    _description = "Case callback attempt"
    _order = "date desc, id desc"

    callback_id = fields.Many2one(
        "fazhi.case.callback", required=True, index=True, ondelete="cascade", string="Callback"
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
