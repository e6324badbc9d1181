from odoo import models


class FazhiMonthlyReport(models.Model):
    """The satisfaction figures of a unit's month in its monthly report (月报)."""

    _inherit = "fazhi.monthly.report"

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
        items = self.env._("items")
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
                    {
                        "source": "fazhi_satisfaction.interviews_planned",
                        "name": self.env._("Satisfaction interviews planned"),
                        "value": snapshot,
                        "uom": items,
                    },
                    {
                        "source": "fazhi_satisfaction.interviews_done",
                        "name": self.env._("Satisfaction interviews completed"),
                        "value": done,
                        "uom": items,
                    },
                    {
                        "source": "fazhi_satisfaction.coverage",
                        "name": self.env._("Interview coverage"),
                        "value": round(done / snapshot * 100, 2) if snapshot else 0.0,
                        "uom": "%",
                        "target": target_percent,
                    },
                    {
                        "source": "fazhi_satisfaction.coverage_target",
                        "name": self.env._("Interview coverage target"),
                        "value": target_percent,
                        "uom": "%",
                    },
                    {
                        "source": "fazhi_satisfaction.satisfaction_rate",
                        "name": self.env._("Satisfaction rate"),
                        "value": round(satisfaction or 0.0, 2),
                        "uom": "%",
                    },
                    {
                        "source": "fazhi_satisfaction.unknown_rate",
                        "name": self.env._("Unknown rate"),
                        "value": round(unknown or 0.0, 2),
                        "uom": "%",
                    },
                    {
                        "source": "fazhi_satisfaction.problems",
                        "name": self.env._("Problems reported"),
                        "value": problems or 0,
                        "uom": items,
                        "target": 0.0,
                    },
                ]
        return figures
