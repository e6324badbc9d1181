from dateutil.relativedelta import relativedelta

from odoo import api, models


class FazhiMonthlyReport(models.Model):
    """Case callback figures (案件回访) in the unit's monthly report."""

    _inherit = "fazhi.monthly.report"

    @api.model
    def _fazhi_figure_definitions(self):
        """The case callback figures (codes ``fazhi_satisfaction.callback_*``)."""
        return {
            **super()._fazhi_figure_definitions(),
            "fazhi_satisfaction.callback_cases": {
                "label": self.env._("Cases closed last month (to call back)"),
                "sequence": 300,
            },
            "fazhi_satisfaction.callback_done": {
                "label": self.env._("Case callbacks done"),
                "sequence": 310,
            },
            "fazhi_satisfaction.callback_coverage": {
                "label": self.env._("Case callback coverage"),
                "kind": "percent",
                "target": 100.0,
                "sequence": 320,
            },
            "fazhi_satisfaction.callback_unreachable": {
                "label": self.env._("Counterparts unreachable"),
                "sequence": 330,
            },
            "fazhi_satisfaction.callback_on_time": {
                "label": self.env._("Case callbacks done on time"),
                "kind": "percent",
                "target": 100.0,
                "sequence": 340,
            },
            "fazhi_satisfaction.callback_satisfaction": {
                "label": self.env._("Case callback satisfaction rate"),
                "kind": "percent",
                "sequence": 350,
            },
            "fazhi_satisfaction.callback_findings": {
                "label": self.env._("Case callbacks with findings"),
                "target": 0.0,
                "sequence": 360,
            },
        }

    def _fazhi_collect_figures(self):
        """The callbacks due in the report's month, i.e. those of the cases
        closed the month before (one ``_read_group`` per month for all units):

        * cases closed last month;
        * callbacks done, and the coverage: done / cases closed (target 100 %);
        * counterparts unreachable (three failed attempts), counted apart;
        * on-time rate: done by the end of the month / done;
        * satisfaction rate: (satisfied + basically satisfied) / done;
        * callbacks with findings (each opened an accountability follow-up).

        A rate with nothing to divide by is ``None`` (shown "—").
        """
        figures = super()._fazhi_collect_figures()
        Report = self.env["fazhi.case.callback.report"].sudo()
        aggregates = [
            "case_count:sum",
            "done_count:sum",
            "unreachable_count:sum",
            "on_time_count:sum",
            "satisfied_count:sum",
            "basically_satisfied_count:sum",
            "dissatisfied_count:sum",
            "finding_callback_count:sum",
        ]
        for month, reports in self._fazhi_group_by_month().items():
            closed_from = month - relativedelta(months=1)
            rows = {
                unit: values
                for unit, *values in Report._read_group(
                    [
                        ("unit_id", "in", reports.unit_id.ids),
                        ("closing_date", ">=", closed_from),
                        ("closing_date", "<", month),
                    ],
                    ["unit_id"],
                    aggregates,
                )
            }
            for report in reports:
                (cases, done, unreachable, on_time, satisfied, basically, dissatisfied, found) = (
                    rows.get(report.unit_id, [0] * len(aggregates))
                )
                rated = satisfied + basically + dissatisfied
                figures[report.id] += [
                    {"source": "fazhi_satisfaction.callback_cases", "value": cases},
                    {"source": "fazhi_satisfaction.callback_done", "value": done},
                    {
                        "source": "fazhi_satisfaction.callback_coverage",
                        "value": round(100.0 * done / cases, 1) if cases else None,
                    },
                    {"source": "fazhi_satisfaction.callback_unreachable", "value": unreachable},
                    {
                        "source": "fazhi_satisfaction.callback_on_time",
                        "value": round(100.0 * on_time / done, 1) if done else None,
                    },
                    {
                        "source": "fazhi_satisfaction.callback_satisfaction",
                        "value": round(100.0 * (satisfied + basically) / rated, 1)
                        if rated
                        else None,
                    },
                    {"source": "fazhi_satisfaction.callback_findings", "value": found},
                ]
        return figures
