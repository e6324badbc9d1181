from dateutil.relativedelta import relativedelta

from odoo import fields, models

DONE_STATES = ("submitted", "approved", "accepted")
OPEN_STATES = ("draft", "returned")


class FazhiMonthlyReport(models.Model):
    _inherit = "fazhi.monthly.report"

    def _fazhi_collect_figures(self):
        """Indicator entries of the unit: due in the month, of those submitted,
        and overdue (due before the end of the month, or before today for the
        current month, and still open). One ``_read_group`` per figure and month."""
        figures = super()._fazhi_collect_figures()
        # sudo: only counts per unit of the report become figures (the report's
        # own unit), never an entry or its text; report lines are action-only.
        Entry = self.env["fazhi.indicator.entry"].sudo()
        today = fields.Date.context_today(self)
        items = self.env._("items")
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
                    {
                        "source": "fazhi_indicators.entries_due",
                        "name": self.env._("Indicator entries due"),
                        "value": due.get(unit, 0),
                        "uom": items,
                    },
                    {
                        "source": "fazhi_indicators.entries_submitted",
                        "name": self.env._("Indicator entries due and submitted"),
                        "value": done.get(unit, 0),
                        "uom": items,
                    },
                    {
                        "source": "fazhi_indicators.entries_overdue",
                        "name": self.env._("Indicator entries overdue"),
                        "value": overdue.get(unit, 0),
                        "uom": items,
                    },
                ]
        return figures
