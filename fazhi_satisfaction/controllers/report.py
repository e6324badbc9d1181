import json

from odoo import http
from odoo.addons.report_xlsx.controllers.main import ReportController
from odoo.http import request

# XLSX reports whose download may be served by a read replica: they only read,
# and their records (the printed campaigns) exist long before anyone prints
# them. The answers of a period are left out: their record is the export
# wizard the user saved an instant before on the primary, which a replica a
# little behind does not hold yet.
REPLICA_XLSX_REPORTS = ("fazhi_satisfaction.answers_xlsx",)


def _download_on_replica(_controller):
    """``readonly`` of ``/report/download``: Odoo 18 declares the route
    read/write, so every report the web client downloads runs on the primary
    even when the database has a replica (``db_replica_host``); the GET route
    ``/report/xlsx/<report>`` it calls underneath is read-only. The answers
    XLSX of campaigns is read-only too: send its download to the replica. Any
    other report, or a form that cannot be read, stays on the primary. Should
    a write happen all the same, Odoo rolls the read-only transaction back and
    runs the request again on the primary."""
    try:
        url, report_type = json.loads(request.httprequest.form.get("data") or "")[:2]
    except (TypeError, ValueError):
        return False
    if report_type != "xlsx" or not isinstance(url, str):
        return False
    path = url.split("?", 1)[0]
    return any(path.startswith(f"/report/xlsx/{name}/") for name in REPLICA_XLSX_REPORTS)


class FazhiReportController(ReportController):
    @http.route(readonly=_download_on_replica)
    def report_download(self, data, context=None, token=None, readonly=True):
        return super().report_download(data, context=context, token=token, readonly=readonly)
