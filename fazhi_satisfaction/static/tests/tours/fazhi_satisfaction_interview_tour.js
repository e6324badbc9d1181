/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * A staff user interviews a private enterprise of their campaign
 * (test_tour_interview.py creates the unit, the counterpart TOUR-民营企业 and
 * the campaign): a failed call first, then the questionnaire filled in on the
 * enterprise's behalf; the private-enterprise section appears because the
 * gate question is answered from the counterpart type.
 */

function answerEveryQuestion() {
    // Pick the first choice of every question of the page not answered yet.
    for (const wrapper of document.querySelectorAll(".o_survey_form_content .js_question-wrapper")) {
        if (wrapper.closest(".d-none") || wrapper.querySelector("input:checked")) {
            continue;
        }
        wrapper.querySelector("label.o_survey_choice_btn, label").click();
    }
}

registry.category("web_tour.tours").add("fazhi_satisfaction_interview_tour", {
    url: "/odoo/action-fazhi_satisfaction.fazhi_satisfaction_task_action",
    steps: () => [
        {
            content: "Open the interview of the private enterprise",
            trigger: ".o_list_view .o_data_row td[name=partner_id]:contains(TOUR-民营企业)",
            run: "click",
        },
        {
            content: "Record an attempt: the call was not answered",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_record_attempt]",
            run: "click",
        },
        {
            content: "The outcome is 'No answer' by default",
            trigger: ".modal .o_field_widget[name=outcome] input[data-value=no_answer]:checked",
        },
        {
            content: "Save the attempt",
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The attempt is listed and the interview is in progress",
            trigger:
                ".o_form_view:not(:has(.modal)) .o_field_widget[name=attempt_ids] .o_data_row:contains(No answer)",
        },
        {
            trigger:
                ".o_form_view .o_statusbar_status button[data-value=in_progress].o_arrow_button_current",
        },
        {
            content: "The enterprise answers the second call: start the interview",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_start_interview]",
            run: "click",
        },
        {
            content: "The survey page names the counterpart being interviewed",
            trigger: ".o_fazhi_interview_banner:contains(TOUR-民营企业)",
        },
        {
            content: "Start the questionnaire",
            trigger: "button.btn:contains(Start)",
            run: "click",
        },
        {
            content: "The private-enterprise question is answered already: 是",
            trigger:
                ".js_question-wrapper:contains(你所在的单位是否是民营企业) input:checked + label:contains(是), .js_question-wrapper:contains(你所在的单位是否是民营企业) label:has(input:checked):contains(是)",
        },
        {
            content: "The unit's name fills the (地区/部门) blank",
            trigger: ".js_question-wrapper:contains(你到TOUR-审批办办理行政审批)",
        },
        {
            content: "Answer the questions of section 一",
            trigger: ".js_question-wrapper",
            run: answerEveryQuestion,
        },
        {
            content: "Next page",
            trigger: "button[value=next]",
            run: "click",
        },
        {
            content: "The private-enterprise questions (section 二) appear",
            trigger: ".js_question-wrapper:contains(干预企业依法自主经营活动)",
        },
        {
            content: "Answer them",
            trigger: ".js_question-wrapper",
            run: answerEveryQuestion,
        },
        {
            content: "Submit",
            trigger: "button[value=finish]",
            run: "click",
        },
        {
            content: "The questionnaire is submitted",
            trigger: ".o_survey_finished",
        },
        {
            content: "Back to the interview task",
            trigger: "a.o_fazhi_back_to_task",
            run: "click",
        },
        {
            content: "The interview is done",
            trigger: ".o_form_view .o_statusbar_status button[data-value=done].o_arrow_button_current",
        },
    ],
});

/**
 * The campaign views render for a unit manager: list (coverage, red under
 * target), kanban card, pivot, graph, and the form with its tasks.
 */
registry.category("web_tour.tours").add("fazhi_satisfaction_campaign_views_tour", {
    url: "/odoo/action-fazhi_satisfaction.fazhi_satisfaction_campaign_action",
    steps: () => [
        {
            content: "The campaign is listed in red: under target",
            trigger: ".o_list_view .o_data_row.text-danger:contains(TOUR-审批办)",
        },
        {
            content: "Switch to the kanban view",
            trigger: ".o_control_panel .o_switch_view.o_kanban",
            run: "click",
        },
        {
            content: "The card shows the coverage under target",
            trigger: ".o_kanban_record:contains(TOUR-审批办) .badge.text-bg-danger",
        },
        {
            content: "Switch to the pivot view",
            trigger: ".o_control_panel .o_switch_view.o_pivot",
            run: "click",
        },
        {
            trigger: ".o_pivot_view .o_pivot table",
        },
        {
            content: "Switch to the graph view",
            trigger: ".o_control_panel .o_switch_view.o_graph",
            run: "click",
        },
        {
            trigger: ".o_graph_view .o_graph_renderer",
        },
        {
            content: "Back to the list",
            trigger: ".o_control_panel .o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Open the campaign",
            trigger: ".o_list_view .o_data_row td[name=name]:contains(TOUR-审批办)",
            run: "click",
        },
        {
            content: "The form shows the ribbon and the tasks button",
            trigger: ".o_form_view .ribbon:contains(Under target)",
        },
        {
            content: "Open its interviews",
            trigger: ".o_form_view button[name=action_view_tasks]",
            run: "click",
        },
        {
            content: "The interviews of the campaign",
            trigger: ".o_list_view .o_data_row:contains(TOUR-自然人)",
        },
    ],
});
