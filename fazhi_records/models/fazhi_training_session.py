from odoo import api, fields, models
from odoo.exceptions import ValidationError

KINDS = [
    ("training", "Training"),
    ("legal_education", "Legal education"),
]


class FazhiTrainingSession(models.Model):
    """A training or legal-education session (培训, 普法学习) for officers.

    Its hours count for every participant: the yearly hours per enforcement
    officer (``fazhi.training.hours.report``) are the sum over their
    sessions (seed 004: not less than 40 学时 a year, in Settings).
    """

    _name = "fazhi.training.session"
    _description = "Training session"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    def _default_unit_id(self):
        return self.env.user.fazhi_unit_ids[:1]

    name = fields.Char(string="Topic", required=True, tracking=True)
    kind = fields.Selection(KINDS, required=True, default="training", index=True)
    unit_id = fields.Many2one(
        "fazhi.unit",
        string="Organised by",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        default=lambda self: self._default_unit_id(),
    )
    company_id = fields.Many2one(
        related="unit_id.company_id", store=True, index=True, precompute=True, string="Company"
    )
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    hours = fields.Float(string="Hours (学时)", required=True, default=2.0, digits=(5, 1))
    participant_ids = fields.Many2many(
        "res.users",
        "fazhi_training_session_user_rel",
        "session_id",
        "user_id",
        string="Participants",
        domain=[("share", "=", False)],
    )
    participant_count = fields.Integer(
        compute="_compute_participant_count", store=True, aggregator="sum"
    )
    has_exam = fields.Boolean(string="Exam")
    passed_count = fields.Integer(string="Passed", aggregator="sum")
    note = fields.Text()

    @api.depends("participant_ids")
    def _compute_participant_count(self):
        for session in self:
            session.participant_count = len(session.participant_ids)

    @api.constrains("hours", "passed_count", "participant_ids", "has_exam", "date")
    def _check_session(self):
        for session in self:
            if session.hours <= 0 or session.hours > 24:
                raise ValidationError(
                    self.env._(
                        "%(topic)s: a session lasts more than 0 and at most 24 hours.",
                        topic=session.name,
                    )
                )
            if session.passed_count < 0:
                raise ValidationError(
                    self.env._(
                        "%(topic)s: the number passed cannot be negative.", topic=session.name
                    )
                )
            if session.passed_count and not session.has_exam:
                raise ValidationError(
                    self.env._("%(topic)s: people pass an exam; tick Exam.", topic=session.name)
                )
            if session.passed_count > len(session.participant_ids):
                raise ValidationError(
                    self.env._(
                        "%(topic)s: %(passed)s passed but only %(count)s took part.",
                        topic=session.name,
                        passed=session.passed_count,
                        count=len(session.participant_ids),
                    )
                )
