"""Tours per role: from the landing page to one task of the role done.

Each tour asserts that the landing page is the role's home and prints the
time from the page load to the home's first render; warm (the page loaded
once before), it must stay under 2 s. A tour the browser could not run is a skip, which
fails under CI (conftest.py and tools/dev.py), and each test also checks the
records the tour changed and the figure it printed.
"""

import logging
import re
import unittest
from datetime import date

from odoo.tests import HttpCase, tagged

from .role_fixtures import make_role_users, missing_addons

FIGURE_RE = re.compile(r"fazhi_home_first_render_ms=(\d+)")
WARM_LIMIT_MS = 2000


class _Figures(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.values = []
        self.messages = []

    def emit(self, record):
        match = FIGURE_RE.search(record.getMessage())
        if match:
            self.values.append(int(match[1]))
            self.messages.append(record.getMessage())


@tagged("post_install", "-at_install")
class TestRoleTours(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        missing = missing_addons(cls.env)
        if missing:
            raise unittest.SkipTest(f"needs {', '.join(missing)}")
        cls.users, cls.approval, cls.supervision = make_role_users(cls.env, "tour")
        today = date.today()
        cls.month = today.replace(day=1)
        # staff: an interview of a private enterprise (questionnaire of seed 001)
        cls.env.company.fazhi_satisfaction_survey_id = cls.env.ref(
            "fazhi_satisfaction.survey_survey_001"
        )
        cls.enterprise = cls.env["res.partner"].create(
            {
                "name": "TOUR-民营企业",
                "fazhi_counterpart_type": "private_enterprise",
                "phone": "0375-2663299",
                "fazhi_unit_ids": [(6, 0, cls.approval.ids)],
            }
        )
        campaign = cls.env["fazhi.satisfaction.campaign"]._generate_campaigns(
            cls.month, cls.approval.ids
        )
        cls.task = campaign.task_ids.filtered(lambda t: t.partner_id == cls.enterprise)
        # manager: the unit's report of the month
        cls.report = cls.env["fazhi.monthly.report"].create(
            {"unit_id": cls.approval.id, "month": cls.month}
        )

    def _run(self, tour, role):
        """Run ``tour`` as ``role``; return the landing time it printed (ms)."""
        handler = _Figures()
        logger = logging.getLogger(type(self).__module__)
        level = logger.level
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        try:
            self.start_tour("/odoo", tour, login=self.users[role].login)
        finally:
            logger.removeHandler(handler)
            logger.setLevel(level)
        self.assertEqual(len(handler.values), 1, f"{tour} printed its landing time")
        self.phases.append(handler.messages[0])
        return handler.values[0]

    def _landing(self, role):
        """Time the landing: once cold, then warm; the best warm run must be < 2 s.

        Two warm runs, the faster one judged: the figure is the page's (assets
        cached, registry loaded), not a neighbouring process's burst of CPU on
        a small shared machine.
        """
        self.phases = []
        cold = self._run("fazhi_home_landing_tour", role)
        warm = [self._run("fazhi_home_landing_tour", role) for _run in range(2)]
        print(  # pylint: disable=print-used
            f"home of {role}: first render {cold} ms cold, {' / '.join(map(str, warm))} ms warm"
        )
        print("  ", "\n   ".join(self.phases))  # pylint: disable=print-used
        self.assertLess(min(warm), WARM_LIMIT_MS, f"the home of {role} renders in under 2 s")

    def test_staff_completes_an_interview(self):
        self.assertTrue(self.task)
        self._landing("staff")
        self._run("fazhi_role_staff_tour", "staff")
        self.assertEqual(self.task.state, "done")
        self.assertEqual(self.task.interviewer_id, self.users["staff"])

    def test_desk_registers_a_hotline_complaint(self):
        self._landing("desk")
        self._run("fazhi_role_desk_tour", "desk")
        complaint = self.env["fazhi.complaint"].search(
            [("hotline_ticket", "=", "FAZHI-ROLE-TOUR-12345")]
        )
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.channel, "hotline_12345")
        self.assertEqual(complaint.state, "registered")

    def test_manager_opens_the_units_report(self):
        self._landing("manager")
        self._run("fazhi_role_manager_tour", "manager")

    def test_office_opens_the_figures(self):
        self._landing("office")
        self._run("fazhi_role_office_tour", "office")

    def test_leader_opens_the_figures(self):
        self._landing("leader")
        self._run("fazhi_role_leader_tour", "leader")
