/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * One tour per role: each starts at the login's landing page (/odoo), checks
 * that it is the role's home, then does one task of that role to the end
 * (tests/test_role_tours.py creates the users and their records).
 *
 * The home marks its first render (performance.mark "fazhi_home_rendered",
 * fazhi_base/static/src/home/fazhi_home.js); the first step prints the time
 * from the page load to that mark, which the Python side reads and checks.
 */

const tours = registry.category("web_tour.tours");

function reportLanding() {
    const [mark] = performance.getEntriesByName("fazhi_home_rendered");
    const [page] = performance.getEntriesByType("navigation");
    // the page's own phases beside it, to tell the server from the browser
    console.log(
        `fazhi_home_first_render_ms=${Math.round(mark.startTime)}`,
        `(html ${Math.round(page.responseEnd)} ms, scripts ${Math.round(page.domContentLoadedEventEnd)} ms)`
    );
}

function landing(section, content) {
    return [
        {
            content: "The landing page is the home; its first render is measured",
            trigger: ".o_fazhi_home .o_fazhi_home_title",
            run: reportLanding,
        },
        {
            content,
            // the role's own work is the first section of its home
            trigger: `.o_fazhi_home .container-xl > section:first-of-type.o_fazhi_home_section_${section}`,
        },
    ];
}

function answerEveryQuestion() {
    // Pick the first choice of every question of the page not answered yet.
    for (const wrapper of document.querySelectorAll(".o_survey_form_content .js_question-wrapper")) {
        if (wrapper.closest(".d-none") || wrapper.querySelector("input:checked")) {
            continue;
        }
        wrapper.querySelector("label.o_survey_choice_btn, label").click();
    }
}

/** Only the landing (run twice per role by the test: the second, warm, is timed). */
tours.add("fazhi_home_landing_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "The landing page is the home",
            trigger: ".o_fazhi_home .o_fazhi_home_title",
            run: reportLanding,
        },
    ],
});

/**
 * Staff: lands on "My work" and completes an interview. Clicks from the home,
 * the answers themselves not counted: (1) the "Interviews to do" card, (2) the
 * interview, (3) "Start interview", (4) "Start", (5) "Next", (6) "Submit",
 * (7) back to the interview: 7.
 */
tours.add("fazhi_role_staff_tour", {
    url: "/odoo",
    steps: () => [
        ...landing("work", "Staff land on their own work"),
        {
            content: "1. The interviews to do",
            trigger: ".o_fazhi_home_card[data-key=interviews_mine]",
            run: "click",
        },
        {
            content: "2. The interview of the private enterprise",
            trigger: ".o_list_view .o_data_row td[name=partner_id]:contains(TOUR-民营企业)",
            run: "click",
        },
        {
            content: "3. Start the interview",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_start_interview]",
            run: "click",
        },
        {
            content: "The survey page names the counterpart being interviewed",
            trigger: ".o_fazhi_interview_banner:contains(TOUR-民营企业)",
        },
        {
            content: "4. Start the questionnaire",
            trigger: "button.btn:contains(Start)",
            run: "click",
        },
        {
            content: "Answer the questions of section 一",
            trigger: ".js_question-wrapper",
            run: answerEveryQuestion,
        },
        {
            content: "5. Next page",
            trigger: "button[value=next]",
            run: "click",
        },
        {
            content: "Answer the private-enterprise questions",
            trigger: ".js_question-wrapper:contains(干预企业依法自主经营活动)",
            run: answerEveryQuestion,
        },
        {
            content: "6. Submit",
            trigger: "button[value=finish]",
            run: "click",
        },
        {
            content: "7. Back to the interview",
            trigger: "a.o_fazhi_back_to_task",
            run: "click",
        },
        {
            content: "The interview is done",
            trigger: ".o_form_view .o_statusbar_status button[data-value=done].o_arrow_button_current",
        },
    ],
});

/** Complaint desk: lands on its queue and registers a 12345 complaint. */
tours.add("fazhi_role_desk_tour", {
    url: "/odoo",
    steps: () => [
        ...landing("queue", "The desk lands on its complaint queue"),
        {
            content: "Register a complaint",
            trigger: ".o_fazhi_home_card[data-key=complaint_register]",
            run: "click",
        },
        {
            content: "It came from the 12345 hotline",
            trigger: ".o_form_view .o_field_widget[name=channel] select",
            run: 'select "hotline_12345"',
        },
        {
            content: "Ticket number",
            trigger: ".o_field_widget[name=hotline_ticket] input",
            run: "edit FAZHI-ROLE-TOUR-12345",
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
            content: "The complaint is registered: saved, its creation in the chatter",
            trigger: ".o_form_view .o-mail-Chatter .o-mail-Message",
        },
        {
            content: "Back to the queue",
            trigger: ".o_control_panel .o_breadcrumb .breadcrumb-item:first-child a",
            run: "click",
        },
        {
            content: "The new complaint waits in the queue, to be accepted",
            trigger: ".o_fazhi_home_card[data-key=complaints_to_accept]",
        },
    ],
});

/** Unit manager: lands on the unit's overview and opens this month's report. */
tours.add("fazhi_role_manager_tour", {
    url: "/odoo",
    steps: () => [
        ...landing("work", "The manager's own work comes first"),
        {
            content: "The unit's overview",
            trigger: ".o_fazhi_home_section_unit .o_fazhi_home_card[data-key=monthly_report]",
            run: "click",
        },
        {
            content: "The unit's report of the month is open",
            trigger: ".o_form_view .o_form_sheet:contains(TOUR-审批办) .o_notebook",
        },
    ],
});

/** Office and leaders: land on the commission dashboard and open last month's figures. */
for (const role of ["office", "leader"]) {
    tours.add(`fazhi_role_${role}_tour`, {
        url: "/odoo",
        steps: () => [
            ...landing("commission", "The commission dashboard"),
            {
                content: "The units that have not reported last month are listed",
                trigger: ".o_fazhi_home_section_units_missing li:contains(TOUR-监督所)",
            },
            {
                content: "Open last month's figures",
                trigger: ".o_fazhi_home_card[data-key=figures_last_month]",
                run: "click",
            },
            {
                content: "The figures of the units",
                trigger: ".o_action_manager .o_view_controller:not(.o_fazhi_home)",
            },
            {
                content: "Back to the dashboard through the app's first menu",
                trigger: ".o_main_navbar .o_menu_sections [data-menu-xmlid='fazhi_base.fazhi_home_menu']",
                run: "click",
            },
            {
                trigger: ".o_fazhi_home .o_fazhi_home_section_commission",
            },
        ],
    });
}
