"""Issue 9, satisfaction campaigns: the server holds the workflow for every caller.

The role x field x state table of ``fazhi.satisfaction.campaign``,
``fazhi.satisfaction.task``, ``fazhi.satisfaction.attempt``,
``fazhi.satisfaction.archive`` and fazhi's ``survey.user_input`` is derived
from their declarations (fazhi_base ``guard_table``) and walked with direct
``write``/``create``/``unlink`` calls as each role; then one test per finding of
the issue, as the role it names, with the context keys an RPC client could add.
"""

from contextlib import contextmanager

from odoo import Command, fields
from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import FazhiWorkflowError
from odoo.addons.fazhi_base.tests.guard_table import (
    check_declarations,
    walk_create,
    walk_guard_table,
    walk_unlink,
)
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common_campaign import CampaignCase

# Context keys a client may send: none of them is a permission.
FORGED_CONTEXT = {
    "fazhi_satisfaction_workflow": True,
    "fazhi_campaign_workflow": True,
    "fazhi_workflow": True,
    "fazhi_workflow_action": True,
    "tracking_disable": True,
}
CAMPAIGN = "fazhi.satisfaction.campaign"
TASK = "fazhi.satisfaction.task"
ATTEMPT = "fazhi.satisfaction.attempt"
ARCHIVE = "fazhi.satisfaction.archive"
ANSWER = "survey.user_input"
# A refusal: a wrong step or locked state (FazhiWorkflowError), or a field of
# another role (AccessError).
REFUSED = (FazhiWorkflowError, AccessError)


@tagged("post_install", "-at_install")
class TestRpcGuardCampaign(CampaignCase):
    """Roles: staff of the unit (A), another unit's staff (B), the unit
    manager, the office, a leader, the complaint desk."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The complaint desk is fazhi_complaints' role: here a staff member of
        # no unit, with the desk group when fazhi_complaints is installed.
        desk_groups = "fazhi_base.group_fazhi_staff"
        if cls.env.ref("fazhi_complaints.group_fazhi_complaint_desk", raise_if_not_found=False):
            desk_groups += ",fazhi_complaints.group_fazhi_complaint_desk"
        cls.desk = new_test_user(cls.env, login="cmpg_desk", groups=desk_groups)
        cls.roles = cls.staff_a | cls.staff_b | cls.manager_a | cls.office | cls.leader | cls.desk
        campaigns = cls._generate(cls.unit_a | cls.unit_b)
        cls.campaign = campaigns.filtered(lambda c: c.unit_id == cls.unit_a)
        cls.campaign_b = campaigns - cls.campaign
        cls.task = cls._task(cls.campaign, cls.person)
        cls.task_b = cls._task(cls.campaign_b, cls.pool)
        cls.last_year = fields.Date.context_today(cls.env["res.users"]).year - 1

    @contextmanager
    def assertRefused(self):
        """A refusal of the guard: FazhiWorkflowError or AccessError (rolled back)."""
        with self.assertRaises(UserError) as caught:
            yield
        self.assertIsInstance(caught.exception, REFUSED)

    def _answer(self, task=None):
        """The answer of ``task`` started by the staff of its unit."""
        task = task or self.task
        staff = self.staff_a if task.unit_id == self.unit_a else self.staff_b
        task.with_user(staff).action_start_interview()
        return task.user_input_id

    # ------------------------------------------------------------------
    # The table, derived from the declarations
    # ------------------------------------------------------------------
    def test_declarations(self):
        for model in (CAMPAIGN, TASK, ATTEMPT, ARCHIVE, ANSWER):
            with self.subTest(model=model):
                self.assertEqual(check_declarations(self.env[model]), [])

    def test_walk_campaign(self):
        self.assertEqual(walk_guard_table(self.campaign, self.roles), [])
        vals = {"unit_id": self.unit_empty.id, "month": "2031-05-01", "survey_id": self.survey.id}
        self.assertEqual(walk_create(self.env[CAMPAIGN], vals, self.roles), [])
        self.assertEqual(walk_unlink(self.campaign, self.roles), [])

    def test_walk_task(self):
        self.assertEqual(walk_guard_table(self.task, self.roles), [])
        partner = self.env["res.partner"].create(
            {"name": "守卫新对象", "fazhi_unit_ids": [Command.set(self.unit_a.ids)]}
        )
        vals = {"campaign_id": self.campaign.id, "partner_id": partner.id}
        self.assertEqual(walk_create(self.env[TASK], vals, self.roles), [])
        self.assertEqual(walk_unlink(self.task, self.roles), [])

    def test_walk_attempt(self):
        attempt = self.env[ATTEMPT].create({"task_id": self.task.id, "outcome": "no_answer"})
        self.assertEqual(walk_guard_table(attempt, self.roles), [])
        vals = {"task_id": self.task.id, "outcome": "refused"}
        self.assertEqual(walk_create(self.env[ATTEMPT], vals, self.roles), [])

    def test_walk_archive(self):
        self.unit_a.fazhi_archive_custodian_id = self.staff_a
        archive = self.env[ARCHIVE].create({"unit_id": self.unit_a.id, "year": self.last_year})
        self.assertEqual(walk_guard_table(archive, self.roles), [])
        vals = {"unit_id": self.unit_a.id, "year": self.last_year - 1}
        self.assertEqual(walk_create(self.env[ARCHIVE], vals, self.roles), [])
        self.assertEqual(walk_unlink(archive, self.roles), [])

    def test_walk_answer(self):
        answer = self._answer()
        self.assertEqual(walk_guard_table(answer, self.roles), [])
        vals = {
            "survey_id": self.survey.id,
            "partner_id": self.person.id,
            "fazhi_unit_id": self.unit_a.id,
        }
        self.assertEqual(walk_create(self.env[ANSWER], vals, self.roles), [])
        self.assertEqual(walk_unlink(answer, self.roles), [])

    def test_other_surveys_as_plain_odoo(self):
        """The answers of other surveys are not fazhi's: a survey officer
        writes their state as in plain Odoo."""
        survey = self.env["survey.survey"].create(
            {"title": "Plain survey", "access_mode": "public"}
        )
        officer = new_test_user(
            self.env, "cmpg_survey_officer", groups="base.group_user,survey.group_survey_user"
        )
        answer = survey.with_user(officer)._create_answer(user=officer)
        self.assertFalse(answer._fazhi_guarded())
        answer.write({"state": "done"})
        self.assertEqual(answer.state, "done")
        done = self.env[ANSWER].with_user(officer).create({"survey_id": survey.id, "state": "done"})
        self.assertEqual(done.state, "done")

    # ------------------------------------------------------------------
    # Findings of issue 9
    # ------------------------------------------------------------------
    def test_manager_cannot_rewrite_closed_campaign(self):
        """A manager rewrites the frozen figures of a closed campaign and
        reopens it with write({'state': 'open'}): refused."""
        campaign = self.campaign.with_user(self.manager_a)
        campaign.action_close()
        figures = campaign.read(["snapshot_count", "done_count", "coverage", "is_under_target"])
        forged = campaign.with_context(**FORGED_CONTEXT)
        for vals in (
            {"done_count": 3},
            {"snapshot_count": 1, "coverage": 1.0},
            {"is_under_target": False},
            {"closed_date": "2031-01-01"},
            {"closed_by_id": self.office.id},
            {"target_rate": 0.1},
            {"state": "open"},
            {"state": "open", "closed_date": False, "closed_by_id": False},
        ):
            for record in (campaign, forged):
                with self.subTest(vals=vals), self.assertRefused():
                    record.write(vals)
        # not even the office by write; only its Reopen action
        with self.assertRaises(FazhiWorkflowError):
            self.campaign.with_user(self.office).write({"state": "open"})
        with self.assertRaisesRegex(UserError, "supervision office"):
            forged.action_reopen()
        self.assertEqual(self.campaign.state, "closed")
        self.assertEqual(
            self.campaign.read(["snapshot_count", "done_count", "coverage", "is_under_target"]),
            figures,
        )
        self.campaign.with_user(self.office)._fazhi_reopen("补录迟交的问卷")
        self.assertEqual(self.campaign.state, "open")
        # an open campaign: the manager still may not lower the target
        with self.assertRaises(AccessError):
            campaign.write({"target_rate": 0.1})
        self.campaign.with_user(self.office).write({"target_rate": 0.8})

    def test_context_defaults_are_values(self):
        """default_<field> context keys meet the same rules as values."""
        Campaign = self.env[CAMPAIGN].with_user(self.office)
        vals = {"unit_id": self.unit_empty.id, "month": "2031-07-01"}
        with self.assertRaises(FazhiWorkflowError):
            Campaign.with_context(default_state="closed").create(dict(vals))
        with self.assertRaises(FazhiWorkflowError):
            Campaign.with_context(default_closed_by_id=self.office.id).create(dict(vals))
        with self.assertRaises(FazhiWorkflowError):
            Campaign.create(dict(vals, is_under_target=False))
        campaign = Campaign.with_context(default_state="open").create(dict(vals))
        self.assertEqual(campaign.state, "open")

    def test_staff_cannot_jump_tasks(self):
        task = self.task.with_user(self.staff_a)
        forged = task.with_context(**FORGED_CONTEXT)
        answer = self._answer(self.task_b)
        for vals in (
            {"state": "done"},
            {"completed_date": "2031-03-05 10:00:00"},
            {"user_input_id": answer.id},
            {"campaign_id": self.campaign_b.id},
            {"partner_id": self.pool.id},
        ):
            for record in (task, forged):
                with self.subTest(vals=vals), self.assertRaises(FazhiWorkflowError):
                    record.write(vals)
        with self.assertRaises(FazhiWorkflowError):
            self.env[TASK].with_user(self.manager_a).create(
                {"campaign_id": self.campaign.id, "partner_id": self.clinic.id, "state": "done"}
            )
        # the buttons still work
        task.action_mark_unreachable()
        task.action_reset()
        self.assertEqual(task.state, "in_progress")

    def test_attempts_are_a_log(self):
        Attempt = self.env[ATTEMPT].with_user(self.staff_a)
        attempt = Attempt.create({"task_id": self.task.id, "outcome": "no_answer"})
        self.assertEqual(attempt.user_id, self.staff_a)
        self.assertEqual(self.task.state, "in_progress")
        for vals in (
            {"outcome": "reached"},
            {"date": "2031-03-02 09:00:00"},
            {"user_id": self.manager_a.id},
            {"task_id": self._task(self.campaign, self.private).id},
        ):
            with self.subTest(vals=vals), self.assertRaises(FazhiWorkflowError):
                attempt.with_context(**FORGED_CONTEXT).write(vals)
        attempt.note = "下午再打"
        # recorded by someone else, or by another unit's staff: refused
        with self.assertRaises(FazhiWorkflowError):
            Attempt.create({"task_id": self.task.id, "user_id": self.manager_a.id})
        with self.assertRaises(AccessError):
            self.env[ATTEMPT].with_user(self.staff_b).create({"task_id": self.task.id})

    def test_staff_cannot_create_archive(self):
        """Staff create a yearly archive for the current year: refused; only
        the office or the unit's custodian opens one, for a finished year."""
        this_year = self.last_year + 1
        Archive = self.env[ARCHIVE]
        # staff who are not the custodian, whatever the year
        for year in (this_year, self.last_year):
            with self.subTest(year=year), self.assertRaises(UserError):
                Archive.with_user(self.staff_a).with_context(**FORGED_CONTEXT).create(
                    {"unit_id": self.unit_a.id, "year": year}
                )
        with self.assertRaisesRegex(AccessError, "Only the custodian"):
            Archive.with_user(self.staff_a).create({"unit_id": self.unit_a.id, "year": 2020})
        # created archived right away, by value or by context default
        self.unit_a.fazhi_archive_custodian_id = self.staff_a
        custodian = Archive.with_user(self.staff_a)
        with self.assertRaises(FazhiWorkflowError):
            custodian.create({"unit_id": self.unit_a.id, "year": 2020, "state": "archived"})
        with self.assertRaises(FazhiWorkflowError):
            custodian.with_context(default_state="archived").create(
                {"unit_id": self.unit_a.id, "year": 2020}
            )
        # the current year, by nobody (the office and the superuser included)
        for archive_env in (custodian, Archive.with_user(self.office), Archive):
            with self.assertRaisesRegex(UserError, f"{this_year} is not over yet"):
                archive_env.create({"unit_id": self.unit_a.id, "year": this_year})
        # the interviews of the unit go on
        self._answer()
        self.assertEqual(self.task.state, "in_progress")
        # the custodian, a finished year: a draft, archived by the button only
        archive = custodian.create({"unit_id": self.unit_a.id, "year": self.last_year})
        self.assertEqual(archive.state, "draft")
        with self.assertRaises(FazhiWorkflowError):
            archive.write({"state": "archived"})
        with self.assertRaises(FazhiWorkflowError):
            archive.write({"year": this_year})
        with self.assertRaisesRegex(AccessError, "Only the supervision office"):
            archive.write({"custodian_id": self.staff_b.id})

    def test_staff_cannot_move_answer(self):
        """Staff move an answer to another unit (or interview): refused."""
        answer = self._answer().with_user(self.staff_a)
        forged = answer.with_context(**FORGED_CONTEXT)
        for vals in (
            {"fazhi_unit_id": self.unit_b.id},
            {"fazhi_task_id": self.task_b.id},
            {"fazhi_task_id": False},
            {"fazhi_unit_id": False},
        ):
            for record in (answer, forged):
                with self.subTest(vals=vals), self.assertRaises(FazhiWorkflowError):
                    record.write(vals)
        self.assertEqual((answer.fazhi_unit_id, answer.fazhi_task_id), (self.unit_a, self.task))
        # nor create one linked to another unit's interview
        with self.assertRaises(FazhiWorkflowError):
            self.env[ANSWER].with_user(self.staff_a).create(
                {"survey_id": self.survey.id, "fazhi_task_id": self.task_b.id}
            )
        with self.assertRaises(FazhiWorkflowError):
            self.env[ANSWER].with_user(self.staff_a).with_context(
                default_fazhi_task_id=self.task.id
            ).create({"survey_id": self.survey.id, "fazhi_unit_id": self.unit_a.id})
        # nor one of another unit
        with self.assertRaises(AccessError):
            self.env[ANSWER].with_user(self.staff_a).create(
                {"survey_id": self.survey.id, "fazhi_unit_id": self.unit_b.id}
            )

    def test_staff_cannot_mark_empty_answer_done(self):
        """Staff mark an empty answer done: refused, by write, by create and
        by the survey engine itself."""
        answer = self._answer(self._task(self.campaign, self.private)).with_user(self.staff_a)
        # only the prefilled private-enterprise question is answered
        self.assertEqual(len(answer.user_input_line_ids), 1)
        for record in (answer, answer.with_context(**FORGED_CONTEXT)):
            for state in ("done", "in_progress"):
                with self.subTest(state=state), self.assertRaises(FazhiWorkflowError):
                    record.write({"state": state})
        with self.assertRaises(FazhiWorkflowError):
            self.env[ANSWER].with_user(self.staff_a).create(
                {"survey_id": self.survey.id, "fazhi_unit_id": self.unit_a.id, "state": "done"}
            )
        # the survey pages submit as superuser: an empty answer is refused too
        with self.assertRaisesRegex(UserError, "empty questionnaire cannot be submitted"):
            answer.sudo()._mark_done()
        self.assertEqual(answer.state, "new")
        self.assertNotEqual(answer.fazhi_task_id.state, "done")
        # answered, it is submitted as before
        self._fill(answer)._mark_done()
        self.assertEqual((answer.state, answer.fazhi_task_id.state), ("done", "done"))
        with self.assertRaises(FazhiWorkflowError):
            answer.write({"state": "in_progress"})
