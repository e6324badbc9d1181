/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * The demo user "staff" (审批办) fills the entry of indicator TOUR-1 (created
 * by the test): copying the indicator text is refused, a genuine answer that
 * quotes a few words of it is submitted.
 */
const COPY =
    "全面普及行政审批服务 马上办 网上办 就近办 一次办 自助办, 行政审批事项在法定期限内完成并不断压缩办理时限.";
const GENUINE =
    "已完成23项审批事项流程再造，按“马上办、网上办”要求上线18项，平均办理时限由20个工作日压缩至8个工作日。";

registry.category("web_tour.tours").add("fazhi_indicator_entry_tour", {
    url: "/odoo/action-fazhi_indicators.fazhi_indicator_entry_action",
    steps: () => [
        {
            content: "Open the entry of the unit's indicator",
            trigger: ".o_list_view .o_data_row td[name=indicator_code]:contains(TOUR-1)",
            run: "click",
        },
        {
            content: "Break the indicator down",
            trigger: ".o_form_view .o_field_widget[name=breakdown] textarea",
            run: "edit 梳理本单位审批事项清单，制定压缩时限工作方案，落实窗口一次告知。",
        },
        {
            content: "Copy the indicator text (with other punctuation) as what was done",
            trigger: ".o_form_view .o_field_widget[name=completion] textarea",
            run: `edit ${COPY}`,
        },
        {
            content: "Next steps",
            trigger: ".o_form_view .o_field_widget[name=next_steps] textarea",
            run: "edit 下半年推进剩余5项事项网上可办，每季度通报办理时限。",
        },
        {
            content: "Submit",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_submit]",
            run: "click",
        },
        {
            // the demo user reads Chinese: the refusal arrives translated
            content: "Refused: the text copies the indicator",
            trigger: ".modal:contains(照抄了指标内容)",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Write what was really done",
            trigger: ".o_form_view .o_field_widget[name=completion] textarea",
            run: `edit ${GENUINE}`,
        },
        {
            content: "Submit again",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_submit]",
            run: "click",
        },
        {
            content: "The entry is submitted",
            trigger:
                ".o_form_view .o_statusbar_status button[data-value=submitted].o_arrow_button_current",
        },
    ],
});
