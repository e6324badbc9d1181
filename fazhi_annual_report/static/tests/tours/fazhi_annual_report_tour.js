/** @odoo-module **/

import {registry} from "@web/core/registry";

/**
 * The annual report from draft to publication. The test opens the form of
 * the 2026 report of a unit it created (巡览测试卫健委) and runs, in turn:
 * the office drafts it and rewrites a sentence of the plan; (a case is added)
 * the office drafts again; the leader approves; the office reports and
 * publishes.
 */
const tours = registry.category("web_tour.tours");

tours.add("fazhi_annual_report_draft_tour", {
    steps: () => [
        {
            content: "Draft the report from the year's figures",
            trigger: ".o_form_view button[name=action_draft]",
            run: "click",
        },
        {
            content: "The figure sentences are there",
            trigger:
                ".o_field_widget[name=section_measures] span[data-fazhi-figure=cases]:contains(全年查处案件1件)",
        },
        {
            content: "Rewrite the first sentence of the plan",
            trigger: ".o_field_widget[name=section_plan] .odoo-editor-editable p:first",
            run: "editor （一）巡览测试：我们自己写的计划。",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
    ],
});

tours.add("fazhi_annual_report_redraft_tour", {
    steps: () => [
        {
            trigger: ".o_field_widget[name=section_plan]:contains(我们自己写的计划)",
        },
        {
            content: "Draft again: the figures are refreshed",
            trigger: ".o_form_view button[name=action_draft]",
            run: "click",
        },
        {
            content: "The new case is counted",
            trigger:
                ".o_field_widget[name=section_measures] span[data-fazhi-figure=cases]:contains(全年查处案件2件)",
        },
        {
            content: "The sentence the office wrote is kept",
            trigger: ".o_field_widget[name=section_plan]:contains(我们自己写的计划)",
        },
        {
            content: "The figures behind the sentences",
            trigger: ".o_notebook a[name=sources]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=figure_ids] .o_data_row",
        },
    ],
});

tours.add("fazhi_annual_report_approve_tour", {
    steps: () => [
        {
            content: "The leader approves",
            trigger: ".o_form_view button[name=action_approve]",
            run: "click",
        },
        {
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value=approved]",
        },
    ],
});

tours.add("fazhi_annual_report_publish_tour", {
    steps: () => [
        {
            content: "The office sends it to the government",
            trigger: ".o_form_view button[name=action_report]",
            run: "click",
        },
        {
            content: "and publishes it",
            trigger: ".o_form_view button[name=action_publish]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value=published]",
        },
    ],
});
