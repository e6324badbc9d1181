from collections import defaultdict
from datetime import date

from odoo import api, fields, models

# The annual figures: the work records' (fazhi_records, codes ``records.*``)
# plus the satisfaction, callback, complaint, indicator and follow-up figures
# of the year. Raw figures are sums per unit; the commission's are the sums of
# its units; rates are computed from the sums (never averaged), None when there
# is nothing to measure.
RATES = {
    "satisfaction.coverage": ("satisfaction.done", "satisfaction.planned"),
    "satisfaction.rate": ("satisfaction.satisfied", "satisfaction.rated"),
    "callback.coverage": ("callback.done", "callback.cases"),
    "callback.on_time_rate": ("callback.on_time", "callback.done"),
    "callback.satisfaction_rate": ("callback.satisfied", "callback.rated"),
    "complaint.on_time_rate": ("complaint.on_time", "complaint.concluded"),
    "complaint.substantiated_rate": ("complaint.substantiated", "complaint.concluded"),
    "indicator.progress": ("indicator.submitted", "indicator.due"),
    "training.compliance_rate": ("training.officers_compliant", "training.officers"),
}
RAW_CODES = (
    "satisfaction.planned",
    "satisfaction.done",
    "satisfaction.satisfied",
    "satisfaction.rated",
    "satisfaction.problems",
    "callback.cases",
    "callback.done",
    "callback.on_time",
    "callback.satisfied",
    "callback.rated",
    "callback.findings",
    "complaint.received",
    "complaint.concluded",
    "complaint.on_time",
    "complaint.substantiated",
    "indicator.due",
    "indicator.submitted",
    "indicator.vetoes",
    "followup.rectification",
    "followup.overdue",
    "training.officers",
    "training.officers_compliant",
)


class FazhiAnnualFigures(models.AbstractModel):
    """The figures of a year (or any period) for the annual report.

    ``_fazhi_annual_figures(units, date_from, date_to)`` is the entry point:
    ``{"units": {unit: {code: value}}, "total": {code: value}}``, the work
    records' figures under ``records.<code>`` (``fazhi.record.figures``) and
    the others under their own codes (``RAW_CODES``, ``RATES``). Every figure
    is a ``_read_group`` per model and kind of figure, whatever the number of
    units, read as superuser: the figures are aggregates; the records behind
    them keep their own rules (``_fazhi_figure_domain`` opens them as the user).
    """

    _name = "fazhi.annual.figures"
    _description = "Annual report figures"

    @api.model
    def _fazhi_annual_figures(self, units, date_from, date_to):
        date_from = fields.Date.to_date(date_from)
        date_to = fields.Date.to_date(date_to)
        records = self.env["fazhi.record.figures"]._fazhi_record_figures(units, date_from, date_to)
        raw = defaultdict(lambda: defaultdict(float))
        self._fazhi_satisfaction_figures(raw, units, date_from, date_to)
        self._fazhi_callback_figures(raw, units, date_from, date_to)
        self._fazhi_complaint_figures(raw, units, date_from, date_to)
        self._fazhi_indicator_figures(raw, units, date_from, date_to)
        self._fazhi_followup_figures(raw, units, date_from, date_to)
        self._fazhi_training_figures(raw, units, date_from, date_to)
        total = defaultdict(float)
        for unit in units:
            for code, value in raw[unit].items():
                total[code] += value
        result = {"units": {}, "total": self._fazhi_with_rates(total)}
        for unit in units:
            figures = self._fazhi_with_rates(raw[unit])
            figures.update(
                {f"records.{code}": value for code, value in records["units"][unit].items()}
            )
            result["units"][unit] = figures
        result["total"].update(
            {f"records.{code}": value for code, value in records["total"].items()}
        )
        return result

    @api.model
    def _fazhi_with_rates(self, raw):
        figures = {code: raw.get(code, 0) for code in RAW_CODES}
        for code, (numerator, denominator) in RATES.items():
            den = raw.get(denominator, 0)
            figures[code] = min(100.0, 100.0 * raw.get(numerator, 0) / den) if den else None
        return figures

    @api.model
    def _fazhi_add(self, raw, groups, *codes):
        """Add ``_read_group`` rows to ``codes``: the work records' own helper."""
        return self.env["fazhi.record.figures"]._fazhi_add(raw, groups, *codes)

    # ------------------------------------------------------------------
    # Per source
    # ------------------------------------------------------------------
    @api.model
    def _fazhi_satisfaction_figures(self, raw, units, date_from, date_to):
        """Monthly campaigns of the period: interviews planned and completed;
        answers: satisfied + basically satisfied over the rated ones."""
        # sudo: sums per unit only (see the class docstring)
        Campaign = self.env["fazhi.satisfaction.campaign"].sudo()
        period = [("unit_id", "in", units.ids), ("month", ">=", date_from), ("month", "<", date_to)]
        self._fazhi_add(
            raw,
            Campaign._read_group(period, ["unit_id"], ["snapshot_count:sum", "done_count:sum"]),
            "satisfaction.planned",
            "satisfaction.done",
        )
        Answer = self.env["fazhi.satisfaction.statistics"].sudo()
        for unit, satisfied, basically, dissatisfied, problems in Answer._read_group(
            period,
            ["unit_id"],
            [
                "satisfied_count:sum",
                "basically_satisfied_count:sum",
                "dissatisfied_count:sum",
                "problem_count:sum",
            ],
        ):
            raw[unit]["satisfaction.satisfied"] += (satisfied or 0) + (basically or 0)
            raw[unit]["satisfaction.rated"] += (
                (satisfied or 0) + (basically or 0) + (dissatisfied or 0)
            )
            raw[unit]["satisfaction.problems"] += problems or 0

    @api.model
    def _fazhi_callback_figures(self, raw, units, date_from, date_to):
        """Callbacks of the cases closed in the period."""
        Report = self.env["fazhi.case.callback.report"].sudo()
        for unit, cases, done, on_time, sat, basically, dissatisfied, found in Report._read_group(
            [
                ("unit_id", "in", units.ids),
                ("closing_date", ">=", date_from),
                ("closing_date", "<", date_to),
            ],
            ["unit_id"],
            [
                "case_count:sum",
                "done_count:sum",
                "on_time_count:sum",
                "satisfied_count:sum",
                "basically_satisfied_count:sum",
                "dissatisfied_count:sum",
                "finding_callback_count:sum",
            ],
        ):
            row = raw[unit]
            row["callback.cases"] += cases or 0
            row["callback.done"] += done or 0
            row["callback.on_time"] += on_time or 0
            row["callback.satisfied"] += (sat or 0) + (basically or 0)
            row["callback.rated"] += (sat or 0) + (basically or 0) + (dissatisfied or 0)
            row["callback.findings"] += found or 0

    @api.model
    def _fazhi_complaint_figures(self, raw, units, date_from, date_to):
        """Complaints about the units (``accused_unit_id``, as the monthly report)."""
        Complaint = self.env["fazhi.complaint"].sudo()
        base = [("accused_unit_id", "in", units.ids)]
        self._fazhi_add(
            raw,
            Complaint._read_group(
                [*base, ("received_date", ">=", date_from), ("received_date", "<", date_to)],
                ["accused_unit_id"],
                ["__count"],
            ),
            "complaint.received",
        )
        for unit, on_time, outcome, count in Complaint._read_group(
            [*base, ("concluded_date", ">=", date_from), ("concluded_date", "<", date_to)],
            ["accused_unit_id", "concluded_on_time", "outcome"],
            ["__count"],
        ):
            row = raw[unit]
            row["complaint.concluded"] += count
            row["complaint.on_time"] += count if on_time else 0
            if outcome in ("substantiated", "partly_substantiated"):
                row["complaint.substantiated"] += count

    @api.model
    def _fazhi_indicator_figures(self, raw, units, date_from, date_to):
        """Indicator entries due in the period, those submitted (or further),
        and the veto items triggered in campaigns of the period."""
        Entry = self.env["fazhi.indicator.entry"].sudo()
        due = [
            ("unit_id", "in", units.ids),
            ("campaign_id.state", "!=", "draft"),
            ("deadline", ">=", date_from),
            ("deadline", "<", date_to),
        ]
        self._fazhi_add(raw, Entry._read_group(due, ["unit_id"], ["__count"]), "indicator.due")
        self._fazhi_add(
            raw,
            Entry._read_group(
                [*due, ("state", "in", ("submitted", "approved", "accepted"))],
                ["unit_id"],
                ["__count"],
            ),
            "indicator.submitted",
        )
        self._fazhi_add(
            raw,
            self.env["fazhi.indicator.assignment"]
            .sudo()
            ._read_group(
                [("unit_id", "in", units.ids), *self._fazhi_veto_domain(date_from, date_to)],
                ["unit_id"],
                ["__count"],
            ),
            "indicator.vetoes",
        )

    @api.model
    def _fazhi_veto_domain(self, date_from, date_to):
        return [
            ("veto_triggered", "=", True),
            ("campaign_id.date_start", "<", date_to),
            "|",
            ("campaign_id.date_end", "=", False),
            ("campaign_id.date_end", ">=", date_from),
        ]

    @api.model
    def _fazhi_followup_figures(self, raw, units, date_from, date_to):
        """Rectification follow-ups opened in the period (weak points found),
        and follow-ups due in the period still open at its end (overdue)."""
        Followup = self.env["fazhi.followup"].sudo()
        self._fazhi_add(
            raw,
            Followup._read_group(
                self._fazhi_rectification_domain(units, date_from, date_to),
                ["unit_id"],
                ["__count"],
            ),
            "followup.rectification",
        )
        self._fazhi_add(
            raw,
            Followup._read_group(
                self._fazhi_overdue_domain(units, date_from, date_to), ["unit_id"], ["__count"]
            ),
            "followup.overdue",
        )

    @api.model
    def _fazhi_rectification_domain(self, units, date_from, date_to):
        return [
            ("unit_id", "in", units.ids),
            ("kind", "=", "rectification"),
            ("state", "!=", "cancelled"),
            ("create_date", ">=", fields.Datetime.to_datetime(date_from)),
            ("create_date", "<", fields.Datetime.to_datetime(date_to)),
        ]

    @api.model
    def _fazhi_overdue_domain(self, units, date_from, date_to):
        today = fields.Date.context_today(self)
        return [
            ("unit_id", "in", units.ids),
            ("deadline", ">=", date_from),
            ("deadline", "<", min(date_to, today)),
            ("state", "in", ("open", "in_progress")),
        ]

    @api.model
    def _fazhi_training_figures(self, raw, units, date_from, date_to):
        """Officers with training hours in the year the period ends in, and
        those reaching the yearly minimum."""
        year = date.fromordinal(date_to.toordinal() - 1).year
        for unit, short, count in (
            self.env["fazhi.training.hours.report"]
            .sudo()
            ._read_group(
                [("unit_id", "in", units.ids), ("year", "=", year)],
                ["unit_id", "is_short"],
                ["__count"],
            )
        ):
            raw[unit]["training.officers"] += count
            if not short:
                raw[unit]["training.officers_compliant"] += count
