from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestChecklistData(TransactionCase):
    """The shipped checklist is seed 004's table (附件 1), verbatim."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.framework = cls.env.ref("fazhi_indicators.fazhi_indicator_framework_qp2023")
        cls.indicators = cls.framework.with_context(active_test=False).indicator_ids

    def by_code(self, code):
        indicator = self.indicators.filtered(lambda i: i.code == code)
        self.assertEqual(len(indicator), 1, code)
        return indicator

    def test_counts_and_unique_codes(self):
        self.assertEqual(len(self.indicators), 62)
        self.assertEqual(set(self.indicators.mapped("level")), {"3"})
        codes = self.indicators.mapped("code")
        self.assertEqual(len(codes), len(set(codes)))
        self.assertEqual(codes[:4], ["1", "2", "6", "7"])
        self.assertEqual(codes[-4:], ["九-1-1", "九-1-2", "九-2-1", "九-2-2"])

    def test_departments(self):
        counts = {}
        for indicator in self.indicators:
            name = indicator.responsible_department_names
            counts[name] = counts.get(name, 0) + 1
        self.assertEqual(
            counts,
            {
                "审批办": 6,
                "监督所": 20,
                "综合监督科": 12,
                "办公室": 11,
                "计财科": 1,
                "医政科": 6,
                "预防科": 1,
                "组织人事科": 1,
                "相关科室": 4,
            },
        )

    def test_sample_texts(self):
        self.assertEqual(
            self.by_code("1").name,
            "全面普及行政审批服务“马上办、网上办、就近办、一次办、自助办”，"
            "行政审批事项在法定期限内完成并不断压缩办理时限。",
        )
        self.assertEqual(self.by_code("1").responsible_department_names, "审批办")
        self.assertEqual(
            self.by_code("12").name,
            "加强信用监管，推进涉企信息归集共享，严格依法科学界定守信和失信行为，"
            "建立健全信用修复、异议处理等机制。",
        )
        self.assertEqual(self.by_code("12").responsible_department_names, "综合监督科")
        # The row split over two pages of the seed is joined.
        self.assertTrue(
            self.by_code("48").name.endswith("无逾期未查未决案件，人民群众具有较高满意度。")
        )
        self.assertEqual(self.by_code("48").responsible_department_names, "监督所")
        self.assertEqual(self.by_code("75").responsible_department_names, "计财科")
        self.assertEqual(self.by_code("88").responsible_department_names, "预防科")
        self.assertEqual(self.by_code("95").responsible_department_names, "组织人事科")
        self.assertIn("实名差评回访整改率达到 100%", self.by_code("19").name)
        self.assertEqual(self.by_code("19").target_value, 100.0)
        self.assertEqual(self.by_code("59").target_value, 100.0)
        self.assertEqual(
            self.by_code("九-2-2").name,
            "在示范创建活动的申报材料中、故意编造、虚构有关数据、资料、文件等，或者隐瞒事实真相的。",
        )

    def test_kinds(self):
        self.assertEqual(self.by_code("九-1-1").kind, "bonus")
        self.assertEqual(self.by_code("九-1-2").kind, "bonus")
        self.assertEqual(self.by_code("九-2-1").kind, "veto")
        self.assertEqual(self.by_code("九-2-2").kind, "veto")
        self.assertEqual(set(self.indicators[:-4].mapped("kind")), {"normal"})
        self.assertIn("正式文件证明", self.by_code("九-1-1").evidence_requirements)

    def test_export_texts(self):
        self.assertEqual(
            self.framework.export_title, "《青浦区法治政府建设示范创建责任清单》指标分解表"
        )
        self.assertEqual(self.framework.export_subtitle, "(卫健委内容)")
        self.assertEqual(self.framework.default_reporting_unit_name, "青浦区卫生健康委员会（盖章）")
        self.assertTrue(self.framework.instructions.startswith("各相关科室按照"))
        self.assertIn("不可照抄指标项", self.framework.instructions)

    def test_match_units_by_name(self):
        unit = self.env["fazhi.unit"].create({"name": "预防科", "code": "T-YFK-MATCH"})
        self.framework.action_match_units()
        self.assertIn(unit, self.by_code("88").responsible_unit_ids)
        self.assertNotIn(unit, self.by_code("1").responsible_unit_ids)
        self.assertEqual(self.by_code("九-1-1").unmatched_department_names, "相关科室")
