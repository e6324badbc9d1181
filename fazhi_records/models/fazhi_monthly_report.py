from dateutil.relativedelta import relativedelta

from odoo import api, models

from .fazhi_record_figures import GROUPS

PREFIX = "fazhi_records."


class FazhiMonthlyReport(models.Model):
    """The work-record figures of a unit's month in its monthly report:
    cases, licensing, inspections, reconsideration and litigation, training
    and publicity (codes ``fazhi_records.*``). A group of lines appears when
    the unit has records of that kind in the month."""

    _inherit = "fazhi.monthly.report"

    @api.model
    def _fazhi_record_figure_definitions(self):
        """``{code without prefix: (group, definition)}``, in report order."""
        percent = {"kind": "percent"}
        return {
            # Enforcement cases
            "penalty_cases": ("cases", {"label": self.env._("Penalty cases closed")}),
            "penalty_amount": ("cases", {"label": self.env._("Fines and confiscations")}),
            "major_cases": ("cases", {"label": self.env._("Major decisions")}),
            "legal_review_rate": (
                "cases",
                {
                    "label": self.env._("Major decisions with legal review"),
                    "target": 100.0,
                    **percent,
                },
            ),
            "publication_due": ("cases", {"label": self.env._("Decisions due for publication")}),
            "publication_rate": (
                "cases",
                {"label": self.env._("Decisions published on time"), "target": 100.0, **percent},
            ),
            "publication_overdue": (
                "cases",
                {"label": self.env._("Decisions overdue for publication"), "target": 0.0},
            ),
            "typical_cases": ("cases", {"label": self.env._("Typical cases published")}),
            # Licensing
            "licensing_received": (
                "licensing",
                {"label": self.env._("Licensing applications received")},
            ),
            "licensing_concluded": (
                "licensing",
                {"label": self.env._("Licensing applications concluded")},
            ),
            "licensing_on_time_rate": (
                "licensing",
                {"label": self.env._("Licensing concluded on time"), "target": 100.0, **percent},
            ),
            "licensing_compression_rate": (
                "licensing",
                {"label": self.env._("Licensing time compressed"), **percent},
            ),
            # Inspections
            "inspection_visits": (
                "inspections",
                {"label": self.env._("Inspections done (visits)")},
            ),
            "inspection_coverage": (
                "inspections",
                {"label": self.env._("Inspection coverage of the year's plan"), **percent},
            ),
            # Reconsideration and litigation
            "reconsiderations": ("disputes", {"label": self.env._("Reconsiderations received")}),
            "litigations": ("disputes", {"label": self.env._("Lawsuits received")}),
            "reconsideration_maintained_rate": (
                "disputes",
                {"label": self.env._("Reconsiderations maintained"), **percent},
            ),
            "correction_rate": (
                "disputes",
                {"label": self.env._("Decisions corrected"), **percent},
            ),
            "head_appearance_rate": (
                "disputes",
                {"label": self.env._("Head appeared in court"), "target": 100.0, **percent},
            ),
            # Training and publicity
            "training_sessions": ("training", {"label": self.env._("Training sessions")}),
            "training_participants": ("training", {"label": self.env._("Training participants")}),
            "exam_pass_rate": ("training", {"label": self.env._("Exam pass rate"), **percent}),
            "officers_short": (
                "training",
                {"label": self.env._("Officers short of yearly training hours"), "target": 0.0},
            ),
            "publicity_activities": ("publicity", {"label": self.env._("Publicity activities")}),
            "publicity_people": ("publicity", {"label": self.env._("People reached by publicity")}),
            "publicity_materials": (
                "publicity",
                {"label": self.env._("Publicity materials handed out")},
            ),
        }

    @api.model
    def _fazhi_figure_definitions(self):
        definitions = super()._fazhi_figure_definitions()
        for position, (code, (_group, definition)) in enumerate(
            self._fazhi_record_figure_definitions().items()
        ):
            definitions[PREFIX + code] = {
                **definition,
                "sequence": 700 + 10 * position,
                "measure": _measure_records,
            }
        return definitions

    @api.model
    def _fazhi_figure_uom(self, figure):
        if figure.get("code") == PREFIX + "penalty_amount":
            return self.env._("yuan")
        return super()._fazhi_figure_uom(figure)

    def _fazhi_collect_figures(self):
        figures = super()._fazhi_collect_figures()
        definitions = self._fazhi_record_figure_definitions()
        Figures = self.env["fazhi.record.figures"]
        for month, reports in self._fazhi_group_by_month().items():
            result = Figures._fazhi_record_figures(
                reports.unit_id, month, month + relativedelta(months=1)
            )
            for report in reports:
                values = result["units"][report.unit_id]
                active = {group for group, codes in GROUPS.items() if any(values[c] for c in codes)}
                figures[report.id] += [
                    {"source": PREFIX + code, "value": values[code]}
                    for code, (group, _definition) in definitions.items()
                    if group in active
                ]
        return figures


def _measure_records(env, units, date_from, date_to):
    """Registry measure (``fazhi.monthly.report``): every work-record figure
    of each unit over the period, in one ``_fazhi_record_figures`` call."""
    result = env["fazhi.record.figures"]._fazhi_record_figures(units, date_from, date_to)
    codes = env["fazhi.monthly.report"]._fazhi_record_figure_definitions()
    return {PREFIX + code: {unit: result["units"][unit][code] for unit in units} for code in codes}
