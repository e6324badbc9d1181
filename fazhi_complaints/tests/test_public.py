import base64
import re

from odoo.tests import HttpCase, tagged

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestPublicPages(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.fazhi_complaint_rate_limit = 100
        cls.category = cls.env.ref("fazhi_complaints.fazhi_complaint_category_abuse")
        cls.Complaint = cls.env["fazhi.complaint"]

    def _token(self, url="/complaint/new"):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def _submit(self, data, files=None):
        data = {"csrf_token": self._token(), **data}
        return self.url_open("/complaint/new", data=data, files=files or {})

    def _file(self, description="The inspector shouted at me.", **extra):
        response = self._submit(
            {
                "category_id": str(self.category.id),
                "description": description,
                "name": "Li Si",
                "phone": "13600000000",
                **extra,
            },
            files=[("attachments", ("photo.png", PNG, "image/png"))],
        )
        self.assertEqual(response.status_code, 200, response.text[:2000])
        reference = re.search(r'o_fazhi_complaint_reference">([^<]+)<', response.text).group(1)
        code = re.search(r'o_fazhi_complaint_code">([^<]+)<', response.text).group(1)
        return reference, code

    def test_file_and_check_status(self):
        reference, code = self._file()
        complaint = self.Complaint.search([("reference", "=", reference)])
        self.assertEqual(complaint.channel, "web")
        self.assertEqual(complaint.state, "registered")
        self.assertEqual(complaint.complainant_name, "Li Si")
        self.assertEqual(complaint.attachment_ids.name, "photo.png")
        self.assertEqual(complaint.attachment_ids.res_id, complaint.id)
        self.assertNotIn(code, complaint.access_code_hash, "only a hash of the code is stored")
        token = self._token("/complaint/status")
        response = self.url_open(
            "/complaint/status", data={"csrf_token": token, "reference": reference, "code": code}
        )
        self.assertIn("o_fazhi_complaint_status", response.text)
        self.assertIn("Registered", response.text)
        self.assertNotIn("Li Si", response.text)

    def test_wrong_code_leaks_nothing(self):
        reference, _code = self._file(description="Secret description text")
        token = self._token("/complaint/status")
        wrong = self.url_open(
            "/complaint/status",
            data={"csrf_token": token, "reference": reference, "code": "WRONGCODE2"},
        )
        unknown = self.url_open(
            "/complaint/status",
            data={"csrf_token": token, "reference": "TS1999-99999", "code": "WRONGCODE2"},
        )
        for response in (wrong, unknown):
            self.assertIn("No complaint matches this reference and query code.", response.text)
            self.assertNotIn("o_fazhi_complaint_status", response.text)
            self.assertNotIn("Secret description text", response.text)
            self.assertNotIn("Registered", response.text)
        self.assertEqual(wrong.status_code, unknown.status_code)

    def test_missing_description_keeps_input(self):
        count = self.Complaint.search_count([])
        response = self._submit(
            {
                "category_id": str(self.category.id),
                "description": "",
                "name": "Wang Wu",
                "phone": "13500000000",
            }
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Describe what happened.", response.text)
        self.assertIn('value="Wang Wu"', response.text)
        self.assertIn('value="13500000000"', response.text)
        self.assertEqual(self.Complaint.search_count([]), count)

    def test_bad_attachment_keeps_input(self):
        count = self.Complaint.search_count([])
        response = self._submit(
            {
                "category_id": str(self.category.id),
                "description": "He took money from me.",
                "anonymous": "1",
            },
            files=[("attachments", ("virus.png", b"MZ\x90\x00not an image", "image/png"))],
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("The file virus.png is not accepted", response.text)
        self.assertIn("He took money from me.", response.text)
        self.assertIn("checked", response.text)
        self.assertEqual(self.Complaint.search_count([]), count)
        too_many = self._submit(
            {"category_id": str(self.category.id), "description": "x", "anonymous": "1"},
            files=[("attachments", (f"p{i}.png", PNG, "image/png")) for i in range(6)],
        )
        self.assertIn("Attach at most 5 files.", too_many.text)

    def test_anonymous_submission(self):
        reference, _code = self._file(anonymous="1")
        complaint = self.Complaint.search([("reference", "=", reference)])
        self.assertTrue(complaint.is_anonymous)
        self.assertFalse(complaint.complainant_name)

    def test_rate_limit(self):
        self.env.company.fazhi_complaint_rate_limit = 2
        self._file()
        self._file()
        response = self._submit(
            {"category_id": str(self.category.id), "description": "third", "anonymous": "1"}
        )
        self.assertEqual(response.status_code, 429)
        self.assertIn("Too many complaints", response.text)

    def test_publication_on_public_pages(self):
        reference, code = self._file()
        complaint = self.Complaint.search([("reference", "=", reference)])
        office = self.env.ref("base.user_admin")
        unit = self.env["fazhi.unit"].create({"name": "TP unit", "code": "TP-1"})
        c = complaint.with_user(office)
        c.action_accept()
        c.write({"unit_id": unit.id, "handler_id": office.id})
        c.action_assign()
        c.action_start_investigation()
        c.write(
            {
                "outcome": "unfounded",
                "conclusion": "No evidence of shouting (CONFIDENTIAL-FINDING).",
            }
        )
        c.action_conclude()
        results = self.url_open("/complaint/results")
        self.assertNotIn(reference, results.text)
        c.public_summary_draft = "The complaint was investigated and found unfounded."
        c.action_publish()
        results = self.url_open("/complaint/results")
        self.assertIn(reference, results.text)
        self.assertIn("found unfounded", results.text)
        self.assertNotIn("CONFIDENTIAL-FINDING", results.text)
        self.assertNotIn("Li Si", results.text)
        token = self._token("/complaint/status")
        status = self.url_open(
            "/complaint/status", data={"csrf_token": token, "reference": reference, "code": code}
        )
        self.assertIn("found unfounded", status.text)
