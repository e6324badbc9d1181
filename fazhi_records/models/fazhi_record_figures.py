from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models

# Raw figures are sums: per unit, and for the commission the sum of its units.
# Rates are computed from the sums (never averaged), None without denominator.
RATES = {
    "publication_rate": ("publication_on_time", "publication_due"),
    "legal_review_rate": ("major_reviewed", "major_cases"),
    "licensing_on_time_rate": ("licensing_on_time", "licensing_concluded"),
    "licensing_compression_rate": ("licensing_compressed_days", "licensing_legal_days"),
    "inspection_coverage": ("inspection_done_ytd", "inspection_planned"),
    "reconsideration_maintained_rate": (
        "reconsideration_maintained",
        "reconsideration_concluded",
    ),
    "correction_rate": ("disputes_corrected", "disputes_concluded"),
    "head_appearance_rate": ("head_appeared", "litigation_heard"),
    "exam_pass_rate": ("exam_passed", "exam_participants"),
}
RAW_CODES = (
    "penalty_cases",
    "penalty_amount",
    "fine_amount",
    "confiscation_amount",
    "major_cases",
    "major_reviewed",
    "publication_due",
    "publication_on_time",
    "publication_overdue",
    "typical_cases",
    "licensing_received",
    "licensing_concluded",
    "licensing_legal_days",
    "licensing_compressed_days",
    "licensing_on_time",
    "inspection_visits",
    "inspection_planned",
    "inspection_done_ytd",
    "reconsiderations",
    "litigations",
    "reconsideration_concluded",
    "reconsideration_maintained",
    "disputes_concluded",
    "disputes_corrected",
    "litigation_heard",
    "head_appeared",
    "training_sessions",
    "training_participants",
    "exam_participants",
    "exam_passed",
    "officers_short",
    "publicity_activities",
    "publicity_people",
    "publicity_materials",
)
# Which raw figures make a group "active" for a unit (monthly report lines).
GROUPS = {
    "cases": ("penalty_cases", "major_cases", "publication_due", "publication_overdue"),
    "licensing": ("licensing_received", "licensing_concluded"),
    "inspections": ("inspection_visits", "inspection_planned"),
    "disputes": ("reconsiderations", "litigations", "disputes_concluded", "litigation_heard"),
    "training": ("training_sessions", "officers_short"),
    "publicity": ("publicity_activities",),
}


class FazhiRecordFigures(models.AbstractModel):
    """The figures of the work records, for any units and period.

    ``_fazhi_record_figures(units, date_from, date_to)`` is the one entry
    point: the monthly report's hook (``fazhi.monthly.report``) and the
    annual report call it. Every figure is an aggregate of ``_read_group``
    queries (one per model and kind of figure, whatever the number of units),
    read as superuser: figures are aggregates every reader of a report may
    see; the records behind them keep their own record rules.
    """

    _name = "fazhi.record.figures"
    _description = "Work record figures"

    @api.model
    def _fazhi_record_figures(self, units, date_from, date_to):
        """Figures of ``units`` for ``date_from`` (included) to ``date_to``
        (excluded).

        :return: ``{"units": {unit: {code: value}}, "total": {code: value}}``
            where ``total`` sums the units' raw figures and computes the rates
            from those sums (the commission's figures); rates are percentages,
            ``None`` when there is nothing to measure.
        """
        date_from = fields.Date.to_date(date_from)
        date_to = fields.Date.to_date(date_to)
        raw = defaultdict(lambda: defaultdict(float))
        self._fazhi_case_figures(raw, units, date_from, date_to)
        self._fazhi_licensing_figures(raw, units, date_from, date_to)
        self._fazhi_inspection_figures(raw, units, date_from, date_to)
        self._fazhi_dispute_figures(raw, units, date_from, date_to)
        self._fazhi_training_figures(raw, units, date_from, date_to)
        total = defaultdict(float)
        for unit in units:
            for code, value in raw[unit].items():
                total[code] += value
        return {
            "units": {unit: self._fazhi_with_rates(raw[unit]) for unit in units},
            "total": self._fazhi_with_rates(total),
        }

    @api.model
    def _fazhi_case_breakdown(self, units, date_from, date_to):
        """Penalty cases closed in the period per professional field:
        ``{unit: {field: count}}`` plus ``{False: {field: count}}`` for all of
        ``units`` (the annual report's "其中：公共场所49件，…")."""
        groups = (
            self.env["fazhi.enforcement.case"]
            .sudo()
            ._read_group(
                [
                    ("unit_id", "in", units.ids),
                    ("case_type", "=", "penalty"),
                    ("closing_date", ">=", date_from),
                    ("closing_date", "<", date_to),
                ],
                ["unit_id", "professional_field_id"],
                ["__count"],
            )
        )
        result = defaultdict(lambda: defaultdict(int))
        for unit, field, count in groups:
            result[unit][field] += count
            result[False][field] += count
        return result

    # ------------------------------------------------------------------
    # Per model
    # ------------------------------------------------------------------
    @api.model
    def _fazhi_add(self, raw, groups, *codes):
        """Add ``_read_group`` rows ``(unit, agg1, agg2, ...)`` to ``codes``."""
        for unit, *values in groups:
            for code, value in zip(codes, values, strict=True):
                raw[unit][code] += value or 0

    @api.model
    def _fazhi_case_figures(self, raw, units, date_from, date_to):
        Case = self.env["fazhi.enforcement.case"].sudo()
        base = [("unit_id", "in", units.ids)]
        closed = [("closing_date", ">=", date_from), ("closing_date", "<", date_to)]
        self._fazhi_add(
            raw,
            Case._read_group(
                [*base, *closed, ("case_type", "=", "penalty")],
                ["unit_id"],
                ["__count", "penalty_amount:sum", "fine_amount:sum", "confiscation_amount:sum"],
            ),
            "penalty_cases",
            "penalty_amount",
            "fine_amount",
            "confiscation_amount",
        )
        decided = [("decision_date", ">=", date_from), ("decision_date", "<", date_to)]
        self._fazhi_add(
            raw,
            Case._read_group([*base, *decided, ("is_major", "=", True)], ["unit_id"], ["__count"]),
            "major_cases",
        )
        self._fazhi_add(
            raw,
            Case._read_group(
                [*base, *decided, ("is_major", "=", True), ("legal_reviewed", "=", True)],
                ["unit_id"],
                ["__count"],
            ),
            "major_reviewed",
        )
        due = [
            ("publication_required", "=", True),
            ("publication_deadline", ">=", date_from),
            ("publication_deadline", "<", date_to),
        ]
        self._fazhi_add(
            raw, Case._read_group([*base, *due], ["unit_id"], ["__count"]), "publication_due"
        )
        self._fazhi_add(
            raw,
            Case._read_group(
                [*base, *due, ("published_on_time", "=", True)], ["unit_id"], ["__count"]
            ),
            "publication_on_time",
        )
        today = fields.Date.context_today(self)
        self._fazhi_add(
            raw,
            Case._read_group(
                [
                    *base,
                    ("publication_required", "=", True),
                    ("publication_date", "=", False),
                    ("publication_deadline", "<", min(date_to, today)),
                ],
                ["unit_id"],
                ["__count"],
            ),
            "publication_overdue",
        )
        self._fazhi_add(
            raw,
            Case._read_group(
                [
                    *base,
                    ("typical_published_date", ">=", date_from),
                    ("typical_published_date", "<", date_to),
                ],
                ["unit_id"],
                ["__count"],
            ),
            "typical_cases",
        )

    @api.model
    def _fazhi_licensing_figures(self, raw, units, date_from, date_to):
        Licensing = self.env["fazhi.licensing.record"].sudo()
        base = [("unit_id", "in", units.ids)]
        self._fazhi_add(
            raw,
            Licensing._read_group(
                [*base, ("received_date", ">=", date_from), ("received_date", "<", date_to)],
                ["unit_id"],
                ["__count"],
            ),
            "licensing_received",
        )
        concluded = [
            *base,
            ("concluded_date", ">=", date_from),
            ("concluded_date", "<", date_to),
        ]
        self._fazhi_add(
            raw,
            Licensing._read_group(
                concluded, ["unit_id"], ["__count", "legal_days:sum", "days_compressed:sum"]
            ),
            "licensing_concluded",
            "licensing_legal_days",
            "licensing_compressed_days",
        )
        self._fazhi_add(
            raw,
            Licensing._read_group([*concluded, ("on_time", "=", True)], ["unit_id"], ["__count"]),
            "licensing_on_time",
        )

    @api.model
    def _fazhi_inspection_figures(self, raw, units, date_from, date_to):
        """Visits (户次) in the period; coverage of the plans of the period's
        years by the visits of those years up to the end of the period."""
        Record = self.env["fazhi.inspection.record"].sudo()
        base = [("unit_id", "in", units.ids)]
        self._fazhi_add(
            raw,
            Record._read_group(
                [*base, ("date", ">=", date_from), ("date", "<", date_to)],
                ["unit_id"],
                ["visit_count:sum"],
            ),
            "inspection_visits",
        )
        last_day = date_to - timedelta(days=1)
        years = list(range(date_from.year, last_day.year + 1))
        self._fazhi_add(
            raw,
            self.env["fazhi.inspection.plan"]
            .sudo()
            ._read_group([*base, ("year", "in", years)], ["unit_id"], ["planned_count:sum"]),
            "inspection_planned",
        )
        self._fazhi_add(
            raw,
            Record._read_group(
                [*base, ("plan_id.year", "in", years), ("date", "<", date_to)],
                ["unit_id"],
                ["visit_count:sum"],
            ),
            "inspection_done_ytd",
        )

    @api.model
    def _fazhi_dispute_figures(self, raw, units, date_from, date_to):
        Dispute = self.env["fazhi.legal.dispute"].sudo()
        base = [("unit_id", "in", units.ids)]
        received = [("received_date", ">=", date_from), ("received_date", "<", date_to)]
        concluded = [("concluded_date", ">=", date_from), ("concluded_date", "<", date_to)]
        for kind, code in (("reconsideration", "reconsiderations"), ("litigation", "litigations")):
            self._fazhi_add(
                raw,
                Dispute._read_group(
                    [*base, *received, ("kind", "=", kind)], ["unit_id"], ["__count"]
                ),
                code,
            )
        self._fazhi_add(
            raw,
            Dispute._read_group(
                [*base, *concluded, ("kind", "=", "reconsideration")], ["unit_id"], ["__count"]
            ),
            "reconsideration_concluded",
        )
        self._fazhi_add(
            raw,
            Dispute._read_group(
                [
                    *base,
                    *concluded,
                    ("kind", "=", "reconsideration"),
                    ("outcome", "=", "maintained"),
                ],
                ["unit_id"],
                ["__count"],
            ),
            "reconsideration_maintained",
        )
        self._fazhi_add(
            raw,
            Dispute._read_group([*base, *concluded], ["unit_id"], ["__count"]),
            "disputes_concluded",
        )
        self._fazhi_add(
            raw,
            Dispute._read_group(
                [*base, *concluded, ("is_corrected", "=", True)], ["unit_id"], ["__count"]
            ),
            "disputes_corrected",
        )
        heard = [
            *base,
            ("kind", "=", "litigation"),
            ("hearing_date", ">=", date_from),
            ("hearing_date", "<", date_to),
        ]
        self._fazhi_add(
            raw, Dispute._read_group(heard, ["unit_id"], ["__count"]), "litigation_heard"
        )
        self._fazhi_add(
            raw,
            Dispute._read_group([*heard, ("head_appeared", "=", True)], ["unit_id"], ["__count"]),
            "head_appeared",
        )

    @api.model
    def _fazhi_training_figures(self, raw, units, date_from, date_to):
        Session = self.env["fazhi.training.session"].sudo()
        base = [("unit_id", "in", units.ids), ("date", ">=", date_from), ("date", "<", date_to)]
        self._fazhi_add(
            raw,
            Session._read_group(base, ["unit_id"], ["__count", "participant_count:sum"]),
            "training_sessions",
            "training_participants",
        )
        self._fazhi_add(
            raw,
            Session._read_group(
                [*base, ("has_exam", "=", True)],
                ["unit_id"],
                ["participant_count:sum", "passed_count:sum"],
            ),
            "exam_participants",
            "exam_passed",
        )
        # Officers under the yearly minimum, in the year the period ends in.
        year = (date_to - timedelta(days=1)).year
        self._fazhi_add(
            raw,
            self.env["fazhi.training.hours.report"]
            .sudo()
            ._read_group(
                [("unit_id", "in", units.ids), ("year", "=", year), ("is_short", "=", True)],
                ["unit_id"],
                ["__count"],
            ),
            "officers_short",
        )
        Activity = self.env["fazhi.publicity.activity"].sudo()
        self._fazhi_add(
            raw,
            Activity._read_group(
                base, ["unit_id"], ["__count", "participant_count:sum", "material_count:sum"]
            ),
            "publicity_activities",
            "publicity_people",
            "publicity_materials",
        )

    @api.model
    def _fazhi_with_rates(self, raw):
        figures = {code: raw.get(code, 0) for code in RAW_CODES}
        for code, (numerator, denominator) in RATES.items():
            den = raw.get(denominator, 0)
            figures[code] = min(100.0, 100.0 * raw.get(numerator, 0) / den) if den else None
        return figures
