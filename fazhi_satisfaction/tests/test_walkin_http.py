import re
import shutil
import subprocess
import tempfile
import unicodedata
import unittest
from pathlib import Path

from odoo.tests import HttpCase, tagged

from .common_walkin import WalkinCase


def pdf_text(pdf):
    """The text of ``pdf`` (pdftotext), without white space; NFKC folds the
    Kangxi radicals some CJK fonts map their glyphs to (⽂ -> 文)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        content = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", handle.name, "-"],
            check=True,
            capture_output=True,
        ).stdout.decode()
    return unicodedata.normalize("NFKC", "".join(content.split()))


@tagged("post_install", "-at_install")
class TestWalkinHttp(HttpCase, WalkinCase):
    """The QR poster (扫码评价) end to end: the poster printed, its link
    followed on a phone, the answer counted; refusals."""

    browser_size = "390x844"

    def _url(self, unit=None):
        return f"/satisfaction/qr/{(unit or self.unit_a).fazhi_walkin_token}"

    def _identify(self, identity, unit=None):
        page = self.url_open(self._url(unit))
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.url_open(
            self._url(unit),
            data={"csrf_token": token, "identity": identity},
            allow_redirects=False,
        )

    def _answer_of(self, response):
        self.assertEqual(response.status_code, 303, response.text[:2000])
        match = re.search(r"/survey/([0-9a-f-]+)/([0-9a-f-]+)$", response.headers["Location"])
        self.assertTrue(match, response.headers["Location"])
        return self.env["survey.user_input"].search([("access_token", "=", match.group(2))])

    @unittest.skipUnless(
        shutil.which("wkhtmltopdf") and shutil.which("pdftotext"),
        "wkhtmltopdf and pdftotext (poppler-utils) are needed",
    )
    def test_poster_pdf(self):
        self.unit_empty.fazhi_walkin_token = False
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, kind = Report.with_user(self.manager_a)._render_qweb_pdf(
            "fazhi_satisfaction.fazhi_unit_walkin_poster_report", self.unit_a.ids
        )
        self.assertEqual(kind, "pdf")
        text = pdf_text(pdf)
        self.assertIn("测试审批办", text)
        self.assertIn(self.unit_a.fazhi_walkin_url, text)
        self.assertIn(self.survey.title, text)
        # a unit printed for the first time gets its token then
        Report.with_user(self.office)._render_qweb_pdf(
            "fazhi_satisfaction.fazhi_unit_walkin_poster_report", self.unit_empty.ids
        )
        self.assertTrue(self.unit_empty.fazhi_walkin_token)
        # the unit's form prints it
        action = self.unit_a.with_user(self.manager_a).action_print_walkin_poster()
        self.assertEqual(action["report_name"], "fazhi_satisfaction.report_walkin_poster")

    def test_tour_on_a_phone(self):
        self.assertEqual(self.code_private, "91410400MA40000016")
        self.start_tour(self._url(), "fazhi_satisfaction_walkin_tour")
        task = self._task(self.campaign_a, self.private)
        self.assertEqual(task.state, "done")
        self.assertEqual(task.channel, "online")
        answer = task.user_input_id
        self.assertEqual(answer.state, "done")
        self.assertEqual(answer.fazhi_walkin_id.is_registered, True)
        self.assertEqual(self.campaign_a.done_count, 1)
        self.assertAlmostEqual(self.campaign_a.coverage, 1 / 3)
        # the same counterpart again this month: refused
        response = self._identify(self.code_private)
        self.assertEqual(response.status_code, 403)
        self.assertIn("o_fazhi_walkin_done", response.text)
        self.assertIn("already been answered for you this month", response.text)

    def test_page(self):
        html = self.url_open(self._url()).text
        self.assertRegex(html, r'<html[^>]* lang="en-US"')
        self.assertIn("<title>Rate our service — 测试审批办</title>", html)
        self.assertIn('name="viewport"', html)
        self.assertIn(self.survey.title, html)

    def test_walkin_and_refusals(self):
        # an unknown phone: a walk-in answer of the unit, counted apart
        answer = self._answer_of(self._identify("139-0000-0009"))
        self.assertFalse(answer.fazhi_task_id)
        self.assertFalse(answer.partner_id)
        self.assertEqual(answer.fazhi_unit_id, self.unit_a)
        page = self.url_open(f"/survey/{answer.survey_id.access_token}/{answer.access_token}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("Survey Access Error", page.text)
        self._submit(answer)
        self.assertEqual(self.campaign_a.done_count, 0)
        self.assertEqual(self.Walkin._fazhi_walkin_counts(self.campaign_a), {self.campaign_a.id: 1})
        response = self._identify("13900000009")
        self.assertEqual(response.status_code, 403)
        # a wrong credit code: the message, what was typed kept
        response = self._identify("91410400MA40000010")
        self.assertEqual(response.status_code, 400)
        self.assertIn("check digit", response.text)
        self.assertIn('value="91410400MA40000010"', response.text)
        # nothing personal shown back: the counterpart's name never appears
        response = self._identify("0375-2663225")
        self.assertEqual(response.status_code, 303)
        self.assertNotIn(self.clinic.name, self.url_open(self._url()).text)

    def test_another_units_token(self):
        """Unit B's poster cannot reach unit A's tasks: the enterprise of A is
        a walk-in of B there."""
        answer = self._answer_of(self._identify(self.code_private, unit=self.unit_b))
        self.assertFalse(answer.fazhi_task_id)
        self.assertEqual(answer.fazhi_unit_id, self.unit_b)
        self._submit(answer)
        self.assertEqual(self._task(self.campaign_a, self.private).state, "todo")
        self.assertEqual(self.campaign_a.done_count, 0)

    def test_rotated_token(self):
        old = self._url()
        self.unit_a.with_user(self.office).action_rotate_walkin_token()
        response = self.url_open(old)
        self.assertEqual(response.status_code, 404)
        self.assertIn("o_fazhi_walkin_invalid", response.text)
        self.assertNotIn("测试审批办", response.text)
        self.assertEqual(self.url_open(self._url()).status_code, 200)

    def test_flood(self):
        self.env["ir.config_parameter"].set_param("fazhi_satisfaction.walkin_address_limit", "3")
        for number in ("13900000001", "13900000002", "13900000003"):
            self.assertEqual(self._identify(number).status_code, 303)
        response = self._identify("13900000004")
        self.assertEqual(response.status_code, 429)
        self.assertIn("Too many tries", response.text)
        self.assertFalse(
            self.Walkin.search([("identity_masked", "=", "139******04")]),
            "nothing is recorded for a refused try",
        )

    def test_closed_campaign(self):
        self.campaign_a.action_close()
        response = self.url_open(self._url())
        self.assertEqual(response.status_code, 404)
        self.assertIn("o_fazhi_walkin_closed", response.text)

    def test_chinese(self):
        msgid = "This unit's questionnaire has already been answered for you this month"
        po = Path(__file__).parents[1] / "i18n" / "zh_CN.po"
        if msgid not in po.read_text(encoding="utf-8"):
            self.skipTest("the Chinese translation of the QR poster's page is not merged yet")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "in", ("fazhi_base", "fazhi_satisfaction"))]
        )._update_translations(["zh_CN"], overwrite=True)
        self._submit(self.Walkin._fazhi_start(self.unit_a, "13900000009", self.ip))
        headers = {"Accept-Language": "zh-CN"}
        page = self.url_open(self._url(), headers=headers)
        self.assertRegex(page.text, r'<html[^>]* lang="zh-CN"')
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            self._url(),
            data={"csrf_token": token, "identity": "13900000009"},
            headers=headers,
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 403)
        self.assertIn("本月", response.text)
