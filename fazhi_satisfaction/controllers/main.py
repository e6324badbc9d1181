from odoo import http
from odoo.addons.survey.controllers.main import Survey
from odoo.http import request


class FazhiSurvey(Survey):
    """The survey pages for the interviews of the satisfaction campaigns.

    * Staff fill the answer of a counterpart during the call: survey only lets
      the answer's own partner (or the public with the link) open it, so the
      interviewer, who may change that answer (record rules: the unit's
      staff), is let in too.
    * The answer of a closed campaign is not shown nor saved any more: a page
      says why (the model refuses it as well, see ``_mark_done``).
    """

    def _check_validity(self, survey_token, answer_token, ensure_token=True, check_partner=True):
        validity = super()._check_validity(
            survey_token, answer_token, ensure_token=ensure_token, check_partner=check_partner
        )
        if validity == "answer_wrong_user" and answer_token:
            __, answer_sudo = self._fetch_from_access_token(survey_token, answer_token)
            if answer_sudo.fazhi_task_id and self._fazhi_is_interviewer(answer_sudo):
                validity = super()._check_validity(
                    survey_token, answer_token, ensure_token=ensure_token, check_partner=False
                )
        return validity

    def _fazhi_is_interviewer(self, answer_sudo):
        """True when the current user works the answer's task (internal user
        allowed by the record rules to change the task)."""
        user = request.env.user
        if user._is_public() or user.share:
            return False
        task = answer_sudo.fazhi_task_id.with_user(user)
        return task.has_access("write")

    def _fazhi_closed_page(self, answer_sudo):
        campaign = answer_sudo.fazhi_task_id.campaign_id
        return request.render(
            "fazhi_satisfaction.survey_campaign_closed",
            # no "answer": survey.layout would draw the progress bar of a page
            {"survey": answer_sudo.survey_id, "campaign": campaign},
        )

    @staticmethod
    def _fazhi_is_closed(answer_sudo):
        return (
            answer_sudo
            and answer_sudo.state != "done"
            and answer_sudo.fazhi_task_id.campaign_id.state == "closed"
        )

    @http.route()
    def survey_display_page(self, survey_token, answer_token, **post):
        __, answer_sudo = self._fetch_from_access_token(survey_token, answer_token)
        if self._fazhi_is_closed(answer_sudo):
            return self._fazhi_closed_page(answer_sudo)
        return super().survey_display_page(survey_token, answer_token, **post)

    @http.route()
    def survey_submit(self, survey_token, answer_token, **post):
        __, answer_sudo = self._fetch_from_access_token(survey_token, answer_token)
        if self._fazhi_is_closed(answer_sudo):
            # Nothing of this page is saved: the answer stays as it was.
            answer_sudo._fazhi_check_campaign_open()
        return super().survey_submit(survey_token, answer_token, **post)
