from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user


@freeze_time("2026-03-02")
class TestFollowupConfidential(TransactionCase):
    """``excluded_user_ids``: the global rule, owners, followers, escalation;
    the accountability outcome and measure."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, login="fc_manager", groups="fazhi_base.group_fazhi_unit_manager"
        )
        cls.staff = new_test_user(cls.env, login="fc_staff", groups="fazhi_base.group_fazhi_staff")
        cls.colleague = new_test_user(
            cls.env, login="fc_colleague", groups="fazhi_base.group_fazhi_staff"
        )
        cls.office = new_test_user(
            cls.env, login="fc_office", groups="fazhi_base.group_fazhi_office"
        )
        cls.office2 = new_test_user(
            cls.env, login="fc_office2", groups="fazhi_base.group_fazhi_office"
        )
        cls.unit = cls.env["fazhi.unit"].create(
            {
                "name": "FC unit",
                "code": "FC-A",
                "manager_id": cls.manager.id,
                "member_ids": [Command.set([cls.manager.id, cls.staff.id, cls.colleague.id])],
            }
        )
        cls.Followup = cls.env["fazhi.followup"]

    def _create(self, excluded=None, **vals):
        return self.Followup.create(
            {
                "name": "问责：回访发现吃拿卡要",
                "kind": "accountability",
                "unit_id": self.unit.id,
                "deadline": "2026-03-20",
                "excluded_user_ids": [Command.set(excluded.ids if excluded else [])],
                **vals,
            }
        )

    def test_excluded_user_cannot_read_or_find(self):
        hidden = self._create(excluded=self.staff | self.office2, user_id=self.office.id)
        open_one = self._create()
        for user in (self.staff, self.office2):
            Followup = self.Followup.with_user(user)
            with self.assertRaises(AccessError):
                hidden.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                hidden.with_user(user).write({"result": "x"})
            self.assertFalse(Followup.search([("id", "=", hidden.id)]))
            self.assertEqual(Followup.search_count([("id", "in", (hidden | open_one).ids)]), 1)
            # A follow-up without excluded users stays visible: "not in" on a
            # many2many is "no excluded user is me", empty included.
            self.assertEqual(open_one.with_user(user).read(["name"])[0]["id"], open_one.id)
        # The others see both, as before.
        for user in (self.colleague, self.manager, self.office):
            found = self.Followup.with_user(user).search([("id", "in", (hidden | open_one).ids)])
            self.assertEqual(found, hidden | open_one)
        # Counting through read_group obeys the rule too.
        groups = self.Followup.with_user(self.staff)._read_group(
            [("id", "in", (hidden | open_one).ids)], [], ["__count"]
        )
        self.assertEqual(groups[0][0], 1)

    def test_excluded_field_reserved_to_office(self):
        followup = self._create(excluded=self.colleague, user_id=self.office.id)
        with self.assertRaises(AccessError):
            followup.with_user(self.staff).read(["excluded_user_ids"])
        self.assertEqual(
            followup.with_user(self.office).read(["excluded_user_ids"])[0]["excluded_user_ids"],
            self.colleague.ids,
        )

    def test_excluded_user_cannot_own(self):
        with self.assertRaises(ValidationError):
            self._create(excluded=self.staff, user_id=self.staff.id)
        # The default owner (the unit's manager) is skipped when excluded.
        followup = self._create(excluded=self.manager)
        self.assertFalse(followup.user_id)
        self.assertEqual(self._create(excluded=self.staff).user_id, self.manager)
        followup.user_id = self.office
        with self.assertRaises(ValidationError):
            followup.excluded_user_ids = [Command.link(self.office.id)]

    def test_excluded_user_never_follows(self):
        followup = self._create(user_id=self.office.id)
        followup.message_subscribe(partner_ids=(self.staff | self.colleague).partner_id.ids)
        self.assertIn(self.staff.partner_id, followup.message_partner_ids)
        followup.excluded_user_ids = [Command.link(self.staff.id)]
        self.assertNotIn(self.staff.partner_id, followup.message_partner_ids)
        self.assertIn(self.colleague.partner_id, followup.message_partner_ids)
        followup.message_subscribe(partner_ids=(self.staff | self.manager).partner_id.ids)
        self.assertNotIn(self.staff.partner_id, followup.message_partner_ids)
        self.assertIn(self.manager.partner_id, followup.message_partner_ids)
        # Created by an excluded office user: not subscribed as creator either.
        created = (
            self.Followup.with_user(self.office)
            .with_context(tracking_disable=False)
            .create(
                {
                    "name": "问责：刁难办事群众",
                    "kind": "accountability",
                    "unit_id": self.unit.id,
                    "deadline": "2026-03-20",
                    "user_id": self.office2.id,
                    "excluded_user_ids": [Command.set(self.manager.ids)],
                }
            )
        )
        self.assertIn(self.office.partner_id, created.message_partner_ids)
        self.assertNotIn(self.manager.partner_id, created.message_partner_ids)

    def test_escalation_skips_excluded_users(self):
        with freeze_time("2026-03-02"):
            followup = self._create(excluded=self.manager | self.office2, user_id=self.office.id)
        with freeze_time("2026-03-25"):
            self.Followup._cron_escalate_overdue()
        self.assertTrue(followup.escalated_date)
        self.assertFalse(followup.activity_ids, "its unit's manager is excluded")
        digests = self.env["mail.message"].search(
            [("message_type", "=", "user_notification"), ("body", "ilike", f'/{followup.id}"')]
        )
        self.assertIn(self.office.partner_id, digests.partner_ids)
        self.assertNotIn(self.manager.partner_id, digests.partner_ids)
        self.assertNotIn(self.office2.partner_id, digests.partner_ids)

    def test_accountability_outcome_and_measure(self):
        followup = self._create(user_id=self.office.id, result="已调查核实。")
        followup.action_start()
        with self.assertRaisesRegex(UserError, "investigation outcome"):
            followup.action_done()
        followup.investigation_outcome = "substantiated"
        with self.assertRaisesRegex(UserError, "measure"):
            followup.action_done()
        followup.measure = "admonition_talk"
        followup.action_done()
        self.assertEqual(followup.state, "done")
        unfounded = self._create(
            user_id=self.office.id, result="经核实不属实。", investigation_outcome="unfounded"
        )
        unfounded.action_start()
        unfounded.action_done()
        self.assertEqual(unfounded.state, "done")
        # Other kinds do not need them.
        rectification = self._create(kind="rectification", result="已整改。")
        rectification.action_start()
        rectification.action_done()
        self.assertEqual(rectification.state, "done")
