from odoo import api, fields, models
from odoo.exceptions import ValidationError


class FazhiLicensingRecord(models.Model):
    """One application in the register of administrative licensing (行政许可).

    Typed in or imported from the export of the licensing system (CSV or XLSX
    through Odoo's importer: the field labels are the usual column titles of
    such an export, so that the columns map by themselves). Only the
    applicant's name is kept, no identity document.

    The time limit (法定时限) is in working days from the day after receipt
    (fazhi_base's working-day helper); ``actual_days`` counts the working days
    from receipt to conclusion, ``days_compressed`` = limit − actual (the
    annual report's 平均审批时间压缩 is their sum over the sum of the limits).
    """

    _name = "fazhi.licensing.record"
    _description = "Licensing record"
    _inherit = ["mail.thread"]
    _order = "received_date desc, id desc"

    def _default_unit_id(self):
        return self.env.user.fazhi_unit_ids[:1]

    name = fields.Char(
        string="Application number",
        required=True,
        index=True,
        tracking=True,
        help="受理编号 of the application in the licensing system.",
    )
    unit_id = fields.Many2one(
        "fazhi.unit",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        default=lambda self: self._default_unit_id(),
    )
    company_id = fields.Many2one(
        related="unit_id.company_id", store=True, index=True, precompute=True, string="Company"
    )
    matter = fields.Char(string="Licensing matter", required=True, tracking=True, help="事项名称.")
    applicant = fields.Char(required=True, help="Name of the applicant (申请人), nothing more.")
    received_date = fields.Date(string="Received on", required=True, index=True, tracking=True)
    legal_days = fields.Integer(
        string="Legal time limit (working days)",
        required=True,
        default=20,
        help="法定办理时限, in working days.",
    )
    concluded_date = fields.Date(string="Concluded on", index=True, tracking=True)
    decision = fields.Selection(
        [
            ("granted", "Granted"),
            ("refused", "Refused"),
            ("withdrawn", "Withdrawn"),
        ],
        tracking=True,
    )
    deadline = fields.Date(
        string="Legal deadline", compute="_compute_days", store=True, help="Received + limit."
    )
    actual_days = fields.Integer(
        string="Working days taken", compute="_compute_days", store=True, aggregator="sum"
    )
    days_compressed = fields.Integer(
        string="Days compressed",
        compute="_compute_days",
        store=True,
        aggregator="sum",
        help="Legal time limit minus the working days taken.",
    )
    on_time = fields.Boolean(
        string="Concluded on time", compute="_compute_days", store=True, index=True
    )
    note = fields.Text()

    _sql_constraints = [
        (
            "name_unit_uniq",
            "unique(name, unit_id)",
            "Duplicate application: this unit already has an application with this number.",
        ),
    ]

    @api.depends("received_date", "concluded_date", "legal_days", "company_id")
    def _compute_days(self):
        Calendar = self.env["resource.calendar"]
        for company in self.company_id or [self.env.company]:
            records = self.filtered(
                lambda r, company=company: (r.company_id or self.env.company) == company
            )
            known = records.filtered("received_date")
            (records - known).update(
                {"deadline": False, "actual_days": 0, "days_compressed": 0, "on_time": False}
            )
            if not known:
                continue
            # One working-day oracle for the whole batch (an import).
            oracle = Calendar._fazhi_working_days(company=company)
            first = min(known.mapped("received_date"))
            last = max(known.mapped(lambda r: r.concluded_date or r.received_date))
            oracle.ensure(first, last)
            for record in known:
                record.deadline = oracle.add(record.received_date, max(record.legal_days, 0))
                if record.concluded_date:
                    actual = oracle.between(record.received_date, record.concluded_date)
                    record.actual_days = actual
                    record.days_compressed = record.legal_days - actual
                    record.on_time = actual <= record.legal_days
                else:
                    record.actual_days = 0
                    record.days_compressed = 0
                    record.on_time = False

    @api.constrains("received_date", "concluded_date", "legal_days")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        for record in self:
            if record.legal_days < 1:
                raise ValidationError(
                    self.env._(
                        "Application %(number)s: the legal time limit is at least one working day.",
                        number=record.name,
                    )
                )
            if record.received_date > today:
                raise ValidationError(
                    self.env._(
                        "Application %(number)s cannot be received in the future.",
                        number=record.name,
                    )
                )
            if record.concluded_date and record.concluded_date < record.received_date:
                raise ValidationError(
                    self.env._(
                        "Application %(number)s cannot be concluded (%(concluded)s) before it "
                        "was received (%(received)s).",
                        number=record.name,
                        concluded=fields.Date.to_string(record.concluded_date),
                        received=fields.Date.to_string(record.received_date),
                    )
                )
            if record.concluded_date and record.concluded_date > today:
                raise ValidationError(
                    self.env._(
                        "Application %(number)s cannot be concluded in the future.",
                        number=record.name,
                    )
                )

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import template for licensing records"),
                "template": "/fazhi_records/static/xls/fazhi_licensing_record_import.csv",
            }
        ]
