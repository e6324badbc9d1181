"""The QR code of a questionnaire link is drawn (reportlab's renderPM backend)."""

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestBarcode(HttpCase):
    def test_qr_code_is_an_image(self):
        self.authenticate("admin", "admin")
        response = self.url_open(
            "/report/barcode/?barcode_type=QR&value=https%3A%2F%2Fexample.org%2Fsurvey"
            "&width=200&height=200"
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertTrue(response.content.startswith(b"\x89PNG"), "not a PNG")
        self.assertGreater(len(response.content), 300, "a placeholder, not a code")
