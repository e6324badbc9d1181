from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common_campaign import MONTH, CampaignCase


@tagged("post_install", "-at_install")
class TestCampaignGeneration(CampaignCase):
    def _campaigns(self):
        return self.env["fazhi.satisfaction.campaign"].search(
            [
                (
                    "unit_id",
                    "in",
                    (self.unit_a | self.unit_b | self.unit_empty | self.unit_opt_out).ids,
                )
            ]
        )

    def test_cron_generation(self):
        self.company.fazhi_satisfaction_target_rate = 0.85
        with freeze_time("2031-03-01 00:30:00"):
            self.env["fazhi.satisfaction.campaign"]._cron_generate_campaigns()
        campaigns = self._campaigns()
        # only the units with active counterparts that did not opt out
        self.assertEqual(campaigns.unit_id, self.unit_a | self.unit_b)
        campaign_a = campaigns.filtered(lambda c: c.unit_id == self.unit_a)
        self.assertRecordValues(
            campaign_a,
            [
                {
                    "name": "测试审批办 2031-03",
                    "month": date(2031, 3, 1),
                    "survey_id": self.survey.id,
                    "target_rate": 0.85,
                    "state": "open",
                    "company_id": self.company.id,
                    "snapshot_count": 3,
                    "done_count": 0,
                    "coverage": 0.0,
                    "is_under_target": True,
                }
            ],
        )
        # the snapshot: the active counterparts, the archived one left out
        self.assertEqual(
            campaign_a.task_ids.partner_id,
            self.private | self.person | self.clinic,
        )
        self.assertEqual(
            self._task(campaign_a, self.private).counterpart_type, "private_enterprise"
        )
        self.assertEqual(set(campaign_a.task_ids.mapped("state")), {"todo"})
        self.assertEqual(campaign_a.task_ids.unit_id, self.unit_a)
        self.assertEqual(set(campaign_a.task_ids.mapped("month")), {date(2031, 3, 1)})
        campaign_b = campaigns - campaign_a
        self.assertEqual(campaign_b.task_ids.partner_id, self.clinic | self.pool)

        # idempotent: a second run, the same night or later in the month, adds nothing
        tasks = campaigns.task_ids
        with freeze_time("2031-03-01 03:00:00"):
            self.env["fazhi.satisfaction.campaign"]._cron_generate_campaigns()
        self.assertEqual(self._campaigns(), campaigns)
        self.assertEqual(campaigns.task_ids, tasks)
        # a counterpart registered mid-month waits for next month's snapshot
        newcomer = self.env["res.partner"].create(
            {
                "name": "测试新对象",
                "fazhi_counterpart_type": "enterprise",
                "fazhi_unit_ids": [(6, 0, self.unit_a.ids)],
            }
        )
        with freeze_time("2031-03-15 00:30:00"):
            self.env["fazhi.satisfaction.campaign"]._cron_generate_campaigns()
        self.assertEqual(campaigns.task_ids, tasks)
        self.assertEqual(campaign_a.snapshot_count, 3)
        # ... and a unit that stops opting out gets its campaign the next night
        self.unit_opt_out.fazhi_satisfaction_opt_out = False
        with freeze_time("2031-03-16 00:30:00"):
            self.env["fazhi.satisfaction.campaign"]._cron_generate_campaigns()
        self.assertEqual(self._campaigns().unit_id, self.unit_a | self.unit_b | self.unit_opt_out)
        # next month: a new snapshot with the newcomer, on the company's questionnaire
        self.company.fazhi_satisfaction_survey_id = self.env.ref(
            "fazhi_satisfaction.survey_survey_000"
        )
        with freeze_time("2031-04-01 00:30:00"):
            self.env["fazhi.satisfaction.campaign"]._cron_generate_campaigns()
        april_a = self._campaigns().filtered(
            lambda c: c.unit_id == self.unit_a and c.month == date(2031, 4, 1)
        )
        self.assertEqual(
            april_a.task_ids.partner_id, self.private | self.person | self.clinic | newcomer
        )
        self.assertEqual(april_a.survey_id, self.env.ref("fazhi_satisfaction.survey_survey_000"))

    def test_generation_snapshot_type(self):
        campaign = self._generate(self.unit_a)
        task = self._task(campaign, self.person)
        # the type is a snapshot: later changes of the counterpart do not move it
        self.person.fazhi_counterpart_type = "other"
        self.assertEqual(task.counterpart_type, "natural")
        # archiving a counterpart does not shrink the month's snapshot either
        self.clinic.active = False
        self.assertEqual(campaign.snapshot_count, 3)

    def test_generation_batch(self):
        """The number of queries does not grow with the counterparts."""
        Partner = self.env["res.partner"]
        Unit = self.env["fazhi.unit"]
        small, large = Unit.create(
            [{"name": "测试小单位", "code": "T-CMP-S"}, {"name": "测试大单位", "code": "T-CMP-L"}]
        )
        for unit, size in ((small, 20), (large, 400)):
            Partner.create(
                [
                    {
                        "name": f"{unit.code} {i}",
                        "fazhi_counterpart_type": "natural" if i % 2 else "enterprise",
                        "fazhi_unit_ids": [(6, 0, unit.ids)],
                    }
                    for i in range(size)
                ]
            )
        counts = []
        for unit in (small, large):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            campaign = self._generate(unit)
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(campaign.snapshot_count, len(unit.counterpart_ids))
        self.assertLessEqual(counts[1], counts[0] + 2, f"queries for 20 and 400: {counts}")

    def test_settings(self):
        # the units opting out, edited in the settings as on the unit form
        settings = self.env["res.config.settings"].create({})
        self.assertIn(self.unit_opt_out, settings.fazhi_satisfaction_opt_out_unit_ids)
        self.assertNotIn(self.unit_a, settings.fazhi_satisfaction_opt_out_unit_ids)
        settings.write(
            {
                "fazhi_satisfaction_opt_out_unit_ids": [(6, 0, self.unit_a.ids)],
                "fazhi_satisfaction_target_rate": 0.95,
                "fazhi_satisfaction_reminder_days": 3,
            }
        )
        settings.execute()
        self.assertTrue(self.unit_a.fazhi_satisfaction_opt_out)
        self.assertFalse(self.unit_opt_out.fazhi_satisfaction_opt_out)
        self.assertEqual(self.company.fazhi_satisfaction_target_rate, 0.95)
        self.assertEqual(self.company.fazhi_satisfaction_reminder_days, 3)
        campaigns = self._generate(self.unit_a | self.unit_opt_out)
        self.assertEqual(campaigns.unit_id, self.unit_opt_out)
        self.assertEqual(campaigns.target_rate, 0.95)

    def test_counterpart_types_match(self):
        """The task keeps the type keys of the counterpart."""
        self.assertEqual(
            self.env["fazhi.satisfaction.task"]._fields["counterpart_type"].selection,
            self.env["res.partner"]._fields["fazhi_counterpart_type"].selection,
        )

    def test_related_values(self):
        """Tasks created with wrong unit values get their campaign's anyway."""
        campaign = self._generate(self.unit_a)
        task = self.env["fazhi.satisfaction.task"].create(
            {
                "campaign_id": campaign.id,
                "partner_id": self.pool.id,
                "unit_id": self.unit_b.id,
                "month": "2020-01-01",
            }
        )
        self.assertEqual((task.unit_id, task.month), (self.unit_a, date(2031, 3, 1)))
        self.assertEqual(task.counterpart_type, "public_place")
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT unit_id, month FROM fazhi_satisfaction_task WHERE id = %s", [task.id]
        )
        self.assertEqual(self.env.cr.fetchone(), (self.unit_a.id, date(2031, 3, 1)))
        self.assertEqual(campaign.snapshot_count, 4)

    def test_month_and_uniqueness(self):
        Campaign = self.env["fazhi.satisfaction.campaign"]
        campaign = Campaign.create({"unit_id": self.unit_empty.id, "month": "2031-05-17"})
        self.assertEqual(campaign.month, date(2031, 5, 1))
        self.assertEqual(campaign.survey_id, self.survey)
        self.assertEqual(campaign.target_rate, 0.9)
        with self.assertRaises(Exception), self.env.cr.savepoint():
            Campaign.create({"unit_id": self.unit_empty.id, "month": "2031-05-01"})
        for rate in (0.0, 1.2):
            with self.assertRaises(ValidationError), self.env.cr.savepoint():
                campaign.target_rate = rate
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.company.fazhi_satisfaction_target_rate = 0


@tagged("post_install", "-at_install")
class TestCampaignCoverage(CampaignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.big_unit = cls.env["fazhi.unit"].create({"name": "测试千户单位", "code": "T-CMP-K"})
        partners = cls.env["res.partner"].create(
            [
                {
                    "name": f"测试对象 {i:04d}",
                    "fazhi_counterpart_type": "natural",
                    "fazhi_unit_ids": [(6, 0, cls.big_unit.ids)],
                }
                for i in range(1000)
            ]
        )
        cls.campaign = cls.env["fazhi.satisfaction.campaign"].create(
            {"unit_id": cls.big_unit.id, "month": MONTH}
        )
        # one create for the 1000 tasks
        cls.tasks = cls.env["fazhi.satisfaction.task"].create(
            [{"campaign_id": cls.campaign.id, "partner_id": p.id} for p in partners]
        )

    def _complete(self, count):
        self.tasks[:count].write({"state": "done"})

    def test_coverage_boundaries(self):
        campaign = self.campaign
        self.assertEqual(campaign.target_rate, 0.9)
        for done, coverage, under in (
            (0, 0.0, True),
            (899, 0.899, True),
            (900, 0.9, False),
            (1000, 1.0, False),
        ):
            with self.subTest(done=done):
                self.tasks.write({"state": "todo"})
                self._complete(done)
                self.assertEqual(campaign.snapshot_count, 1000)
                self.assertEqual(campaign.done_count, done)
                self.assertAlmostEqual(campaign.coverage, coverage, places=9)
                self.assertEqual(campaign.is_under_target, under)
                # the stored value is what filters see
                self.assertEqual(
                    bool(
                        campaign.search_count(
                            [("id", "=", campaign.id), ("is_under_target", "=", True)]
                        )
                    ),
                    under,
                )
        # in progress and unreachable interviews do not count
        self.tasks.write({"state": "in_progress"})
        self.tasks[:10].write({"state": "unreachable"})
        self.assertEqual(campaign.done_count, 0)
        # the target is the boundary: 70 % of 1000 is 700, reached exactly
        self._complete(700)
        campaign.target_rate = 0.7
        self.assertFalse(campaign.is_under_target)
        campaign.target_rate = 0.7001
        self.assertTrue(campaign.is_under_target)

    def test_empty_campaign(self):
        campaign = self.env["fazhi.satisfaction.campaign"].create(
            {"unit_id": self.unit_empty.id, "month": MONTH}
        )
        self.assertEqual((campaign.snapshot_count, campaign.coverage), (0, 0.0))
        self.assertTrue(campaign.is_under_target)


@tagged("post_install", "-at_install")
class TestCampaignInterview(CampaignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls._generate(cls.unit_a)
        cls.task_private = cls._task(cls.campaign, cls.private)
        cls.task_person = cls._task(cls.campaign, cls.person)
        cls.task_clinic = cls._task(cls.campaign, cls.clinic)

    # ------------------------------------------------------------------
    # Attempts
    # ------------------------------------------------------------------
    def test_attempts(self):
        task = self.task_person.with_user(self.staff_a)
        action = task.action_record_attempt()
        self.assertEqual(action["res_model"], "fazhi.satisfaction.attempt")
        self.assertEqual(action["context"]["default_task_id"], task.id)
        Attempt = self.env["fazhi.satisfaction.attempt"].with_user(self.staff_a)
        attempt = Attempt.with_context(**action["context"]).create({})
        self.assertRecordValues(
            attempt,
            [
                {
                    "task_id": task.id,
                    "outcome": "no_answer",
                    "channel": "phone",
                    "user_id": self.staff_a.id,
                    "unit_id": self.unit_a.id,
                    "campaign_id": self.campaign.id,
                }
            ],
        )
        # a failed attempt starts the interview, its author is the interviewer
        self.assertEqual(task.state, "in_progress")
        self.assertEqual(task.interviewer_id, self.staff_a)
        Attempt.create([{"task_id": task.id, "outcome": "wrong_number", "note": "空号"}])
        self.assertEqual(task.attempt_count, 2)
        self.assertEqual(task.state, "in_progress")
        # given up, then tried again
        task.action_mark_unreachable()
        self.assertEqual(task.state, "unreachable")
        Attempt.create({"task_id": task.id, "outcome": "refused"})
        self.assertEqual(task.state, "unreachable")
        task.action_reset()
        self.assertEqual(task.state, "in_progress")
        self.assertEqual(self.campaign.done_count, 0)
        # nothing once the campaign is closed
        self.campaign.action_close()
        with self.assertRaisesRegex(UserError, "accepts no more interviews, answers or attempts"):
            Attempt.create({"task_id": self.task_clinic.id, "outcome": "no_answer"})
        with self.assertRaises(UserError):
            attempt.note = "late"
        with self.assertRaises(UserError):
            attempt.unlink()
        with self.assertRaises(UserError):
            self.task_clinic.with_user(self.staff_a).action_record_attempt()

    # ------------------------------------------------------------------
    # Starting the interview
    # ------------------------------------------------------------------
    def test_start_interview_private_enterprise(self):
        task = self.task_private.with_user(self.staff_a)
        action = task.action_start_interview()
        answer = task.user_input_id
        self.assertTrue(answer)
        self.assertEqual(
            action,
            {
                "type": "ir.actions.act_url",
                "target": "self",
                "url": f"/survey/{self.survey.access_token}/{answer.access_token}",
            },
        )
        self.assertRecordValues(
            answer,
            [
                {
                    "survey_id": self.survey.id,
                    "partner_id": self.private.id,
                    "fazhi_task_id": task.id,
                    "fazhi_unit_id": self.unit_a.id,
                    "fazhi_campaign_id": self.campaign.id,
                    "state": "new",
                }
            ],
        )
        self.assertEqual((task.state, task.interviewer_id), ("in_progress", self.staff_a))
        # the gate is answered 是: the private-enterprise questions are asked
        gate = self.survey._fazhi_get_private_gate()
        line = answer.user_input_line_ids
        self.assertEqual((line.question_id, line.suggested_answer_id.value), (gate, "是"))
        self.assertFalse(answer._get_inactive_conditional_questions())
        # the (地区/部门) blank shows the unit
        first = self.survey.question_ids.filtered(lambda q: q.fazhi_code == "1")
        self.assertIn("你到测试审批办办理", first._fazhi_title_for(answer))
        # starting again reuses the answer
        task.action_start_interview()
        self.assertEqual(task.user_input_id, answer)
        self.assertEqual(
            self.env["survey.user_input"].search_count([("fazhi_task_id", "=", task.id)]), 1
        )

    def test_start_interview_other_counterpart(self):
        task = self.task_person.with_user(self.staff_a)
        task.action_start_interview()
        answer = task.user_input_id
        gate = self.survey._fazhi_get_private_gate()
        self.assertEqual(answer.user_input_line_ids.suggested_answer_id.value, "否")
        self.assertEqual(answer.user_input_line_ids.question_id, gate)
        self.assertEqual(
            answer._get_inactive_conditional_questions(), self.survey.page_ids[1].question_ids
        )

    # ------------------------------------------------------------------
    # Completion
    # ------------------------------------------------------------------
    def test_submit_completes_task(self):
        task = self.task_private
        task.channel = "wechat"
        task.with_user(self.staff_a).action_start_interview()
        answer = self._fill(task.user_input_id)
        # 16 questions, the gate and the 5 private-enterprise questions
        self.assertEqual(len(answer.user_input_line_ids), 22)
        # the survey controller marks it done (as sudo, for the user on the page)
        answer.with_user(self.staff_a).sudo()._mark_done()
        self.assertEqual(answer.state, "done")
        self.assertRecordValues(
            task,
            [
                {
                    "state": "done",
                    "channel": "wechat",
                    "interviewer_id": self.staff_a.id,
                    "user_input_id": answer.id,
                }
            ],
        )
        self.assertEqual(task.completed_date, answer.end_datetime)
        self.assertEqual((self.campaign.done_count, self.campaign.snapshot_count), (1, 3))
        self.assertAlmostEqual(self.campaign.coverage, 1 / 3)
        # a completed interview is not started again nor deleted
        with self.assertRaisesRegex(UserError, "completed already"):
            task.with_user(self.staff_a).action_start_interview()
        with self.assertRaises(UserError):
            task.unlink()

    def test_send_link(self):
        # with an e-mail address: the personal link goes out by e-mail
        task = self.task_private.with_user(self.staff_a)
        action = task.action_send_link()
        self.assertEqual(action["params"]["type"], "success")
        answer = task.user_input_id
        self.assertEqual((task.channel, task.state), ("online", "in_progress"))
        # self-completion: the counterpart answers the gate itself
        self.assertFalse(answer.user_input_line_ids)
        self.assertIn(f"answer_token={answer.access_token}", task.survey_url)
        self.assertTrue(task.survey_url.startswith(task.get_base_url()))
        self.assertIn("/report/barcode/?barcode_type=QR&value=", task.survey_qr_url)
        message = task.message_ids.filtered(lambda m: self.private in m.partner_ids)
        self.assertEqual(len(message), 1)
        self.assertIn(answer.access_token, message.body)
        mail = self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        self.assertTrue(mail)
        self.assertIn(self.private, mail.recipient_ids)
        # without e-mail: the link and QR code are shown on the task
        task = self.task_person.with_user(self.staff_a)
        action = task.action_send_link()
        self.assertEqual(action["params"]["type"], "warning")
        self.assertTrue(task.survey_url)
        self.assertFalse(task.message_ids.partner_ids & self.person)
        # answered alone (public user): the task is done, channel online
        answer = task.user_input_id
        self._fill(answer)
        answer.with_user(self.env.ref("base.public_user")).sudo()._mark_done()
        self.assertEqual((task.state, task.channel), ("done", "online"))
        self.assertFalse(task.survey_url)

    # ------------------------------------------------------------------
    # Closing
    # ------------------------------------------------------------------
    def test_close_freezes(self):
        campaign = self.campaign
        done_task = self.task_private
        done_task.with_user(self.staff_a).action_start_interview()
        self._fill(done_task.user_input_id)._mark_done()
        late_task = self.task_person
        late_task.with_user(self.staff_a).action_start_interview()
        late = self._fill(late_task.user_input_id)
        lines = late.user_input_line_ids
        self.assertTrue(lines)

        # staff do not close; the unit manager does
        with self.assertRaises(Exception), self.env.cr.savepoint():
            campaign.with_user(self.staff_a).action_close()
        campaign.with_user(self.manager_a).action_close()
        self.assertRecordValues(
            campaign,
            [
                {
                    "state": "closed",
                    "closed_by_id": self.manager_a.id,
                    "snapshot_count": 3,
                    "done_count": 1,
                    "is_under_target": True,
                }
            ],
        )
        self.assertTrue(campaign.closed_date)
        coverage = campaign.coverage
        self.assertAlmostEqual(coverage, 1 / 3)
        with self.assertRaisesRegex(UserError, "Only open campaigns"):
            campaign.action_close()

        # a late answer is refused, with the reason, and nothing is lost
        with self.assertRaisesRegex(UserError, "late answers are no longer accepted"):
            late.with_user(self.staff_a).sudo()._mark_done()
        self.assertEqual(late.state, "in_progress")
        self.assertEqual(late.user_input_line_ids, lines)
        self.assertEqual(late_task.state, "in_progress")
        # no new answer, no change of the tasks or the frozen settings
        with self.assertRaises(UserError):
            self.task_clinic.with_user(self.staff_a).action_start_interview()
        with self.assertRaises(UserError):
            self.task_clinic.with_user(self.staff_a).action_send_link()
        with self.assertRaises(UserError):
            late_task.state = "done"
        # (as the roles that may write the campaign: the superuser is the
        # documented administrator path of fazhi.workflow.mixin)
        for user in (self.manager_a, self.office):
            with self.assertRaises(UserError):
                campaign.with_user(user).target_rate = 0.3

        # the figures stay as closed, even when recomputed
        self.env.cr.execute(
            "UPDATE fazhi_satisfaction_task SET state = 'done' WHERE id = %s", [late_task.id]
        )
        self.env.invalidate_all()
        self.env.add_to_compute(campaign._fields["done_count"], campaign)
        campaign.flush_recordset()
        self.assertEqual((campaign.done_count, campaign.coverage), (1, coverage))

        # the office reopens: live again, the late answer is accepted
        with self.assertRaisesRegex(UserError, "supervision office"):
            campaign.with_user(self.manager_a).action_reopen()
        campaign.with_user(self.office)._fazhi_reopen("补录迟交的问卷")
        self.assertEqual(campaign.state, "open")
        self.assertFalse(campaign.closed_date)
        self.assertEqual(campaign.done_count, 2)
        self.env.cr.execute(
            "UPDATE fazhi_satisfaction_task SET state = 'in_progress' WHERE id = %s",
            [late_task.id],
        )
        self.env.invalidate_all()
        late._mark_done()
        self.assertEqual((late.state, late_task.state), ("done", "done"))
        self.assertEqual(campaign.done_count, 2)

    def test_unlink(self):
        campaign = self.campaign
        self.task_private.with_user(self.staff_a).action_start_interview()
        self._fill(self.task_private.user_input_id)._mark_done()
        with self.assertRaisesRegex(UserError, "completed interviews"):
            campaign.unlink()
        campaign.action_close()
        with self.assertRaisesRegex(UserError, "closed campaign"):
            campaign.unlink()
        other = self._generate(self.unit_b)
        other.unlink()
        self.assertFalse(other.exists())


@tagged("post_install", "-at_install")
class TestCampaignReminder(CampaignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.liaison_b = cls.env["res.users"].create(
            {"name": "测试联络员", "login": "cmp_liaison_b"}
        )
        cls.unit_b.liaison_id = cls.liaison_b
        cls.campaigns = cls._generate(cls.unit_a | cls.unit_b)
        cls.campaign_a = cls.campaigns.filtered(lambda c: c.unit_id == cls.unit_a)
        cls.campaign_b = cls.campaigns - cls.campaign_a

    def _activities(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "fazhi.satisfaction.campaign"),
                ("res_id", "in", self.campaigns.ids),
            ]
        )

    def test_remind_before_the_report_and_as_the_month_closes(self):
        Campaign = self.env["fazhi.satisfaction.campaign"]
        # The report is due on the 25th (3 days' lead: from the 22nd); March
        # has 31 days: 5 days before the end is the 26th.
        with freeze_time("2031-03-21 01:30:00"):
            Campaign._cron_remind_under_target()
        self.assertFalse(self._activities())
        with freeze_time("2031-03-22 01:30:00"):
            Campaign._cron_remind_under_target()
        activities = self._activities()
        self.assertEqual(len(activities), 2)
        by_campaign = {a.res_id: a for a in activities}
        # the manager, else the liaison
        self.assertEqual(by_campaign[self.campaign_a.id].user_id, self.manager_a)
        self.assertEqual(by_campaign[self.campaign_b.id].user_id, self.liaison_b)
        activity = by_campaign[self.campaign_a.id]
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("fazhi_satisfaction.mail_activity_type_fazhi_coverage"),
        )
        self.assertEqual(activity.date_deadline, date(2031, 3, 31))
        self.assertIn("0 of 3", str(activity.note))
        self.assertTrue(all(self.campaigns.mapped("report_reminder_sent")))
        self.assertFalse(any(self.campaigns.mapped("reminder_sent")))
        # once before the report
        with freeze_time("2031-03-25 01:30:00"):
            Campaign._cron_remind_under_target()
        self.assertEqual(self._activities(), activities)
        # and again as the month closes, once
        with freeze_time("2031-03-26 01:30:00"):
            Campaign._cron_remind_under_target()
        self.assertEqual(len(self._activities()), 4)
        self.assertTrue(all(self.campaigns.mapped("reminder_sent")))
        with freeze_time("2031-03-27 01:30:00"):
            Campaign._cron_remind_under_target()
        self.assertEqual(len(self._activities()), 4)

    def test_one_reminder_when_both_fall_on_one_day(self):
        Campaign = self.env["fazhi.satisfaction.campaign"]
        self.company.fazhi_monthly_report_due_day = 28
        self.company.fazhi_satisfaction_report_lead_days = 2
        # Report window from the 26th, month-closing window from the 26th too.
        with freeze_time("2031-03-26 01:30:00"):
            Campaign._cron_remind_under_target()
            Campaign._cron_remind_under_target()
        self.assertEqual(len(self._activities()), 2)
        self.assertTrue(all(self.campaigns.mapped("reminder_sent")))
        self.assertTrue(all(self.campaigns.mapped("report_reminder_sent")))

    def test_reminder_settings_are_checked(self):
        with self.assertRaises(ValidationError):
            self.company.fazhi_satisfaction_report_lead_days = 40

    def test_remind_only_under_target_and_open(self):
        Campaign = self.env["fazhi.satisfaction.campaign"]
        self.company.fazhi_satisfaction_reminder_days = 10
        self.campaign_a.target_rate = 0.3
        # campaign A reaches its target, B is closed
        task = self._task(self.campaign_a, self.private)
        task.with_user(self.staff_a).action_start_interview()
        self._fill(task.user_input_id)._mark_done()
        self.assertFalse(self.campaign_a.is_under_target)
        self.campaign_b.action_close()
        with freeze_time("2031-03-21 01:30:00"):
            Campaign._cron_remind_under_target()
        self.assertFalse(self._activities())
        # a unit without anybody responsible is left for a later run
        self.campaign_b.with_user(self.office)._fazhi_reopen("补录迟交的问卷")
        self.unit_b.liaison_id = False
        with freeze_time("2031-03-22 01:30:00"):
            Campaign._cron_remind_under_target()
        self.assertFalse(self._activities())
        self.assertFalse(self.campaign_b.reminder_sent)
        # last month's campaigns are not reminded in April
        self.unit_b.liaison_id = self.liaison_b
        with freeze_time("2031-04-29 01:30:00"):
            Campaign._cron_remind_under_target()
        self.assertFalse(self._activities())
