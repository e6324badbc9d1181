from odoo import fields
from odoo.addons.fazhi_base.tools.validators import credit_code_check_digit

from ..models.fazhi_satisfaction_answer_report import STATISTICS_TZ
from .common_campaign import CampaignCase


def credit_code(code17):
    """A valid unified social credit code from its first 17 characters."""
    return code17 + credit_code_check_digit(code17)


class WalkinCase(CampaignCase):
    """The campaign case's units with an open campaign of the current month,
    a QR poster token each, and counterparts with a credit code or phones:

    * unit A: the private enterprise (credit code ``code_private``), the
      natural person (mobile 13800000001), the clinic (landline 0375-2663225,
      shared with B);
    * unit B: the public place (credit code ``code_pool``).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.code_private = credit_code("91410400MA4000001")
        cls.code_pool = credit_code("91410400MA4000002")
        cls.code_stranger = credit_code("91410400MA4000003")
        cls.private.fazhi_credit_code = cls.code_private
        cls.person.mobile = "138 0000 0001"
        cls.clinic.phone = "(0375)2663225"
        cls.pool.fazhi_credit_code = cls.code_pool
        # the month of the poster's page: Beijing time, whoever runs the tests
        today = fields.Date.context_today(cls.env["fazhi.unit"].with_context(tz=STATISTICS_TZ))
        cls.month = today.replace(day=1)
        cls.campaign_a, cls.campaign_b = cls._generate(cls.unit_a | cls.unit_b, cls.month).sorted(
            lambda c: c.unit_id != cls.unit_a
        )
        (cls.unit_a | cls.unit_b)._fazhi_set_walkin_token()
        cls.Walkin = cls.env["fazhi.satisfaction.walkin"]
        cls.ip = cls.Walkin._hash("ip:192.0.2.1")

    def _start(self, text, unit=None, ip=None):
        return self.Walkin._fazhi_start(unit or self.unit_a, text, ip or self.ip)

    def _submit(self, answer):
        answer = self._fill(answer)
        answer._mark_done()
        return answer
