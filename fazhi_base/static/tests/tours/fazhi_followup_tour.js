/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * The demo user "staff" (member of 审批办) works the follow-ups and sees only
 * their unit's: the test creates one follow-up per unit, titled
 * FAZHI-TOUR-SPB (审批办) and FAZHI-TOUR-JDS (监督所).
 */
registry.category("web_tour.tours").add("fazhi_followup_staff_tour", {
    url: "/odoo/action-fazhi_base.fazhi_followup_action",
    steps: () => [
        {
            content: "The follow-ups open in the kanban view, the unit's card is there",
            trigger: ".o_kanban_view .o_kanban_record:contains(FAZHI-TOUR-SPB)",
        },
        {
            content: "No card of the other unit",
            trigger: ".o_kanban_view:not(:has(.o_kanban_record:contains(FAZHI-TOUR-JDS)))",
        },
        {
            content: "Switch to the calendar view",
            trigger: ".o_control_panel .o_switch_view.o_calendar",
            run: "click",
        },
        {
            trigger: ".o_calendar_view .o_calendar_renderer",
        },
        {
            content: "Switch to the pivot view",
            trigger: ".o_control_panel .o_switch_view.o_pivot",
            run: "click",
        },
        {
            trigger: ".o_pivot_view .o_pivot",
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
            content: "Switch to the list view",
            trigger: ".o_control_panel .o_switch_view.o_list",
            run: "click",
        },
        {
            content: "The follow-up of the user's own unit (审批办) is listed",
            trigger: ".o_list_view .o_data_row:contains(FAZHI-TOUR-SPB)",
        },
        {
            content: "The follow-up of another unit (监督所) is not",
            trigger: ".o_list_view:not(:has(.o_data_row:contains(FAZHI-TOUR-JDS)))",
        },
        {
            content: "Open the unit's follow-up",
            trigger: ".o_list_view .o_data_row td[name=name]:contains(FAZHI-TOUR-SPB)",
            run: "click",
        },
        {
            content: "Start working on it",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_start]",
            run: "click",
        },
        {
            content: "It is in progress",
            trigger:
                ".o_form_view .o_statusbar_status button[data-value=in_progress].o_arrow_button_current",
        },
        {
            content: "Back to the list",
            trigger: ".o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "Search the other unit's follow-up by its title",
            trigger: ".o_list_view .o_searchview_input",
            run: "edit FAZHI-TOUR-JDS",
        },
        {
            content: "Search the title",
            trigger: ".o_searchview_autocomplete .o_menu_item:first",
            run: "click",
        },
        {
            content: "The search is applied",
            trigger: ".o_searchview_facet:contains(FAZHI-TOUR-JDS)",
        },
        {
            content: "Nothing of the other unit shows up",
            trigger: ".o_view_nocontent, .o_list_view:not(:has(.o_data_row))",
        },
    ],
});
