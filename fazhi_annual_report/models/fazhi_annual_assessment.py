from odoo import api, fields, models

# Components of the yearly assessment (纳入年终考核, seed 001: 以适当权重): the
# figure (a rate, 0-100) and the company setting that holds its weight.
COMPONENTS = (
    ("coverage", "satisfaction.coverage", "fazhi_assessment_weight_coverage"),
    ("satisfaction_rate", "satisfaction.rate", "fazhi_assessment_weight_satisfaction"),
    ("callback_on_time", "callback.on_time_rate", "fazhi_assessment_weight_callback"),
    ("complaint_on_time", "complaint.on_time_rate", "fazhi_assessment_weight_complaint"),
    ("indicator_progress", "indicator.progress", "fazhi_assessment_weight_indicator"),
    ("training_rate", "training.compliance_rate", "fazhi_assessment_weight_training"),
)


class FazhiAnnualAssessment(models.Model):
    """The year's assessment of a unit (年终考核): a score from weighted figures.

    Score = sum(weight x rate) / sum(weights) over the components the unit has
    a figure for (a unit without complaints is not marked down for them), on
    a 0-100 scale; units are ranked by score. Written by drafting the annual
    report (one line per unit of its scope with at least one figure), read
    in the ranking list and pivot; nobody types them.
    """

    _name = "fazhi.annual.assessment"
    _description = "Annual assessment of a unit"
    _order = "report_id, rank, id"

    report_id = fields.Many2one(
        "fazhi.annual.report", required=True, ondelete="cascade", index=True, readonly=True
    )
    year = fields.Integer(related="report_id.year", store=True, aggregator=None)
    company_id = fields.Many2one(related="report_id.company_id", store=True)
    unit_id = fields.Many2one("fazhi.unit", required=True, index=True, readonly=True)
    coverage = fields.Float(string="Interview coverage", readonly=True, aggregator="avg")
    satisfaction_rate = fields.Float(readonly=True, aggregator="avg")
    callback_on_time = fields.Float(string="Callbacks on time", readonly=True, aggregator="avg")
    complaint_on_time = fields.Float(string="Complaints on time", readonly=True, aggregator="avg")
    indicator_progress = fields.Float(readonly=True, aggregator="avg")
    training_rate = fields.Float(
        string="Officers with enough training", readonly=True, aggregator="avg"
    )
    score = fields.Float(readonly=True, aggregator="avg", digits=(16, 1))
    rank = fields.Integer(readonly=True, aggregator="min")

    @api.model
    def _fazhi_scores(self, unit_figures, company):
        """Scores of the units of ``unit_figures`` (``{unit: figures}``),
        best first: ``[{"unit", "score", "rank", <component>: rate or None}]``."""
        weights = {name: max(company[setting] or 0.0, 0.0) for name, _code, setting in COMPONENTS}
        rows = []
        for unit, figures in unit_figures.items():
            row = {"unit": unit}
            total = weight_sum = 0.0
            for name, code, _setting in COMPONENTS:
                value = figures.get(code)
                row[name] = value
                if value is not None and weights[name]:
                    total += weights[name] * value
                    weight_sum += weights[name]
            if not weight_sum:
                continue
            row["score"] = round(total / weight_sum, 1)
            rows.append(row)
        rows.sort(key=lambda row: (-row["score"], row["unit"].complete_name or ""))
        rank = 0
        previous = None
        for position, row in enumerate(rows, start=1):
            if row["score"] != previous:
                rank, previous = position, row["score"]
            row["rank"] = rank
        return rows

    @api.model
    def _fazhi_store(self, report, rows):
        """Replace the assessment lines of ``report`` by ``rows``."""
        # sudo: the lines are the server's computation for a report the
        # caller has just drafted (office, checked by the action); nobody
        # writes them otherwise (no write ACL).
        Assessment = self.sudo()
        Assessment.search([("report_id", "=", report.id)]).unlink()
        Assessment.create(
            [
                {
                    "report_id": report.id,
                    "unit_id": row["unit"].id,
                    "score": row["score"],
                    "rank": row["rank"],
                    **{name: row[name] or 0.0 for name, _code, _setting in COMPONENTS},
                }
                for row in rows
            ]
        )
