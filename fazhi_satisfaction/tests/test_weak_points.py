from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common_statistics import SatisfactionStatsCase


@tagged("post_install", "-at_install")
class TestWeakPoints(SatisfactionStatsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.month = date(2026, 10, 1)
        cls.campaign_a = cls._campaign(cls.unit_a, cls.month, cls.partners)
        cls._known_answers(cls.campaign_a)
        cls.Followup = cls.env["fazhi.followup"]

    def _followups(self, campaign):
        return self.Followup.search(
            [("res_model", "=", campaign._name), ("res_id", "=", campaign.id)], order="id"
        )

    @freeze_time("2026-11-02 09:00:00")  # a Monday
    def test_close_creates_followups(self):
        self.campaign_a.with_user(self.manager_a).action_close()
        self.assertEqual(self.campaign_a.state, "closed")
        followups = self._followups(self.campaign_a)
        # question 1 at 80 % (under 90 %) and the problem 越权执法 of question 5;
        # not question 2 (95 %), question 3 (exactly 90 %), question 4 (only
        # 不了解), the unchosen problem 乱收费、乱罚款 nor the factual question 6
        self.assertEqual(len(followups), 2)
        weak, problem = followups
        deadline = self.env["resource.calendar"]._fazhi_add_working_days(
            date(2026, 11, 2), 10, company=self.unit_a.company_id
        )
        self.assertEqual(deadline, date(2026, 11, 16))
        for followup in followups:
            self.assertEqual(followup.kind, "rectification")
            self.assertEqual(followup.unit_id, self.unit_a)
            self.assertEqual(followup.deadline, deadline)
            self.assertEqual(followup.user_id, self.manager_a)  # the unit's manager
            self.assertEqual(followup.state, "open")
            self.assertEqual(
                (followup.res_model, followup.res_id), (self.campaign_a._name, self.campaign_a.id)
            )
            self.assertEqual(followup.source_name, self.campaign_a.display_name)
        self.assertEqual(weak.name, "统计审批办 2026-10: satisfaction under 90 % on question 1")
        # the evidence: question (with the unit in the blank), rate, answers
        self.assertIn("你到统计审批办办事满意吗？", weak.description)
        self.assertIn("Satisfaction rate 80 %", weak.description)
        self.assertIn("among 5 rated answers", weak.description)
        self.assertIn("满意: 3 (Satisfied)", weak.description)
        self.assertIn("基本满意: 1 (Basically satisfied)", weak.description)
        self.assertIn("不满意: 1 (Dissatisfied)", weak.description)
        self.assertIn("不了解: 2 (Unknown)", weak.description)
        self.assertEqual(
            problem.name, "统计审批办 2026-10: problem reported on question 5: 越权执法"
        )
        self.assertIn('Problem "越权执法" reported 1 time(s).', problem.description)
        self.assertIn("不存在以上情况: 19 (No problem)", problem.description)
        # the campaign's smart button
        self.assertEqual(self.campaign_a.followup_count, 2)
        action = self.campaign_a.action_view_followups()
        self.assertEqual(self.Followup.search(action["domain"]), followups)
        # staff of the unit see them
        self.assertEqual(self.Followup.with_user(self.staff_a).search(action["domain"]), followups)

    @freeze_time("2026-11-02 09:00:00")
    def test_threshold_per_question(self):
        """Each question has its threshold: 95 % is weak under a 96 % threshold,
        80 % is not under 80 %."""
        self.q_sat95.fazhi_threshold = 0.96
        self.q_sat.fazhi_threshold = 0.8
        self.campaign_a.action_close()
        names = self._followups(self.campaign_a).mapped("name")
        self.assertEqual(
            names,
            [
                "统计审批办 2026-10: satisfaction under 96 % on question 2",
                "统计审批办 2026-10: problem reported on question 5: 越权执法",
            ],
        )

    @freeze_time("2026-11-02 09:00:00")
    def test_each_problem_choice(self):
        """One follow-up per question and problem choice, with its count."""
        tasks = self.campaign_a.task_ids.sorted(lambda t: t.partner_id.name)
        # two more answers reporting 乱收费、乱罚款
        for task in tasks[:2]:
            self._answer(task, [self._choice(self.q_problem, "乱收费、乱罚款")])
        self.campaign_a.action_close()
        problems = self._followups(self.campaign_a).filtered(lambda f: "problem" in f.name)
        self.assertEqual(
            problems.mapped("name"),
            [
                "统计审批办 2026-10: problem reported on question 5: 越权执法",
                "统计审批办 2026-10: problem reported on question 5: 乱收费、乱罚款",
            ],
        )
        self.assertIn("reported 2 time(s)", problems[1].description)

    @freeze_time("2026-11-02 09:00:00")
    def test_setting_and_batch(self):
        """Several campaigns closed at once: one statistics query, one create;
        the deadline follows the company setting."""
        self.env.company.fazhi_satisfaction_followup_days = 3
        campaign_b = self._campaign(self.unit_b, self.month, self.partners[:3])
        for task in campaign_b.task_ids:
            self._answer(task, [self._choice(self.q_sat, "不满意")])
        campaign_clean = self._campaign(self.unit_b, date(2026, 9, 1), self.partners[:1])
        self._answer(campaign_clean.task_ids, [self._choice(self.q_sat, "满意")])
        campaigns = self.campaign_a | campaign_b | campaign_clean
        created = []
        original = type(self.Followup).create

        def create(model, vals_list):
            created.append(len(vals_list))
            return original(model, vals_list)

        with patch.object(type(self.Followup), "create", create):
            campaigns.action_close()
        self.assertEqual(created, [3])
        followups_b = self._followups(campaign_b)
        self.assertEqual(len(followups_b), 1)
        self.assertEqual(followups_b.unit_id, self.unit_b)
        self.assertEqual(followups_b.deadline, date(2026, 11, 5))
        self.assertFalse(self._followups(campaign_clean))

    @freeze_time("2026-11-02 09:00:00")
    def test_reclose_does_not_duplicate(self):
        self.campaign_a.action_close()
        self.assertEqual(len(self._followups(self.campaign_a)), 2)
        self.campaign_a.with_user(self.office)._fazhi_reopen("补录迟交的问卷")
        # a new problem reported after reopening
        task = self.campaign_a.task_ids.sorted(lambda t: t.partner_id.name)[1]
        self._answer(task, [self._choice(self.q_problem, "乱收费、乱罚款")])
        self.campaign_a.action_close()
        followups = self._followups(self.campaign_a)
        self.assertEqual(len(followups), 3)
        self.assertEqual(
            followups[-1].name,
            "统计审批办 2026-10: problem reported on question 5: 乱收费、乱罚款",
        )

    @freeze_time("2026-11-02 09:00:00")
    def test_no_answers(self):
        campaign = self._campaign(self.unit_b, self.month, self.partners[:2])
        campaign.action_close()
        self.assertFalse(self._followups(campaign))
        self.assertEqual(campaign.followup_count, 0)

    def test_statistics_button(self):
        action = self.campaign_a.action_view_statistics()
        self.assertEqual(action["res_model"], "fazhi.satisfaction.statistics")
        [(answers,)] = self.env[action["res_model"]]._read_group(
            action["domain"], [], ["answer_count:sum"]
        )
        self.assertEqual(answers, 88)
