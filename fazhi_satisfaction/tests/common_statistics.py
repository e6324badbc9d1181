"""Known answer sets for the statistics, weak-point and archive tests.

Campaigns and tasks are created directly with the ORM (not through the cron)
and the answers as submitted ``survey.user_input`` records with their choice
lines (answer type ``suggestion``).
"""

from datetime import date, datetime

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

SAT_CHOICES = [
    ("满意", "satisfied"),
    ("基本满意", "basically_satisfied"),
    ("不满意", "dissatisfied"),
    ("不了解", "unknown"),
]


class SatisfactionStatsCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tz="UTC", tracking_disable=True))

        def user(login, group, name):
            return new_test_user(
                cls.env,
                login=login,
                groups=f"fazhi_base.{group}",
                name=name,
                email=f"{login}@fazhi.test",
                tz="UTC",
            )

        cls.staff_a = user("st_staff_a", "group_fazhi_staff", "Staff A")
        cls.staff_b = user("st_staff_b", "group_fazhi_staff", "Staff B")
        cls.manager_a = user("st_manager_a", "group_fazhi_unit_manager", "Manager A")
        cls.office = user("st_office", "group_fazhi_office", "Office")
        cls.leader = user("st_leader", "group_fazhi_leader", "Leader")

        Unit = cls.env["fazhi.unit"]
        cls.unit_parent = Unit.create({"name": "统计委", "code": "ST-P"})
        cls.unit_a = Unit.create(
            {
                "name": "统计审批办",
                "code": "ST-A",
                "parent_id": cls.unit_parent.id,
                "manager_id": cls.manager_a.id,
                "member_ids": [Command.set([cls.staff_a.id, cls.manager_a.id])],
            }
        )
        cls.unit_b = Unit.create(
            {
                "name": "统计监督所",
                "code": "ST-B",
                "parent_id": cls.unit_parent.id,
                "member_ids": [Command.set([cls.staff_b.id])],
            }
        )

        # A small questionnaire with every kind of question.
        cls.survey = cls.env["survey.survey"].create(
            {
                "title": "统计测试问卷",
                "is_fazhi_questionnaire": True,
                "access_mode": "token",
            }
        )
        cls.q_sat = cls._question(10, "1", "你到(地区/部门)办事满意吗？", SAT_CHOICES)
        cls.q_sat95 = cls._question(20, "2", "信息公开满意吗？", SAT_CHOICES)
        cls.q_sat90 = cls._question(30, "3", "执法人员满意吗？", SAT_CHOICES)
        cls.q_unknown = cls._question(40, "4", "网站满意吗？", SAT_CHOICES)
        cls.q_problem = cls._question(
            50,
            "5",
            "是否遇到以下情况？",
            [
                ("越权执法", "problem"),
                ("乱收费、乱罚款", "problem"),
                ("不存在以上情况", "no_problem"),
            ],
        )
        cls.q_fact = cls._question(60, "6", "你单位是否被检查？", [("是", False), ("否", False)])

        Partner = cls.env["res.partner"]
        cls.partners = Partner.create(
            [
                {
                    "name": f"相对人{index:02d}",
                    "fazhi_counterpart_type": "enterprise" if index < 4 else "private_enterprise",
                    "fazhi_unit_ids": [Command.set([cls.unit_a.id, cls.unit_b.id])],
                }
                for index in range(20)
            ]
        )

    @classmethod
    def _question(cls, sequence, code, title, choices):
        return cls.env["survey.question"].create(
            {
                "survey_id": cls.survey.id,
                "sequence": sequence,
                "title": title,
                "fazhi_code": code,
                "question_type": "simple_choice",
                "suggested_answer_ids": [
                    Command.create({"value": value, "sequence": position, "fazhi_rating": rating})
                    for position, (value, rating) in enumerate(choices, start=1)
                ],
            }
        )

    @classmethod
    def _choice(cls, question, value):
        choice = question.suggested_answer_ids.filtered(lambda a: a.value == value)
        assert len(choice) == 1, (question.title, value)
        return choice

    @classmethod
    def _campaign(cls, unit, month, partners):
        """A campaign of ``unit`` for ``month`` with one task per partner; the
        first four partners are phoned, the others reached by WeChat."""
        campaign = cls.env["fazhi.satisfaction.campaign"].create(
            {"unit_id": unit.id, "month": month, "survey_id": cls.survey.id, "target_rate": 0.9}
        )
        cls.env["fazhi.satisfaction.task"].create(
            [
                {
                    "campaign_id": campaign.id,
                    "partner_id": partner.id,
                    "channel": "phone" if index < 4 else "wechat",
                }
                for index, partner in enumerate(partners)
            ]
        )
        return campaign

    @classmethod
    def _answer(cls, task, choices, submitted=None):
        """A submitted answer of ``task`` choosing ``choices`` (one per question)."""
        return cls.env["survey.user_input"].create(
            {
                "survey_id": cls.survey.id,
                "partner_id": task.partner_id.id,
                "fazhi_task_id": task.id,
                "fazhi_unit_id": task.unit_id.id,
                "state": "done",
                "end_datetime": submitted or datetime(2026, 10, 20, 9, 30),
                "user_input_line_ids": [
                    Command.create(
                        {
                            "question_id": choice.question_id.id,
                            "answer_type": "suggestion",
                            "suggested_answer_id": choice.id,
                        }
                    )
                    for choice in choices
                ],
            }
        )

    @classmethod
    def _known_answers(cls, campaign):
        """The known answer set of a campaign of the 20 partners:

        * question 1 (answered by the first 7): 满意 x3, 基本满意, 不满意, 不了解 x2
          -> satisfaction 4/5 = 80 %, unknown 2/7; by type: enterprise
          (partners 0-3: 满意 x3, 基本满意) 100 %, private enterprise
          (4-6: 不满意, 不了解 x2) 0 % and unknown 2/3; the same by channel
          (phone 0-3, WeChat 4-19);
        * question 2: 满意 x19, 不满意 -> 95 %;
        * question 3: 满意 x18, 不满意 x2 -> 90 % exactly;
        * question 4: one 不了解 only -> no rate;
        * question 5: 越权执法 once, 不存在以上情况 x19 -> problem incidence 5 %;
        * question 6 (factual): 是 x20.
        """
        tasks = campaign.task_ids.sorted(lambda t: t.partner_id.name)
        q1 = ["满意", "满意", "满意", "基本满意", "不满意", "不了解", "不了解"]
        answers = cls.env["survey.user_input"]
        for index, task in enumerate(tasks):
            choices = []
            if index < len(q1):
                choices.append(cls._choice(cls.q_sat, q1[index]))
            choices.append(cls._choice(cls.q_sat95, "不满意" if index == 19 else "满意"))
            choices.append(cls._choice(cls.q_sat90, "不满意" if index >= 18 else "满意"))
            if index == 0:
                choices.append(cls._choice(cls.q_unknown, "不了解"))
            choices.append(
                cls._choice(cls.q_problem, "越权执法" if index == 0 else "不存在以上情况")
            )
            choices.append(cls._choice(cls.q_fact, "是"))
            answers |= cls._answer(task, choices)
        return answers

    @classmethod
    def _month(cls, year, month):
        return date(year, month, 1)
