from odoo import api, models

from .fazhi_indicator_entry import OPEN_STATES


class FazhiHome(models.AbstractModel):
    _inherit = "fazhi.home"

    @api.model
    def _fazhi_home_cards(self, ctx):
        """Indicator entries to fill (staff), to approve (managers), overdue (commission)."""
        cards = super()._fazhi_home_cards(ctx)
        roles = ctx["roles"]
        if not self._fazhi_home_can_read("fazhi.indicator.entry"):
            return cards
        if "desk" in roles and not roles & {"manager", "office", "leader"}:
            return cards
        action = "fazhi_indicators.fazhi_indicator_entry_action"
        overdue = [("is_overdue", "=", True)]
        to_fill = [("state", "in", OPEN_STATES)]
        if "staff" in roles and not roles & {"office", "leader"}:
            # the record rules keep a staff member to their units' entries
            cards.append(
                self._fazhi_home_count_card(
                    "fazhi.indicator.entry",
                    to_fill,
                    overdue,
                    section="work",
                    sequence=30,
                    key="entries_mine",
                    label=self.env._("Indicator entries to fill"),
                    opens=action,
                )
            )
        if "manager" in roles:
            domain = [("state", "=", "submitted"), ("unit_id", "in", ctx["managed_units"].ids)]
            cards.append(
                self._fazhi_home_count_card(
                    "fazhi.indicator.entry",
                    domain,
                    section="unit",
                    sequence=30,
                    key="entries_to_approve",
                    label=self.env._("Indicator entries to approve"),
                    tone_when_zero="success",
                    opens=action,
                )
            )
        if roles & {"office", "leader"}:
            Entry = self.env["fazhi.indicator.entry"]
            for unit, count in Entry._read_group(overdue, ["unit_id"], ["__count"]):
                cards.append(
                    self._fazhi_home_unit_row(
                        unit, count, action, overdue, self.env._("Indicator entries"), 40
                    )
                )
        return cards
