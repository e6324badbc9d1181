from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..models.fazhi_indicator_entry import copies_indicator, copy_scores, normalise_text
from .common import IndicatorCase


@tagged("post_install", "-at_install")
class TestEntryRules(IndicatorCase):
    def test_200_chinese_characters(self):
        self.fill(self.entry_a, completion="已" * 200, next_steps="推" * 200)
        self.assertEqual(self.entry_a.completion_length, 200)
        self.assertGreater(len(self.entry_a.completion.encode()), 200, "600 bytes, 200 characters")
        with self.assertRaisesRegex(ValidationError, "201 characters"):
            self.fill(self.entry_a, completion="已" * 201)
        with self.assertRaisesRegex(ValidationError, "at most 200"):
            self.fill(self.entry_a, next_steps="推" * 201)

    def test_200_mixed_characters(self):
        mixed = ("完成12项 OK，" * 25)[:200]
        self.assertEqual(len(mixed), 200)
        self.fill(self.entry_a, completion=mixed)
        self.assertEqual(self.entry_a.completion, mixed)
        with self.assertRaises(ValidationError):
            self.fill(self.entry_a, completion=mixed + "a")
        with self.assertRaises(ValidationError):
            self.fill(self.entry_a, next_steps="ab 12，" * 40 + "x")

    def test_copy_verbatim_refused(self):
        with self.assertRaisesRegex(ValidationError, "copies the indicator"):
            self.fill(self.entry_a, completion=self.ind_1.name)
        with self.assertRaisesRegex(ValidationError, "copies the indicator"):
            self.fill(self.entry_a, breakdown=self.ind_1.name)

    def test_copy_with_changed_punctuation_refused(self):
        changed = (
            self.ind_1.name.replace("“", '"')
            .replace("”", '"')
            .replace("，", ", ")
            .replace("、", " ")
            .replace("。", ".")
        )
        self.assertNotEqual(changed, self.ind_1.name)
        self.assertEqual(normalise_text(changed), normalise_text(self.ind_1.name))
        with self.assertRaisesRegex(ValidationError, "copies the indicator"):
            self.fill(self.entry_a, completion=changed)
        # Copied and padded with a few words of one's own: still a copy.
        with self.assertRaises(ValidationError):
            self.fill(self.entry_a, next_steps="我单位将继续" + self.ind_1.name + "并加强督查")
        # An excerpt (half of the indicator) is a copy too.
        excerpt = self.ind_1.name[:40]
        self.assertTrue(copies_indicator(self.ind_1.name, excerpt))

    def test_genuine_answer_quoting_a_few_words_passes(self):
        self.fill(self.entry_a)
        self.assertIn("马上办、网上办", self.entry_a.completion)
        containment, coverage = copy_scores(self.ind_1.name, self.entry_a.completion)
        self.assertLess(containment, 0.3)
        self.assertLess(coverage, 0.3)
        self.assertFalse(copies_indicator(self.ind_1.name, "全面推行“双随机、一公开”"))

    def test_empty_fields_refused_on_submit(self):
        self.fill(self.entry_a, next_steps="   ")
        with self.assertRaisesRegex(UserError, "Fill in Next steps"):
            self.entry_a.with_user(self.staff).action_submit()
        self.assertEqual(self.entry_a.state, "draft")

    def test_bonus_needs_official_document(self):
        self.fill(
            self.entry_bonus,
            breakdown="整理2019年以来获得的表彰文件。",
            completion="2022年获评省级法治政府建设先进单位。",
            next_steps="继续争创国家级示范。",
        )
        with self.assertRaisesRegex(UserError, "official document"):
            self.entry_bonus.with_user(self.staff).action_submit()
        attachment = self.env["ir.attachment"].create(
            {"name": "表彰文件.pdf", "raw": b"%PDF-1.4 test", "mimetype": "application/pdf"}
        )
        self.entry_bonus.with_user(self.staff).write(
            {"official_document_ids": [(6, 0, attachment.ids)]}
        )
        self.entry_bonus.with_user(self.staff).action_submit()
        self.assertEqual(self.entry_bonus.state, "submitted")


@tagged("post_install", "-at_install")
class TestEntryFlow(IndicatorCase):
    def test_approval_flow_and_return(self):
        self.fill(self.entry_a)
        entry = self.entry_a
        entry.with_user(self.staff).action_submit()
        self.assertEqual(entry.state, "submitted")
        self.assertEqual(entry.submitted_by_id, self.staff)
        self.assertEqual(entry.progress, 100.0)
        # Locked once submitted.
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            entry.with_user(self.staff).write({"completion": "改一下"})
        # The office cannot accept before the manager approves; staff cannot approve.
        with self.assertRaises(UserError):
            entry.with_user(self.office).action_accept()
        with self.assertRaises(AccessError):
            entry.with_user(self.staff).action_approve()
        entry.with_user(self.manager).action_approve()
        self.assertEqual(entry.state, "approved")
        self.assertEqual(entry.approved_by_id, self.manager)
        # The manager may not return an approved entry; the office returns it with comments.
        with self.assertRaises(AccessError):
            entry.with_user(self.manager).action_return("补充材料")
        with self.assertRaisesRegex(UserError, "reason"):
            entry.with_user(self.office).action_return()
        entry.with_user(self.office).action_return("请补充具体数据和佐证材料。")
        self.assertEqual(entry.state, "returned")
        self.assertEqual(entry.return_reason, "请补充具体数据和佐证材料。")
        self.assertEqual(entry.progress, 0.0)
        self.assertIn("请补充具体数据", entry.message_ids[0].body)
        # Corrected and submitted again, then approved and accepted.
        entry.with_user(self.staff).write(
            {"completion": "已完成25项审批事项流程再造，附办理时限统计表。"}
        )
        entry.with_user(self.staff).action_submit()
        entry.with_user(self.manager).action_approve()
        entry.with_user(self.office).action_accept()
        self.assertEqual(entry.state, "accepted")
        self.assertEqual(entry.reviewed_by_id, self.office)
        with self.assertRaises(UserError):
            entry.with_user(self.office).action_return("太晚了")

    def test_manager_returns_submitted_entry(self):
        self.fill(self.entry_a)
        self.entry_a.with_user(self.staff).action_submit()
        self.entry_a.with_user(self.manager).action_return("分解内容不够具体")
        self.assertEqual(self.entry_a.state, "returned")

    def test_submitter_cannot_approve_own_entry(self):
        self.fill(self.entry_a, user=self.manager)
        self.entry_a.with_user(self.manager).action_submit()
        with self.assertRaisesRegex(AccessError, "submitted by you"):
            self.entry_a.with_user(self.manager).action_approve()

    def test_state_only_through_workflow(self):
        with self.assertRaisesRegex(UserError, "workflow"):
            self.entry_a.with_user(self.staff).write({"state": "accepted"})

    def test_department_edits_only_its_own_entries(self):
        Entry = self.env["fazhi.indicator.entry"]
        visible = Entry.with_user(self.staff2).search([("campaign_id", "=", self.campaign.id)])
        self.assertTrue(visible)
        self.assertEqual(visible.unit_id, self.unit_b)
        self.fill(self.entry_b, user=self.staff2)
        with self.assertRaises(AccessError):
            self.fill(self.entry_a, user=self.staff2)
        with self.assertRaises(AccessError):
            self.entry_a.with_user(self.staff2).read(["completion"])
        with self.assertRaises(AccessError):
            self.entry_a.with_user(self.staff2).action_submit()
        # A member of the unit cannot submit an entry of another unit even if visible.
        self.fill(self.entry_a)
        with self.assertRaises(AccessError):
            Entry.browse(self.entry_a.id).with_user(self.staff2).action_submit()
        # The leader reads everything and changes nothing.
        self.assertEqual(
            Entry.with_user(self.leader).search_count([("campaign_id", "=", self.campaign.id)]),
            Entry.search_count([("campaign_id", "=", self.campaign.id)]),
        )
        with self.assertRaises(AccessError):
            self.entry_a.with_user(self.leader).write({"completion": "领导改写"})
        # The unit manager sees the unit's entries, not the other unit's.
        seen = Entry.with_user(self.manager).search([("campaign_id", "=", self.campaign.id)])
        self.assertEqual(seen.unit_id, self.unit_a)
        # Staff cannot create entries or campaigns.
        with self.assertRaises(AccessError):
            Entry.with_user(self.staff).create(
                {"assignment_id": self.entry_a.assignment_id.id, "round_id": self.round_1.id}
            )
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.staff).write({"name": "x"})
