from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models

# Percentages of the commission recomputed from the summed counts of its
# units (never averaged) when the monthly report carries both counts.
PERCENT_PAIRS = {
    "fazhi_satisfaction.coverage": (
        "fazhi_satisfaction.interviews_done",
        "fazhi_satisfaction.interviews_planned",
    ),
    "fazhi_satisfaction.callback_coverage": (
        "fazhi_satisfaction.callback_done",
        "fazhi_satisfaction.callback_cases",
    ),
}
REPORTED_STATES = ("submitted", "accepted")


class FazhiMonthlySummary(models.Model):
    """The commission's own monthly report (seed 001, due the 28th) as the
    roll-up of its units' reports (seed 000, due the 25th): the figures of
    the reports submitted summed, their narratives collected, and the units
    that have not reported listed."""

    _inherit = "fazhi.monthly.summary"

    commission_due_date = fields.Date(
        string="Commission report due",
        compute="_compute_commission_due_date",
        help="Day by which the commission sends its own monthly report (Settings).",
    )
    rollup_html = fields.Html(
        string="Commission figures", compute="_compute_rollup", sanitize=False
    )
    narrative_html = fields.Html(
        string="Narratives of the units", compute="_compute_rollup", sanitize=False
    )
    missing_unit_names = fields.Text(string="Units not reported", compute="_compute_rollup")

    @api.depends("month", "company_id.fazhi_commission_report_due_day")
    def _compute_commission_due_date(self):
        for summary in self:
            if not summary.month:
                summary.commission_due_date = False
                continue
            company = summary.company_id or self.env.company
            day = company.fazhi_commission_report_due_day or 28
            last = fields.Date.end_of(summary.month, "month")
            summary.commission_due_date = summary.month.replace(day=min(day, last.day))

    @api.depends("month", "company_id")
    @api.depends_context("lang")
    def _compute_rollup(self):
        Report = self.env["fazhi.monthly.report"]
        registry = Report._fazhi_figures()
        for summary in self:
            rollup = summary._fazhi_rollup()
            rows = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td></tr>")
                % (
                    registry[code]["label"],
                    Report._fazhi_figure_format(registry[code], value),
                    self.env._("average of the units") if code in rollup["averaged"] else "",
                )
                for code, value in rollup["figures"].items()
                if code in registry
            )
            summary.rollup_html = Markup(
                '<table class="table table-sm table-bordered o_fazhi_rollup">'
                "<thead><tr><th>%s</th><th>%s</th><th></th></tr></thead><tbody>%s</tbody></table>"
            ) % (self.env._("Figure"), self.env._("Commission"), rows)
            summary.narrative_html = Markup("").join(
                Markup("<h5>%s</h5>%s") % (unit.display_name, narrative)
                for unit, narrative in rollup["narratives"]
            )
            summary.missing_unit_names = "\n".join(rollup["missing"].mapped("display_name"))

    def _fazhi_rollup(self):
        """The roll-up of the month's unit reports submitted or accepted.

        :return: ``{"figures": {code: value or None}, "averaged": {codes},
            "narratives": [(unit, html)], "missing": units}``: counts summed,
            percentages recomputed from summed counts where the report has
            both, else the average of the units that measured them.
        """
        self.ensure_one()
        rows = self._fazhi_unit_rows()
        reported = self.env["fazhi.monthly.report"].concat(
            *[row["report"] for row in rows if row["report"].state in REPORTED_STATES]
        )
        missing = self.env["fazhi.unit"].concat(
            *[row["unit"] for row in rows if row["report"].state not in REPORTED_STATES]
        )
        registry = self.env["fazhi.monthly.report"]._fazhi_figures()
        # One query for every figure of every report: {code: (sum, count)} of
        # the lines that measured something.
        measured = {
            code: (total or 0.0, count)
            for code, total, count in self.env["fazhi.monthly.report.line"]._read_group(
                [("report_id", "in", reported.ids), ("has_value", "=", True)],
                ["source"],
                ["value:sum", "__count"],
            )
            if code
        }
        sums = defaultdict(float, {code: total for code, (total, __) in measured.items()})
        figures = {}
        averaged = set()
        for code in sorted(measured, key=lambda code: registry.get(code, {}).get("sequence", 0)):
            kind = registry.get(code, {}).get("kind", "count")
            if kind == "count":
                figures[code] = sums[code]
                continue
            pair = PERCENT_PAIRS.get(code)
            if pair and sums.get(pair[1]):
                figures[code] = round(100.0 * sums[pair[0]] / sums[pair[1]], 1)
            else:
                total, count = measured[code]
                figures[code] = round(total / count, 1)
                averaged.add(code)
        narratives = [
            (report.unit_id, report.narrative)
            for report in reported.sorted(lambda report: report.unit_id.complete_name or "")
            if report.narrative and str(report.narrative).strip()
        ]
        return {
            "figures": figures,
            "averaged": averaged,
            "narratives": narratives,
            "missing": missing,
        }
