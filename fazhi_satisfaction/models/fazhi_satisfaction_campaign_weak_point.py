from collections import defaultdict

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_round

SATISFACTION_RATINGS = ("satisfied", "basically_satisfied", "dissatisfied")


class FazhiSatisfactionCampaign(models.Model):
    """Weak points (薄弱环节) of a campaign become rectification follow-ups.

    When campaigns close (``action_close``), every question whose satisfaction
    rate is under its ``fazhi_threshold`` and every problem choice chosen at
    least once opens a rectification follow-up (``fazhi.followup``) for the
    campaign's unit, due N working days after the closing day (company setting
    ``fazhi_satisfaction_followup_days``). The campaigns of a year archived
    for their unit (``fazhi.satisfaction.archive``) cannot be reopened. Kept
    apart from ``fazhi_satisfaction_campaign.py``: this is the statistics side.
    """

    _name = "fazhi.satisfaction.campaign"
    _inherit = ["fazhi.satisfaction.campaign", "fazhi.followup.source.mixin"]

    weak_point_keys = fields.Json(
        readonly=True,
        copy=False,
        help="Weak points that already opened a follow-up (question, or question and choice), "
        "so that closing a reopened campaign again does not duplicate them.",
    )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_close(self):
        res = super().action_close()
        self._fazhi_create_weak_point_followups()
        return res

    def action_reopen(self):
        # The answers of an archived year are locked for good: their campaigns
        # stay closed.
        # sudo: only whether the year is archived, whoever may read the archive
        archived = (
            self.env["fazhi.satisfaction.archive"]
            .sudo()
            .search(
                [
                    ("state", "=", "archived"),
                    ("unit_id", "in", self.unit_id.ids),
                    ("year", "in", list({campaign.month.year for campaign in self})),
                ]
            )
        )
        for campaign in self:
            archive = archived.filtered(
                lambda a, c=campaign: a.unit_id == c.unit_id and a.year == c.month.year
            )
            if archive:
                raise UserError(
                    self.env._(
                        "%(campaign)s cannot be reopened: the year %(year)s of %(unit)s is "
                        "archived (%(archive)s).",
                        campaign=campaign.display_name,
                        year=archive[0].year,
                        unit=campaign.unit_id.display_name,
                        archive=archive[0].display_name,
                    )
                )
        return super().action_reopen()

    def action_view_statistics(self):
        """The satisfaction statistics of this campaign (pivot by question)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fazhi_satisfaction.fazhi_satisfaction_answer_report_action"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {
            "pivot_row_groupby": ["question_id"],
            "pivot_column_groupby": ["rating"],
            "pivot_measures": ["answer_count", "satisfaction_rate"],
        }
        action["display_name"] = self.env._("Statistics of %s", self.display_name)
        return action

    # ------------------------------------------------------------------
    # Weak points
    # ------------------------------------------------------------------
    def _fazhi_weak_points(self):
        """The weak points of these campaigns, from one ``_read_group`` on the
        statistics (superuser: figures, not records).

        :return: list of dicts ``{"campaign", "question", "kind": "rate" |
            "problem", "choice" (problem), "count" (problem), "rate" (rate),
            "choices": [(choice, rating, count)], "key"}`` in a stable order
        """
        if not self:
            return []
        # sudo: figures of these campaigns (counts), not records
        groups = (
            self.env["fazhi.satisfaction.answer.report"]
            .sudo()
            ._read_group(
                [("campaign_id", "in", self.ids)],
                ["campaign_id", "question_id", "answer_id", "rating"],
                ["answer_count:sum"],
            )
        )
        per_question = defaultdict(list)
        for campaign, question, choice, rating, count in groups:
            per_question[campaign, question].append((choice, rating, count))

        weak_points = []
        for (campaign, question), choices in per_question.items():
            choices.sort(key=lambda item: (item[0].sequence, item[0].id))
            by_rating = defaultdict(int)
            for _choice, rating, count in choices:
                by_rating[rating] += count
            rated = sum(by_rating[rating] for rating in SATISFACTION_RATINGS)
            if rated:
                rate = (by_rating["satisfied"] + by_rating["basically_satisfied"]) / rated
                if float_compare(rate, question.fazhi_threshold, precision_digits=6) < 0:
                    weak_points.append(
                        {
                            "campaign": campaign,
                            "question": question,
                            "kind": "rate",
                            "rate": rate,
                            "rated": rated,
                            "choices": choices,
                            "key": f"rate:{question.id}",
                        }
                    )
            for choice, rating, count in choices:
                if rating == "problem" and count:
                    weak_points.append(
                        {
                            "campaign": campaign,
                            "question": question,
                            "kind": "problem",
                            "choice": choice,
                            "count": count,
                            "choices": choices,
                            "key": f"problem:{question.id}:{choice.id}",
                        }
                    )
        weak_points.sort(
            key=lambda wp: (
                wp["campaign"].id,
                wp["question"].sequence,
                wp["question"].id,
                wp["kind"] != "rate",
                (wp["choice"].sequence, wp["choice"].id) if "choice" in wp else (0, 0),
            )
        )
        return weak_points

    def _fazhi_create_weak_point_followups(self):
        """Open one rectification follow-up per new weak point of these
        (closed) campaigns: one ``_read_group``, one ``create``.

        :return: the created follow-ups
        """
        # sudo: the follow-ups are opened by the closing itself, for the unit of
        # each campaign closed here; their values come from the statistics.
        Followup = self.env["fazhi.followup"].sudo()
        weak_points = [
            wp
            for wp in self._fazhi_weak_points()
            if wp["key"] not in (wp["campaign"].weak_point_keys or [])
        ]
        if not weak_points:
            return Followup
        deadlines = self._fazhi_weak_point_deadlines()
        probes = {}
        vals_list = []
        new_keys = defaultdict(list)
        for wp in weak_points:
            campaign = wp["campaign"]
            if campaign not in probes:
                probes[campaign] = self.env["survey.user_input"].new(
                    {"fazhi_unit_id": campaign.unit_id.id}
                )
            vals_list.append(
                {
                    "kind": "rectification",
                    "unit_id": campaign.unit_id.id,
                    "deadline": deadlines[campaign.id],
                    "res_model": campaign._name,
                    "res_id": campaign.id,
                    "name": campaign._fazhi_weak_point_name(wp),
                    "description": campaign._fazhi_weak_point_description(wp, probes[campaign]),
                }
            )
            new_keys[campaign].append(wp["key"])
        followups = Followup.create(vals_list)
        for campaign, keys in new_keys.items():
            # On the action path: the keys of the follow-ups just opened.
            campaign._fazhi_action_write(
                {"weak_point_keys": (campaign.weak_point_keys or []) + keys}
            )
        return followups

    def _fazhi_weak_point_deadlines(self):
        """``{campaign id: deadline}``: N working days after the closing day."""
        Calendar = self.env["resource.calendar"]
        today = fields.Date.context_today(self)
        deadlines = {}
        for company, campaigns in self.grouped("company_id").items():
            company = company or self.env.company
            starts = [campaign.closed_date or today for campaign in campaigns]
            days = company.fazhi_satisfaction_followup_days or 10
            for campaign, deadline in zip(
                campaigns,
                Calendar._fazhi_add_working_days(starts, days, company=company),
                strict=True,
            ):
                deadlines[campaign.id] = deadline
        return deadlines

    def _fazhi_question_label(self, question):
        return question.fazhi_code or str(question.sequence)

    def _fazhi_weak_point_name(self, weak_point):
        self.ensure_one()
        question = weak_point["question"]
        if weak_point["kind"] == "rate":
            return self.env._(
                "%(campaign)s: satisfaction under %(threshold)s %% on question %(question)s",
                campaign=self.display_name,
                threshold=_percent(question.fazhi_threshold),
                question=self._fazhi_question_label(question),
            )
        return self.env._(
            "%(campaign)s: problem reported on question %(question)s: %(choice)s",
            campaign=self.display_name,
            question=self._fazhi_question_label(question),
            choice=weak_point["choice"].value,
        )

    def _fazhi_weak_point_description(self, weak_point, probe):
        """HTML evidence: the question, the rate or the count, and the answers."""
        self.ensure_one()
        question = weak_point["question"]
        rating_labels = dict(
            self.env["fazhi.satisfaction.answer.report"]
            ._fields["rating"]
            ._description_selection(self.env)
        )
        parts = [
            Markup("<p>%s</p>")
            % self.env._(
                "Question %(number)s of %(survey)s: %(title)s",
                number=self._fazhi_question_label(question),
                survey=question.survey_id.title,
                title=question._fazhi_title_for(probe),
            )
        ]
        if weak_point["kind"] == "rate":
            parts.append(
                Markup("<p>%s</p>")
                % self.env._(
                    "Satisfaction rate %(rate)s %% (satisfied and basically satisfied among "
                    "%(rated)s rated answers), under the threshold of %(threshold)s %%.",
                    rate=_percent(weak_point["rate"]),
                    rated=weak_point["rated"],
                    threshold=_percent(question.fazhi_threshold),
                )
            )
        else:
            parts.append(
                Markup("<p>%s</p>")
                % self.env._(
                    'Problem "%(choice)s" reported %(count)s time(s).',
                    choice=weak_point["choice"].value,
                    count=weak_point["count"],
                )
            )
        items = Markup("").join(
            Markup("<li>%s: %s%s</li>")
            % (
                choice.value,
                count,
                Markup(" (%s)") % rating_labels[rating] if rating else "",
            )
            for choice, rating, count in weak_point["choices"]
        )
        parts.append(
            Markup("<p>%s</p><ul>%s</ul>")
            % (
                self.env._("Answers of the campaign %(campaign)s:", campaign=self.display_name),
                items,
            )
        )
        return Markup("").join(parts)


def _percent(value):
    """0.8 -> "80", 0.8571 -> "85.71" (a ratio as a percentage, 2 decimals at most)."""
    percent = float_round(value * 100, precision_digits=2)
    return f"{percent:g}" if percent == int(percent) else f"{percent:.2f}".rstrip("0")
