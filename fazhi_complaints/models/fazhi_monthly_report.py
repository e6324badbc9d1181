from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, models


class FazhiMonthlyReport(models.Model):
    _inherit = "fazhi.monthly.report"

    @api.model
    def _fazhi_figure_definitions(self):
        """The complaint figures (codes ``fazhi_complaints.*``)."""
        return {
            **super()._fazhi_figure_definitions(),
            "fazhi_complaints.received": {
                "label": self.env._("Complaints about the unit received"),
                "sequence": 500,
            },
            "fazhi_complaints.concluded": {
                "label": self.env._("Complaints about the unit concluded"),
                "sequence": 510,
            },
            "fazhi_complaints.on_time_rate": {
                "label": self.env._("Complaints concluded on time"),
                "kind": "percent",
                "target": 100.0,
                "sequence": 520,
                "measure": _measure_complaints,
            },
            "fazhi_complaints.substantiated_rate": {
                "label": self.env._("Complaints substantiated"),
                "kind": "percent",
                "sequence": 530,
            },
            "fazhi_complaints.feedback_rate": {
                "label": self.env._("Complaints with feedback given"),
                "kind": "percent",
                "target": 100.0,
                "sequence": 540,
            },
            "fazhi_complaints.satisfaction_rate": {
                "label": self.env._("Complainants satisfied"),
                "kind": "percent",
                "sequence": 550,
            },
            "fazhi_complaints.bad_review_rectified_rate": {
                "label": self.env._("Real-name bad reviews called back and rectified"),
                "kind": "percent",
                "target": 100.0,
                "sequence": 560,
                "measure": _measure_complaints,
            },
        }

    def _fazhi_collect_figures(self):
        """Complaint figures of the unit for the month: received, 按期办结率, 查实率, 反馈率,
        satisfaction and 实名差评回访整改率 (target 100 %). Counts only, read as sudo;
        a rate of nothing (no complaint concluded, no callback) is ``None``.

        Every figure counts the complaints *about* the unit (``accused_unit_id``,
        known from registration on), the dimension of the complaint figures
        pivot (``fazhi.complaint.analysis``) too, so both agree for a unit and
        month; the responsible unit is empty until assignment."""
        figures = super()._fazhi_collect_figures()
        Complaint = self.env["fazhi.complaint"].sudo()
        for month, reports in self._fazhi_group_by_month().items():
            units = [("accused_unit_id", "in", reports.unit_id.ids)]
            next_month = month + relativedelta(months=1)
            received = dict(
                Complaint._read_group(
                    [
                        ("accused_unit_id", "in", reports.unit_id.ids),
                        ("received_date", ">=", month),
                        ("received_date", "<", next_month),
                    ],
                    ["accused_unit_id"],
                    ["__count"],
                )
            )
            concluded_domain = [
                *units,
                ("concluded_date", ">=", month),
                ("concluded_date", "<", next_month),
            ]
            # unit -> [concluded, on time, substantiated, feedback given]
            concluded = defaultdict(lambda: [0, 0, 0, 0])
            for unit, on_time, outcome, has_feedback, count in Complaint._read_group(
                concluded_domain,
                ["accused_unit_id", "concluded_on_time", "outcome", "feedback_date:month"],
                ["__count"],
            ):
                row = concluded[unit]
                row[0] += count
                row[1] += count if on_time else 0
                row[2] += count if outcome in ("substantiated", "partly_substantiated") else 0
                row[3] += count if has_feedback else 0
            # unit -> [callbacks, satisfied]
            callbacks = defaultdict(lambda: [0, 0])
            for unit, satisfaction, count in Complaint._read_group(
                [*units, ("callback_date", ">=", month), ("callback_date", "<", next_month)],
                ["accused_unit_id", "satisfaction"],
                ["__count"],
            ):
                callbacks[unit][0] += count
                if satisfaction in ("satisfied", "basically_satisfied"):
                    callbacks[unit][1] += count
            # Real-name bad reviews concluded in the month: called back and rectified.
            rectified = _bad_reviews_rectified(self.env, reports.unit_id, month, next_month)

            for report in reports:
                unit = report.unit_id
                total, on_time, founded, feedback = concluded.get(unit, (0, 0, 0, 0))
                called, satisfied = callbacks.get(unit, (0, 0))
                bad_total, bad_done = rectified.get(unit, (0, 0))
                figures[report.id] += [
                    {"source": "fazhi_complaints.received", "value": received.get(unit, 0)},
                    {"source": "fazhi_complaints.concluded", "value": total},
                    {"source": "fazhi_complaints.on_time_rate", "value": rate(on_time, total)},
                    {
                        "source": "fazhi_complaints.substantiated_rate",
                        "value": rate(founded, total),
                    },
                    {"source": "fazhi_complaints.feedback_rate", "value": rate(feedback, total)},
                    {
                        "source": "fazhi_complaints.satisfaction_rate",
                        "value": rate(satisfied, called),
                    },
                    {
                        "source": "fazhi_complaints.bad_review_rectified_rate",
                        "value": rate(bad_done, bad_total),
                    },
                ]
        return figures


def rate(part, whole):
    """``part`` of ``whole`` in %, ``None`` when there is nothing to measure."""
    return round(100.0 * part / whole, 1) if whole else None


def _bad_reviews_rectified(env, units, date_from, date_to):
    """``{unit: (real-name bad reviews concluded, of those called back and
    with no follow-up left open)}`` for the complaints about ``units``
    concluded from ``date_from`` to ``date_to`` (excluded): four queries,
    whatever the number of complaints."""
    # sudo: counts per unit only; identities (is_anonymous) never leave here.
    Complaint = env["fazhi.complaint"].sudo()
    domain = [
        ("accused_unit_id", "in", units.ids),
        ("concluded_date", ">=", date_from),
        ("concluded_date", "<", date_to),
        ("channel", "=", "bad_review"),
        ("is_anonymous", "=", False),
    ]
    total = dict(Complaint._read_group(domain, ["accused_unit_id"], ["__count"]))
    called = dict(
        Complaint._read_group(
            [*domain, ("callback_date", "!=", False)], ["accused_unit_id"], ["__count"]
        )
    )
    called_ids = Complaint.search([*domain, ("callback_date", "!=", False)]).ids
    open_ids = [
        res_id
        for [res_id] in env["fazhi.followup"]
        .sudo()
        ._read_group(
            [
                ("res_model", "=", "fazhi.complaint"),
                ("res_id", "in", called_ids),
                ("state", "not in", ("done", "verified", "cancelled")),
            ],
            ["res_id"],
        )
    ]
    still_open = dict(
        Complaint._read_group([("id", "in", open_ids)], ["accused_unit_id"], ["__count"])
    )
    return {
        unit: (count, called.get(unit, 0) - still_open.get(unit, 0))
        for unit, count in total.items()
    }


def _measure_complaints(env, units, date_from, date_to):
    """Registry measure (``fazhi.monthly.report``): 按期办结率 and 实名差评回访整改率
    of the complaints about each unit concluded in the period."""
    Complaint = env["fazhi.complaint"].sudo()
    concluded = defaultdict(lambda: [0, 0])
    for unit, on_time, count in Complaint._read_group(
        [
            ("accused_unit_id", "in", units.ids),
            ("concluded_date", ">=", date_from),
            ("concluded_date", "<", date_to),
        ],
        ["accused_unit_id", "concluded_on_time"],
        ["__count"],
    ):
        concluded[unit][0] += count
        concluded[unit][1] += count if on_time else 0
    rectified = _bad_reviews_rectified(env, units, date_from, date_to)
    return {
        "fazhi_complaints.on_time_rate": {
            unit: rate(concluded[unit][1], concluded[unit][0]) if unit in concluded else None
            for unit in units
        },
        "fazhi_complaints.bad_review_rectified_rate": {
            unit: rate(rectified[unit][1], rectified[unit][0]) if unit in rectified else None
            for unit in units
        },
    }
