from odoo import Command
from odoo.tests import Form, TransactionCase, new_test_user


class TestCaseLink(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.desk = new_test_user(
            cls.env, login="tcs_desk", groups="fazhi_complaints.group_fazhi_complaint_desk"
        )
        cls.handler = new_test_user(
            cls.env, login="tcs_handler", groups="fazhi_base.group_fazhi_staff"
        )
        cls.unit = cls.env["fazhi.unit"].create(
            {"name": "TCS unit", "code": "TCS-1", "member_ids": [Command.set(cls.handler.ids)]}
        )
        partner = cls.env["res.partner"].create(
            {
                "name": "TCS 餐饮有限公司",
                "is_fazhi_counterpart": True,
                "fazhi_counterpart_type": "private_enterprise",
                "phone": "0375-2663225",
                "fazhi_unit_ids": [Command.set(cls.unit.ids)],
            }
        )
        cls.case = cls.env["fazhi.enforcement.case"].create(
            {
                "number": "TCS-2026-001",
                "case_type": "licensing",
                "unit_id": cls.unit.id,
                "partner_id": partner.id,
                "handler_ids": [Command.set(cls.handler.ids)],
                "closing_date": "2026-02-10",
            }
        )

    def test_case_suggests_accused_and_hides_complaint(self):
        with Form(self.env["fazhi.complaint"].with_user(self.desk)) as form:
            form.category_id = self.env.ref("fazhi_complaints.fazhi_complaint_category_duty")
            form.description = "The licence was delayed for months."
            form.case_id = self.case
            self.assertEqual(form.accused_unit_id, self.unit)
        complaint = form.record
        self.assertEqual(complaint.case_id, self.case)
        self.assertEqual(complaint.accused_officer_ids, self.handler)
        # The handler of the case is accused: the complaint is hidden from them.
        self.assertFalse(
            self.env["fazhi.complaint"].with_user(self.handler).search([("id", "=", complaint.id)])
        )
        # The desk (not a member of the case's unit) still reads the complaint and its case name.
        data = complaint.with_user(self.desk).web_read(
            {"case_id": {"fields": {"display_name": {}}}}
        )
        self.assertEqual(data[0]["case_id"]["display_name"], "TCS-2026-001")
