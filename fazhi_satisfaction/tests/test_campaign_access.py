from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common_campaign import CampaignCase

MODELS = (
    "fazhi.satisfaction.campaign",
    "fazhi.satisfaction.task",
    "fazhi.satisfaction.attempt",
    "survey.user_input",
    "survey.user_input.line",
)


@tagged("post_install", "-at_install")
class TestCampaignAccess(CampaignCase):
    """Unit A's people see unit A's campaigns, tasks, attempts and answers,
    unit B's people unit B's, whatever survey rights they have."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        campaigns = cls._generate(cls.unit_a | cls.unit_b)
        cls.campaign_a = campaigns.filtered(lambda c: c.unit_id == cls.unit_a)
        cls.campaign_b = campaigns - cls.campaign_a
        cls.records = {}
        for unit, campaign, staff, partner in (
            ("a", cls.campaign_a, cls.staff_a, cls.private),
            ("b", cls.campaign_b, cls.staff_b, cls.pool),
        ):
            task = cls._task(campaign, partner)
            attempt = cls.env["fazhi.satisfaction.attempt"].create(
                {"task_id": task.id, "outcome": "no_answer"}
            )
            task.with_user(staff).action_start_interview()
            answer = cls._fill(task.user_input_id)
            answer._mark_done()
            cls.records[unit] = {
                "fazhi.satisfaction.campaign": campaign,
                "fazhi.satisfaction.task": campaign.task_ids,
                "fazhi.satisfaction.attempt": attempt,
                "survey.user_input": answer,
                "survey.user_input.line": answer.user_input_line_ids,
            }
        # an ordinary survey answer, outside the campaigns
        cls.other_survey = cls.env["survey.survey"].create({"title": "Other survey"})
        cls.other_answer = cls.other_survey._create_answer(
            partner=cls.env.user.partner_id, check_attempts=False
        )

    def _assert_sees_only(self, user, mine, theirs):
        for model in MODELS:
            with self.subTest(user=user.login, model=model):
                own, other = self.records[mine][model], self.records[theirs][model]
                Model = self.env[model].with_user(user)
                found = Model.search([("id", "in", (own | other).ids)])
                self.assertEqual(found, own.with_user(user))
                # their own records are readable
                own.with_user(user).read(["display_name"])
                # the other unit's are not: refused on read, absent from searches
                with self.assertRaises(AccessError):
                    other.with_user(user).read(["display_name"])
                self.assertFalse(Model.search_count([("id", "in", other.ids)]))

    def test_staff_see_own_unit_only(self):
        self._assert_sees_only(self.staff_a, "a", "b")
        self._assert_sees_only(self.staff_b, "b", "a")

    def test_survey_user_rights_do_not_open_other_units(self):
        """Survey's own rules give a survey user every answer: the global rule
        still keeps staff who are survey users out of the other unit."""
        survey_group = self.env.ref("survey.group_survey_user")
        (self.staff_a | self.staff_b).groups_id += survey_group
        self.assertTrue(self.staff_a.has_group("survey.group_survey_user"))
        self._assert_sees_only(self.staff_a, "a", "b")
        self._assert_sees_only(self.staff_b, "b", "a")
        # an ordinary survey user (no rule-of-law role) sees no campaign answer,
        # and still the other surveys' answers
        surveyor = new_test_user(
            self.env, "cmp_surveyor", groups="base.group_user,survey.group_survey_user"
        )
        answers = self.records["a"]["survey.user_input"] | self.records["b"]["survey.user_input"]
        UserInput = self.env["survey.user_input"].with_user(surveyor)
        self.assertFalse(UserInput.search([("id", "in", answers.ids)]))
        self.assertEqual(UserInput.search([("id", "=", self.other_answer.id)]), self.other_answer)
        with self.assertRaises(AccessError):
            answers.with_user(surveyor).read(["state"])

    def test_write_access(self):
        # staff work their tasks, not the other unit's
        task_b = self.records["b"]["fazhi.satisfaction.task"][:1]
        with self.assertRaises(AccessError):
            task_b.with_user(self.staff_a).write({"channel": "visit"})
        with self.assertRaises(AccessError):
            task_b.with_user(self.staff_a).action_start_interview()
        with self.assertRaises(AccessError):
            self.env["fazhi.satisfaction.attempt"].with_user(self.staff_a).create(
                {"task_id": task_b.id, "outcome": "no_answer"}
            )
        # staff neither create nor change campaigns
        with self.assertRaises(AccessError):
            self.env["fazhi.satisfaction.campaign"].with_user(self.staff_a).create(
                {"unit_id": self.unit_a.id, "month": "2031-06-01"}
            )
        with self.assertRaises(AccessError):
            self.campaign_a.with_user(self.staff_a).write({"target_rate": 0.5})
        # staff read the answers of their unit, the survey engine writes them
        lines_a = self.records["a"]["survey.user_input.line"]
        with self.assertRaises(AccessError):
            lines_a.with_user(self.staff_a).unlink()

    def test_managers_office_leader(self):
        # the manager of the parent unit sees both units (child_of)
        parent_manager = new_test_user(
            self.env, "cmp_parent_manager", groups="fazhi_base.group_fazhi_unit_manager"
        )
        self.parent_unit.manager_id = parent_manager
        for model in MODELS:
            records = self.records["a"][model] | self.records["b"][model]
            with self.subTest(model=model):
                for user in (parent_manager, self.office, self.leader):
                    self.assertEqual(
                        self.env[model].with_user(user).search([("id", "in", records.ids)]),
                        records,
                    )
                # the manager of unit A only unit A
                self.assertEqual(
                    self.env[model].with_user(self.manager_a).search([("id", "in", records.ids)]),
                    self.records["a"][model],
                )
        # the leader changes nothing
        with self.assertRaises(AccessError):
            self.campaign_a.with_user(self.leader).write({"target_rate": 0.5})
        with self.assertRaises(AccessError):
            self.records["a"]["fazhi.satisfaction.task"][:1].with_user(self.leader).write(
                {"channel": "visit"}
            )
        # the unit manager closes their unit's campaign, not the other's
        self.campaign_a.with_user(self.manager_a).action_close()
        with self.assertRaises(AccessError):
            self.campaign_b.with_user(self.manager_a).action_close()
