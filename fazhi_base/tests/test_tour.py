from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestFollowupTour(HttpCase):
    def test_staff_sees_only_own_unit(self):
        """Demo user ``staff`` (审批办) lists the follow-ups: 审批办's, not 监督所's."""
        staff = self.env.ref("fazhi_base.user_demo_staff")
        approval = self.env.ref("fazhi_base.unit_demo_approval")
        supervision = self.env.ref("fazhi_base.unit_demo_supervision")
        self.assertIn(staff, approval.member_ids)
        self.assertNotIn(staff, supervision.member_ids)
        mine, other = self.env["fazhi.followup"].create(
            [
                {
                    "name": "FAZHI-TOUR-SPB 整改 行政许可办理时限超期",
                    "unit_id": approval.id,
                    "deadline": "2099-12-31",
                },
                {
                    "name": "FAZHI-TOUR-JDS 整改 执法案卷归档不规范",
                    "unit_id": supervision.id,
                    "deadline": "2099-12-31",
                },
            ]
        )
        self.assertEqual(mine.user_id, approval.manager_id)
        self.assertNotEqual(other.user_id, staff)
        self.start_tour(
            "/odoo/action-fazhi_base.fazhi_followup_action",
            "fazhi_followup_staff_tour",
            login="staff",
        )
        self.assertEqual(mine.state, "in_progress", "the tour started the follow-up")
        self.assertEqual(other.state, "open")
