from odoo import api, fields, models
from odoo.exceptions import UserError


class SurveyUserInput(models.Model):
    """Answers of the monthly campaigns: linked to their interview task.

    Kept apart from ``survey_user_input.py`` (the questionnaire part): this file
    ties the survey engine to the campaigns (task link, completion, refusal of
    late answers).
    """

    _inherit = "survey.user_input"

    fazhi_task_id = fields.Many2one(
        "fazhi.satisfaction.task",
        string="Interview task",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        copy=False,
    )
    fazhi_campaign_id = fields.Many2one(
        related="fazhi_task_id.campaign_id",
        store=True,
        index="btree_not_null",
        string="Campaign",
    )

    @api.model_create_multi
    def create(self, vals_list):
        task_ids = {vals["fazhi_task_id"] for vals in vals_list if vals.get("fazhi_task_id")}
        if task_ids:
            # sudo: the unit and campaign state of the tasks named (the link
            # itself is set on the action path only, see the declarations)
            tasks = self.env["fazhi.satisfaction.task"].sudo().browse(task_ids)
            tasks.campaign_id._fazhi_check_open()
            units = {task.id: task.unit_id.id for task in tasks}
            for vals in vals_list:
                if not vals.get("fazhi_task_id"):
                    continue
                unit_id = units[vals["fazhi_task_id"]]
                if vals.get("fazhi_unit_id") and vals["fazhi_unit_id"] != unit_id:
                    raise UserError(
                        self.env._(
                            "The answer of an interview belongs to the unit of its campaign."
                        )
                    )
                vals["fazhi_unit_id"] = unit_id
        return super().create(vals_list)

    def _mark_done(self):
        """Submitting the answer of an interview completes its task; the
        answer of a closed campaign is refused and stays in progress."""
        campaign_answers = self.filtered("fazhi_task_id")
        campaign_answers._fazhi_check_campaign_open()
        res = super()._mark_done()
        campaign_answers.fazhi_task_id._fazhi_mark_done(campaign_answers)
        return res

    def _fazhi_check_campaign_open(self):
        """Refuse (UserError) when one of these answers belongs to a closed campaign."""
        for answer in self:
            # sudo: the state of the answer's campaign (the respondent on the
            # survey pages is the public user)
            campaign = answer.sudo().fazhi_task_id.campaign_id
            if campaign.state == "closed":
                raise UserError(
                    self.env._(
                        "The satisfaction campaign %(campaign)s was closed on %(date)s: late "
                        "answers are no longer accepted. The answers given so far are kept; "
                        "contact the unit if the campaign should be reopened.",
                        campaign=campaign.display_name,
                        date=campaign.closed_date or "",
                    )
                )
        return True
