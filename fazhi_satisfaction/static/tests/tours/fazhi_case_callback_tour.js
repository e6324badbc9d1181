/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * A callback officer records a phone callback of case CB-TOUR-001 in which
 * the counterpart reports 吃拿卡要, then opens the accountability follow-up
 * it created (see tests/test_tour_callback.py for the data).
 */
registry.category("web_tour.tours").add("fazhi_case_callback_tour", {
    url: "/odoo/action-fazhi_satisfaction.fazhi_case_callback_action",
    steps: () => [
        {
            content: "The officer's planned callback is listed",
            trigger: ".o_list_view .o_data_row td[name=case_id]:contains(CB-TOUR-001)",
            run: "click",
        },
        {
            content: "The counterpart's phone number is shown",
            trigger: ".o_form_view .o_field_widget[name=partner_phone]:contains(0375-2663225)",
        },
        {
            content: "Called by phone",
            trigger: ".o_form_view .o_field_widget[name=method] input[data-value=phone]",
            run: "click",
        },
        {
            content: "The counterpart is dissatisfied",
            trigger: ".o_form_view .o_field_widget[name=satisfaction] input[data-value=dissatisfied]",
            run: "click",
        },
        {
            content: "Tick the finding 吃拿卡要",
            trigger:
                ".o_form_view .o_field_widget[name=finding_ids] .form-check:contains(吃拿卡要) input",
            run: "click",
        },
        {
            content: "Note what was said",
            trigger: ".o_form_view .o_field_widget[name=notes] textarea",
            run: "edit 当事人反映办理许可时被索要好处费",
        },
        {
            content: "Record the callback",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_done]",
            run: "click",
        },
        {
            content: "The callback is done",
            trigger:
                ".o_form_view .o_statusbar_status button[data-value=done].o_arrow_button_current",
        },
        {
            content: "It opened a follow-up: open it from the smart button",
            trigger: "button[name=action_view_followups]:contains(1)",
            run: "click",
        },
        {
            content: "The accountability follow-up of the case is there",
            trigger: ".o_kanban_view .o_kanban_record:contains(CB-TOUR-001):contains(吃拿卡要)",
            run: "click",
        },
        {
            content: "It is an accountability follow-up: its investigation tab is shown",
            trigger: ".o_form_view .o_notebook a[name=accountability]",
        },
        {
            content: "Its description carries the counterpart's words",
            trigger: ".o_form_view .o_field_widget[name=description]:contains(索要好处费)",
        },
    ],
});
