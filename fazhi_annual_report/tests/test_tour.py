import io

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

try:
    import docx
except ImportError:  # pragma: no cover - python-docx is a manifest dependency
    docx = None


@tagged("post_install", "-at_install")
class TestAnnualReportTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.office = new_test_user(
            cls.env, login="ann_tour_office", groups="fazhi_base.group_fazhi_office"
        )
        cls.leader = new_test_user(
            cls.env, login="ann_tour_leader", groups="fazhi_base.group_fazhi_leader"
        )
        cls.staff = new_test_user(
            cls.env, login="ann_tour_staff", groups="fazhi_base.group_fazhi_staff"
        )
        cls.staff2 = new_test_user(
            cls.env, login="ann_tour_staff2", groups="fazhi_base.group_fazhi_staff"
        )
        cls.company = cls.env.company
        cls.company.write(
            {
                "fazhi_complaint_phone": "0375-7667951",
                "fazhi_complaint_email": "tour@example.com",
                "fazhi_complaint_address": "巡览路1号",
                "fazhi_complaint_hotline": "12345",
            }
        )
        Unit = cls.env["fazhi.unit"]
        cls.commission = Unit.create({"name": "巡览测试卫健委", "code": "T-ANN-TOUR"})
        cls.unit = Unit.create(
            {
                "name": "巡览测试监督所",
                "code": "T-ANN-TOUR-A",
                "parent_id": cls.commission.id,
                "member_ids": [Command.set((cls.staff | cls.staff2).ids)],
            }
        )
        cls.partner = cls.env["res.partner"].create(
            {
                "name": "巡览测试宾馆",
                "is_fazhi_counterpart": True,
                "fazhi_counterpart_type": "public_place",
            }
        )
        cls._case("巡览-1")
        cls.report = cls.env["fazhi.annual.report"].create(
            {"unit_id": cls.commission.id, "year": 2026, "doc_number": "巡卫法〔2027〕1号"}
        )

    @classmethod
    def _case(cls, number):
        return cls.env["fazhi.enforcement.case"].create(
            {
                "number": number,
                "case_type": "penalty",
                "unit_id": cls.unit.id,
                "partner_id": cls.partner.id,
                "handler_ids": [Command.set((cls.staff | cls.staff2).ids)],
                "closing_date": "2026-05-02",
                "fine_amount": 2000,
            }
        )

    def test_draft_approve_publish(self):
        url = f"/odoo/action-fazhi_annual_report.fazhi_annual_report_action/{self.report.id}"
        self.start_tour(url, "fazhi_annual_report_draft_tour", login=self.office.login)
        self._case("巡览-2")
        self.start_tour(url, "fazhi_annual_report_redraft_tour", login=self.office.login)
        self.assertIn("我们自己写的计划", str(self.report.section_plan))
        self.assertIn("全年查处案件2件", str(self.report.section_measures))
        self.start_tour(url, "fazhi_annual_report_approve_tour", login=self.leader.login)
        self.assertEqual(self.report.state, "approved")
        self.start_tour(url, "fazhi_annual_report_publish_tour", login=self.office.login)
        self.assertEqual(self.report.state, "published")
        # The public page lists it beside the complaint results, with the channels.
        page = self.url_open("/annual-reports").text
        self.assertIn("巡览测试卫健委关于2026年法治政府建设工作情况的报告", page)
        self.assertIn('href="/annual-reports"', page)
        self.assertIn('href="/complaint/results"', page)
        detail = self.url_open(f"/annual-reports/{self.report.id}").text
        self.assertIn("全年查处案件2件", detail)
        self.assertIn("一、推进法治政府建设的主要举措和成效", detail)

    def test_public_pages_only_published(self):
        self.assertEqual(self.url_open(f"/annual-reports/{self.report.id}").status_code, 404)
        self.assertEqual(self.url_open(f"/annual-reports/{self.report.id}/pdf").status_code, 404)
        self.assertNotIn(self.report.name, self.url_open("/annual-reports").text)

    def test_channels_on_every_public_page(self):
        for url in ("/complaint/new", "/complaint/status", "/complaint/results", "/annual-reports"):
            html = self.url_open(url).text
            header = html[html.index("o_fazhi_public_header") : html.index("</header>")]
            for expected in ("0375-7667951", "tour@example.com", "巡览路1号", 'href="tel:12345"'):
                self.assertIn(expected, header, url)

    def test_docx_route(self):
        self.report.action_draft()
        url = f"/fazhi/annual_report/{self.report.id}/docx"
        self.authenticate(self.staff.login, self.staff.login)
        self.assertEqual(self.url_open(url).status_code, 404)
        self.authenticate(self.office.login, self.office.login)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        document = docx.Document(io.BytesIO(response.content))
        body = "\n".join(p.text for p in document.paragraphs)
        self.assertIn("巡卫法〔2027〕1号", body)
        self.assertIn("全年查处案件1件", body)
