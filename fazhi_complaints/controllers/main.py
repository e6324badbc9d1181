import base64
import os
import re

from odoo import http
from odoo.addons.fazhi_base.tools.validators import (
    id_number_message,
    normalize_id_number,
    normalize_phone,
    phone_message,
)
from odoo.http import request
from odoo.tools.i18n import format_list

from .uploads import ACCEPT, check_upload

MAX_FILES = 5
MAX_DESCRIPTION = 5000
PER_PAGE = 20
# Page numbers of the published results: 1 to 999999 (a larger offset means nothing).
PAGE_RE = re.compile(r"[1-9][0-9]{0,5}")
FORM_FIELDS = ("category_id", "description", "name", "phone", "id_number")


class FazhiComplaintController(http.Controller):
    """Public complaint pages (no login, no website addon): file a complaint,
    check its status with the reference and the secret query code, and read
    the published results.

    Bad input never costs the visitor what they typed and never reaches the database:
    a NUL byte anywhere in the request (query string, form fields, field and file names)
    or a page number that is not one gives a 400 page, uploads are checked on their
    bytes (``uploads.check_upload``), wrong status queries are throttled
    (``fazhi.complaint.public.throttle``).
    """

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _ip_hash(self):
        addr = request.httprequest.remote_addr or ""
        return request.env["fazhi.complaint"]._hash_secret("ip:" + addr)

    def _has_nul(self):
        """Whether a NUL byte is anywhere in the query string or the posted form: keys,
        values, names of the uploaded files. PostgreSQL refuses it in a text."""
        httprequest = request.httprequest
        for multidict in (httprequest.args, httprequest.form):
            for key, values in multidict.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    return True
        for key, upload in httprequest.files.items(multi=True):
            if "\x00" in key or "\x00" in (upload.filename or ""):
                return True
        return False

    def _render_bad_request(self):
        return request.render("fazhi_complaints.complaint_public_bad_request", {}, status=400)

    def _categories(self):
        # sudo: the public reads the category names to choose one, nothing else
        return request.env["fazhi.complaint.category"].sudo().search([])

    @staticmethod
    def _identity_notice(env):
        """Who sees the complainant's identity, in the reader's language:
        derived from the groups that hold the identity fields, so that the
        promise stays true when the roles change."""
        field = env["fazhi.complaint"]._fields["complainant_name"]
        # sudo: the names of the roles, which the public page states on purpose.
        groups = [env.ref(xmlid, raise_if_not_found=False) for xmlid in field.groups.split(",")]
        names = [group.sudo().name for group in groups if group]
        return env._(
            "Your identity is seen only by %(roles)s, and is never given to the people "
            "you complain about.",
            roles=format_list(env, names),
        )

    def _render_form(self, values=None, errors=None, status=200, had_files=False):
        """The complaint form; ``had_files``: the refused submission carried files,
        which a browser never sends back, so the visitor is asked to attach them again."""
        return request.render(
            "fazhi_complaints.complaint_public_form",
            {
                "identity_notice": self._identity_notice(request.env),
                "categories": self._categories(),
                "values": values or {},
                "errors": errors or [],
                "had_files": had_files,
                "max_files": MAX_FILES,
                # sudo: reads one setting of the company, shown on the form
                "max_mb": request.env.company.sudo().fazhi_complaint_max_attachment_mb,
                "accept": ACCEPT,
            },
            status=status,
        )

    def _read_files(self, errors):
        files = [f for f in request.httprequest.files.getlist("attachments") if f and f.filename]
        if len(files) > MAX_FILES:
            errors.append(request.env._("Attach at most %s files.", MAX_FILES))
            return []
        # sudo: reads one setting of the company
        max_bytes = request.env.company.sudo().fazhi_complaint_max_attachment_mb * 1024 * 1024
        result = []
        for upload in files:
            name = os.path.basename(upload.filename.replace("\\", "/"))
            data = upload.read(max_bytes + 1)
            if len(data) > max_bytes:
                errors.append(request.env._("The file %s is too large.", name))
            elif not data:
                errors.append(request.env._("The file %s is empty.", name))
            else:
                error = check_upload(request.env, name, data)
                if error:
                    errors.append(error)
                else:
                    result.append((name, data))
        return result

    # ------------------------------------------------------------------
    # File a complaint
    # ------------------------------------------------------------------
    @http.route("/complaint/new", type="http", auth="public", methods=["GET"], sitemap=False)
    def complaint_form(self, **kwargs):
        if self._has_nul():
            return self._render_bad_request()
        return self._render_form()

    @http.route("/complaint/new", type="http", auth="public", methods=["POST"], sitemap=False)
    def complaint_submit(self, **post):
        # sudo: the public creates one complaint from the checked values below (it never
        # reads one back but its new reference) and counts its own address's submissions
        Complaint = request.env["fazhi.complaint"].sudo()
        # Read from the form only: a file sent under a field's name is not text.
        form = request.httprequest.form
        values = {key: (form.get(key) or "").strip() for key in FORM_FIELDS}
        values["anonymous"] = bool(form.get("anonymous"))
        had_files = any(f and f.filename for f in request.httprequest.files.getlist("attachments"))
        if self._has_nul():
            # Keep what was typed, without the NUL bytes, and ask to check it.
            values = {
                key: value.replace("\x00", "") if isinstance(value, str) else value
                for key, value in values.items()
            }
            errors = [
                request.env._(
                    "The form contained characters that are not allowed (NUL bytes). They "
                    "were removed: check your text and send it again."
                )
            ]
            return self._render_form(values, errors, status=400, had_files=had_files)
        errors = []
        category = self._categories().filtered(lambda c: str(c.id) == values["category_id"])
        if not category:
            errors.append(request.env._("Choose the category of the complaint."))
        if not values["description"]:
            errors.append(request.env._("Describe what happened."))
        elif len(values["description"]) > MAX_DESCRIPTION:
            errors.append(
                request.env._("The description is limited to %s characters.", MAX_DESCRIPTION)
            )
        if not values["anonymous"]:
            if not values["name"] or not values["phone"]:
                errors.append(
                    request.env._("Give your name and phone number, or tick 'File anonymously'.")
                )
        if not values["anonymous"]:
            id_number = normalize_id_number(values["id_number"])
            for message in (
                phone_message(request.env, values["phone"]),
                id_number and id_number_message(request.env, id_number),
            ):
                if message:
                    errors.append(message)
        files = self._read_files(errors)
        if errors:
            return self._render_form(values, errors, status=400, had_files=had_files)
        ip_hash = self._ip_hash()
        # Serialises the submissions of one address so that the limit holds under load.
        if Complaint._submission_limit_reached(ip_hash):
            errors.append(
                request.env._(
                    "Too many complaints were filed from your network address; try again later."
                )
            )
            return self._render_form(values, errors, status=429, had_files=had_files)
        # Everything was checked: only now is the complaint stored and its reference
        # number drawn (a refused submission never consumes a number).
        vals = {
            "channel": "web",
            "category_id": category.id,
            "description": values["description"],
            "is_anonymous": values["anonymous"],
            "submit_ip_hash": ip_hash,
            "company_id": request.env.company.id,
        }
        if not values["anonymous"]:
            vals.update(
                complainant_name=values["name"],
                complainant_phone=normalize_phone(values["phone"]),
                complainant_id_number=normalize_id_number(values["id_number"]),
            )
        # The chatter names the commission, not "Public user", as the author of what
        # this request does (the creation note, then the tracked changes below): the
        # complainant stays out of it, anonymous or not.
        author = request.env.company.partner_id
        complaint = Complaint.with_context(mail_create_nolog=True).create(vals)
        complaint._track_set_author(author)
        complaint._message_log(
            body=request.env._("Complaint filed on the public complaint page."),
            author_id=author.id,
        )
        if files:
            # sudo: the checked uploads, attached to the complaint just created
            attachments = (
                request.env["ir.attachment"]
                .sudo()
                .create(
                    [
                        {
                            "name": name,
                            "datas": base64.b64encode(data),
                            "res_model": complaint._name,
                            "res_id": complaint.id,
                        }
                        for name, data in files
                    ]
                )
            )
            complaint.attachment_ids = attachments
        code = complaint._set_new_access_code()
        return request.render(
            "fazhi_complaints.complaint_public_filed",
            {"reference": complaint.reference, "code": code},
        )

    # ------------------------------------------------------------------
    # Status page
    # ------------------------------------------------------------------
    @http.route(
        "/complaint/status", type="http", auth="public", methods=["GET", "POST"], sitemap=False
    )
    def complaint_status(self, **kwargs):
        httprequest = request.httprequest
        is_post = httprequest.method == "POST"
        params = httprequest.form if is_post else httprequest.args
        reference = (params.get("reference") or "").strip()
        code = params.get("code") or ""
        values = {"reference": reference, "complaint": None, "error": False, "message": False}
        if self._has_nul():
            values["reference"] = reference.replace("\x00", "")
            values["message"] = request.env._(
                "The reference or the query code contains characters that are not allowed."
            )
            return request.render("fazhi_complaints.complaint_public_status", values, status=400)
        if not is_post:
            return request.render("fazhi_complaints.complaint_public_status", values)
        Throttle = request.env["fazhi.complaint.public.throttle"]
        ip_hash = self._ip_hash()
        reference_hash = Throttle._reference_hash(reference)
        # Locks the address and the reference until the end of the transaction, so that
        # the limits hold under concurrent requests. Refused before any lookup: the answer
        # is the same whether the reference exists or not.
        if Throttle._status_query_refused(ip_hash, reference_hash):
            values["message"] = request.env._(
                "Too many wrong queries came from your network address or for this "
                "reference. Try again in %s minutes.",
                # sudo: reads one setting of the company
                request.env.company.sudo().fazhi_complaint_status_window,
            )
            return request.render("fazhi_complaints.complaint_public_status", values, status=429)
        complaint = request.env["fazhi.complaint"]._find_by_reference_and_code(reference, code)
        if complaint:
            values["complaint"] = complaint
        else:
            Throttle._record_wrong_query(ip_hash, reference_hash)
            values["error"] = True
        return request.render("fazhi_complaints.complaint_public_status", values)

    # ------------------------------------------------------------------
    # Published results
    # ------------------------------------------------------------------
    @http.route("/complaint/results", type="http", auth="public", methods=["GET"], sitemap=False)
    def complaint_results(self, **kwargs):
        page = request.httprequest.args.get("page", "1")
        if self._has_nul() or not PAGE_RE.fullmatch(page):
            return self._render_bad_request()
        page = int(page)
        domain = [("is_published", "=", True)]
        # sudo: the public reads published results only (domain), through the template's
        # fields (reference, category, date, anonymised summary)
        Complaint = request.env["fazhi.complaint"].sudo()
        complaints = Complaint.search(
            domain,
            order="published_date desc, id desc",
            limit=PER_PAGE,
            offset=(page - 1) * PER_PAGE,
        )
        total = Complaint.search_count(domain)
        return request.render(
            "fazhi_complaints.complaint_public_results",
            {
                "complaints": complaints,
                "page": page,
                "has_next": page * PER_PAGE < total,
            },
        )
