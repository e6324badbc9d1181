from odoo import api, models


class FazhiMonthlyReport(models.Model):
    """The satisfaction figures of a unit's month in its monthly report (月报)."""

    _inherit = "fazhi.monthly.report"

    @api.model
    def _fazhi_figure_definitions(self):
        """The satisfaction figures (codes ``fazhi_satisfaction.*``)."""
        return {
            **super()._fazhi_figure_definitions(),
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
        }

    def _fazhi_collect_figures(self):
        """Add the unit's campaign and satisfaction figures of the month.

        Per month of the reports: one ``_read_group`` on the campaigns and one
        on the statistics (``fazhi.satisfaction.answer.report``), whatever the
        number of reports. A unit without campaign nor answer that month (e.g.
        opted out) gets no satisfaction line.
        """
        figures = super()._fazhi_collect_figures()
        Campaign = self.env["fazhi.satisfaction.campaign"].sudo()
        Report = self.env["fazhi.satisfaction.answer.report"].sudo()
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
        return figures


def _rounded(rate):
    """A rate of the statistics, ``None`` when no answer gave one."""
    return None if rate is None or rate is False else round(rate, 2)
