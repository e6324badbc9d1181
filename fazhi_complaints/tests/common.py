from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class ComplaintCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, tz="Asia/Shanghai"))
        cls.desk = new_test_user(
            cls.env, login="tc_desk", groups="fazhi_complaints.group_fazhi_complaint_desk"
        )
        cls.office = new_test_user(
            cls.env, login="tc_office", groups="fazhi_base.group_fazhi_office"
        )
        cls.manager = new_test_user(
            cls.env, login="tc_manager", groups="fazhi_base.group_fazhi_unit_manager"
        )
        cls.handler = new_test_user(
            cls.env, login="tc_handler", groups="fazhi_base.group_fazhi_staff"
        )
        cls.staff = new_test_user(cls.env, login="tc_staff", groups="fazhi_base.group_fazhi_staff")
        cls.accused = new_test_user(
            cls.env, login="tc_accused", groups="fazhi_base.group_fazhi_staff"
        )
        cls.leader = new_test_user(
            cls.env, login="tc_leader", groups="fazhi_base.group_fazhi_leader"
        )
        cls.unit = cls.env["fazhi.unit"].create(
            {
                "name": "TC supervision",
                "code": "TC-SUP",
                "manager_id": cls.manager.id,
                "member_ids": [
                    Command.set([cls.manager.id, cls.handler.id, cls.staff.id, cls.accused.id])
                ],
            }
        )
        cls.other_unit = cls.env["fazhi.unit"].create({"name": "TC other", "code": "TC-OTH"})
        cls.category = cls.env.ref("fazhi_complaints.fazhi_complaint_category_bribe")
        cls.Complaint = cls.env["fazhi.complaint"]

    def _register(self, user=None, **vals):
        values = {
            "channel": "phone",
            "category_id": self.category.id,
            "description": "Officer asked for a gift during the inspection.",
            "accused_unit_id": self.unit.id,
            **vals,
        }
        complaint = self.Complaint.with_user(user or self.desk).create(values)
        self._commit_tracking()
        return complaint.with_user(self.env.user)

    def _commit_tracking(self):
        """Run what a commit runs (tracking of records created in the transaction)."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    STEPS = [
        "registered",
        "accepted",
        "assigned",
        "investigating",
        "concluded",
        "feedback",
        "callback",
    ]

    def _to_state(self, complaint, state, outcome="substantiated"):
        """Walk ``complaint`` (as the office) from its state to ``state``."""
        c = complaint.with_user(self.office)
        start = self.STEPS.index(c.state)
        for step in self.STEPS[start + 1 : self.STEPS.index(state) + 1]:
            if step == "accepted":
                c.action_accept()
            elif step == "assigned":
                c.write({"unit_id": self.unit.id, "handler_id": self.handler.id})
                c.action_assign()
            elif step == "investigating":
                c.action_start_investigation()
            elif step == "concluded":
                c.write(
                    {
                        "outcome": outcome,
                        "conclusion": "Facts established.",
                        "measures_taken": "Officer criticised.",
                        "measure": "criticism_education",
                    }
                )
                c.action_conclude()
            elif step == "feedback":
                c.write({"feedback_method": "phone", "feedback_content": "Told by phone."})
                c.action_give_feedback()
            elif step == "callback":
                c.write({"satisfaction": "satisfied"})
                c.action_record_satisfaction()
            self._commit_tracking()
        return complaint
