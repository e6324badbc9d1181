/** @odoo-module **/

import {registry} from "@web/core/registry";

/**
 * A counterpart scans the QR poster of 测试审批办 on a 390 px wide phone
 * (test_walkin_http.py creates the unit, its open campaign of the month and
 * the private enterprise with the credit code 91410400MA40000016), identifies
 * with its credit code and answers the questionnaire.
 */

function answerEveryQuestion() {
    // Pick the first choice of every visible question not answered yet.
    for (const wrapper of document.querySelectorAll(
        ".o_survey_form_content .js_question-wrapper"
    )) {
        if (wrapper.closest(".d-none") || wrapper.querySelector("input:checked")) {
            continue;
        }
        wrapper.querySelector("label.o_survey_choice_btn, label").click();
    }
}

function checkNoHorizontalScroll() {
    const width = document.documentElement.scrollWidth;
    if (window.innerWidth > 400 || width > window.innerWidth) {
        throw new Error(
            `The page is ${width} px wide on a ${window.innerWidth} px screen`
        );
    }
}

registry.category("web_tour.tours").add("fazhi_satisfaction_walkin_tour", {
    steps: () => [
        {
            content: "The poster's page names the unit",
            trigger: ".o_fazhi_walkin_unit:contains(测试审批办)",
        },
        {
            content: "It fits a phone's screen",
            trigger: ".o_fazhi_walkin_form",
            run: checkNoHorizontalScroll,
        },
        {
            content: "Type the credit code",
            trigger: "input[name=identity]",
            run: "edit 91410400MA40000016",
        },
        {
            content: "Start",
            trigger: ".o_fazhi_walkin_form button[type=submit]",
            run: "click",
        },
        {
            content: "The questionnaire opens",
            trigger: "button[value=start]:not(.disabled)",
            run: "click",
        },
        {
            content: "The unit's name fills the (地区/部门) blank",
            trigger: ".js_question-wrapper:contains(你到测试审批办办理行政审批)",
            run: checkNoHorizontalScroll,
        },
        {
            content:
                "Answer the questions of section 一 (the private-enterprise one too)",
            trigger: ".js_question-wrapper",
            run: answerEveryQuestion,
        },
        {
            content: "Next page",
            trigger: "button[value=next]",
            run: "click",
        },
        {
            content: "The private-enterprise questions (section 二)",
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
    ],
});
