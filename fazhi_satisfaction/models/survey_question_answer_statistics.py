from odoo import api, fields, models

# Value of a choice's measure when the choice does not count in that rate (the
# view turns it into NULL, which AVG ignores).
NOT_COUNTED = -1.0

# rate -> (ratings counted as 100, ratings counted as 0)
RATE_RATINGS = {
    "fazhi_satisfaction_value": (("satisfied", "basically_satisfied"), ("dissatisfied",)),
    "fazhi_unknown_value": (("unknown",), ("satisfied", "basically_satisfied", "dissatisfied")),
    "fazhi_problem_value": (("problem",), ("no_problem",)),
}


class SurveyQuestionAnswer(models.Model):
    """The statistics' rate values of a choice, stored once per choice.

    The pivot averages them over millions of answer lines: reading a stored
    value of the (small) choice table per line is much cheaper than working out
    the rating of every line again, and keeps the query parallel.
    """

    _inherit = "survey.question.answer"

    fazhi_satisfaction_value = fields.Float(
        string="Satisfaction value",
        compute="_compute_fazhi_rate_values",
        store=True,
        help="100 for satisfied and basically satisfied, 0 for dissatisfied, -1 otherwise "
        "(not counted in the satisfaction rate).",
    )
    fazhi_unknown_value = fields.Float(
        string="Unknown value",
        compute="_compute_fazhi_rate_values",
        store=True,
        help="100 for unknown, 0 for the other satisfaction ratings, -1 otherwise.",
    )
    fazhi_problem_value = fields.Float(
        string="Problem value",
        compute="_compute_fazhi_rate_values",
        store=True,
        help="100 for a problem, 0 for no problem, -1 otherwise.",
    )

    @api.depends("fazhi_rating")
    def _compute_fazhi_rate_values(self):
        for choice in self:
            for fname, (hits, misses) in RATE_RATINGS.items():
                if choice.fazhi_rating in hits:
                    choice[fname] = 100.0
                elif choice.fazhi_rating in misses:
                    choice[fname] = 0.0
                else:
                    choice[fname] = NOT_COUNTED
