from urllib.parse import quote

from markupsafe import Markup

from odoo import api, fields, models
from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import ACTION, CREATE_ONLY, EDIT
from odoo.exceptions import UserError

# The keys of res.partner.fazhi_counterpart_type (a test checks they match):
# a static list, as a selection method would run for every task created.
COUNTERPART_TYPES = [
    ("natural", "Natural person"),
    ("enterprise", "Enterprise"),
    ("private_enterprise", "Private enterprise"),
    ("medical", "Medical institution"),
    ("public_place", "Public place"),
    ("other", "Other"),
]
CHANNELS = [
    ("phone", "Phone"),
    ("wechat", "WeChat"),
    ("meeting", "Meeting"),
    ("visit", "Visit"),
    ("online", "Online self-completion"),
]


# Stored related fields of the task copied from its campaign.
_CAMPAIGN_RELATED_FIELDS = ("unit_id", "month", "company_id")


class FazhiSatisfactionTask(models.Model):
    """The interview of one counterpart in a monthly campaign.

    Staff start the questionnaire from the task and fill it in on the
    counterpart's behalf (``action_start_interview``), or send the personal
    link for self-completion (``action_send_link``, or the link and QR code
    shown on the task). Unsuccessful calls are recorded as attempts
    (``fazhi.satisfaction.attempt``). The task is done when its answer
    (``user_input_id``) is submitted: see ``survey.user_input._mark_done``.

    Guarded (``fazhi.workflow.mixin``): the campaign, counterpart and its type
    are given at creation; the state, the answer and the completion date
    change only through the actions (and the submission of the answer); a
    done task is locked.
    """

    _name = "fazhi.satisfaction.task"
    _description = "Satisfaction interview task"
    _inherit = ["fazhi.workflow.mixin", "mail.thread"]

    # Workflow declarations (fazhi.workflow.mixin): who writes what, in which state.
    _fazhi_field_rules = {
        "campaign_id": CREATE_ONLY,
        "partner_id": CREATE_ONLY,
        "counterpart_type": CREATE_ONLY,
        "interviewer_id": EDIT,
        "channel": EDIT,
        "state": ACTION,
        # Attempts are records of their own, guarded there (a log).
        "attempt_ids": EDIT,
        "user_input_id": ACTION,
        "completed_date": ACTION,
    }
    _fazhi_state_rules = {
        "todo": EDIT,
        "in_progress": EDIT,
        "unreachable": EDIT,
        "done": (),
    }
    _fazhi_transitions = {
        "start": (("todo", "unreachable"), "in_progress", None),
        "unreachable": (("todo", "in_progress"), "unreachable", None),
        "reset": (("unreachable",), "in_progress", None),
        "done": (("todo", "in_progress", "unreachable"), "done", None),
    }
    _fazhi_unlink_states = ("todo", "in_progress", "unreachable")
    _order = "month desc, campaign_id, id"
    _rec_names_search = ["partner_id", "campaign_id"]

    # ------------------------------------------------------------------
    # Campaign and counterpart
    # (a campaign holds up to tens of thousands of tasks: the generation gives
    # the values of the stored related fields with each task, which the ORM
    # then stores without computing them task by task; only selective columns
    # are indexed, campaign_id leads the unique index.)
    # ------------------------------------------------------------------
    campaign_id = fields.Many2one(
        "fazhi.satisfaction.campaign",
        required=True,
        ondelete="cascade",
    )
    unit_id = fields.Many2one(related="campaign_id.unit_id", store=True, index=True, string="Unit")
    month = fields.Date(related="campaign_id.month", store=True)
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, string="Company")
    campaign_state = fields.Selection(related="campaign_id.state", string="Campaign status")
    survey_id = fields.Many2one(related="campaign_id.survey_id", string="Questionnaire")
    partner_id = fields.Many2one(
        "res.partner",
        string="Counterpart",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("is_fazhi_counterpart", "=", True)],
    )
    counterpart_type = fields.Selection(
        COUNTERPART_TYPES,
        string="Counterpart type",
        help="Type of the counterpart when the campaign was generated.",
    )
    partner_phone = fields.Char(related="partner_id.phone", string="Phone")
    partner_mobile = fields.Char(related="partner_id.mobile", string="Mobile")
    partner_email = fields.Char(related="partner_id.email", string="Email")
    partner_wechat = fields.Char(related="partner_id.fazhi_wechat", string="WeChat")

    # ------------------------------------------------------------------
    # Interview
    # ------------------------------------------------------------------
    interviewer_id = fields.Many2one(
        "res.users",
        index="btree_not_null",
        tracking=True,
        domain=[("share", "=", False)],
    )
    channel = fields.Selection(CHANNELS, default="phone", tracking=True)
    state = fields.Selection(
        [
            ("todo", "To do"),
            ("in_progress", "In progress"),
            ("done", "Done"),
            ("unreachable", "Unreachable"),
        ],
        required=True,
        default="todo",
        tracking=True,
        copy=False,
    )
    attempt_ids = fields.One2many("fazhi.satisfaction.attempt", "task_id", string="Attempts")
    attempt_count = fields.Integer(compute="_compute_attempt_count", string="Attempts count")
    user_input_id = fields.Many2one(
        "survey.user_input",
        string="Answer",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    user_input_state = fields.Selection(related="user_input_id.state", string="Answer status")
    completed_date = fields.Datetime(readonly=True, copy=False)
    survey_url = fields.Char(
        string="Self-completion link",
        compute="_compute_survey_url",
        help="Personal link to the questionnaire: send it by e-mail or WeChat.",
    )
    survey_qr_url = fields.Char(string="QR code", compute="_compute_survey_url")

    _sql_constraints = [
        (
            "campaign_partner_uniq",
            "unique(campaign_id, partner_id)",
            "A counterpart has one interview task per campaign.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("attempt_ids")
    def _compute_attempt_count(self):
        counts = dict(
            self.env["fazhi.satisfaction.attempt"]._read_group(
                [("task_id", "in", self._origin.ids)], ["task_id"], ["__count"]
            )
        )
        for task in self:
            task.attempt_count = counts.get(task._origin, 0)

    @api.depends("user_input_id.access_token", "user_input_id.state", "survey_id.access_token")
    def _compute_survey_url(self):
        for task in self:
            answer = task.user_input_id
            if answer and answer.state != "done":
                url = f"{task.get_base_url()}{answer.get_start_url()}"
                task.survey_url = url
                task.survey_qr_url = (
                    f"/report/barcode/?barcode_type=QR&value={quote(url, safe='')}"
                    "&width=180&height=180"
                )
            else:
                task.survey_url = False
                task.survey_qr_url = False

    def _compute_display_name(self):
        for task in self:
            task.display_name = " - ".join(
                filter(None, (task.partner_id.name, task.campaign_id.name))
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        campaign_ids = {vals["campaign_id"] for vals in vals_list if vals.get("campaign_id")}
        campaigns = self.env["fazhi.satisfaction.campaign"].browse(campaign_ids)
        campaigns._fazhi_check_open()
        missing_type = [
            vals for vals in vals_list if vals.get("partner_id") and "counterpart_type" not in vals
        ]
        if missing_type:
            types = {
                partner.id: partner.fazhi_counterpart_type
                for partner in self.env["res.partner"].browse(
                    {vals["partner_id"] for vals in missing_type}
                )
            }
            for vals in missing_type:
                vals["counterpart_type"] = types[vals["partner_id"]]
        tasks = super().create(vals_list)
        # The campaign generation gives the campaign's unit, month and company
        # with each task: when they are right, they need no computation (which
        # the ORM would do task by task for a readonly related field).
        expected = {
            campaign.id: (campaign.unit_id.id, campaign.month, campaign.company_id.id)
            for campaign in campaigns
        }
        given = tasks.browse(
            task.id
            for task, vals in zip(tasks, vals_list, strict=True)
            if expected.get(vals.get("campaign_id"))
            == (
                vals.get("unit_id"),
                vals.get("month") and fields.Date.to_date(vals["month"]),
                vals.get("company_id"),
            )
        )
        if given:
            for fname in _CAMPAIGN_RELATED_FIELDS:
                self.env.remove_to_compute(self._fields[fname], given)
        return tasks

    def write(self, vals):
        self.campaign_id._fazhi_check_open()
        res = super().write(vals)
        if "campaign_id" in vals:
            # only on the action path (the campaign is given at creation)
            self.campaign_id._fazhi_check_open()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed_or_done(self):
        self.campaign_id._fazhi_check_open()
        if any(task.state == "done" for task in self):
            raise UserError(self.env._("A completed interview task cannot be deleted."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_start_interview(self):
        """Open the questionnaire of the counterpart, to fill in during the
        call: its answer is created (or reused), linked to the task and the
        unit, with the private-enterprise question answered from the
        counterpart type."""
        self.ensure_one()
        answer = self._fazhi_get_or_create_answer(prefill=True)
        vals = {}
        if not self.interviewer_id:
            vals["interviewer_id"] = self.env.user.id
        if self.state in ("todo", "unreachable"):
            self._fazhi_move("start", vals)
        elif vals:
            self.write(vals)
        return {
            "type": "ir.actions.act_url",
            "target": "self",
            "url": f"/survey/{self.campaign_id.survey_id.access_token}/{answer.access_token}",
        }

    def action_send_link(self):
        """E-mail the personal link of the questionnaire to the counterpart
        (self-completion); without an e-mail address, the link and QR code
        of the task are ready to be sent by WeChat."""
        self.ensure_one()
        self._fazhi_get_or_create_answer(prefill=False)
        vals = {"channel": "online"}
        if self.state in ("todo", "unreachable"):
            self._fazhi_move("start", vals)
        else:
            self.write(vals)
        if self.partner_id.email:
            template = self.env.ref("fazhi_satisfaction.fazhi_satisfaction_task_mail_template")
            self.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=self.partner_id.ids,
            )
            message = self.env._(
                "The questionnaire link was e-mailed to %(email)s.", email=self.partner_id.email
            )
            notification_type = "success"
        else:
            self.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Self-completion link prepared: send it by WeChat or show the QR code."
                ),
            )
            message = self.env._(
                "%(partner)s has no e-mail address: copy the link or show the QR code of the task.",
                partner=self.partner_id.display_name,
            )
            notification_type = "warning"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": notification_type,
                "sticky": False,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_record_attempt(self):
        """Open the form of a new attempt (call, visit...) for this task."""
        self.ensure_one()
        self.campaign_id._fazhi_check_open()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record an attempt"),
            "res_model": "fazhi.satisfaction.attempt",
            "view_mode": "form",
            "views": [
                (self.env.ref("fazhi_satisfaction.fazhi_satisfaction_attempt_view_form").id, "form")
            ],
            "target": "new",
            "context": {
                "default_task_id": self.id,
                "default_channel": self.channel or "phone",
            },
        }

    def action_mark_unreachable(self):
        if any(task.state not in ("todo", "in_progress") for task in self):
            raise UserError(self.env._("Only interviews to do or in progress can be unreachable."))
        self._fazhi_move("unreachable")
        return True

    def action_reset(self):
        if any(task.state != "unreachable" for task in self):
            raise UserError(self.env._("Only unreachable interviews can be tried again."))
        self._fazhi_move("reset")
        return True

    def action_open_answer(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "survey.user_input",
            "res_id": self.user_input_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _fazhi_get_or_create_answer(self, prefill=True):
        """The survey answer of this task: the current one unless submitted
        already, else a new one for the counterpart, created with the rights of
        the current user (record rules: the unit's staff). ``prefill`` answers
        the private-enterprise question from the counterpart type."""
        self.ensure_one()
        self.campaign_id._fazhi_check_open()
        if self.state == "done" or self.user_input_id.state == "done":
            raise UserError(
                self.env._(
                    "The interview of %(partner)s is completed already.",
                    partner=self.partner_id.display_name,
                )
            )
        answer = self.user_input_id
        if not answer:
            # The task's own answer, created with the rights of the current
            # user (record rules: the unit's staff), on the action path: the
            # link to the task and the unit is this action's.
            self.check_access("write")
            with self._fazhi_action_scope():
                answer = self.campaign_id.survey_id._create_answer(
                    partner=self.partner_id,
                    check_attempts=False,
                    fazhi_task_id=self.id,
                    fazhi_unit_id=self.unit_id.id,
                )
                self._fazhi_action_write({"user_input_id": answer.id})
            if prefill:
                # The answer lines are written by the survey engine as on the
                # public pages (survey users only read lines).
                answer.sudo()._fazhi_prefill_private_enterprise(
                    self.partner_id._fazhi_is_private_enterprise()
                )
        return answer

    def _fazhi_mark_done(self, answers):
        """The answers ``answers`` (survey.user_input) of these tasks were
        submitted: the tasks are done. Submitted by someone outside the staff
        (the counterpart with the link, or through the unit's QR poster), the
        channel is self-completion."""
        now = fields.Datetime.now()
        self_completed = self.env.user._is_public() or self.env.user.share
        for task in self:
            answer = answers.filtered(lambda a, task=task: a.fazhi_task_id == task)[:1]
            vals = {
                "completed_date": answer.end_datetime or now,
                "user_input_id": answer.id or task.user_input_id.id,
            }
            # sudo: whether the answer came through a QR poster (a link)
            if self_completed or answer.sudo().fazhi_walkin_id:
                vals["channel"] = "online"
            elif not task.interviewer_id:
                vals["interviewer_id"] = self.env.user.id
            task._fazhi_move("done", vals)
        return True
