from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import IndicatorCase


@tagged("post_install", "-at_install")
class TestCampaign(IndicatorCase):
    def test_start_creates_assignments_and_entries(self):
        assignments = self.campaign.assignment_ids
        pairs = {(a.indicator_id.code, a.unit_id) for a in assignments}
        self.assertEqual(
            pairs,
            {
                ("1", self.unit_a),
                ("10", self.unit_a),
                ("10", self.unit_b),
                ("九-1-1", self.unit_a),
                ("九-2-1", self.unit_b),
                # 相关科室 matches no unit: the owner unit takes it.
                ("九-2-2", self.root_unit),
            },
        )
        self.assertEqual(self.campaign.state, "running")
        self.assertEqual(len(self.campaign.entry_ids), 6)
        self.assertEqual(self.campaign.entry_ids.round_id, self.round_1)
        self.assertIn(self.unit_a, self.ind_1.responsible_unit_ids, "matched by name on start")
        self.assertIn("九-2-2", self.campaign.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "already started"):
            self.campaign.with_user(self.office).action_start()

    def test_start_refusals(self):
        Campaign = self.env["fazhi.indicator.campaign"]
        no_round = Campaign.create({"name": "无轮次", "framework_id": self.framework.id})
        with self.assertRaisesRegex(UserError, "reporting round"):
            no_round.action_start()
        no_owner = Campaign.create(
            {
                "name": "无牵头单位",
                "framework_id": self.framework.id,
                "round_ids": [(0, 0, {"name": "第一轮"})],
            }
        )
        with self.assertRaisesRegex(UserError, "九-2-2"):
            no_owner.action_start()
        with self.assertRaises(UserError):
            no_owner.with_user(self.staff).action_start()

    def test_new_round_gets_entries(self):
        self.fill(self.entry_a)
        round_2 = self.env["fazhi.indicator.campaign.round"].create(
            {"campaign_id": self.campaign.id, "name": "第二轮 台账梳理", "sequence": 2}
        )
        entries = self.campaign.entry_ids.filtered(lambda e: e.round_id == round_2)
        self.assertEqual(len(entries), 6)
        carried = entries.filtered(lambda e: e.assignment_id == self.entry_a.assignment_id)
        self.assertEqual(carried.breakdown, self.GENUINE["breakdown"])
        self.assertFalse(carried.completion)

    def test_veto_flags_the_campaign(self):
        veto = self.campaign.assignment_ids.filtered(lambda a: a.indicator_id == self.ind_veto)
        normal = self.entry_a.assignment_id
        with self.assertRaises(UserError):
            veto.with_user(self.staff2).action_trigger_veto()
        with self.assertRaisesRegex(UserError, "veto indicator"):
            normal.with_user(self.office).action_trigger_veto()
        with self.assertRaises(ValidationError):
            normal.write({"veto_triggered": True})
        self.assertFalse(self.campaign.veto_triggered)
        veto.with_user(self.office).action_trigger_veto("发生严重违法行政行为")
        self.assertTrue(self.campaign.veto_triggered)
        # Everywhere it is shown: the entries and assignments of every unit carry the flag.
        self.assertTrue(all(self.campaign.entry_ids.mapped("campaign_veto_triggered")))
        self.assertTrue(self.entry_a.with_user(self.staff).campaign_veto_triggered)
        self.assertTrue(normal.campaign_veto_triggered)
        self.assertIn(
            self.campaign,
            self.env["fazhi.indicator.campaign"].search([("veto_triggered", "=", True)]),
        )
        self.assertIn("Veto triggered", self.campaign.message_ids[0].body)
        veto.with_user(self.office).action_clear_veto()
        self.assertFalse(self.campaign.veto_triggered)

    def test_progress_and_overdue(self):
        self.fill(self.entry_a)
        self.entry_a.with_user(self.staff).action_submit()
        self.assertEqual(self.campaign.done_entry_count, 1)
        self.assertAlmostEqual(self.campaign.completion_rate, round(100 / 6, 1))
        with freeze_time("2099-03-01"):
            self.campaign.invalidate_recordset()
            self.assertEqual(self.campaign.overdue_entry_count, 5)
            Entry = self.env["fazhi.indicator.entry"]
            overdue = Entry.search(
                [("is_overdue", "=", True), ("campaign_id", "=", self.campaign.id)]
            )
            self.assertNotIn(self.entry_a, overdue)
            self.assertEqual(len(overdue), 5)
        groups = self.env["fazhi.indicator.entry"]._read_group(
            [("campaign_id", "=", self.campaign.id)], ["unit_id", "round_id"], ["progress:avg"]
        )
        by_unit = {unit: avg for unit, _rnd, avg in groups}
        self.assertAlmostEqual(by_unit[self.unit_a], 100 / 3)
        self.assertEqual(by_unit[self.unit_b], 0.0)

    def test_feedback_opens_rectification_followups(self):
        feedback = self.env["fazhi.indicator.feedback"].create(
            {
                "name": "“互联网+监管”推进不足",
                "campaign_id": self.campaign.id,
                "round_id": self.round_1.id,
                "indicator_id": self.ind_2.id,
                "deadline": "2099-03-31",
            }
        )
        self.assertEqual(feedback.unit_ids, self.unit_a | self.unit_b)
        with self.assertRaises(UserError):
            feedback.with_user(self.staff).action_create_followups()
        followups = feedback.with_user(self.office).action_create_followups()
        self.assertEqual(len(followups), 2)
        self.assertEqual(followups.unit_id, self.unit_a | self.unit_b)
        self.assertEqual(set(followups.mapped("kind")), {"rectification"})
        self.assertEqual(followups[0].deadline, date(2099, 3, 31))
        self.assertEqual(feedback.followup_count, 2)
        self.assertEqual(feedback.state, "sent")
        with self.assertRaises(UserError):
            feedback.action_create_followups()
        # 回头看: the look-back action lists them; staff see their unit's only.
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fazhi_indicators.fazhi_followup_action_indicator_lookback"
        )
        Followup = self.env["fazhi.followup"]
        domain = safe_eval(action["domain"])
        lookback = Followup.search(domain)
        self.assertEqual(lookback & followups, followups)
        mine = Followup.with_user(self.staff2).search(domain)
        self.assertEqual(mine.unit_id, self.unit_b)
        by_unit_state = Followup._read_group(
            [("id", "in", followups.ids)], ["unit_id", "state"], ["__count"]
        )
        self.assertEqual(len(by_unit_state), 2)
        # Staff see the feedback of their units only.
        self.assertEqual(
            self.env["fazhi.indicator.feedback"].with_user(self.staff2).search([]), feedback
        )

    def test_monthly_report_lines(self):
        self.round_1.deadline = date(2099, 2, 27)
        self.fill(self.entry_a)
        self.entry_a.with_user(self.staff).action_submit()
        report = self.env["fazhi.monthly.report"].create(
            {"unit_id": self.unit_a.id, "month": "2099-02-01"}
        )
        lines = {line.source: line.value for line in report.line_ids}
        self.assertEqual(lines["fazhi_indicators.entries_due"], 3)
        self.assertEqual(lines["fazhi_indicators.entries_submitted"], 1)
        self.assertEqual(lines["fazhi_indicators.entries_overdue"], 0)
        with freeze_time("2099-03-15"):
            report_march = self.env["fazhi.monthly.report"].create(
                {"unit_id": self.unit_a.id, "month": "2099-03-01"}
            )
            lines = {line.source: line.value for line in report_march.line_ids}
            self.assertEqual(lines["fazhi_indicators.entries_overdue"], 2)

    def test_cron_reminds_once_per_unit_and_round(self):
        Activity = self.env["mail.activity"]
        domain = [("res_model", "=", "fazhi.indicator.campaign"), ("res_id", "=", self.campaign.id)]
        with freeze_time("2099-02-20"):
            self.env["fazhi.indicator.entry"]._cron_remind_deadlines()
            self.assertFalse(Activity.search(domain), "too early")
        with freeze_time("2099-02-25"):
            self.env["fazhi.indicator.entry"]._cron_remind_deadlines()
            activities = Activity.search(domain)
            # 审批办 (manager) and 卫健委 (no manager, no liaison: nobody); 监督所 has none either.
            self.assertEqual(activities.user_id, self.manager)
            self.assertEqual(len(activities), 1)
            self.assertIn("3 indicator entries", activities.summary)
            self.env["fazhi.indicator.entry"]._cron_remind_deadlines()
            self.assertEqual(len(Activity.search(domain)), 1, "idempotent")

    def test_measured_figure(self):
        self.ind_1.write(
            {"figure_key": "fazhi_indicators.rectification_done_rate", "target_value": 100.0}
        )
        self.assertEqual(self.ind_1.figure_status, "none")
        followups = self.env["fazhi.followup"].create(
            [
                {"name": "整改一", "unit_id": self.unit_a.id, "deadline": date.today()},
                {"name": "整改二", "unit_id": self.unit_a.id, "deadline": date.today()},
            ]
        )
        followups[0].write({"state": "done", "result": "已整改"})
        self.ind_1.invalidate_recordset()
        self.assertGreater(self.ind_1.figure_value, 0.0)
        self.assertLess(self.ind_1.figure_value, 100.0)
        self.assertEqual(self.ind_1.figure_status, "missed")
        self.assertIn(
            "fazhi_indicators.rectification_done_rate",
            dict(self.env["fazhi.indicator"]._selection_figure_key()),
        )

    def test_measured_figure_same_code_as_monthly_report(self):
        """An indicator measures a figure by the code of the monthly report
        lines, under the same label, with the registry's live value."""
        self.env["res.lang"]._activate_lang("zh_CN")
        code = "fazhi_base.followup_overdue"
        self.assertIn(code, dict(self.env["fazhi.indicator"]._selection_figure_key()))
        self.ind_1.write({"figure_key": code, "target_operator": "<=", "target_value": 0.0})
        with freeze_time("2099-03-20"):
            # the company's follow-ups overdue today (demo data included)
            before = self.ind_1.figure_value
        with freeze_time("2099-03-01"):
            self.env["fazhi.followup"].create(
                [
                    {"name": "逾期一", "unit_id": self.unit_a.id, "deadline": date(2099, 3, 10)},
                    {"name": "逾期二", "unit_id": self.unit_a.id, "deadline": date(2099, 3, 12)},
                ]
            )
        with freeze_time("2099-03-20"):
            self.ind_1.invalidate_recordset()
            self.assertEqual(self.ind_1.figure_value, before + 2)
            self.assertEqual(self.ind_1.figure_status, "missed")
            report = self.env["fazhi.monthly.report"].create(
                {"unit_id": self.unit_a.id, "month": date(2099, 3, 1)}
            )
        line = report.line_ids.filtered(lambda line: line.source == code)
        self.assertEqual(line.value, 2.0)
        for lang in ("en_US", "zh_CN"):
            labels = dict(
                self.env["fazhi.indicator"].with_context(lang=lang)._selection_figure_key()
            )
            self.assertEqual(labels[code], line.with_context(lang=lang).name)
        self.assertEqual(labels[code], "逾期督办事项")

    def test_indicator_tree(self):
        Indicator = self.env["fazhi.indicator"]
        level1 = Indicator.create(
            {"framework_id": self.framework.id, "code": "一", "name": "一级", "level": "1"}
        )
        level2 = Indicator.create(
            {
                "framework_id": self.framework.id,
                "code": "一-1",
                "name": "二级",
                "level": "2",
                "parent_id": level1.id,
            }
        )
        self.ind_1.parent_id = level2
        self.assertEqual(self.framework.leaf_count, 5)
        with self.assertRaises(ValidationError):
            level2.parent_id = False
            level1.parent_id = level2
        with self.assertRaises(ValidationError):
            Indicator.create(
                {
                    "framework_id": self.framework.id,
                    "code": "一-2",
                    "name": "x",
                    "level": "3",
                    "parent_id": level1.id,
                }
            )
        with self.assertRaises(AccessError):
            Indicator.with_user(self.staff).create(
                {"framework_id": self.framework.id, "code": "x", "name": "x"}
            )
