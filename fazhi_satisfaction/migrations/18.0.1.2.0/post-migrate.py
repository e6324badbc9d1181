"""18.0.1.2.0: the "是否遇到/存在以下情况" questions are multiple choice.

The shipped questionnaires are ``noupdate`` data: a module update does not
change them in an existing database. Questions 1 and 3 of both questionnaires
become multiple choice (when they are still single choice: a questionnaire
changed in the survey designer in another way is left as it is), and seed
001's 不存在以上情况 becomes exclusive. The answers already given (one line per
question) stay valid and are counted as before.
"""

from odoo import SUPERUSER_ID, api

QUESTIONS = (
    "survey_question_001_q01",
    "survey_question_001_q03",
    "survey_question_000_q01",
    "survey_question_000_q03",
)
EXCLUSIVE_CHOICES = ("survey_question_answer_001_q01_4", "survey_question_answer_001_q03_5")


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})

    def records(xmlids):
        return [
            record
            for xmlid in xmlids
            if (record := env.ref(f"fazhi_satisfaction.{xmlid}", raise_if_not_found=False))
        ]

    for question in records(QUESTIONS):
        if question.question_type == "simple_choice":
            question.question_type = "multiple_choice"
    for choice in records(EXCLUSIVE_CHOICES):
        if choice.value == "不存在以上情况" and choice.fazhi_rating == "no_problem":
            choice.fazhi_is_exclusive = True
