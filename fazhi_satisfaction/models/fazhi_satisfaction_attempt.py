from odoo import api, fields, models
from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import ACTION, CREATE_ONLY, EDIT

from .fazhi_satisfaction_task import CHANNELS


class FazhiSatisfactionAttempt(models.Model):
    """One attempt to reach the counterpart of an interview task (a call, a
    WeChat message, a visit...), with its time and outcome.

    A log (``fazhi.workflow.mixin``): recorded by the unit's staff while the
    campaign is open, by the person who made it (``user_id`` is always the
    recording user), and never changed afterwards except its note.
    """

    _name = "fazhi.satisfaction.attempt"
    _description = "Satisfaction interview attempt"
    _inherit = ["fazhi.workflow.mixin"]
    _order = "date desc, id desc"

    # Workflow declarations (fazhi.workflow.mixin): a log, no state.
    _fazhi_field_rules = {
        "task_id": CREATE_ONLY,
        "date": CREATE_ONLY,
        # Who tried: the recording user (the default), never someone else.
        "user_id": ACTION,
        "channel": CREATE_ONLY,
        "outcome": CREATE_ONLY,
        "note": EDIT,
    }

    task_id = fields.Many2one(
        "fazhi.satisfaction.task",
        string="Interview task",
        required=True,
        index=True,
        ondelete="cascade",
    )
    campaign_id = fields.Many2one(
        related="task_id.campaign_id", store=True, index=True, string="Campaign"
    )
    unit_id = fields.Many2one(related="task_id.unit_id", store=True, index=True, string="Unit")
    partner_id = fields.Many2one(related="task_id.partner_id", string="Counterpart")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users",
        string="By",
        required=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )
    channel = fields.Selection(CHANNELS, required=True, default="phone")
    outcome = fields.Selection(
        [
            ("reached", "Reached"),
            ("no_answer", "No answer"),
            ("refused", "Refused"),
            ("wrong_number", "Wrong number"),
        ],
        required=True,
        default="no_answer",
    )
    note = fields.Char()

    @api.model_create_multi
    def create(self, vals_list):
        tasks = self.env["fazhi.satisfaction.task"].browse(
            {vals["task_id"] for vals in vals_list if vals.get("task_id")}
        )
        tasks.campaign_id._fazhi_check_open()
        attempts = super().create(vals_list)
        # Recording an attempt is working the task: the caller must be allowed
        # to change it (record rules: the unit's staff).
        attempts.task_id.check_access("write")
        # A first attempt starts the interview; an unreachable task stays so
        # until someone tries again from the task.
        attempts.task_id.filtered(lambda t: t.state == "todo")._fazhi_move("start")
        # The first one to try becomes the interviewer.
        for attempt in attempts.filtered(lambda a: not a.task_id.interviewer_id):
            attempt.task_id.interviewer_id = attempt.user_id
        return attempts

    def write(self, vals):
        self.campaign_id._fazhi_check_open()
        res = super().write(vals)
        if "task_id" in vals:
            # only on the action path (the task is given at creation)
            self.campaign_id._fazhi_check_open()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed(self):
        self.campaign_id._fazhi_check_open()
