from markupsafe import Markup

from odoo import api, fields, models
from odoo.addons.fazhi_base.models.fazhi_workflow_mixin import ACTION, EDIT
from odoo.addons.fazhi_satisfaction.models.fazhi_enforcement_case import (
    FazhiEnforcementCase as BaseCase,
)
from odoo.exceptions import UserError, ValidationError

OFFICE = "fazhi_base.group_fazhi_office"
# Decisions made public within the time limit (双公示): licensing and penalties.
PUBLISHED_TYPES = ("licensing", "penalty")


class FazhiEnforcementCase(models.Model):
    """The details of an enforcement case that the annual report counts.

    * professional field (专业) and penalty kinds (处罚种类), both data;
    * fine and confiscation amounts (罚没款) in the company's currency;
    * legal review (法制审核) of a major decision: by the supervision office,
      before the decision (a major case cannot get its decision date without it);
    * publication of licensing and penalty decisions (双公示): due
      ``fazhi_publication_days`` working days after the decision (7 by
      default, fazhi_base's working-day helper). A decision that is not
      public yet opens a supervision follow-up (督办) due on that day: the
      follow-up engine escalates it when it is overdue, like any other, and
      the publication closes it;
    * typical cases (典型案例): proposed by the unit with a summary, published
      by the office (``action_publish_typical``).
    """

    _name = "fazhi.enforcement.case"
    _inherit = ["fazhi.enforcement.case", "fazhi.followup.source.mixin"]

    _fazhi_field_rules = {
        **BaseCase._fazhi_field_rules,
        "professional_field_id": EDIT,
        "penalty_kind_ids": EDIT,
        "fine_amount": EDIT,
        "confiscation_amount": EDIT,
        "is_major": EDIT,
        "decision_date": EDIT,
        # 法制审核 is the legal office's (the supervision office) opinion.
        "legal_review_user_id": OFFICE,
        "legal_review_date": OFFICE,
        "legal_review_opinion": OFFICE,
        "publication_date": EDIT,
        "publication_url": EDIT,
        "is_typical": EDIT,
        "typical_summary": EDIT,
        "typical_published_date": ACTION,
    }

    # ------------------------------------------------------------------
    # Classification and amounts
    # ------------------------------------------------------------------
    professional_field_id = fields.Many2one(
        "fazhi.professional.field",
        string="Professional field",
        index=True,
        tracking=True,
        ondelete="restrict",
        help="专业: 公共场所, 生活饮用水, 职业卫生, …",
    )
    penalty_kind_ids = fields.Many2many(
        "fazhi.penalty.kind",
        "fazhi_enforcement_case_penalty_kind_rel",
        "case_id",
        "kind_id",
        string="Penalty kinds",
        help="处罚种类: 警告, 罚款, 没收违法所得, 责令暂停…",
    )
    currency_id = fields.Many2one(
        "res.currency", related="company_id.currency_id", string="Currency"
    )
    fine_amount = fields.Monetary(
        string="Fine", currency_field="currency_id", tracking=True, help="罚款, in yuan."
    )
    confiscation_amount = fields.Monetary(
        string="Confiscation",
        currency_field="currency_id",
        tracking=True,
        help="没收违法所得 and confiscated goods, in yuan.",
    )
    penalty_amount = fields.Monetary(
        string="Fines and confiscations",
        currency_field="currency_id",
        compute="_compute_penalty_amount",
        store=True,
        help="罚没款: fine plus confiscation.",
    )

    # ------------------------------------------------------------------
    # Decision and legal review (法制审核)
    # ------------------------------------------------------------------
    is_major = fields.Boolean(
        string="Major decision",
        tracking=True,
        help="重大执法决定: needs the legal review (法制审核) before the decision.",
    )
    decision_date = fields.Date(tracking=True, index=True, help="Date of the decision (决定日期).")
    legal_review_user_id = fields.Many2one(
        "res.users",
        string="Legal reviewer",
        tracking=True,
        domain=[("share", "=", False)],
        ondelete="restrict",
    )
    legal_review_date = fields.Date(string="Legal review date", tracking=True)
    legal_review_opinion = fields.Text(string="Legal review opinion")
    legal_reviewed = fields.Boolean(
        compute="_compute_legal_reviewed",
        store=True,
        help="The legal review has a reviewer, a date and an opinion.",
    )

    # ------------------------------------------------------------------
    # Publication (双公示)
    # ------------------------------------------------------------------
    publication_required = fields.Boolean(
        compute="_compute_publication_deadline",
        store=True,
        help="A licensing or penalty decision: public within the time limit (双公示).",
    )
    publication_deadline = fields.Date(
        compute="_compute_publication_deadline",
        store=True,
        index=True,
        help="Last day to make the decision public: working days after the decision "
        "(Settings, 7 by default).",
    )
    publication_date = fields.Date(tracking=True, help="Day the decision was made public.")
    publication_url = fields.Char(string="Publication link")
    published_on_time = fields.Boolean(
        compute="_compute_published_on_time",
        store=True,
        help="Made public on or before the publication deadline.",
    )
    publication_overdue = fields.Boolean(
        compute="_compute_publication_overdue",
        search="_search_publication_overdue",
        help="Not public and past its publication deadline.",
    )

    # ------------------------------------------------------------------
    # Typical cases (典型案例)
    # ------------------------------------------------------------------
    is_typical = fields.Boolean(string="Typical case", tracking=True)
    typical_summary = fields.Text(
        help="Summary of the typical case as published (no personal identity)."
    )
    typical_published_date = fields.Date(
        string="Typical case published on", readonly=True, copy=False, tracking=True
    )

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("fine_amount", "confiscation_amount")
    def _compute_penalty_amount(self):
        for case in self:
            case.penalty_amount = case.fine_amount + case.confiscation_amount

    @api.depends("legal_review_user_id", "legal_review_date", "legal_review_opinion")
    def _compute_legal_reviewed(self):
        for case in self:
            case.legal_reviewed = bool(
                case.legal_review_user_id
                and case.legal_review_date
                and (case.legal_review_opinion or "").strip()
            )

    @api.depends("case_type", "decision_date", "company_id.fazhi_publication_days")
    def _compute_publication_deadline(self):
        Calendar = self.env["resource.calendar"]
        for company in self.company_id or [self.env.company]:
            cases = self.filtered(
                lambda c, company=company: (c.company_id or self.env.company) == company
            )
            required = cases.filtered(lambda c: c.case_type in PUBLISHED_TYPES and c.decision_date)
            (cases - required).update(
                {"publication_required": False, "publication_deadline": False}
            )
            if not required:
                continue
            # One working-day oracle for the batch (fazhi_base's helper).
            deadlines = Calendar._fazhi_add_working_days(
                required.mapped("decision_date"),
                company.fazhi_publication_days or 7,
                company=company,
            )
            for case, deadline in zip(required, deadlines, strict=True):
                case.publication_required = True
                case.publication_deadline = deadline

    @api.depends("publication_date", "publication_deadline")
    def _compute_published_on_time(self):
        for case in self:
            case.published_on_time = bool(
                case.publication_date
                and case.publication_deadline
                and case.publication_date <= case.publication_deadline
            )

    @api.depends_context("tz")
    @api.depends("publication_required", "publication_date", "publication_deadline")
    def _compute_publication_overdue(self):
        today = fields.Date.context_today(self)
        for case in self:
            case.publication_overdue = bool(
                case.publication_required
                and not case.publication_date
                and case.publication_deadline
                and case.publication_deadline < today
            )

    def _search_publication_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on the overdue publication."))
        domain = [
            ("publication_required", "=", True),
            ("publication_date", "=", False),
            ("publication_deadline", "<", fields.Date.context_today(self)),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", "&", *domain]

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("fine_amount", "confiscation_amount")
    def _check_amounts(self):
        for case in self:
            if case.fine_amount < 0 or case.confiscation_amount < 0:
                raise ValidationError(
                    self.env._(
                        "Case %(number)s: fines and confiscations cannot be negative.",
                        number=case.number,
                    )
                )

    @api.constrains("decision_date", "publication_date", "legal_review_date", "is_major")
    def _check_decision_dates(self):
        today = fields.Date.context_today(self)
        for case in self:
            if case.decision_date and case.decision_date > today:
                raise ValidationError(
                    self.env._(
                        "Case %(number)s: the decision cannot be dated in the future.",
                        number=case.number,
                    )
                )
            if case.publication_date and (
                not case.decision_date or case.publication_date < case.decision_date
            ):
                raise ValidationError(
                    self.env._(
                        "Case %(number)s: a decision is made public after it is taken; give "
                        "the decision date first, and a publication date on or after it.",
                        number=case.number,
                    )
                )
            if case.is_major and case.decision_date:
                if not case.legal_reviewed:
                    raise ValidationError(
                        self.env._(
                            "Case %(number)s is a major decision: the legal review (法制审核: "
                            "reviewer, date and opinion) comes before the decision date.",
                            number=case.number,
                        )
                    )
                if case.legal_review_date > case.decision_date:
                    raise ValidationError(
                        self.env._(
                            "Case %(number)s: the legal review must be dated on or before "
                            "the decision.",
                            number=case.number,
                        )
                    )

    @api.constrains("is_typical", "typical_summary")
    def _check_typical_summary(self):
        for case in self:
            if case.typical_published_date and not (case.typical_summary or "").strip():
                raise ValidationError(
                    self.env._(
                        "Case %(number)s: a published typical case keeps its summary.",
                        number=case.number,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        cases = super().create(vals_list)
        cases._fazhi_sync_publication_followups()
        return cases

    def write(self, vals):
        res = super().write(vals)
        if {"decision_date", "publication_date", "case_type"} & vals.keys():
            self._fazhi_sync_publication_followups()
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_publish_typical(self):
        self._fazhi_check_group(OFFICE)
        missing = self.filtered(lambda c: not (c.is_typical and (c.typical_summary or "").strip()))
        if missing:
            raise UserError(
                self.env._(
                    "Flag the case as typical and write its summary before publishing it: %s",
                    ", ".join(missing.mapped("number")),
                )
            )
        self._fazhi_action_write({"typical_published_date": fields.Date.context_today(self)})
        return True

    def action_unpublish_typical(self):
        self._fazhi_check_group(OFFICE)
        self._fazhi_action_write({"typical_published_date": False})
        return True

    # ------------------------------------------------------------------
    # Publication follow-ups (双公示 escalation)
    # ------------------------------------------------------------------
    def _fazhi_publication_followups(self):
        """Open publication follow-ups of ``self`` (as superuser: a lookup)."""
        return (
            self.env["fazhi.followup"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("kind", "=", "supervision"),
                    ("state", "in", ("open", "in_progress")),
                ]
            )
        )

    def _fazhi_sync_publication_followups(self):
        """One supervision follow-up per decision not yet public, due on its
        publication deadline (today if that is already past); closed when the
        decision is published or no longer needs publication. The follow-up
        engine (fazhi_base) escalates those that become overdue."""
        # sudo: the caller has just written these cases (ACLs and rules passed);
        # the follow-ups only track a deadline the model computed, for the
        # case's own unit, and are closed by the model itself.
        cases = self.sudo()
        open_followups = cases._fazhi_publication_followups()
        by_case = {followup.res_id: followup for followup in open_followups}
        today = fields.Date.context_today(self)
        to_open = []
        to_close = self.env["fazhi.followup"].sudo()
        for case in cases:
            followup = by_case.get(case.id)
            pending = case.publication_required and not case.publication_date
            if pending and not followup:
                to_open.append(
                    {
                        "source": case,
                        "kind": "supervision",
                        "name": self.env._(
                            "Publish decision %(number)s (双公示)", number=case.number
                        ),
                        "description": Markup("<p>%s</p>")
                        % self.env._(
                            "The decision of %(date)s must be public by %(deadline)s.",
                            date=fields.Date.to_string(case.decision_date),
                            deadline=fields.Date.to_string(case.publication_deadline),
                        ),
                        "deadline": max(case.publication_deadline, today),
                    }
                )
            elif followup and not pending:
                to_close |= followup
            elif followup and followup.deadline != max(case.publication_deadline, today):
                followup.write({"deadline": max(case.publication_deadline, today)})
        if to_open:
            self.env["fazhi.followup"].sudo()._create_followups(to_open)
        for followup in to_close:
            case = cases.browse(followup.res_id)
            result = (
                self.env._(
                    "Published on %(date)s.", date=fields.Date.to_string(case.publication_date)
                )
                if case.publication_date
                else self.env._("No publication needed any more.")
            )
            followup._fazhi_action_write({"state": "done", "result": result, "done_date": today})
