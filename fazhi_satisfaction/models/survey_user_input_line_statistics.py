from odoo import api, fields, models


class SurveyUserInputLine(models.Model):
    """Answer lines carry what the satisfaction statistics group by.

    The statistics (``fazhi.satisfaction.answer.report``) read millions of
    lines; joining each of them to its answer and task costs three to four
    times the scan of the lines themselves. The unit (and its company),
    campaign, month and submission of the answer are therefore stored on its
    lines (kept up to date by the ORM), so that the pivot scans the lines and
    joins only the small table of the choices.
    """

    _inherit = "survey.user_input.line"

    fazhi_unit_id = fields.Many2one(
        related="user_input_id.fazhi_unit_id",
        store=True,
        index="btree_not_null",
        string="Interviewing unit",
    )
    fazhi_campaign_id = fields.Many2one(
        related="user_input_id.fazhi_campaign_id",
        store=True,
        index="btree_not_null",
        string="Campaign",
    )
    fazhi_company_id = fields.Many2one(
        related="user_input_id.fazhi_unit_id.company_id",
        store=True,
        string="Company of the unit",
    )
    fazhi_month = fields.Date(
        string="Statistics month",
        compute="_compute_fazhi_month",
        store=True,
        index=True,
        help="Month the answer counts in: its campaign's month, else the month it was "
        "created in (UTC).",
    )
    fazhi_submitted = fields.Boolean(
        string="Submitted",
        compute="_compute_fazhi_submitted",
        store=True,
        help="The answer is completed: only submitted answers count in the statistics.",
    )

    @api.depends("user_input_id.fazhi_task_id.month", "user_input_id.create_date")
    def _compute_fazhi_month(self):
        for line in self:
            answer = line.user_input_id
            month = answer.fazhi_task_id.month
            if not month and answer.create_date:
                month = answer.create_date.date().replace(day=1)
            line.fazhi_month = month or False

    @api.depends("user_input_id.state")
    def _compute_fazhi_submitted(self):
        for line in self:
            line.fazhi_submitted = line.user_input_id.state == "done"
