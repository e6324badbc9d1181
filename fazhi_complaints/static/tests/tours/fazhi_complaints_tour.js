/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * The demo user "desk" registers a complaint transferred by the 12345 hotline,
 * accepts it and assigns it to FAZHI-TOUR-UNIT / FAZHI Tour Handler (created by
 * the test).
 */
registry.category("web_tour.tours").add("fazhi_complaint_desk_tour", {
    url: "/odoo/action-fazhi_complaints.fazhi_complaint_action",
    steps: () => [
        {
            content: "Register a new complaint",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "It came from the 12345 hotline",
            trigger: ".o_field_widget[name=channel] select",
            run: 'select "hotline_12345"',
        },
        {
            content: "Ticket number",
            trigger: ".o_field_widget[name=hotline_ticket] input",
            run: "edit FAZHI-TOUR-12345",
        },
        {
            content: "Category",
            trigger: ".o_field_widget[name=category_id] input",
            run: "edit 吃拿卡要",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(吃拿卡要)",
            run: "click",
        },
        {
            content: "Description",
            trigger: ".o_field_widget[name=description] textarea",
            run: "edit 执法人员检查时索要礼品。",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Accept",
            trigger: ".o_statusbar_buttons button[name=action_accept]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button[data-value=accepted].o_arrow_button_current",
        },
        {
            content: "Responsible unit",
            trigger: ".o_field_widget[name=unit_id] input",
            run: "edit FAZHI-TOUR-UNIT",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(FAZHI-TOUR-UNIT)",
            run: "click",
        },
        {
            content: "Handler",
            trigger: ".o_field_widget[name=handler_id] input",
            run: "edit FAZHI Tour Handler",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(FAZHI Tour Handler)",
            run: "click",
        },
        {
            content: "Assign",
            trigger: ".o_statusbar_buttons button[name=action_assign]",
            run: "click",
        },
        {
            content: "The complaint is assigned",
            trigger: ".o_statusbar_status button[data-value=assigned].o_arrow_button_current",
        },
    ],
});

/**
 * A citizen files an anonymous complaint on the public page (no login) and
 * checks its status with the reference and query code it got.
 */
registry.category("web_tour.tours").add("fazhi_complaint_public_tour", {
    url: "/complaint/new",
    steps: () => [
        {
            content: "Category",
            trigger: "select[name=category_id]",
            run: "selectByIndex 2",
        },
        {
            content: "Description",
            trigger: "textarea[name=description]",
            run: "edit FAZHI-TOUR-PUBLIC 检查人员态度恶劣。",
        },
        {
            content: "Anonymous",
            trigger: "input[name=anonymous]",
            run: "click",
        },
        {
            content: "Submit",
            trigger: "button[type=submit]",
            run: "click",
        },
        {
            content: "The reference and the query code are shown; keep them",
            trigger: ".o_fazhi_complaint_code",
            run() {
                const reference = document.querySelector(".o_fazhi_complaint_reference");
                sessionStorage.setItem("fazhi_tour_reference", reference.textContent.trim());
                sessionStorage.setItem("fazhi_tour_code", this.anchor.textContent.trim());
            },
        },
        {
            content: "Go to the status page",
            trigger: ".btn[href='/complaint/status']",
            run: "click",
        },
        {
            content: "Reference",
            trigger: "input[name=reference]",
            async run(helpers) {
                await helpers.edit(sessionStorage.getItem("fazhi_tour_reference"));
            },
        },
        {
            content: "Query code",
            trigger: "input[name=code]",
            async run(helpers) {
                await helpers.edit(sessionStorage.getItem("fazhi_tour_code"));
            },
        },
        {
            content: "Check",
            trigger: "button[type=submit]",
            run: "click",
        },
        {
            content: "The status is shown",
            trigger: ".o_fazhi_complaint_status .o_fazhi_complaint_state:contains(Registered)",
        },
    ],
});
