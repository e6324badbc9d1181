"""Issue 14: the read-only requests a read replica serves.

With ``db_replica_host`` set, Odoo 18 runs a request whose route is read-only in a
transaction on the replica, and replays it on the primary when it tries to write. The
tests' cursors simulate that (``SET TRANSACTION READ ONLY``): what runs read-only here
runs on the replica in production. The office's statistics pivot, the home dashboard and
the answers XLSX of campaigns (the web client's ``/report/download``) run read-only
without falling back; the answers of a period, printed from a wizard just saved on the
primary, stay read/write. tests/benchmarks/bench_province_replica.py counts the same
requests on a real replica.
"""

import json
from datetime import date
from unittest.mock import patch

from odoo import http
from odoo.addons.fazhi_base.models.fazhi_home import FazhiHome
from odoo.tests import HttpCase, tagged

from ..report.fazhi_satisfaction_answers_xlsx import FazhiSatisfactionAnswersXlsx
from .common_statistics import SatisfactionStatsCase


@tagged("post_install", "-at_install")
class TestReplicaRouting(SatisfactionStatsCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls._campaign(cls.unit_a, date(2026, 10, 1), cls.partners)
        cls._known_answers(cls.campaign)

    def setUp(self):
        super().setUp()
        self.authenticate(self.office.login, self.office.login)

    def _spy(self, cls, method):
        """Patch ``cls.method`` to note whether its cursor is read-only."""
        seen = []
        original = getattr(cls, method)

        def spy(record, *args, **kwargs):
            seen.append(record.env.cr.readonly)
            return original(record, *args, **kwargs)

        return patch.object(cls, method, spy), seen

    def _call_kw(self, model, method, kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": [], "kwargs": kwargs},
        )

    def _download(self, report, record_id):
        response = self.url_open(
            "/report/download",
            data={
                "data": json.dumps([f"/report/xlsx/{report}/{record_id}", "xlsx"]),
                "context": json.dumps({"lang": "en_US"}),
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content[:2], b"PK", "an XLSX file")

    def test_pivot_read_only(self):
        with self.assertNoLogs("odoo.http", "WARNING"):  # no replay on the primary
            groups = self._call_kw(
                "fazhi.satisfaction.statistics",
                "read_group",
                {
                    "domain": [("campaign_id", "=", self.campaign.id)],
                    "fields": ["answer_count:sum", "satisfaction_rate:avg"],
                    "groupby": ["unit_id", "month:month"],
                    "lazy": False,
                },
            )
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups[0]["answer_count"], 88)

    def test_home_read_only(self):
        self.assertTrue(FazhiHome.get_home._readonly)
        spy, seen = self._spy(FazhiHome, "_fazhi_home_cards")
        with spy, self.assertNoLogs("odoo.http", "WARNING"):
            home = self._call_kw("fazhi.home", "get_home", {})
        self.assertTrue(home["sections"])
        self.assertEqual(seen, [True], "the home is computed in a read-only transaction")

    def test_campaign_xlsx_download_read_only(self):
        spy, seen = self._spy(FazhiSatisfactionAnswersXlsx, "_fazhi_write_answers")
        with spy, self.assertNoLogs("odoo.http", "WARNING"):
            self._download("fazhi_satisfaction.answers_xlsx", self.campaign.id)
        self.assertEqual(seen, [True], "the campaign's answers are exported read-only")

    def test_period_xlsx_download_on_primary(self):
        wizard = (
            self.env["fazhi.satisfaction.answer.export"]
            .with_user(self.office)
            .create({"month_from": date(2026, 10, 1), "month_to": date(2026, 10, 1)})
        )
        spy, seen = self._spy(FazhiSatisfactionAnswersXlsx, "_fazhi_write_answers")
        with spy:
            self._download("fazhi_satisfaction.answers_period_xlsx", wizard.id)
        self.assertEqual(seen, [False], "the wizard was just written on the primary")

    def test_other_downloads_unchanged(self):
        """A form that is not an XLSX report download keeps the route read/write."""
        from ..controllers.report import _download_on_replica

        cases = {
            json.dumps(["/report/xlsx/fazhi_satisfaction.answers_xlsx/1", "xlsx"]): True,
            json.dumps(["/report/xlsx/fazhi_satisfaction.answers_xlsx/1?x=1", "xlsx"]): True,
            json.dumps(["/report/pdf/fazhi_satisfaction.answers_xlsx/1", "qweb-pdf"]): False,
            json.dumps(["/report/xlsx/fazhi_satisfaction.answers_period_xlsx/1", "xlsx"]): False,
            json.dumps(["/report/xlsx/fazhi_satisfaction.answers_xlsx_other/1", "xlsx"]): False,
            json.dumps([1, "xlsx"]): False,
            "not json": False,
            "": False,
        }

        class Request:
            def __init__(self, data):
                self.httprequest = type("HttpRequest", (), {"form": {"data": data}})()

        for data, expected in cases.items():
            with patch("odoo.addons.fazhi_satisfaction.controllers.report.request", Request(data)):
                self.assertIs(_download_on_replica(None), expected, data)
