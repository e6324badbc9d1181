from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestComplaintTours(HttpCase):
    def test_desk_registers_and_assigns_hotline_complaint(self):
        """Demo user ``desk`` registers a 12345 complaint, accepts and assigns it."""
        handler = self.env["res.users"].create(
            {
                "name": "FAZHI Tour Handler",
                "login": "fazhi_tour_handler",
                "groups_id": [Command.set([self.env.ref("fazhi_base.group_fazhi_staff").id])],
            }
        )
        unit = self.env["fazhi.unit"].create(
            {"name": "FAZHI-TOUR-UNIT", "code": "FZ-TOUR", "member_ids": [Command.set(handler.ids)]}
        )
        self.start_tour(
            "/odoo/action-fazhi_complaints.fazhi_complaint_action",
            "fazhi_complaint_desk_tour",
            login="desk",
        )
        complaint = self.env["fazhi.complaint"].search(
            [("hotline_ticket", "=", "FAZHI-TOUR-12345")]
        )
        self.assertEqual(complaint.channel, "hotline_12345")
        self.assertEqual(complaint.state, "assigned")
        self.assertEqual(complaint.unit_id, unit)
        self.assertEqual(complaint.handler_id, handler)

    def test_citizen_files_and_checks_status(self):
        self.env.company.fazhi_complaint_rate_limit = 100
        self.start_tour("/complaint/new", "fazhi_complaint_public_tour")
        complaint = self.env["fazhi.complaint"].search(
            [("description", "like", "FAZHI-TOUR-PUBLIC")]
        )
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.channel, "web")
        self.assertTrue(complaint.is_anonymous)
