from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_campaign import CampaignCase


@tagged("post_install", "-at_install")
class TestHostSideEffects(CampaignCase):
    """Installed into someone else's Odoo, fazhi changes neither what the
    instance's other users get nor the cost of the other surveys' answers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_survey = cls.env["survey.survey"].create(
            {
                "title": "Canteen survey",
                "question_and_page_ids": [
                    Command.create(
                        {
                            "title": f"Question {index}",
                            "question_type": "simple_choice",
                            "suggested_answer_ids": [
                                Command.create({"value": "Good"}),
                                Command.create({"value": "Bad"}),
                            ],
                        }
                    )
                    for index in range(3)
                ],
            }
        )

    def _survey_groups(self, user):
        return user.groups_id.filtered(
            lambda group: (
                group.category_id == self.env.ref("base.module_category_marketing_surveys")
            )
        )

    # ------------------------------------------------------------------
    # Rights: the instance's default user template is survey's
    # ------------------------------------------------------------------
    def test_default_user_template_untouched(self):
        template = self.env.ref("base.default_user")
        # survey makes every new internal user a survey officer: fazhi leaves it so
        self.assertEqual(self._survey_groups(template), self.env.ref("survey.group_survey_user"))
        fazhi_category = self.env.ref("fazhi_base.module_category_fazhi")
        self.assertFalse(template.groups_id.filtered(lambda g: g.category_id == fazhi_category))
        # a user created the plain way gets the template's survey groups, no
        # more and no less, and no fazhi role
        user = self.env["res.users"].create({"name": "Host colleague", "login": "host_colleague"})
        self.assertEqual(self._survey_groups(user), self._survey_groups(template))
        self.assertTrue(user.has_group("survey.group_survey_user"))
        self.assertFalse(user.has_group("survey.group_survey_manager"))
        self.assertFalse(user.groups_id.filtered(lambda g: g.category_id == fazhi_category))

    def test_survey_officers_keep_their_surveys_not_fazhi_questionnaires(self):
        officer = self.env["res.users"].create({"name": "Host officer", "login": "host_officer"})
        self.assertTrue(officer.has_group("survey.group_survey_user"))
        # the host's surveys: as in plain Odoo
        own = self.env["survey.survey"].with_user(officer).create({"title": "My own survey"})
        own.title = "My own survey, renamed"
        self.other_survey.with_user(officer).title = "Canteen survey 2"
        self.other_survey.question_ids[0].with_user(officer).title = "Question zero"
        # the rule-of-law questionnaires: edited by the survey administrators only
        question = self.survey.question_ids.filtered("suggested_answer_ids")[0]
        choice = question.suggested_answer_ids[0]
        with self.assertRaises(AccessError):
            self.survey.with_user(officer).title = "改过的问卷"
        with self.assertRaises(AccessError):
            question.with_user(officer).title = "改过的问题"
        with self.assertRaises(AccessError):
            choice.with_user(officer).fazhi_rating = "problem"
        with self.assertRaises(AccessError):
            self.env["survey.question"].with_user(officer).create(
                {"survey_id": self.survey.id, "title": "加塞的问题"}
            )
        # (survey's own check of the responsible's access refuses it first)
        with self.assertRaises(UserError):
            self.env["survey.survey"].with_user(officer).create(
                {"title": "冒充的问卷", "is_fazhi_questionnaire": True}
            )
        # the office (survey administrators) still edit them
        choice.with_user(self.office).fazhi_rating = "problem"
        self.assertEqual(choice.fazhi_rating, "problem")

    def test_staff_who_are_survey_officers(self):
        """New fazhi staff are survey officers too (the instance's default):
        they work as before, and their survey rights open nothing of fazhi's."""
        staff = self.env["res.users"].create(
            {"name": "新填报员", "login": "host_new_staff", "email": "new_staff@example.com"}
        )
        staff.groups_id += self.env.ref("fazhi_base.group_fazhi_staff")
        self.unit_a.member_ids += staff
        self.assertTrue(staff.has_group("survey.group_survey_user"))
        leader = self.env["res.users"].create({"name": "新领导", "login": "host_new_leader"})
        leader.groups_id += self.env.ref("fazhi_base.group_fazhi_leader")

        campaigns = self._generate(self.unit_a | self.unit_b)
        campaign_a = campaigns.filtered(lambda c: c.unit_id == self.unit_a)
        campaign_b = campaigns - campaign_a
        task = self._task(campaign_a, self.person)
        task.with_user(staff).action_start_interview()
        answer = self._fill(task.user_input_id)
        answer._mark_done()
        self.assertEqual(task.state, "done")
        task_b = self._task(campaign_b, self.pool)
        task_b.action_start_interview()
        answer_b = self._fill(task_b.user_input_id)

        # staff read their unit's answer, not the other unit's
        self.assertEqual(answer.with_user(staff).state, "done")
        lines = answer.user_input_line_ids
        lines.with_user(staff).read(["suggested_answer_id"])
        with self.assertRaises(AccessError):
            answer_b.with_user(staff).read(["state"])
        # neither they nor leaders change the answers' lines (the survey
        # engine does, as superuser), nor delete answers
        other_choice = lines[0].question_id.suggested_answer_ids[-1]
        for user in (staff, leader):
            self.assertEqual(len(lines.with_user(user).read(["id"])), len(lines))
            with self.assertRaises(AccessError):
                lines[0].with_user(user).suggested_answer_id = other_choice
            with self.assertRaises(AccessError):
                lines[0].with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.env["survey.user_input.line"].with_user(user).create(
                    {
                        "user_input_id": answer.id,
                        "question_id": other_choice.question_id.id,
                        "answer_type": "suggestion",
                        "suggested_answer_id": other_choice.id,
                    }
                )
            with self.assertRaises(AccessError):
                answer.with_user(user).unlink()
        # leaders only read the answers
        with self.assertRaises(AccessError):
            answer_b.with_user(leader).write({"nickname": "x"})
        # the office still manages them
        lines[0].with_user(self.office).suggested_answer_id = other_choice

    # ------------------------------------------------------------------
    # Statistics columns: fazhi's answers only
    # ------------------------------------------------------------------
    def _other_answer(self):
        answer = self.other_survey._create_answer(user=self.env.user)
        for question in self.other_survey.question_ids:
            answer._save_lines(question, question.suggested_answer_ids[0].id)
        return answer

    def test_other_surveys_answer_lines_stay_empty(self):
        answer = self._other_answer()
        answer._mark_done()
        self.env.flush_all()
        self.assertEqual(len(answer.user_input_line_ids), 3)
        self.env.cr.execute(
            """SELECT count(*) FROM survey_user_input_line
                WHERE user_input_id = %s
                  AND (fazhi_unit_id IS NOT NULL OR fazhi_company_id IS NOT NULL
                       OR fazhi_campaign_id IS NOT NULL OR fazhi_month IS NOT NULL
                       OR fazhi_submitted IS NOT NULL)""",
            [answer.id],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_fazhi_answer_lines_filled(self):
        campaign = self._generate(self.unit_a)
        task = self._task(campaign, self.person)
        task.action_start_interview()
        answer = self._fill(task.user_input_id)
        lines = answer.user_input_line_ids
        self.assertTrue(lines)
        for line in lines:
            self.assertEqual(line.fazhi_unit_id, self.unit_a)
            self.assertEqual(line.fazhi_company_id, self.unit_a.company_id)
            self.assertEqual(line.fazhi_campaign_id, campaign)
            self.assertEqual(line.fazhi_month, campaign.month)
            self.assertFalse(line.fazhi_submitted)
        answer._mark_done()
        self.assertTrue(all(lines.mapped("fazhi_submitted")))
        # a unit moved to another company takes its lines along
        company = self.env["res.company"].create({"name": "另一卫健委"})
        self.unit_a.company_id = company
        self.assertEqual(lines.fazhi_company_id, company)

    def test_statistics_columns_not_writable(self):
        answer = self._other_answer()
        line = answer.user_input_line_ids[0]
        for fname, value in (
            ("fazhi_unit_id", self.unit_a.id),
            ("fazhi_submitted", True),
            ("fazhi_month", "2031-03-01"),
        ):
            with self.assertRaises(AccessError):
                line.write({fname: value})
        question = self.other_survey.question_ids[0]
        with self.assertRaises(AccessError):
            self.env["survey.user_input.line"].create(
                {
                    "user_input_id": answer.id,
                    "question_id": question.id,
                    "answer_type": "suggestion",
                    "suggested_answer_id": question.suggested_answer_ids[1].id,
                    "fazhi_unit_id": self.unit_a.id,
                    "fazhi_submitted": True,
                }
            )
        self.assertFalse(line.fazhi_unit_id)
