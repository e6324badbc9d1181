from babel.dates import format_skeleton
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools.misc import babel_locale_parse, format_date

OFFICE = "fazhi_base.group_fazhi_office"
LEADER = "fazhi_base.group_fazhi_leader"
MANAGER = "fazhi_base.group_fazhi_unit_manager"
STAFF = "fazhi_base.group_fazhi_staff"
FOLLOWUP_OPEN_STATES = ("open", "in_progress")

# Sections of a home, in the order they are shown. A role sees the sections
# that received at least one card: the desk its queue first, staff their own
# work, a unit manager their units, the office and leaders the commission.
SECTIONS = ("queue", "work", "unit", "commission", "units_overdue", "units_missing")


class FazhiHome(models.AbstractModel):
    """The landing page of every fazhi user (client action ``fazhi_home``).

    ``get_home()`` returns the sections of cards of the current user. Each
    addon adds its cards by extending ``_fazhi_home_cards(ctx)`` in its own
    ``models/fazhi_home.py``: it appends dicts to the list it gets from
    ``super()`` and returns it. A card::

        {
            "section": "work",            # one of SECTIONS
            "sequence": 10,
            "key": "followups",           # stable, for tests and tours
            "label": "Follow-ups to do",  # translated
            "value": 3,                   # int, or a short text ("1/2")
            "overdue": 1,                 # optional: how many are overdue
            "tone": "danger",             # optional: danger, warning, success, muted
            "note": "...",                # optional second line
            "action": {...},              # window action opened on click
        }

    The sections ``units_overdue`` and ``units_missing`` hold rows (one per
    unit) rather than cards; they use the same keys.

    Every count runs as the user with their own access rights and record
    rules (``search_count``/``_read_group`` on ``self.env``, no ``sudo()``):
    a home never shows a number of records its reader could not open. A card
    whose model the user cannot read is left out (``_fazhi_home_can_read``).
    """

    _name = "fazhi.home"
    _description = "Rule of Law home"

    # ------------------------------------------------------------------
    # Public entry point (client action)
    # ------------------------------------------------------------------
    # Read-only (``api.readonly``): counts only, so that with a replica
    # (``db_replica_host``) the home is computed there, not on the primary.
    @api.model
    @api.readonly
    def get_home(self):
        ctx = self._fazhi_home_context()
        cards = [card for card in self._fazhi_home_cards(ctx) if card]
        sections = []
        for key in SECTIONS:
            items = sorted(
                (card for card in cards if card.get("section") == key),
                key=lambda card: card.get("sequence", 10),
            )
            if items:
                sections.append(
                    {"key": key, "title": self._fazhi_home_section_titles()[key], "cards": items}
                )
        return {
            "title": self._fazhi_home_title(ctx),
            "user_name": self.env.user.name,
            "month_label": ctx["month_label"],
            "last_month_label": ctx["last_month_label"],
            "roles": sorted(ctx["roles"]),
            "sections": sections,
        }

    # ------------------------------------------------------------------
    # Context shared by the contributors
    # ------------------------------------------------------------------
    @api.model
    def _fazhi_home_context(self):
        user = self.env.user
        today = fields.Date.context_today(self)
        month = today.replace(day=1)
        last_month = month - relativedelta(months=1)
        roles = set()
        if user.has_group(OFFICE):
            roles.add("office")
        if user.has_group(LEADER):
            roles.add("leader")
        if user.has_group(MANAGER) and not user.has_group(OFFICE):
            roles.add("manager")
        if user.has_group(STAFF):
            roles.add("staff")
        return {
            "user": user,
            "today": today,
            "month": month,
            "last_month": last_month,
            "month_label": self._fazhi_month_label(month),
            "last_month_label": self._fazhi_month_label(last_month),
            "roles": roles,
            # the units a unit manager oversees (record rules: child_of)
            "managed_units": self.env["fazhi.unit"].search(
                [("id", "child_of", (user.fazhi_unit_ids | user.fazhi_managed_unit_ids).ids)]
            )
            if "manager" in roles
            else self.env["fazhi.unit"],
        }

    @api.model
    def _fazhi_month_label(self, month):
        """``2026年11月`` in Chinese, ``November 2026`` in English."""
        lang = self.env.context.get("lang") or self.env.user.lang or "en_US"
        return format_skeleton("yMMMM", month, locale=babel_locale_parse(lang))

    @api.model
    def _fazhi_home_section_titles(self):
        return {
            "queue": self.env._("Complaint queue"),
            "work": self.env._("My work"),
            "unit": self.env._("My units"),
            "commission": self.env._("Commission figures"),
            "units_overdue": self.env._("Overdue items per unit"),
            "units_missing": self.env._("Units without last month's report"),
        }

    @api.model
    def _fazhi_home_title(self, ctx):
        roles = ctx["roles"]
        if roles & {"office", "leader"}:
            return self.env._("Commission dashboard")
        if "desk" in roles:
            return self.env._("Complaint desk")
        if "manager" in roles:
            return self.env._("Unit overview")
        return self.env._("My work")

    # ------------------------------------------------------------------
    # Helpers for the contributors
    # ------------------------------------------------------------------
    @api.model
    def _fazhi_home_can_read(self, model):
        return self.env[model].has_access("read")

    @api.model
    def _fazhi_home_action(self, xmlid, domain=None, context=None, name=None):
        """The window action ``xmlid`` narrowed to ``domain``, for a card."""
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        result = {
            key: action[key]
            for key in ("type", "res_model", "views", "view_mode", "target", "help", "name")
            if key in action
        }
        if action.get("search_view_id"):
            result["search_view_id"] = action["search_view_id"]
        result["domain"] = domain or []
        # the action's own default filters would hide part of what was counted
        result["context"] = dict(context or {})
        if name:
            result["name"] = name
        return result

    @api.model
    def _fazhi_home_unit_row(self, unit, count, xmlid, domain, kind, sequence):
        """A row of "Overdue items per unit": ``count`` overdue ``kind`` of ``unit``."""
        domain = [*domain, ("unit_id", "=", unit.id)]
        return {
            "section": "units_overdue",
            # units in the unit list's order, the kinds in their addon's order
            "sequence": sequence,
            "key": f"overdue_{xmlid.split('.')[-1]}_{unit.id}",
            "unit_id": unit.id,
            "label": unit.name,
            "title": unit.complete_name,
            "kind": kind,
            "value": count,
            "tone": "danger",
            "action": self._fazhi_home_action(xmlid, domain, name=f"{kind} · {unit.name}"),
        }

    @api.model
    def _fazhi_home_count_card(
        self, model, domain, overdue_domain=None, tone_when_zero="success", opens=None, **card
    ):
        """A card counting ``domain`` (and its overdue part) as the user; ``opens``,
        a window action's xmlid, makes the card open what it counted, under its label."""
        if opens:
            card["action"] = self._fazhi_home_action(opens, domain, name=card["label"])
        Model = self.env[model]
        value = Model.search_count(domain)
        overdue = Model.search_count(domain + overdue_domain) if overdue_domain else 0
        card.update(value=value, overdue=overdue)
        if overdue:
            card.setdefault("tone", "danger")
        elif not value:
            card.setdefault("tone", tone_when_zero)
        return card

    # ------------------------------------------------------------------
    # Cards of fazhi_base: follow-ups and monthly reports
    # ------------------------------------------------------------------
    @api.model
    def _fazhi_home_cards(self, ctx):
        cards = []
        roles = ctx["roles"]
        if not self._fazhi_home_can_read("fazhi.followup"):
            return cards
        today = ctx["today"]
        overdue = [("deadline", "<", today)]
        open_mine = [("user_id", "=", ctx["user"].id), ("state", "in", FOLLOWUP_OPEN_STATES)]
        action = "fazhi_base.fazhi_followup_action"
        desk_only = "desk" in roles and not roles & {"manager", "office", "leader"}
        if "staff" in roles and not roles & {"office", "leader"} and not desk_only:
            cards.append(
                self._fazhi_home_count_card(
                    "fazhi.followup",
                    open_mine,
                    overdue,
                    section="work",
                    sequence=40,
                    key="followups_mine",
                    label=self.env._("Follow-ups to do"),
                    opens=action,
                )
            )
        if "manager" in roles:
            units = ctx["managed_units"]
            unit_open = [("unit_id", "in", units.ids), ("state", "in", FOLLOWUP_OPEN_STATES)]
            cards.append(
                self._fazhi_home_count_card(
                    "fazhi.followup",
                    unit_open,
                    overdue,
                    section="unit",
                    sequence=40,
                    key="followups_unit",
                    label=self.env._("Open follow-ups of my units"),
                    opens=action,
                )
            )
            cards.append(self._fazhi_home_report_card(ctx, units))
        if roles & {"office", "leader"}:
            cards += self._fazhi_home_commission_cards(ctx)
        return cards

    @api.model
    def _fazhi_home_report_card(self, ctx, units):
        """This month's monthly report(s) of a manager's units."""
        Report = self.env["fazhi.monthly.report"]
        domain = [("unit_id", "in", units.ids), ("month", "=", ctx["month"])]
        reports = Report.search(domain)
        done = reports.filtered(lambda r: r.state in Report._DONE_STATES)
        state_labels = dict(Report._fields["state"]._description_selection(self.env))
        if len(reports) == 1:
            value = state_labels[reports.state]
        else:
            value = f"{len(done)}/{len(units)}"
        late = reports.filtered("is_late")
        tone = "danger" if late else ("success" if units and len(done) == len(units) else None)
        action = self._fazhi_home_action(
            "fazhi_base.fazhi_monthly_report_action",
            domain,
            name=self.env._("Monthly reports of %s", ctx["month_label"]),
        )
        if len(reports) == 1:
            action.update(res_id=reports.id, views=[(False, "form")], view_mode="form")
        return {
            "section": "unit",
            "sequence": 5,
            "key": "monthly_report",
            "label": self.env._("Monthly report of %s", ctx["month_label"]),
            "value": value if reports else self.env._("Not started"),
            "overdue": len(late),
            "tone": tone,
            "note": self.env._("Due on %s", format_date(self.env, reports[:1].due_date))
            if reports
            else "",
            "action": action,
        }

    @api.model
    def _fazhi_home_commission_cards(self, ctx):
        Report = self.env["fazhi.monthly.report"]
        Unit = self.env["fazhi.unit"]
        cards = []
        last_month = ctx["last_month"]
        units = Unit.search([("company_id", "in", [*self.env.companies.ids, False])])
        done_domain = [("month", "=", last_month), ("state", "in", Report._DONE_STATES)]
        reported_units = Report.search(done_domain).unit_id
        # as the monthly summary: every active unit, plus any unit that reported
        expected = units | Report.search([("month", "=", last_month)]).unit_id
        missing = (expected - reported_units).sorted(lambda u: (u.complete_name or "", u.id))
        cards.append(
            {
                "section": "commission",
                "sequence": 5,
                "key": "reports_last_month",
                "label": self.env._("Reports of %s submitted", ctx["last_month_label"]),
                "value": f"{len(reported_units & expected)}/{len(expected)}",
                "overdue": len(missing),
                "tone": "danger" if missing else "success",
                "action": self._fazhi_home_action(
                    "fazhi_base.fazhi_monthly_report_action",
                    [("month", "=", last_month)],
                    name=self.env._("Monthly reports of %s", ctx["last_month_label"]),
                ),
            }
        )
        if self.env["fazhi.monthly.report.line"].has_access("read"):
            cards.append(
                {
                    "section": "commission",
                    "sequence": 6,
                    "key": "figures_last_month",
                    "label": self.env._("Figures of %s", ctx["last_month_label"]),
                    "value": self.env["fazhi.monthly.report.line"].search_count(
                        [("month", "=", last_month)]
                    ),
                    "note": self.env._("figures reported by the units"),
                    "action": self._fazhi_home_action(
                        "fazhi_base.fazhi_monthly_report_line_action",
                        [("month", "=", last_month)],
                        name=self.env._("Figures of %s", ctx["last_month_label"]),
                    ),
                }
            )
        overdue_domain = [
            ("state", "in", FOLLOWUP_OPEN_STATES),
            ("deadline", "<", ctx["today"]),
        ]
        cards.append(
            self._fazhi_home_count_card(
                "fazhi.followup",
                [("state", "in", FOLLOWUP_OPEN_STATES)],
                overdue_domain[1:],
                section="commission",
                sequence=40,
                key="followups_all",
                label=self.env._("Open follow-ups"),
                opens="fazhi_base.fazhi_followup_action",
            )
        )
        for unit, count in self.env["fazhi.followup"]._read_group(
            overdue_domain, ["unit_id"], ["__count"]
        ):
            cards.append(
                self._fazhi_home_unit_row(
                    unit,
                    count,
                    "fazhi_base.fazhi_followup_action",
                    overdue_domain,
                    self.env._("Follow-ups"),
                    10,
                )
            )
        for unit in missing:
            cards.append(
                {
                    "section": "units_missing",
                    "sequence": 10,
                    "key": f"missing_report_{unit.id}",
                    "label": unit.name,
                    "title": unit.complete_name,
                    "value": self.env._("Not submitted"),
                    "tone": "danger",
                    "action": self._fazhi_home_action(
                        "fazhi_base.fazhi_monthly_report_action",
                        [("month", "=", last_month), ("unit_id", "=", unit.id)],
                        name=self.env._("Monthly reports of %s", ctx["last_month_label"]),
                    ),
                }
            )
        return cards
