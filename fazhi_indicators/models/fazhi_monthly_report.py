from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

DONE_STATES = ("submitted", "approved", "accepted")
OPEN_STATES = ("draft", "returned")


class FazhiMonthlyReport(models.Model):
    _inherit = "fazhi.monthly.report"

    @api.model
    def _fazhi_figure_definitions(self):
        """The indicator figures (codes ``fazhi_indicators.*``): the monthly
        entry counts, and the rectification rate measured live for indicators."""
        return {
            **super()._fazhi_figure_definitions(),
            "fazhi_indicators.entries_due": {
                "label": self.env._("Indicator entries due"),
                "sequence": 600,
            },
            "fazhi_indicators.entries_submitted": {
                "label": self.env._("Indicator entries due and submitted"),
                "sequence": 610,
            },
            "fazhi_indicators.entries_overdue": {
                "label": self.env._("Indicator entries overdue"),
                "sequence": 620,
            },
            "fazhi_indicators.rectification_done_rate": {
                "label": self.env._("Rectification follow-ups done on time"),
                "kind": "percent",
                "sequence": 630,
                "live": _rectification_done_rate,
                "measure": _measure_rectification_done_rate,
            },
        }

    def _fazhi_collect_figures(self):
        """Indicator entries of the unit: due in the month, of those submitted,
        and overdue (due before the end of the month, or before today for the
        current month, and still open). One ``_read_group`` per figure and month."""
        figures = super()._fazhi_collect_figures()
        # sudo: only counts per unit of the report become figures (the report's
        # own unit), never an entry or its text; report lines are action-only.
        Entry = self.env["fazhi.indicator.entry"].sudo()
        today = fields.Date.context_today(self)
        for month, reports in self._fazhi_group_by_month().items():
            next_month = month + relativedelta(months=1)
            base = [("unit_id", "in", reports.unit_id.ids), ("campaign_id.state", "!=", "draft")]
            in_month = [("deadline", ">=", month), ("deadline", "<", next_month)]
            due = self._fazhi_count_by_unit(Entry, [*base, *in_month])
            done = self._fazhi_count_by_unit(
                Entry, [*base, *in_month, ("state", "in", DONE_STATES)]
            )
            overdue = self._fazhi_count_by_unit(
                Entry,
                [*base, ("deadline", "<", min(next_month, today)), ("state", "in", OPEN_STATES)],
            )
            for report in reports:
                unit = report.unit_id
                figures[report.id] += [
                    {"source": "fazhi_indicators.entries_due", "value": due.get(unit, 0)},
                    {"source": "fazhi_indicators.entries_submitted", "value": done.get(unit, 0)},
                    {
                        "source": "fazhi_indicators.entries_overdue",
                        "value": overdue.get(unit, 0),
                    },
                ]
        return figures


def _rectification_done_rate(env, company):
    """Live value of ``fazhi_indicators.rectification_done_rate``: share (%)
    of the company's rectification follow-ups due by today that are done or
    verified; ``None`` when none is due."""
    today = fields.Date.context_today(env["fazhi.followup"])
    # sudo: only two counts of the company's follow-ups leave this function (a
    # rate), never a record, its name or its unit.
    Followup = env["fazhi.followup"].sudo()
    domain = [
        ("kind", "=", "rectification"),
        ("deadline", "<=", today),
        ("state", "!=", "cancelled"),
        ("company_id", "=", company.id),
    ]
    groups = dict(Followup._read_group(domain, ["state"], ["__count"]))
    total = sum(groups.values())
    if not total:
        return None
    done = groups.get("done", 0) + groups.get("verified", 0)
    return round(100.0 * done / total, 1)


def _measure_rectification_done_rate(env, units, date_from, date_to):
    """Registry measure of ``fazhi_indicators.rectification_done_rate``: per
    unit, the share (%) of its rectification follow-ups due in the period
    (and by today) that are done or verified; ``None`` when none is due."""
    today = fields.Date.context_today(env["fazhi.followup"])
    # sudo: counts per unit only, never a record.
    groups = (
        env["fazhi.followup"]
        .sudo()
        ._read_group(
            [
                ("unit_id", "in", units.ids),
                ("kind", "=", "rectification"),
                ("deadline", ">=", date_from),
                ("deadline", "<", date_to),
                ("deadline", "<=", today),
                ("state", "!=", "cancelled"),
            ],
            ["unit_id", "state"],
            ["__count"],
        )
    )
    counts = {}
    for unit, state, count in groups:
        total, done = counts.get(unit, (0, 0))
        counts[unit] = (total + count, done + (count if state in ("done", "verified") else 0))
    return {
        "fazhi_indicators.rectification_done_rate": {
            unit: round(100.0 * counts[unit][1] / counts[unit][0], 1) if unit in counts else None
            for unit in units
        }
    }
