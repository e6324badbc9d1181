from dateutil.relativedelta import relativedelta

from odoo import api, models


class FazhiMonthlyReport(models.Model):
    """The satisfaction (满意度) and case callback (案件回访) figures of a
    unit's month in its monthly report (月报)."""

    _inherit = "fazhi.monthly.report"

    @api.model
    def _fazhi_figure_definitions(self):
        """The satisfaction figures (codes ``fazhi_satisfaction.*``) and the
        case callback figures (codes ``fazhi_satisfaction.callback_*``)."""
        return {
            **super()._fazhi_figure_definitions(),
            # Monthly satisfaction campaigns
            "fazhi_satisfaction.interviews_planned": {
                "label": self.env._("Satisfaction interviews planned"),
                "sequence": 200,
            },
            "fazhi_satisfaction.interviews_done": {
                "label": self.env._("Satisfaction interviews completed"),
                "sequence": 210,
            },
            "fazhi_satisfaction.coverage": {
                "label": self.env._("Interview coverage"),
                "kind": "percent",
                # the campaign's own target
                "target": "report",
                "sequence": 220,
                "measure": _measure_satisfaction,
            },
            "fazhi_satisfaction.coverage_target": {
                "label": self.env._("Interview coverage target"),
                "kind": "percent",
                "sequence": 230,
            },
            "fazhi_satisfaction.satisfaction_rate": {
                "label": self.env._("Satisfaction rate"),
                "kind": "percent",
                "sequence": 240,
                "measure": _measure_satisfaction,
            },
            "fazhi_satisfaction.unknown_rate": {
                "label": self.env._("Unknown rate"),
                "kind": "percent",
                "sequence": 250,
            },
            "fazhi_satisfaction.problems": {
                "label": self.env._("Problems reported"),
                "target": 0.0,
                "sequence": 260,
            },
            # Case callbacks
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
        figures = super()._fazhi_collect_figures()
        self._fazhi_collect_satisfaction_figures(figures)
        self._fazhi_collect_callback_figures(figures)
        return figures

    # ------------------------------------------------------------------
    # Monthly satisfaction campaigns
    # ------------------------------------------------------------------
    def _fazhi_collect_satisfaction_figures(self, figures):
        """Add to ``figures`` the unit's campaign and satisfaction figures of the month.

        Per month of the reports: one ``_read_group`` on the campaigns and one
        on the statistics (``fazhi.satisfaction.statistics``), whatever the
        number of reports. A unit without campaign nor answer that month (e.g.
        opted out) gets no satisfaction line.
        """
        Campaign = self.env["fazhi.satisfaction.campaign"].sudo()
        Report = self.env["fazhi.satisfaction.statistics"].sudo()
        for month, reports in self._fazhi_group_by_month().items():
            units = reports.unit_id
            campaigns = {
                unit: (snapshot, done, target)
                for unit, snapshot, done, target in Campaign._read_group(
                    [("unit_id", "in", units.ids), ("month", "=", month)],
                    ["unit_id"],
                    ["snapshot_count:sum", "done_count:sum", "target_rate:max"],
                )
            }
            answers = {
                unit: (satisfaction, unknown, problems)
                for unit, satisfaction, unknown, problems in Report._read_group(
                    [("unit_id", "in", units.ids), ("month", "=", month)],
                    ["unit_id"],
                    ["satisfaction_rate:avg", "unknown_rate:avg", "problem_count:sum"],
                )
            }
            for report in reports:
                unit = report.unit_id
                if unit not in campaigns and unit not in answers:
                    continue
                snapshot, done, target = campaigns.get(unit, (0, 0, 0.0))
                satisfaction, unknown, problems = answers.get(unit, (False, False, 0))
                target_percent = round(target * 100, 2)
                figures[report.id] += [
                    {"source": "fazhi_satisfaction.interviews_planned", "value": snapshot},
                    {"source": "fazhi_satisfaction.interviews_done", "value": done},
                    {
                        "source": "fazhi_satisfaction.coverage",
                        "value": round(done / snapshot * 100, 2) if snapshot else None,
                        "target": target_percent,
                    },
                    {"source": "fazhi_satisfaction.coverage_target", "value": target_percent},
                    {
                        "source": "fazhi_satisfaction.satisfaction_rate",
                        "value": _rounded(satisfaction),
                    },
                    {"source": "fazhi_satisfaction.unknown_rate", "value": _rounded(unknown)},
                    {"source": "fazhi_satisfaction.problems", "value": problems or 0},
                ]

    # ------------------------------------------------------------------
    # Case callbacks
    # ------------------------------------------------------------------
    def _fazhi_collect_callback_figures(self, figures):
        """Add to ``figures`` the callbacks due in the report's month, i.e. those of the cases
        closed the month before (one ``_read_group`` per month for all units):

        * cases closed last month;
        * callbacks done, and the coverage: done / cases closed (target 100 %);
        * counterparts unreachable (three failed attempts), counted apart;
        * on-time rate: done by the end of the month / done;
        * satisfaction rate: (satisfied + basically satisfied) / done;
        * callbacks with findings (each opened an accountability follow-up).

        A rate with nothing to divide by is ``None`` (shown "—").
        """
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


def _rounded(rate):
    """A rate of the statistics, ``None`` when no answer gave one."""
    return None if rate is None or rate is False else round(rate, 2)


def _measure_satisfaction(env, units, date_from, date_to):
    """Registry measure (``fazhi.monthly.report``): interview coverage and
    satisfaction rate of each unit over the campaigns of the months from
    ``date_from`` to ``date_to`` (excluded), from the sums (never an average
    of monthly rates); ``None`` without campaign or rated answer."""
    # sudo: counts per unit only, as the monthly report's figures.
    period = [
        ("unit_id", "in", units.ids),
        ("month", ">=", date_from),
        ("month", "<", date_to),
    ]
    campaigns = {
        unit: (done, snapshot)
        for unit, snapshot, done in env["fazhi.satisfaction.campaign"]
        .sudo()
        ._read_group(period, ["unit_id"], ["snapshot_count:sum", "done_count:sum"])
    }
    answers = {
        unit: (satisfied + basically, satisfied + basically + dissatisfied)
        for unit, satisfied, basically, dissatisfied in env["fazhi.satisfaction.statistics"]
        .sudo()
        ._read_group(
            period,
            ["unit_id"],
            [
                "satisfied_count:sum",
                "basically_satisfied_count:sum",
                "dissatisfied_count:sum",
            ],
        )
    }

    def rate(part, whole):
        return round(100.0 * part / whole, 2) if whole else None

    return {
        "fazhi_satisfaction.coverage": {unit: rate(*campaigns.get(unit, (0, 0))) for unit in units},
        "fazhi_satisfaction.satisfaction_rate": {
            unit: rate(*answers.get(unit, (0, 0))) for unit in units
        },
    }
