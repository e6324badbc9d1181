from odoo import http
from odoo.http import request

from ..models.fazhi_satisfaction_walkin import WalkinRefused

# Longest identity read from the form (a credit code or a phone number with
# its blanks and extension); anything longer is refused as it is.
MAX_IDENTITY = 40


class FazhiWalkinController(http.Controller):
    """The page behind a unit's QR poster (扫码评价), public: the visitor
    identifies with a credit code or a phone number and is sent to the
    unit's questionnaire of the month (Odoo's survey pages).

    The unit is the token's (``fazhi.unit._fazhi_from_walkin_token``); the
    matching, the one-answer-a-month rule and the flood protection are the
    model's (``fazhi.satisfaction.walkin._fazhi_start``). Nothing is shown back
    but what the visitor typed: neither the counterpart's name nor whether
    they are in the register.
    """

    def _ip_hash(self):
        addr = request.httprequest.remote_addr or ""
        return request.env["fazhi.satisfaction.walkin"]._hash("ip:" + addr)

    def _has_nul(self):
        httprequest = request.httprequest
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for multidict in (httprequest.args, httprequest.form)
            for key, values in multidict.lists()
        )

    def _render(self, unit, values=None, errors=None, status=200, done=False):
        campaign = unit and request.env["fazhi.satisfaction.walkin"]._fazhi_open_campaign(unit)
        return request.render(
            "fazhi_satisfaction.walkin_public_page",
            {
                "unit": unit,
                # sudo: the questionnaire's title, printed on the poster as well
                "survey_title": campaign.survey_id.sudo().title if campaign else "",
                "is_open": bool(campaign),
                "values": values or {},
                "errors": errors or [],
                "done": done,
            },
            status=status,
        )

    def _unit(self, token):
        return request.env["fazhi.unit"]._fazhi_from_walkin_token(token)

    @http.route(
        "/satisfaction/qr/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def walkin_page(self, token, **kwargs):
        unit = self._unit(token)
        if not unit or self._has_nul():
            return self._render(unit.browse(), status=404)
        return self._render(unit, status=200 if self._is_open(unit) else 404)

    def _is_open(self, unit):
        return bool(request.env["fazhi.satisfaction.walkin"]._fazhi_open_campaign(unit))

    @http.route(
        "/satisfaction/qr/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
    )
    def walkin_identify(self, token, **post):
        unit = self._unit(token)
        if not unit or self._has_nul():
            return self._render(unit.browse(), status=404)
        identity = (request.httprequest.form.get("identity") or "").strip()[: MAX_IDENTITY + 1]
        values = {"identity": identity}
        if len(identity) > MAX_IDENTITY:
            message = request.env._("Enter your unified social credit code or your phone number.")
            return self._render(unit, values, [message], status=400)
        try:
            answer = request.env["fazhi.satisfaction.walkin"]._fazhi_start(
                unit, identity, self._ip_hash()
            )
        except WalkinRefused as error:
            # What was recorded so far (the try, for the flood protection) is kept.
            return self._render(
                unit, values, [error.args[0]], status=error.status, done=error.status == 403
            )
        return request.redirect(
            f"/survey/{answer.survey_id.access_token}/{answer.access_token}", code=303
        )
