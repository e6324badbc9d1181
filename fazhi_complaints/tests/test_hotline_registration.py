"""Registering a complaint takes the complainant's identity (issue 11): the desk
types it on the registration form, in one save, without opening the traced
*Show identity* dialog; viewing it later is what leaves a trace."""

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import ComplaintCase

IDENTITY = {
    "complainant_name": "张三",
    "complainant_phone": "13900000000",
    "complainant_id_number": "11010519491231002X",
    "complainant_address": "平顶山市新华路 1 号",
}


@tagged("post_install", "-at_install")
class TestHotlineRegistration(ComplaintCase):
    def _traces(self, complaint):
        complaint.invalidate_recordset(["message_ids"])
        return complaint.sudo().message_ids.filtered(
            lambda m: "identity" in (m.body or "") or "身份" in (m.body or "")
        )

    def _register_by_form(self, user, **identity):
        form = Form(self.Complaint.with_user(user))
        form.channel = "hotline_12345"
        form.hotline_ticket = "12345-TC-0001"
        form.category_id = self.category
        form.description = "来电反映执法人员索要礼品。"
        form.accused_unit_id = self.unit
        for fname, value in identity.items():
            setattr(form, fname if fname == "is_anonymous" else f"new_{fname}", value)
        complaint = form.save()
        self._commit_tracking()
        return complaint

    def test_desk_enters_identity_while_registering(self):
        complaint = self._register_by_form(self.desk, **IDENTITY)
        # Stored in the identity fields (the fields of the desk and the office).
        stored = complaint.sudo().read(list(IDENTITY))[0]
        self.assertEqual({fname: stored[fname] for fname in IDENTITY}, IDENTITY)
        # The entry fields never give it back.
        entry = complaint.with_user(self.desk).read([f"new_{fname}" for fname in IDENTITY])[0]
        self.assertFalse(any(entry[f"new_{fname}"] for fname in IDENTITY))
        # Entering is not viewing: no trace.
        self.assertFalse(self._traces(complaint))
        # Re-opening the registration form does not read the identity either.
        Form(complaint.with_user(self.desk))
        self.assertFalse(self._traces(complaint))
        # Viewing later is traced, by the dialog and by a read.
        complaint.with_user(self.desk).action_show_identity()
        self.assertEqual(len(self._traces(complaint)), 1)
        self.assertEqual(
            complaint.with_user(self.office).read(["complainant_name"])[0]["complainant_name"],
            "张三",
        )
        self.assertEqual(len(self._traces(complaint)), 2)

    def test_identity_form_fields_for_desk_and_office_only(self):
        arch = self.Complaint.with_user(self.desk).get_view(view_type="form")["arch"]
        self.assertIn('name="new_complainant_name"', arch)
        for user in (self.handler, self.staff, self.manager, self.leader):
            with self.subTest(user=user.login):
                view = self.Complaint.with_user(user).get_view(view_type="form")
                self.assertNotIn("complainant_name", view["arch"])
                self.assertNotIn(
                    "new_complainant_name", self.Complaint.with_user(user).fields_get()
                )

    def test_others_cannot_enter_or_read_it(self):
        complaint = self._register_by_form(self.desk, **IDENTITY)
        complaint.with_user(self.office).write({"accused_officer_ids": [(4, self.accused.id)]})
        for user in (self.staff, self.manager, self.leader, self.handler):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    complaint.with_user(user).read(["complainant_name"])
                with self.assertRaises(AccessError):
                    complaint.with_user(user).read(["new_complainant_name"])
                with self.assertRaises(AccessError):
                    self.Complaint.with_user(user).create(
                        {"category_id": self.category.id, "new_complainant_name": "李四"}
                    )
        # The accused officer does not even see the complaint.
        with self.assertRaises(AccessError):
            complaint.with_user(self.accused).read(["description"])

    def test_anonymous_wins_and_formats_are_checked(self):
        complaint = self._register_by_form(self.desk, **IDENTITY, is_anonymous=True)
        self.assertFalse(complaint.sudo().complainant_name)
        with self.assertRaises(ValidationError):
            self._register(new_complainant_phone="12")
