from dateutil.relativedelta import relativedelta

from odoo import models


class FazhiMonthlyReport(models.Model):
    """Case callback figures (案件回访) in the unit's monthly report."""

    _inherit = "fazhi.monthly.report"

    def _fazhi_collect_figures(self):
        """The callbacks due in the report's month, i.e. those of the cases
        closed the month before (one ``_read_group`` per month for all units):

        * cases closed last month;
        * callbacks done, and the coverage: done / cases closed (target 100 %);
        * counterparts unreachable (three failed attempts), counted apart;
        * on-time rate: done by the end of the month / done;
        * satisfaction rate: (satisfied + basically satisfied) / done;
        * callbacks with findings (each opened an accountability follow-up).
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
        items = self.env._("items")
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
                    {
                        "source": "fazhi_satisfaction.callback_cases",
                        "name": self.env._("Cases closed last month (to call back)"),
                        "value": cases,
                        "uom": items,
                    },
                    {
                        "source": "fazhi_satisfaction.callback_done",
                        "name": self.env._("Case callbacks done"),
                        "value": done,
                        "uom": items,
                    },
                    {
                        "source": "fazhi_satisfaction.callback_coverage",
                        "name": self.env._("Case callback coverage"),
                        "value": round(100.0 * done / cases, 1) if cases else 0.0,
                        "uom": "%",
                        "target": 100.0,
                    },
                    {
                        "source": "fazhi_satisfaction.callback_unreachable",
                        "name": self.env._("Counterparts unreachable"),
                        "value": unreachable,
                        "uom": items,
                    },
                    {
                        "source": "fazhi_satisfaction.callback_on_time",
                        "name": self.env._("Case callbacks done on time"),
                        "value": round(100.0 * on_time / done, 1) if done else 0.0,
                        "uom": "%",
                        "target": 100.0,
                    },
                    {
                        "source": "fazhi_satisfaction.callback_satisfaction",
                        "name": self.env._("Case callback satisfaction rate"),
                        "value": round(100.0 * (satisfied + basically) / rated, 1)
                        if rated
                        else 0.0,
                        "uom": "%",
                    },
                    {
                        "source": "fazhi_satisfaction.callback_findings",
                        "name": self.env._("Case callbacks with findings"),
                        "value": found,
                        "uom": items,
                        "target": 0.0,
                    },
                ]
        return figures
