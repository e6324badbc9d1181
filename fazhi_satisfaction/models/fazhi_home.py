from odoo import api, models

TASK_OPEN_STATES = ("todo", "in_progress")


class FazhiHome(models.AbstractModel):
    _inherit = "fazhi.home"

    @api.model
    def _fazhi_home_cards(self, ctx):
        """Interviews and callbacks: the user's own, their units', the commission's."""
        cards = super()._fazhi_home_cards(ctx)
        roles = ctx["roles"]
        if "desk" in roles and not roles & {"manager", "office", "leader"}:
            return cards
        can_tasks = self._fazhi_home_can_read("fazhi.satisfaction.task")
        can_callbacks = self._fazhi_home_can_read("fazhi.case.callback")
        tasks_action = "fazhi_satisfaction.fazhi_satisfaction_task_action"
        callbacks_action = "fazhi_satisfaction.fazhi_case_callback_action"
        open_tasks = [("state", "in", TASK_OPEN_STATES), ("campaign_id.state", "=", "open")]
        # an interview is late once its campaign's month is over
        late_tasks = [("month", "<", ctx["month"])]
        planned = [("state", "=", "planned")]
        late_callbacks = [("deadline", "<", ctx["today"])]
        uid = ctx["user"].id
        if "staff" in roles and not roles & {"office", "leader"}:
            if can_tasks:
                # the record rules keep a staff member to their units' tasks
                mine = [
                    *open_tasks,
                    "|",
                    ("interviewer_id", "=", False),
                    ("interviewer_id", "=", uid),
                ]
                cards.append(
                    self._fazhi_home_count_card(
                        "fazhi.satisfaction.task",
                        mine,
                        late_tasks,
                        section="work",
                        sequence=10,
                        key="interviews_mine",
                        label=self.env._("Interviews to do"),
                        opens=tasks_action,
                    )
                )
            if can_callbacks:
                mine = [*planned, ("officer_id", "=", uid)]
                cards.append(
                    self._fazhi_home_count_card(
                        "fazhi.case.callback",
                        mine,
                        late_callbacks,
                        section="work",
                        sequence=20,
                        key="callbacks_mine",
                        label=self.env._("Callbacks to make"),
                        opens=callbacks_action,
                    )
                )
        if "manager" in roles:
            units = ctx["managed_units"].ids
            if can_tasks:
                domain = [*open_tasks, ("unit_id", "in", units)]
                cards.append(
                    self._fazhi_home_count_card(
                        "fazhi.satisfaction.task",
                        domain,
                        late_tasks,
                        section="unit",
                        sequence=10,
                        key="interviews_unit",
                        label=self.env._("Open interviews of my units"),
                        opens=tasks_action,
                    )
                )
            if can_callbacks:
                domain = [*planned, ("unit_id", "in", units)]
                cards.append(
                    self._fazhi_home_count_card(
                        "fazhi.case.callback",
                        domain,
                        late_callbacks,
                        section="unit",
                        sequence=20,
                        key="callbacks_unit",
                        label=self.env._("Planned callbacks of my units"),
                        opens=callbacks_action,
                    )
                )
        if roles & {"office", "leader"}:
            cards += self._fazhi_home_satisfaction_commission_cards(ctx)
        return cards

    @api.model
    def _fazhi_home_satisfaction_commission_cards(self, ctx):
        cards = []
        Task = self.env["fazhi.satisfaction.task"]
        if self._fazhi_home_can_read("fazhi.satisfaction.task"):
            month = [("month", "=", ctx["month"])]
            total = Task.search_count(month)
            done = Task.search_count([*month, ("state", "=", "done")])
            cards.append(
                {
                    "section": "commission",
                    "sequence": 10,
                    "key": "interview_coverage",
                    "label": self.env._("Interviews done in %s", ctx["month_label"]),
                    "value": f"{done}/{total}",
                    "note": self.env._("coverage %s %%", round(100 * done / total))
                    if total
                    else "",
                    "action": self._fazhi_home_action(
                        "fazhi_satisfaction.fazhi_satisfaction_task_action",
                        month,
                        name=self.env._("Interviews of %s", ctx["month_label"]),
                    ),
                }
            )
            late = [
                ("state", "in", TASK_OPEN_STATES),
                ("campaign_id.state", "=", "open"),
                ("month", "<", ctx["month"]),
            ]
            for unit, count in Task._read_group(late, ["unit_id"], ["__count"]):
                cards.append(
                    self._fazhi_home_unit_row(
                        unit,
                        count,
                        "fazhi_satisfaction.fazhi_satisfaction_task_action",
                        late,
                        self.env._("Interviews"),
                        20,
                    )
                )
        if self._fazhi_home_can_read("fazhi.case.callback"):
            late = [("state", "=", "planned"), ("deadline", "<", ctx["today"])]
            Callback = self.env["fazhi.case.callback"]
            for unit, count in Callback._read_group(late, ["unit_id"], ["__count"]):
                cards.append(
                    self._fazhi_home_unit_row(
                        unit,
                        count,
                        "fazhi_satisfaction.fazhi_case_callback_action",
                        late,
                        self.env._("Callbacks"),
                        30,
                    )
                )
        return cards
