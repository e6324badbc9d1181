from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .fazhi_complaint_time_limit import DAY_TYPES


class ResCompany(models.Model):
    _inherit = "res.company"

    # 《信访工作条例》: one extension of at most 30 days, approved by the head of the
    # agency (本机关、单位负责人), with a reason and notice to the complainant.
    fazhi_complaint_extension_max_days = fields.Integer(
        string="Maximum extension (days)",
        default=30,
        help="Longest extension of a complaint's conclusion deadline (one extension only).",
    )
    fazhi_complaint_extension_approver_id = fields.Many2one(
        "res.users",
        string="Head approving extensions",
        domain=[("share", "=", False)],
        help="Head of the agency who approves or refuses the extensions the office requests, "
        "besides the users of the Leader role; the requests are sent to them. Empty: the "
        "requests are sent to the company's leaders.",
    )
    # 12345 transfers: the hotline's own time limits, usually shorter than 15/60 days.
    fazhi_complaint_hotline_accept_days = fields.Integer(
        string="12345 acceptance limit",
        default=0,
        help="Days after the transfer within which a 12345 transfer is accepted or rejected. "
        "0: the 12345 channel's time limit applies.",
    )
    fazhi_complaint_hotline_accept_day_type = fields.Selection(
        DAY_TYPES, string="12345 acceptance counted in", default="working", required=True
    )
    fazhi_complaint_hotline_conclude_days = fields.Integer(
        string="12345 conclusion limit",
        default=0,
        help="Days after the transfer within which a 12345 transfer is concluded: the deadline "
        "given to a transfer registered without one. 0: no default deadline.",
    )
    fazhi_complaint_hotline_conclude_day_type = fields.Selection(
        DAY_TYPES, string="12345 conclusion counted in", default="working", required=True
    )
    fazhi_complaint_followup_days = fields.Integer(
        string="Rectification period (days)",
        default=30,
        help="Deadline, in calendar days after the conclusion, of the rectification or "
        "accountability follow-up opened for a substantiated complaint.",
    )
    fazhi_complaint_phone = fields.Char(
        string="Complaint phone",
        help="Telephone number of the complaint line, shown with the commission's name at the "
        "top of the public complaint pages.",
    )
    # The other public complaint channels (seeds 000/001: 向社会公布投诉电话), shown
    # beside the phone on every public page and in the annual report.
    fazhi_complaint_email = fields.Char(
        string="Complaint e-mail",
        help="E-mail address that receives complaints, shown on the public complaint pages.",
    )
    fazhi_complaint_address = fields.Char(
        string="Complaint postal address",
        help="Address for complaint letters, shown on the public complaint pages.",
    )
    fazhi_complaint_hotline = fields.Char(
        string="Government hotline",
        default="12345",
        help="The government service hotline (12345) that also takes complaints, shown on the "
        "public complaint pages.",
    )
    fazhi_complaint_rate_limit = fields.Integer(
        string="Public submissions per hour and address",
        default=5,
        help="Complaints the public form accepts per hour from one network address.",
    )
    fazhi_complaint_max_attachment_mb = fields.Integer(
        string="Maximum attachment size (MB)",
        default=10,
        help="Largest file accepted by the public complaint form.",
    )
    fazhi_complaint_status_attempts = fields.Integer(
        string="Wrong status queries per address",
        default=5,
        help="Wrong reference and query code pairs the public status page accepts from one "
        "network address within the window; further queries are refused for a while.",
    )
    fazhi_complaint_status_reference_attempts = fields.Integer(
        string="Wrong status queries per reference",
        default=20,
        help="Wrong query codes the public status page accepts for one reference, from any "
        "address, within the window; further queries of that reference are refused for a while.",
    )
    fazhi_complaint_status_window = fields.Integer(
        string="Status query window (minutes)",
        default=15,
        help="Period over which the wrong queries of the public status page are counted.",
    )

    @api.constrains(
        "fazhi_complaint_extension_max_days",
        "fazhi_complaint_followup_days",
        "fazhi_complaint_rate_limit",
        "fazhi_complaint_max_attachment_mb",
        "fazhi_complaint_status_attempts",
        "fazhi_complaint_status_reference_attempts",
        "fazhi_complaint_status_window",
    )
    def _check_fazhi_complaint_settings(self):
        for company in self:
            if (
                min(
                    company.fazhi_complaint_extension_max_days,
                    company.fazhi_complaint_followup_days,
                    company.fazhi_complaint_rate_limit,
                    company.fazhi_complaint_max_attachment_mb,
                    company.fazhi_complaint_status_attempts,
                    company.fazhi_complaint_status_reference_attempts,
                    company.fazhi_complaint_status_window,
                )
                < 1
            ):
                raise ValidationError(self.env._("The complaint settings must be at least 1."))

    @api.constrains("fazhi_complaint_hotline_accept_days", "fazhi_complaint_hotline_conclude_days")
    def _check_fazhi_complaint_hotline_limits(self):
        for company in self:
            if (
                min(
                    company.fazhi_complaint_hotline_accept_days,
                    company.fazhi_complaint_hotline_conclude_days,
                )
                < 0
            ):
                raise ValidationError(self.env._("The 12345 time limits cannot be negative."))
