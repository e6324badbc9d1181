import base64
import os

from odoo import http
from odoo.http import request
from odoo.tools.mimetypes import guess_mimetype

from ..models.fazhi_complaint import ID_NUMBER_RE, PHONE_RE

MAX_FILES = 5
MAX_DESCRIPTION = 5000
# Extension -> accepted content types (checked on the bytes, not on the name).
ALLOWED_TYPES = {
    ".pdf": {"application/pdf"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
    ".png": {"image/png"},
    ".gif": {"image/gif"},
    ".txt": {"text/plain"},
    ".doc": {"application/msword", "application/octet-stream"},
    ".docx": {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/zip",
    },
    ".xlsx": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/zip",
    },
}


class FazhiComplaintController(http.Controller):
    """Public complaint pages (no login, no website addon): file a complaint,
    check its status with the reference and the secret query code, and read
    the published results."""

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _ip_hash(self):
        addr = request.httprequest.remote_addr or ""
        return request.env["fazhi.complaint"]._hash_secret("ip:" + addr)

    def _categories(self):
        return request.env["fazhi.complaint.category"].sudo().search([])

    def _render_form(self, values=None, errors=None, status=200):
        return request.render(
            "fazhi_complaints.complaint_public_form",
            {
                "categories": self._categories(),
                "values": values or {},
                "errors": errors or [],
                "max_files": MAX_FILES,
                "max_mb": request.env.company.sudo().fazhi_complaint_max_attachment_mb,
            },
            status=status,
        )

    def _read_files(self, errors):
        files = [f for f in request.httprequest.files.getlist("attachments") if f and f.filename]
        if len(files) > MAX_FILES:
            errors.append(request.env._("Attach at most %s files.", MAX_FILES))
            return []
        max_bytes = request.env.company.sudo().fazhi_complaint_max_attachment_mb * 1024 * 1024
        result = []
        for upload in files:
            name = os.path.basename(upload.filename)
            data = upload.read(max_bytes + 1)
            ext = os.path.splitext(name)[1].lower()
            if len(data) > max_bytes:
                errors.append(request.env._("The file %s is too large.", name))
            elif not data:
                errors.append(request.env._("The file %s is empty.", name))
            elif ext not in ALLOWED_TYPES or guess_mimetype(data) not in ALLOWED_TYPES[ext]:
                errors.append(
                    request.env._(
                        "The file %s is not accepted: send PDF, images (JPG, PNG, GIF), "
                        "text, Word or Excel files.",
                        name,
                    )
                )
            else:
                result.append((name, data))
        return result

    # ------------------------------------------------------------------
    # File a complaint
    # ------------------------------------------------------------------
    @http.route("/complaint/new", type="http", auth="public", methods=["GET"], sitemap=False)
    def complaint_form(self, **kwargs):
        return self._render_form()

    @http.route("/complaint/new", type="http", auth="public", methods=["POST"], sitemap=False)
    def complaint_submit(self, **post):
        Complaint = request.env["fazhi.complaint"].sudo()
        values = {
            key: (post.get(key) or "").strip()
            for key in ("category_id", "description", "name", "phone", "id_number")
        }
        values["anonymous"] = bool(post.get("anonymous"))
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
        if not values["anonymous"] and values["phone"] and not PHONE_RE.match(values["phone"]):
            errors.append(request.env._("The phone number is not valid."))
        if (
            not values["anonymous"]
            and values["id_number"]
            and not ID_NUMBER_RE.match(values["id_number"])
        ):
            errors.append(
                request.env._("An ID number has 18 characters: 17 digits, then a digit or X.")
            )
        files = self._read_files(errors)
        if errors:
            return self._render_form(values, errors, status=400)
        ip_hash = self._ip_hash()
        # Serialises the submissions of one address so that the limit holds under load.
        if Complaint._submission_limit_reached(ip_hash):
            errors.append(
                request.env._(
                    "Too many complaints were filed from your network address; try again later."
                )
            )
            return self._render_form(values, errors, status=429)
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
                complainant_phone=values["phone"],
                complainant_id_number=values["id_number"] or False,
            )
        complaint = Complaint.create(vals)
        if files:
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
    def complaint_status(self, reference="", code="", **kwargs):
        values = {"reference": reference.strip(), "complaint": None, "error": False}
        if request.httprequest.method == "POST":
            complaint = request.env["fazhi.complaint"]._find_by_reference_and_code(reference, code)
            if complaint:
                values["complaint"] = complaint
            else:
                values["error"] = True
        return request.render("fazhi_complaints.complaint_public_status", values)

    # ------------------------------------------------------------------
    # Published results
    # ------------------------------------------------------------------
    @http.route("/complaint/results", type="http", auth="public", methods=["GET"], sitemap=False)
    def complaint_results(self, page=1, **kwargs):
        try:
            page = max(1, int(page))
        except ValueError:
            page = 1
        per_page = 20
        domain = [("is_published", "=", True)]
        Complaint = request.env["fazhi.complaint"].sudo()
        complaints = Complaint.search(
            domain,
            order="published_date desc, id desc",
            limit=per_page,
            offset=(page - 1) * per_page,
        )
        total = Complaint.search_count(domain)
        return request.render(
            "fazhi_complaints.complaint_public_results",
            {
                "complaints": complaints,
                "page": page,
                "has_next": page * per_page < total,
            },
        )
