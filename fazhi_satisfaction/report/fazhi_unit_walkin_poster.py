from urllib.parse import quote

from odoo import api, models

# Fields of the company that fazhi_complaints adds (read when it is installed:
# fazhi_satisfaction does not depend on it), with the label printed before them.
_COMPLAINT_CHANNELS = (
    ("fazhi_complaint_phone", "phone"),
    ("fazhi_complaint_hotline", "hotline"),
    ("fazhi_complaint_email", "email"),
    ("fazhi_complaint_address", "address"),
)


class ReportWalkinPoster(models.AbstractModel):
    """The QR poster (扫码评价) of units, A4: the unit's name, the QR code of
    its link (``fazhi.unit.fazhi_walkin_url``), the questionnaire of the
    month, how to answer, and the public complaint channels."""

    _name = "report.fazhi_satisfaction.report_walkin_poster"
    _description = "QR poster of a unit"

    @api.model
    def _get_report_values(self, docids, data=None):
        units = self.env["fazhi.unit"].browse(docids)
        units.check_access("read")
        units._fazhi_set_walkin_token()
        Walkin = self.env["fazhi.satisfaction.walkin"]
        posters = []
        for unit in units:
            campaign = Walkin._fazhi_open_campaign(unit)
            survey = (
                campaign.survey_id
                or self.env["fazhi.satisfaction.campaign"]
                .with_company(unit.company_id or self.env.company)
                ._default_survey()
            )
            url = unit.fazhi_walkin_url
            posters.append(
                {
                    "unit": unit,
                    # sudo: the questionnaire's title only (staff read surveys)
                    "title": survey.sudo().title or "",
                    "url": url,
                    "qr_src": (
                        f"/report/barcode/?barcode_type=QR&value={quote(url, safe='')}"
                        "&width=600&height=600&quiet=0"
                    ),
                    "channels": self._fazhi_complaint_channels(unit.company_id or self.env.company),
                }
            )
        return {
            "doc_ids": docids,
            "doc_model": "fazhi.unit",
            "docs": units,
            "posters": posters,
        }

    @api.model
    def _fazhi_complaint_channels(self, company):
        """``[(label, value)]``: the complaint phone and channels that
        fazhi_complaints shows in its public pages' header when it is
        installed, else the company's phone."""
        # sudo: the company's public contact details, printed for the public
        company = company.sudo()
        labels = {
            "phone": self.env._("Complaint phone"),
            "hotline": self.env._("Hotline"),
            "email": self.env._("E-mail"),
            "address": self.env._("Address"),
        }
        channels = [
            (labels[kind], company[fname])
            for fname, kind in _COMPLAINT_CHANNELS
            if fname in company._fields and company[fname]
        ]
        if not channels and company.phone:
            channels.append((self.env._("Phone"), company.phone))
        return channels
