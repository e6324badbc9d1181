from odoo.tests import TransactionCase, new_test_user

MONTH = "2031-03-01"


class CampaignCase(TransactionCase):
    """Units A (with a parent) and B, their staff and manager, and counterparts:

    * unit A: a private enterprise, a natural person, a medical institution
      (shared with B), and an archived counterpart;
    * unit B: the shared medical institution and a public place;
    * a unit without counterparts, and one that opted out.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("fazhi_satisfaction.survey_survey_001")
        cls.company = cls.env.company
        # the city's questionnaire chosen in Settings (the default is seed 000's)
        cls.company.fazhi_satisfaction_survey_id = cls.survey
        Unit = cls.env["fazhi.unit"]
        cls.parent_unit = Unit.create({"name": "测试卫健委", "code": "T-CMP-WJW"})
        cls.unit_a = Unit.create(
            {"name": "测试审批办", "code": "T-CMP-A", "parent_id": cls.parent_unit.id}
        )
        cls.unit_b = Unit.create(
            {"name": "测试监督所", "code": "T-CMP-B", "parent_id": cls.parent_unit.id}
        )
        cls.unit_empty = Unit.create({"name": "测试无对象科", "code": "T-CMP-E"})
        cls.unit_opt_out = Unit.create(
            {"name": "测试退出科", "code": "T-CMP-O", "fazhi_satisfaction_opt_out": True}
        )
        cls.staff_a = new_test_user(cls.env, "cmp_staff_a", groups="fazhi_base.group_fazhi_staff")
        cls.staff_b = new_test_user(cls.env, "cmp_staff_b", groups="fazhi_base.group_fazhi_staff")
        cls.manager_a = new_test_user(
            cls.env, "cmp_manager_a", groups="fazhi_base.group_fazhi_unit_manager"
        )
        cls.office = new_test_user(cls.env, "cmp_office", groups="fazhi_base.group_fazhi_office")
        cls.leader = new_test_user(cls.env, "cmp_leader", groups="fazhi_base.group_fazhi_leader")
        cls.unit_a.write({"member_ids": cls.staff_a.ids, "manager_id": cls.manager_a.id})
        cls.unit_b.member_ids = cls.staff_b

        Partner = cls.env["res.partner"]

        def counterpart(name, kind, units, **vals):
            return Partner.create(
                {
                    "name": name,
                    "fazhi_counterpart_type": kind,
                    "fazhi_unit_ids": [(6, 0, units.ids)],
                    **vals,
                }
            )

        cls.private = counterpart(
            "测试民营企业", "private_enterprise", cls.unit_a, email="private@example.com"
        )
        cls.person = counterpart("测试自然人", "natural", cls.unit_a)
        cls.clinic = counterpart("测试诊所", "medical", cls.unit_a | cls.unit_b)
        cls.archived = counterpart("测试已注销", "enterprise", cls.unit_a, active=False)
        cls.pool = counterpart("测试游泳馆", "public_place", cls.unit_b)
        counterpart("测试退出科对象", "other", cls.unit_opt_out)

    @classmethod
    def _generate(cls, units, month=MONTH):
        return cls.env["fazhi.satisfaction.campaign"]._generate_campaigns(month, units.ids)

    @staticmethod
    def _task(campaign, partner):
        task = campaign.task_ids.filtered(lambda t: t.partner_id == partner)
        assert len(task) == 1, (campaign, partner)
        return task

    @staticmethod
    def _fill(answer):
        """Answer every active question of ``answer`` with its first choice
        (the gate keeps its answer), as the survey pages would."""
        answer = answer.sudo()
        gate = answer.survey_id._fazhi_get_private_gate()
        answer._mark_in_progress()
        for question in answer.survey_id.question_ids - gate:
            if question in answer._get_inactive_conditional_questions():
                continue
            answer._save_lines(question, question.suggested_answer_ids[0].id)
        return answer
