from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestIndicatorTour(HttpCase):
    def test_department_fills_and_submits(self):
        """Demo user ``staff`` (审批办) fills an entry, is refused for copying the
        indicator, writes a genuine answer and submits it."""
        staff = self.env.ref("fazhi_base.user_demo_staff")
        unit = self.env.ref("fazhi_base.unit_demo_approval")
        framework = self.env["fazhi.indicator.framework"].create(
            {"name": "TOUR framework", "code": "TOUR-FW"}
        )
        indicator = self.env["fazhi.indicator"].create(
            {
                "framework_id": framework.id,
                "code": "TOUR-1",
                "name": "全面普及行政审批服务“马上办、网上办、就近办、一次办、自助办”，"
                "行政审批事项在法定期限内完成并不断压缩办理时限。",
                "responsible_unit_ids": [(6, 0, unit.ids)],
            }
        )
        campaign = self.env["fazhi.indicator.campaign"].create(
            {
                "name": "TOUR campaign",
                "framework_id": framework.id,
                "round_ids": [(0, 0, {"name": "TOUR round", "deadline": "2099-12-31"})],
            }
        )
        campaign.action_start()
        entry = campaign.entry_ids
        self.assertEqual(entry.unit_id, unit)
        self.assertIn(staff, unit.member_ids)
        self.start_tour(
            "/odoo/action-fazhi_indicators.fazhi_indicator_entry_action",
            "fazhi_indicator_entry_tour",
            login="staff",
        )
        self.assertEqual(entry.state, "submitted")
        self.assertEqual(entry.submitted_by_id, staff)
        self.assertNotEqual(entry.completion, indicator.name)
        self.assertIn("18项", entry.completion)
