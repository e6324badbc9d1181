from odoo import api, models

DESK = "fazhi_complaints.group_fazhi_complaint_desk"
REGISTRY = "fazhi_complaints.group_fazhi_complaint_registry"
CLOSED_STATES = ("archived", "rejected")


class FazhiHome(models.AbstractModel):
    _inherit = "fazhi.home"

    @api.model
    def _fazhi_home_context(self):
        ctx = super()._fazhi_home_context()
        if ctx["user"].has_group(DESK):
            ctx["roles"].add("desk")
        return ctx

    @api.model
    def _fazhi_home_cards(self, ctx):
        """The desk's queue: what the registry must act on, then the commission's figure."""
        cards = super()._fazhi_home_cards(ctx)
        roles = ctx["roles"]
        if not self._fazhi_home_can_read("fazhi.complaint"):
            return cards
        action = "fazhi_complaints.fazhi_complaint_action"
        if "desk" in roles:
            queue = [
                (
                    "to_accept",
                    self.env._("To accept or reject"),
                    [("state", "=", "registered")],
                    [("accept_deadline", "<", ctx["today"])],
                ),
                ("to_assign", self.env._("To assign"), [("state", "=", "accepted")], None),
                (
                    "to_archive",
                    self.env._("Callback done, to archive"),
                    [("state", "=", "callback")],
                    None,
                ),
                (
                    "overdue",
                    self.env._("Overdue complaints"),
                    [("is_overdue", "=", True), ("state", "not in", CLOSED_STATES)],
                    None,
                ),
            ]
            for sequence, (key, label, domain, overdue) in enumerate(queue, start=10):
                card = self._fazhi_home_count_card(
                    "fazhi.complaint",
                    domain,
                    overdue,
                    tone_when_zero="muted",
                    section="queue",
                    sequence=sequence,
                    key=f"complaints_{key}",
                    label=label,
                    opens=action,
                )
                if key == "overdue" and card["value"]:
                    card["tone"] = "danger"
                cards.append(card)
            register = self._fazhi_home_action(action, name=self.env._("Register a complaint"))
            register.update(views=[(False, "form")], view_mode="form")
            cards.append(
                {
                    "section": "queue",
                    "sequence": 1,
                    "key": "complaint_register",
                    "label": self.env._("Register a complaint"),
                    "value": "+",
                    "tone": "primary",
                    "note": self.env._("phone, 12345, letter, visit"),
                    "action": register,
                }
            )
        if "staff" in roles and not roles & {"desk", "office", "leader"}:
            mine = [("handler_id", "=", ctx["user"].id), ("state", "not in", CLOSED_STATES)]
            cards.append(
                self._fazhi_home_count_card(
                    "fazhi.complaint",
                    mine,
                    [("is_overdue", "=", True)],
                    section="work",
                    sequence=35,
                    key="complaints_mine",
                    label=self.env._("Complaints I handle"),
                    opens=action,
                )
            )
        if roles & {"office", "leader"}:
            Complaint = self.env["fazhi.complaint"]
            month = [("received_date", ">=", ctx["month"])]
            cards.append(
                self._fazhi_home_count_card(
                    "fazhi.complaint",
                    month,
                    [("is_overdue", "=", True)],
                    section="commission",
                    sequence=20,
                    key="complaints_month",
                    label=self.env._("Complaints received in %s", ctx["month_label"]),
                    tone_when_zero="muted",
                    action=self._fazhi_home_action(
                        action, month, name=self.env._("Complaints of %s", ctx["month_label"])
                    ),
                )
            )
            overdue = [("is_overdue", "=", True), ("state", "not in", CLOSED_STATES)]
            for unit, count in Complaint._read_group(overdue, ["accused_unit_id"], ["__count"]):
                if unit:
                    row = self._fazhi_home_unit_row(
                        unit, count, action, overdue, self.env._("Complaints"), 50
                    )
                    row["action"]["domain"] = [*overdue, ("accused_unit_id", "=", unit.id)]
                    cards.append(row)
        return cards
