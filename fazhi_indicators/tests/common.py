from odoo.tests import TransactionCase, new_test_user


class IndicatorCase(TransactionCase):
    """Two units (审批办 with a manager and a staff member, 监督所 with a staff
    member), an office user, a leader, a small framework and a started campaign."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        Unit = cls.env["fazhi.unit"]
        cls.office = new_test_user(
            cls.env, login="ind_office", groups="fazhi_base.group_fazhi_office"
        )
        cls.manager = new_test_user(
            cls.env, login="ind_manager", groups="fazhi_base.group_fazhi_unit_manager"
        )
        cls.staff = new_test_user(cls.env, login="ind_staff", groups="fazhi_base.group_fazhi_staff")
        cls.staff2 = new_test_user(
            cls.env, login="ind_staff2", groups="fazhi_base.group_fazhi_staff"
        )
        cls.leader = new_test_user(
            cls.env, login="ind_leader", groups="fazhi_base.group_fazhi_leader"
        )
        cls.root_unit = Unit.create({"name": "测试卫健委", "code": "T-WJW"})
        cls.unit_a, cls.unit_b = Unit.create(
            [
                {
                    "name": "测试审批办",
                    "code": "T-SPB",
                    "parent_id": cls.root_unit.id,
                    "manager_id": cls.manager.id,
                    "liaison_id": cls.staff.id,
                    "member_ids": [(6, 0, [cls.manager.id, cls.staff.id])],
                },
                {
                    "name": "测试监督所",
                    "code": "T-JDS",
                    "parent_id": cls.root_unit.id,
                    "member_ids": [(6, 0, [cls.staff2.id])],
                },
            ]
        )
        cls.framework = cls.env["fazhi.indicator.framework"].create(
            {
                "name": "测试指标体系",
                "code": "T-FW",
                "export_title": "《测试责任清单》指标分解表",
                "export_subtitle": "(卫健委内容)",
                "instructions": "不可照抄指标项。",
            }
        )
        Indicator = cls.env["fazhi.indicator"]
        cls.ind_1, cls.ind_2, cls.ind_bonus, cls.ind_veto, cls.ind_other = Indicator.create(
            [
                {
                    "framework_id": cls.framework.id,
                    "sequence": 10,
                    "code": "1",
                    "name": "全面普及行政审批服务“马上办、网上办、就近办、一次办、自助办”，"
                    "行政审批事项在法定期限内完成并不断压缩办理时限。",
                    "responsible_department_names": "测试审批办",
                },
                {
                    "framework_id": cls.framework.id,
                    "sequence": 20,
                    "code": "10",
                    "name": "全面推行“双随机、一公开”监管，大力推进跨部门联合监管，探索推进"
                    "“互联网+监管”，逐步实现职能部门综合监管、“智慧监管”。",
                    "responsible_department_names": "测试审批办、测试监督所",
                },
                {
                    "framework_id": cls.framework.id,
                    "sequence": 30,
                    "code": "九-1-1",
                    "kind": "bonus",
                    "name": "2019 年以来法治政府建设有关工作获得的省部级以上的表彰奖励。",
                    "responsible_department_names": "测试审批办",
                },
                {
                    "framework_id": cls.framework.id,
                    "sequence": 40,
                    "code": "九-2-1",
                    "kind": "veto",
                    "name": "发生严重违法行政行为，或者因行政不作为、乱作为造成恶劣社会影响的。",
                    "responsible_department_names": "测试监督所",
                },
                {
                    "framework_id": cls.framework.id,
                    "sequence": 50,
                    "code": "九-2-2",
                    "kind": "veto",
                    "name": "在示范创建活动的申报材料中、故意编造、虚构有关数据、资料、文件等。",
                    "responsible_department_names": "相关科室",
                },
            ]
        )
        cls.campaign = cls.env["fazhi.indicator.campaign"].create(
            {
                "name": "测试创建活动",
                "framework_id": cls.framework.id,
                "owner_unit_id": cls.root_unit.id,
                "liaison_id": cls.office.id,
                "leader_id": cls.leader.id,
                "stage_ids": [
                    (0, 0, {"name": "推进阶段", "stage_type": "promotion"}),
                    (0, 0, {"name": "整改提升阶段", "stage_type": "rectification"}),
                    (0, 0, {"name": "申报阶段", "stage_type": "declaration"}),
                ],
                "round_ids": [
                    (0, 0, {"name": "第一轮", "sequence": 1, "deadline": "2099-02-27"}),
                ],
            }
        )
        cls.campaign.with_user(cls.office).action_start()
        cls.round_1 = cls.campaign.round_ids
        Entry = cls.env["fazhi.indicator.entry"]
        cls.entry_a = Entry.search(
            [("indicator_id", "=", cls.ind_1.id), ("unit_id", "=", cls.unit_a.id)]
        )
        cls.entry_b = Entry.search(
            [("indicator_id", "=", cls.ind_2.id), ("unit_id", "=", cls.unit_b.id)]
        )
        cls.entry_bonus = Entry.search([("indicator_id", "=", cls.ind_bonus.id)])

    GENUINE = {
        "breakdown": "梳理本单位审批事项清单，制定压缩时限工作方案，落实窗口一次告知。",
        "completion": "已完成23项审批事项流程再造，按“马上办、网上办”要求上线18项，平均办理时限"
        "由20个工作日压缩至8个工作日。",
        "next_steps": "下半年推进剩余5项事项网上可办，每季度通报办理时限。",
    }

    def fill(self, entry, user=None, **values):
        entry.with_user(user or self.staff).write({**self.GENUINE, **values})
