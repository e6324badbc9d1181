import json

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTourInterview(HttpCase):
    """A staff user interviews a private enterprise of their unit's campaign."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("fazhi_satisfaction.survey_survey_001")
        # chosen in Settings (the default is seed 000's)
        cls.env.company.fazhi_satisfaction_survey_id = cls.survey
        Unit = cls.env["fazhi.unit"]
        cls.unit = Unit.create({"name": "TOUR-审批办", "code": "T-TOUR-SPB"})
        cls.other_unit = Unit.create({"name": "TOUR-监督所", "code": "T-TOUR-JDS"})
        cls.staff = new_test_user(
            cls.env, "tour_staff", groups="fazhi_base.group_fazhi_staff", name="Tour Staff"
        )
        cls.other_staff = new_test_user(
            cls.env, "tour_other_staff", groups="fazhi_base.group_fazhi_staff"
        )
        cls.unit.member_ids = cls.staff
        cls.other_unit.member_ids = cls.other_staff
        Partner = cls.env["res.partner"]
        cls.enterprise = Partner.create(
            {
                "name": "TOUR-民营企业",
                "fazhi_counterpart_type": "private_enterprise",
                "phone": "0375-2663299",
                "fazhi_unit_ids": [(6, 0, cls.unit.ids)],
            }
        )
        cls.person = Partner.create(
            {
                "name": "TOUR-自然人",
                "fazhi_counterpart_type": "natural",
                "fazhi_unit_ids": [(6, 0, cls.unit.ids)],
            }
        )
        cls.campaign = cls.env["fazhi.satisfaction.campaign"]._generate_campaigns(
            "2031-03-01", cls.unit.ids
        )
        cls.task = cls.campaign.task_ids.filtered(lambda t: t.partner_id == cls.enterprise)

    def test_tour_interview(self):
        self.assertTrue(self.task)
        self.start_tour(
            "/odoo/action-fazhi_satisfaction.fazhi_satisfaction_task_action",
            "fazhi_satisfaction_interview_tour",
            login="tour_staff",
        )
        task = self.task
        self.assertEqual(task.state, "done")
        self.assertEqual(task.attempt_ids.mapped("outcome"), ["no_answer"])
        self.assertEqual(task.attempt_ids.user_id, self.staff)
        self.assertEqual(task.interviewer_id, self.staff)
        self.assertEqual(task.channel, "phone")
        answer = task.user_input_id
        self.assertEqual(answer.state, "done")
        self.assertEqual(answer.partner_id, self.enterprise)
        # the 16 questions, the gate and the 5 private-enterprise questions
        private = self.survey.page_ids[1].question_ids
        answered = answer.user_input_line_ids.filtered(lambda line: not line.skipped)
        self.assertEqual(len(answered.question_id), 22)
        self.assertEqual(private & answered.question_id, private)
        self.assertEqual((self.campaign.done_count, self.campaign.snapshot_count), (1, 2))

    def test_tour_campaign_views(self):
        manager = new_test_user(
            self.env, "tour_manager", groups="fazhi_base.group_fazhi_unit_manager"
        )
        self.unit.manager_id = manager
        self.start_tour(
            "/odoo/action-fazhi_satisfaction.fazhi_satisfaction_campaign_action",
            "fazhi_satisfaction_campaign_views_tour",
            login="tour_manager",
        )

    def test_survey_page_access(self):
        """The interviewer opens the counterpart's answer; others do not; a
        closed campaign says so."""
        self.task.with_user(self.staff).action_start_interview()
        answer = self.task.user_input_id
        url = f"/survey/{self.survey.access_token}/{answer.access_token}"
        self.authenticate("tour_staff", "tour_staff")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_fazhi_interview_banner", response.text)
        self.assertIn("TOUR-民营企业", response.text)
        self.assertNotIn("Survey Access Error", response.text)
        # staff of another unit get survey's access error page
        self.authenticate("tour_other_staff", "tour_other_staff")
        response = self.url_open(url)
        self.assertIn("Survey Access Error", response.text)
        # the counterpart with the link (public): the page, without the banner
        answer._mark_in_progress()
        self.authenticate(None, None)
        response = self.url_open(url)
        self.assertNotIn("Survey Access Error", response.text)
        self.assertNotIn("o_fazhi_interview_banner", response.text)
        self.assertIn("你到TOUR-审批办办理", response.text)
        # closed: the page tells why, the answer is kept
        self.campaign.action_close()
        response = self.url_open(url)
        self.assertIn("o_fazhi_campaign_closed", response.text)
        self.assertIn("late answers are no longer accepted", response.text)
        # a page submitted from a page opened before the close: refused, nothing saved
        lines = answer.user_input_line_ids
        page = self.survey.page_ids[0]
        question = page.question_ids[0]
        response = self.url_open(
            f"/survey/submit/{self.survey.access_token}/{answer.access_token}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "page_id": page.id,
                        str(question.id): str(question.suggested_answer_ids[0].id),
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        error = response.json()["error"]
        self.assertEqual(error["data"]["name"], "odoo.exceptions.UserError")
        self.assertIn("late answers are no longer accepted", error["data"]["message"])
        self.assertEqual(answer.user_input_line_ids, lines)
        self.assertEqual(answer.state, "in_progress")
