from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTourCallback(HttpCase):
    """A callback officer records a phone callback with a 吃拿卡要 finding
    and sees the accountability follow-up it created."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        staff = "fazhi_base.group_fazhi_staff"
        cls.officer = new_test_user(cls.env, "tour_cb_officer", groups=staff, name="Tour Officer")
        cls.handler = new_test_user(cls.env, "tour_cb_handler", groups=staff, name="Tour Handler")
        cls.office = new_test_user(
            cls.env, "tour_cb_office", groups="fazhi_base.group_fazhi_office", name="Tour Office"
        )
        cls.env.company.fazhi_callback_followup_user_id = cls.office
        cls.unit = cls.env["fazhi.unit"].create(
            {
                "name": "TOUR-CB-审批办",
                "code": "T-TOUR-CB",
                "member_ids": [Command.set((cls.officer | cls.handler).ids)],
                "callback_officer_ids": [Command.set(cls.officer.ids)],
            }
        )
        partner = cls.env["res.partner"].create(
            {
                "name": "TOUR-CB-餐饮店",
                "fazhi_counterpart_type": "private_enterprise",
                "phone": "0375-2663225",
                "fazhi_unit_ids": [Command.set(cls.unit.ids)],
            }
        )
        today = fields.Date.context_today(cls.env["fazhi.case.callback"])
        cls.case = cls.env["fazhi.enforcement.case"].create(
            {
                "number": "CB-TOUR-001",
                "case_type": "licensing",
                "unit_id": cls.unit.id,
                "partner_id": partner.id,
                "handler_ids": [Command.set(cls.handler.ids)],
                "closing_date": today - relativedelta(months=1),
            }
        )
        cls.callback = (
            cls.env["fazhi.case.callback"]
            ._generate_callbacks(today - relativedelta(months=1))
            .filtered(lambda callback: callback.case_id == cls.case)
        )

    def test_tour_callback(self):
        self.assertEqual(self.callback.officer_id, self.officer)
        self.start_tour(
            "/odoo/action-fazhi_satisfaction.fazhi_case_callback_action",
            "fazhi_case_callback_tour",
            login="tour_cb_officer",
        )
        callback = self.callback
        self.assertEqual(callback.state, "done")
        self.assertEqual(callback.method, "phone")
        self.assertEqual(callback.satisfaction, "dissatisfied")
        self.assertEqual(
            callback.finding_ids, self.env.ref("fazhi_satisfaction.fazhi_callback_finding_bribery")
        )
        self.assertEqual(callback.date, fields.Date.context_today(callback))
        followup = callback.sudo().followup_ids
        self.assertEqual(len(followup), 1)
        self.assertEqual(followup.kind, "accountability")
        self.assertEqual(followup.user_id, self.office)
        self.assertEqual(followup.excluded_user_ids, self.handler)
        self.assertIn("索要好处费", followup.description)
