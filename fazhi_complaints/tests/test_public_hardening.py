"""Hostile input on the public complaint pages (issue 9, "Bad input"): NUL bytes, page
numbers that are not ones, forged uploads, guessed status codes, and reference numbers
that a refused submission must not consume."""

import base64
import io
import re
import struct
import zipfile
from contextlib import contextmanager
from datetime import timedelta
from unittest.mock import patch
from urllib.parse import urlsplit

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import config

from ..controllers.uploads import check_upload, ole_entry_name

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
# A Windows program: DOS header (with its NUL bytes), PE offset, "PE\0\0".
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44 + b"PE\x00\x00"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def ole(*streams):
    """An OLE2 compound file whose directory names ``streams`` (enough for the checks)."""
    body = b"".join(
        ole_entry_name(name).ljust(64, b"\x00")
        + struct.pack("<H", len(ole_entry_name(name))).ljust(64, b"\x00")
        for name in streams
    )
    return OLE2 + b"\x00" * 1016 + body + b"\x00" * 512


def ooxml(main="word/document.xml", extra=()):
    """A minimal OOXML package (``[Content_Types].xml`` and its main part) plus ``extra``
    members given as ``(name, bytes)``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        package.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        package.writestr(main, '<?xml version="1.0"?><document/>')
        for name, data in extra:
            package.writestr(name, data)
    return buffer.getvalue()


def plain_zip(*members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


class PublicCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "fazhi_complaint_rate_limit": 100,
                "fazhi_complaint_status_attempts": 3,
                "fazhi_complaint_status_reference_attempts": 50,
                "fazhi_complaint_status_window": 15,
            }
        )
        cls.category = cls.env.ref("fazhi_complaints.fazhi_complaint_category_abuse")
        cls.Complaint = cls.env["fazhi.complaint"]
        cls.Throttle = cls.env["fazhi.complaint.public.throttle"]

    # -- HTTP helpers --------------------------------------------------
    @contextmanager
    def from_address(self, address):
        """Requests seen by the server as coming from ``address`` (behind a proxy)."""
        host = urlsplit(self.base_url()).netloc
        headers = {"X-Forwarded-For": address, "X-Forwarded-Host": host}
        with patch.dict(config.options, {"proxy_mode": True}):
            self._headers = headers
            try:
                yield
            finally:
                self._headers = {}

    _headers = {}

    def _open(self, url, data=None, files=None):
        return self.url_open(url, data=data, files=files, headers=self._headers)

    def _token(self, url="/complaint/new"):
        response = self._open(url)
        self.assertEqual(response.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def _form(self, **extra):
        return {
            "category_id": str(self.category.id),
            "description": "The inspector shouted at me.",
            "name": "Li Si",
            "phone": "13600000000",
            **extra,
        }

    def _submit(self, data, files=None):
        return self._open(
            "/complaint/new", data={"csrf_token": self._token(), **data}, files=files or {}
        )

    def _file(self, **extra):
        response = self._submit(self._form(**extra))
        self.assertEqual(response.status_code, 200, response.text[:2000])
        reference = re.search(r'o_fazhi_complaint_reference">([^<]+)<', response.text).group(1)
        code = re.search(r'o_fazhi_complaint_code">([^<]+)<', response.text).group(1)
        return reference, code

    def _status(self, reference, code):
        token = self._token("/complaint/status")
        return self._open(
            "/complaint/status", data={"csrf_token": token, "reference": reference, "code": code}
        )

    def _page(self, response, reference):
        """The page without what differs between two answers: CSRF token, reference."""
        text = re.sub(r"[0-9a-f]{40}o[0-9]+", "", response.text)  # CSRF tokens (timed)
        return text.replace(reference, "REF")

    def assertClean400(self, response, marker=None):
        self.assertEqual(response.status_code, 400, response.text[:2000])
        self.assertNotIn("Traceback", response.text)
        self.assertNotIn("Internal Server Error", response.text)
        if marker:
            self.assertIn(marker, response.text)


@tagged("post_install", "-at_install")
class TestPublicNulAndPages(PublicCase):
    def test_nul_in_each_form_field(self):
        count = self.Complaint.search_count([])
        for field in ("category_id", "description", "name", "phone", "id_number", "anonymous"):
            with self.subTest(field=field):
                data = self._form(id_number="11010519491231002X")
                data[field] = data.get(field, "1") + "\x00"
                # urlencoded, then multipart (raw NUL byte in the body)
                for files in (None, [("attachments", ("photo.png", PNG, "image/png"))]):
                    response = self._submit(data, files=files)
                    self.assertClean400(response, "NUL bytes")
                    # what was typed is kept, without the NUL
                    self.assertIn("The inspector shouted at me.", response.text)
                    self.assertIn('value="13600000000"', response.text)
        self.assertEqual(self.Complaint.search_count([]), count)

    def test_nul_in_field_names_file_names_and_query_strings(self):
        count = self.Complaint.search_count([])
        self.assertClean400(self._submit({**self._form(), "descr\x00": "x"}))
        self.assertClean400(
            self._submit(self._form(), files=[("attachments", ("photo\x00.png", PNG, "image/png"))])
        )
        token = self._token()
        self.assertClean400(
            self._open("/complaint/new?x=%00", data={"csrf_token": token, **self._form()})
        )
        # the CSRF token is checked by Odoo before the page: a clean 400 as well
        self.assertClean400(
            self._open("/complaint/new", data={"csrf_token": token + "\x00", **self._form()})
        )
        self.assertEqual(self.Complaint.search_count([]), count)
        for url in (
            "/complaint/new?category_id=%00",
            "/complaint/status?reference=TS2026%0000001",
            "/complaint/status?x%00=1",
            "/complaint/results?page=%00",
            "/complaint/results?page=1&q=%00",
        ):
            with self.subTest(url=url):
                self.assertClean400(self._open(url))

    def test_nul_in_status_reference_and_code(self):
        reference, code = self._file()
        self.assertClean400(self._status(reference + "\x00", code), "not allowed")
        self.assertClean400(self._status(reference, code + "\x00"), "not allowed")
        self.assertClean400(self._status("\x00", "\x00"), "not allowed")
        self.assertFalse(self.Throttle.search_count([]), "no lookup, nothing counted")
        # the right pair still works
        self.assertIn("o_fazhi_complaint_status", self._status(reference, code).text)

    def test_page_numbers(self):
        for page in ("99999999999999999999999", "1000000", "-1", "0", "abc", "1.5", "", "1e3"):
            with self.subTest(page=page):
                self.assertClean400(
                    self._open(f"/complaint/results?page={page}"), "cannot be processed"
                )
        for url in ("/complaint/results", "/complaint/results?page=1", "/complaint/results?page=7"):
            with self.subTest(url=url):
                self.assertEqual(self._open(url).status_code, 200)

    def test_file_under_a_text_field_name(self):
        """A file sent as ``description`` (or as ``reference``) is not text: refused as a
        missing value, never a crash."""
        response = self._submit(
            self._form(description=""), files=[("description", ("d.txt", b"x", "text/plain"))]
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Describe what happened.", response.text)
        token = self._token("/complaint/status")
        response = self._open(
            "/complaint/status",
            data={"csrf_token": token, "code": "X"},
            files=[("reference", ("r.txt", b"TS", "text/plain"))],
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("No complaint matches", response.text)


@tagged("post_install", "-at_install")
class TestPublicUploads(PublicCase):
    def _refused(self, name, data, message):
        count = self.Complaint.search_count([])
        response = self._submit(
            self._form(description="He took money from me."),
            files=[("attachments", (name, data, "application/octet-stream"))],
        )
        self.assertEqual(response.status_code, 400, response.text[:2000])
        self.assertIn(f"The file {name} is not accepted", response.text)
        self.assertIn(message, response.text)
        # the rest of the input is kept
        self.assertIn("He took money from me.", response.text)
        self.assertIn('value="Li Si"', response.text)
        self.assertIn('value="13600000000"', response.text)
        self.assertEqual(self.Complaint.search_count([]), count)

    def test_forged_uploads_refused(self):
        program = "it is a program"
        inside = "it contains a program, a script, macros or another archive"
        for name, data, message in [
            ("report.doc", EXE + b"\x00" * 2000, program),
            ("report.doc", ELF, program),
            ("photo.jpg", EXE, program),
            ("notes.txt", ELF + b"text", program),
            ("report.docx", ooxml(extra=[("word/embeddings/setup.exe", EXE)]), inside),
            ("report.docx", ooxml(extra=[("word/media/image1.png", EXE)]), inside),
            ("report.docx", ooxml(extra=[("word/run.js", b"WScript.Echo(1)")]), inside),
            ("report.docx", ooxml(extra=[("word/x.ps1", b"Get-Process")]), inside),
            ("report.docx", ooxml(extra=[("word/a.sh", b"#!/bin/sh\nrm -rf /")]), inside),
            ("report.docx", ooxml(extra=[("word/media/a.bin", b"#!/bin/sh\nrm -rf /")]), inside),
            ("report.docx", ooxml(extra=[("word/inner.zip", plain_zip(("a.txt", b"a")))]), inside),
            ("report.docx", ooxml(extra=[("word/media/n.emf", plain_zip(("a", b"a")))]), inside),
            ("report.docx", ooxml(extra=[("word/vbaProject.bin", ole("_VBA_PROJECT"))]), inside),
            ("table.xlsx", ooxml("xl/workbook.xml", [("xl/tool.msi", b"x")]), inside),
            ("table.xlsx", ooxml("xl/workbook.xml", [("xl/a.jar", plain_zip(("M", b"")))]), inside),
            ("report.doc", ole("WordDocument", "_VBA_PROJECT"), inside),
            ("report.doc", ole("WordDocument", "\x01Ole10Native"), inside),
            ("report.doc", ole("WordDocument", "Macros"), inside),
            ("table.xls", ole("Workbook", "_VBA_PROJECT_CUR", "_VBA_PROJECT"), inside),
            ("report.pdf", b"This is not a PDF at all.", "its content is not a PDF document"),
            ("report.pdf", EXE[:2] + b"PDF", "its content is not a PDF document"),
            ("photo.jpg", b"just some text", "its content is not a JPG, PNG, GIF or WEBP"),
            ("photo.png", PNG[:40], "its content is not a JPG, PNG, GIF or WEBP"),
            ("photo.gif", PDF, "its content is not a JPG, PNG, GIF or WEBP"),
            ("report.doc", b"plain text named .doc", "its content is not a Word or Excel"),
            ("setup.doc", ole("SummaryInformation"), "its content is not a Word or Excel"),
            ("table.xls", ole("WordDocument"), "its content is not a Word or Excel"),
            ("report.docx", plain_zip(("setup.exe", EXE)), "its content is not a Word or Excel"),
            ("report.docx", ooxml("xl/workbook.xml"), "its content is not a Word or Excel"),
            ("report.docx", b"PK\x03\x04broken", "its content is not a Word or Excel"),
            ("notes.txt", b"\xff\xfe\x00a\x00b", "its content is not a text in UTF-8 or GB18030"),
            ("notes.txt", b"abc\x01def", "its content is not a text in UTF-8 or GB18030"),
            ("setup.exe", EXE, "send PDF, images"),
            ("run.js", b"alert(1)", "send PDF, images"),
            ("noextension", PDF, "send PDF, images"),
        ]:
            with self.subTest(name=name, message=message):
                self._refused(name, data, message)

    def test_genuine_files_accepted(self):
        from PIL import Image

        def image(fmt):
            buffer = io.BytesIO()
            Image.new("RGB", (4, 4), "red").save(buffer, format=fmt)
            return buffer.getvalue()

        files = [
            ("evidence.pdf", PDF),
            ("photo.png", PNG),
            ("photo.jpg", image("JPEG")),
            ("photo.gif", image("GIF")),
            ("notes.txt", "执法人员态度恶劣。\n".encode("gb18030")),
        ]
        response = self._submit(
            self._form(),
            files=[("attachments", (n, d, "application/octet-stream")) for n, d in files],
        )
        self.assertEqual(response.status_code, 200, response.text[:3000])
        reference = re.search(r'o_fazhi_complaint_reference">([^<]+)<', response.text).group(1)
        complaint = self.Complaint.search([("reference", "=", reference)])
        self.assertEqual(
            sorted(complaint.attachment_ids.mapped("name")), sorted(n for n, _d in files)
        )
        response = self._submit(
            self._form(),
            files=[
                ("attachments", ("letter.docx", ooxml(), "application/octet-stream")),
                ("attachments", ("table.xlsx", ooxml("xl/workbook.xml"), "application/x")),
                ("attachments", ("letter.doc", ole("WordDocument"), "application/msword")),
                ("attachments", ("table.xls", ole("Workbook"), "application/x")),
                ("attachments", ("notes.txt", "满意 ok\r\n".encode("utf-8-sig"), "text/plain")),
            ],
        )
        self.assertEqual(response.status_code, 200, response.text[:3000])

    def test_check_upload_without_http(self):
        """The same checks, called directly (WEBP where Pillow can write it)."""
        env = self.env
        self.assertIsNone(check_upload(env, "a.PDF", PDF), "extensions in any case")
        self.assertIsNone(check_upload(env, "a.docx", ooxml()))
        self.assertTrue(check_upload(env, "a.docx", ooxml(extra=[("x/Setup.EXE", b"x")])))
        text = "宏 Macros _VBA_PROJECT Ole10Native".encode("utf-16-le")
        self.assertIsNone(check_upload(env, "a.doc", ole("WordDocument") + text))
        from PIL import Image

        Image.init()
        if "WEBP" in Image.SAVE:  # Pillow may be built without WEBP
            buffer = io.BytesIO()
            Image.new("RGB", (4, 4)).save(buffer, format="WEBP")
            self.assertIsNone(check_upload(env, "a.webp", buffer.getvalue()))
        self.assertTrue(check_upload(env, "a.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 junk"))


@tagged("post_install", "-at_install")
class TestPublicReferenceNumbers(PublicCase):
    def _number(self, reference):
        prefix, number = reference.rsplit("-", 1)
        return prefix, int(number)

    def test_refused_submissions_consume_no_number(self):
        with self.from_address("192.0.2.10"):
            previous, _code = self._file()
            # a NUL byte (reached the database, HTTP 500, before)
            self.assertEqual(self._submit(self._form(description="a\x00b")).status_code, 400)
            # a forged upload
            response = self._submit(
                self._form(), files=[("attachments", ("a.doc", EXE, "application/msword"))]
            )
            self.assertEqual(response.status_code, 400)
            # a validation error
            self.assertEqual(self._submit(self._form(phone="abc")).status_code, 400)
            # the rate limit of the address
            self.company.fazhi_complaint_rate_limit = 1
            self.assertEqual(self._submit(self._form()).status_code, 429)
        with self.from_address("192.0.2.11"):
            reference, _code = self._file()
        prefix, number = self._number(previous)
        self.assertEqual(self._number(reference), (prefix, number + 1))


@tagged("post_install", "-at_install")
class TestPublicStatusThrottle(PublicCase):
    def test_wrong_codes_from_one_address(self):
        with self.from_address("198.51.100.7"):
            reference, code = self._file()
            for _i in range(3):
                response = self._status(reference, "WRONGCODE2")
                self.assertEqual(response.status_code, 200)
                self.assertIn("No complaint matches", response.text)
            refused = self._status(reference, "WRONGCODE2")
            self.assertEqual(refused.status_code, 429)
            self.assertIn("Too many wrong queries", refused.text)
            self.assertNotIn("o_fazhi_complaint_status", refused.text)
            # once refused, even the right code (and any other reference) waits
            self.assertEqual(self._status(reference, code).status_code, 429)
            unknown = self._status("TS1999-99999", "WRONGCODE2")
            self.assertEqual(unknown.status_code, 429)
            self.assertEqual(self._page(unknown, "TS1999-99999"), self._page(refused, reference))
        # the right code from another address still works
        with self.from_address("198.51.100.8"):
            response = self._status(reference, code)
            self.assertEqual(response.status_code, 200)
            self.assertIn("o_fazhi_complaint_status", response.text)
        # only hashes are stored, and only the wrong queries
        rows = self.Throttle.search([])
        self.assertEqual(len(rows), 3)
        self.assertEqual(
            set(rows.mapped("ip_hash")), {self.Complaint._hash_secret("ip:198.51.100.7")}
        )
        for row in rows:
            self.assertNotIn("198.51", row.ip_hash + row.reference_hash)
            self.assertNotIn(reference, row.reference_hash)
        # the window passes: the address may query again
        rows.write({"attempt_at": fields.Datetime.now() - timedelta(minutes=16)})
        with self.from_address("198.51.100.7"):
            self.assertEqual(self._status(reference, code).status_code, 200)

    def test_wrong_codes_for_one_reference_from_many_addresses(self):
        """The limit per reference holds whatever the addresses, and says nothing about
        whether the reference exists."""
        self.company.fazhi_complaint_status_reference_attempts = 2
        reference, _code = self._file()
        answers = {}
        for target in (reference, "TS1999-99999"):
            for i in range(2):
                with self.from_address(f"203.0.113.{i + 1}"):
                    self.assertEqual(self._status(target, f"WRONG{i}").status_code, 200)
            with self.from_address("203.0.113.99"):
                refused = self._status(target.lower(), "WRONG9")
            self.assertEqual(refused.status_code, 429)
            answers[target] = self._page(refused, target.lower())
        self.assertEqual(answers[reference], answers["TS1999-99999"])
        # another reference from the same fresh address is not refused
        with self.from_address("203.0.113.99"):
            other, other_code = self._file()
            self.assertEqual(self._status(other, other_code).status_code, 200)


@tagged("post_install", "-at_install")
class TestPublicThrottleConcurrency(TransactionCase):
    """The status limits under concurrent requests: as the submission limit
    (test_public_rate_limit), a wrong query committed by another request after this
    transaction's snapshot is counted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write(
            {
                "fazhi_complaint_status_attempts": 1,
                "fazhi_complaint_status_reference_attempts": 1,
            }
        )
        cls.Throttle = cls.env["fazhi.complaint.public.throttle"]

    def _commit_concurrent_query(self, ip_hash, reference_hash):
        with self.registry.cursor() as cr:
            cr.execute("SET LOCAL lock_timeout = '10s'")
            row = api.Environment(cr, SUPERUSER_ID, {})[self.Throttle._name].create(
                {"ip_hash": ip_hash, "reference_hash": reference_hash}
            )
            row_id = row.id
        self.addCleanup(self._delete_committed, row_id)

    def _delete_committed(self, row_id):
        with self.registry.cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})[self.Throttle._name].browse(row_id).unlink()

    def test_counts_queries_committed_after_the_snapshot(self):
        ip_hash = self.Throttle._reference_hash("ip-test-concurrent")
        ref_hash = self.Throttle._reference_hash("TS-TEST-CONCURRENT")
        self.assertFalse(self.Throttle._status_query_refused(ip_hash, ref_hash))
        self._commit_concurrent_query(ip_hash, "other")
        self.assertFalse(self.Throttle.search_count([("ip_hash", "=", ip_hash)]))
        self.assertTrue(self.Throttle._status_query_refused(ip_hash, ref_hash))
        self.assertTrue(self.Throttle._status_query_refused("fresh-address", "other"))
        self.assertFalse(self.Throttle._status_query_refused("fresh-address", ref_hash))

    def test_old_queries_vacuumed(self):
        old = self.Throttle.create({"ip_hash": "a", "reference_hash": "b"})
        old.attempt_at = fields.Datetime.now() - timedelta(days=2)
        recent = self.Throttle.create({"ip_hash": "a", "reference_hash": "b"})
        self.Throttle._gc_old_queries()
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())


@tagged("post_install", "-at_install")
class TestReferenceAfterConstraints(TransactionCase):
    def test_constraint_error_consumes_no_number(self):
        Complaint = self.env["fazhi.complaint"].sudo()
        vals = {
            "channel": "web",
            "category_id": self.env.ref("fazhi_complaints.fazhi_complaint_category_abuse").id,
            "description": "Test",
            "complainant_phone": "13600000000",
        }
        first = Complaint.create(vals)
        with self.assertRaises(ValidationError):
            Complaint.create({**vals, "complainant_phone": "not a phone"})
        with self.assertRaises(ValidationError):
            Complaint.create({**vals, "channel": "hotline_12345"})
        second = Complaint.create(vals)
        prefix, number = first.reference.rsplit("-", 1)
        self.assertEqual(second.reference, f"{prefix}-{int(number) + 1:05d}")


@tagged("post_install", "-at_install")
class TestPublicChinese(PublicCase):
    """The refusals are rendered pages in the visitor's language, not tracebacks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env.ref("base.module_fazhi_complaints")._update_translations(["zh_CN"], overwrite=True)

    def test_refusals_in_chinese(self):
        self._headers = {"Accept-Language": "zh-CN,zh;q=0.9"}
        response = self._open("/complaint/results?page=99999999999999999999999")
        self.assertClean400(response, "无法处理该请求")
        response = self._submit(
            self._form(), files=[("attachments", ("材料.doc", EXE, "application/msword"))]
        )
        self.assertClean400(response, "文件 材料.doc 不予接收：该文件是程序，不是文档。")
        response = self._submit(self._form(description="a\x00b"))
        self.assertClean400(response, "表单中含有不允许的字符")
        self.assertIn("ab", response.text)
