"""Issue 9, bad input: a survey choice that belongs to another question is refused.

The survey pages save whatever choice id the browser sends; a choice of
another question (a 不满意 of question 2 sent for question 1) would be stored
and counted as a dissatisfied answer of question 1. ``survey.user_input.line``
refuses it for every caller, the public pages (which save as superuser)
included.
"""

import json
from contextlib import contextmanager

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged


def _choice(question, rating=None):
    choices = question.suggested_answer_ids
    if rating:
        choices = choices.filtered(lambda c: c.fazhi_rating == rating)
    return choices[:1]


@tagged("post_install", "-at_install")
class TestPublicSurveyChoices(HttpCase):
    """The counterpart answers its questionnaire with the link (public user)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("fazhi_satisfaction.survey_survey_001")
        # chosen in Settings (the default is seed 000's)
        cls.env.company.fazhi_satisfaction_survey_id = cls.survey
        cls.unit = cls.env["fazhi.unit"].create({"name": "选项-审批办", "code": "T-CHOICE-SPB"})
        cls.staff = new_test_user(cls.env, "choice_staff", groups="fazhi_base.group_fazhi_staff")
        cls.unit.member_ids = cls.staff
        cls.partner = cls.env["res.partner"].create(
            {
                "name": "选项-自然人",
                "fazhi_counterpart_type": "natural",
                "fazhi_unit_ids": [(6, 0, cls.unit.ids)],
            }
        )
        cls.campaign = cls.env["fazhi.satisfaction.campaign"]._generate_campaigns(
            "2031-03-01", cls.unit.ids
        )
        cls.task = cls.campaign.task_ids
        cls.task.with_user(cls.staff).action_send_link()
        cls.answer = cls.task.user_input_id
        cls.page = cls.survey.page_ids[0]
        cls.question, cls.other_question = cls.page.question_ids[:2]
        cls.foreign = _choice(cls.other_question, "dissatisfied") or _choice(cls.other_question)
        assert cls.foreign and cls.foreign not in cls.question.suggested_answer_ids

    def _submit(self, choice_id):
        """Post the first page with ``choice_id`` for its first question,
        as the survey page does (JSON-RPC)."""
        response = self.url_open(
            f"/survey/submit/{self.survey.access_token}/{self.answer.access_token}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {"page_id": self.page.id, str(self.question.id): str(choice_id)},
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _report_rows(self):
        Report = self.env["fazhi.satisfaction.answer.report"]
        Report.invalidate_model()
        return Report.search([("user_input_id", "=", self.answer.id)])

    def test_forged_choice_is_refused(self):
        self.authenticate(None, None)
        self.answer._mark_in_progress()
        result = self._submit(self.foreign.id)
        self.assertIn("error", result)
        self.assertEqual(result["error"]["data"]["name"], "odoo.exceptions.ValidationError")
        self.assertIn("is not a choice of the question", result["error"]["data"]["message"])
        # nothing stored: no line at all (the page is refused as a whole)
        self.env.invalidate_all()
        self.assertFalse(self.answer.user_input_line_ids)
        self.assertFalse(
            self.env["survey.user_input.line"].search(
                [("suggested_answer_id", "=", self.foreign.id)]
            )
        )
        self.assertEqual(self.answer.state, "in_progress")
        self.assertFalse(self._report_rows())

        # the page with the question's own choice is saved as before
        own = _choice(self.question, "satisfied") or _choice(self.question)
        result = self._submit(own.id)
        self.assertNotIn("error", result)
        self.env.invalidate_all()
        line = self.answer.user_input_line_ids.filtered(
            lambda rec: rec.question_id == self.question
        )
        self.assertEqual(line.suggested_answer_id, own)

    def test_unknown_choice_id_is_refused(self):
        """An id that is no choice at all is refused as well (nothing stored)."""
        self.authenticate(None, None)
        self.answer._mark_in_progress()
        missing = self.env["survey.question.answer"].search([], order="id desc", limit=1).id + 1000
        result = self._submit(missing)
        self.assertIn("error", result)
        self.env.invalidate_all()
        self.assertFalse(self.answer.user_input_line_ids)


@tagged("post_install", "-at_install")
class TestSurveyLineChoice(TransactionCase):
    """The model refuses a line whose choice or matrix row is another question's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env["survey.survey"].create(
            {
                "title": "Choices",
                "question_and_page_ids": [
                    (
                        0,
                        0,
                        {
                            "title": "Q1",
                            "question_type": "simple_choice",
                            "suggested_answer_ids": [
                                (0, 0, {"value": "A1"}),
                                (0, 0, {"value": "B1"}),
                            ],
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "title": "Q2",
                            "question_type": "simple_choice",
                            "suggested_answer_ids": [(0, 0, {"value": "A2"})],
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "title": "M1",
                            "question_type": "matrix",
                            "suggested_answer_ids": [(0, 0, {"value": "col1"})],
                            "matrix_row_ids": [(0, 0, {"value": "row1"})],
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "title": "M2",
                            "question_type": "matrix",
                            "suggested_answer_ids": [(0, 0, {"value": "col2"})],
                            "matrix_row_ids": [(0, 0, {"value": "row2"})],
                        },
                    ),
                ],
            }
        )
        cls.q1, cls.q2, cls.m1, cls.m2 = cls.survey.question_and_page_ids
        cls.answer = cls.survey._create_answer(partner=cls.env.user.partner_id)
        cls.Line = cls.env["survey.user_input.line"]

    @contextmanager
    def assertInvalid(self, message):
        """ValidationError naming ``message``, rolled back (savepoint)."""
        with self.assertRaises(ValidationError) as caught:
            yield
        self.assertIn(message, str(caught.exception))

    def _line(self, question, choice, row=None):
        return self.Line.create(
            {
                "user_input_id": self.answer.id,
                "question_id": question.id,
                "answer_type": "suggestion",
                "suggested_answer_id": choice.id,
                "matrix_row_id": row.id if row else False,
            }
        )

    def test_choice_of_another_question(self):
        line = self._line(self.q1, self.q1.suggested_answer_ids[0])
        with self.assertInvalid("is not a choice of the question"):
            self._line(self.q1, self.q2.suggested_answer_ids)
        with self.assertInvalid("is not a choice of the question"):
            line.write({"suggested_answer_id": self.q2.suggested_answer_ids.id})
        with self.assertInvalid("is not a choice of the question"):
            line.write({"question_id": self.q2.id})
        line.write({"suggested_answer_id": self.q1.suggested_answer_ids[1].id})
        # the survey engine's own path (the pages save as superuser)
        with self.assertInvalid("is not a choice of the question"):
            self.answer.sudo()._save_lines(self.q2, self.q1.suggested_answer_ids[0].id)
        self.assertEqual(self.answer.user_input_line_ids, line)

    def test_matrix_row_and_column(self):
        self._line(self.m1, self.m1.suggested_answer_ids, self.m1.matrix_row_ids)
        with self.assertInvalid("is not a row of the question"):
            self._line(self.m1, self.m1.suggested_answer_ids, self.m2.matrix_row_ids)
        with self.assertInvalid("is not a choice of the question"):
            self._line(self.m1, self.m2.suggested_answer_ids, self.m1.matrix_row_ids)
        with self.assertInvalid("is not a row of the question"):
            self._line(self.q1, self.q1.suggested_answer_ids[0], self.m1.matrix_row_ids)
        with self.assertInvalid("is not a row of the question"):
            self.answer.sudo()._save_lines(
                self.m1, {str(self.m2.matrix_row_ids.id): [str(self.m1.suggested_answer_ids.id)]}
            )
