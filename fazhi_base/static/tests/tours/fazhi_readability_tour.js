import {registry} from "@web/core/registry";

/**
 * Readability of the fazhi forms in Chinese (run by fazhi_indicators'
 * test_readability_tour): the 200-character counter counts while typing and
 * turns red past the limit, a unit shows its short name with its full path on
 * hover, date columns are not cut.
 */
function assertNotCut(selector) {
    const cells = [...document.querySelectorAll(selector)];
    if (!cells.length) {
        throw new Error(`no cell ${selector}`);
    }
    for (const cell of cells) {
        if (cell.scrollWidth > cell.clientWidth + 1) {
            throw new Error(
                `"${cell.innerText}" is cut (${cell.scrollWidth} > ${cell.clientWidth})`
            );
        }
    }
}

registry.category("web_tour.tours").add("fazhi_readability_entry_tour", {
    steps: () => [
        {
            content: "The unit shows its own name, its path on hover",
            trigger:
                "div[name=unit_id] [title='测试卫健委 / 测试审批办']:contains(测试审批办)",
        },
        {
            content: "Type 201 characters",
            trigger: "div[name=completion] textarea",
            run: `edit ${"测".repeat(201)}`,
        },
        {
            content: "Counted while typing, red past the limit",
            trigger:
                "div[name=completion] .o_fazhi_char_counter.text-danger:contains(201 / 200)",
            run() {
                if (document.activeElement?.tagName !== "TEXTAREA") {
                    throw new Error(
                        "the counter waited for the field to lose the focus"
                    );
                }
            },
        },
        {
            content: "Save: the server refuses it",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The server's message says why; close it",
            trigger: ".modal:contains(201) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Shorten it to 200",
            trigger: "div[name=completion] textarea",
            run: `edit ${"测".repeat(200)}`,
        },
        {
            trigger:
                "div[name=completion] .o_fazhi_char_counter.text-muted:contains(200 / 200)",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
    ],
});

registry.category("web_tour.tours").add("fazhi_readability_campaign_tour", {
    steps: () => [
        {
            content: "The stages list of the campaign form",
            trigger: "div[name=stage_ids] .o_data_row td[name=date_start]:contains(年)",
        },
        {
            content: "Dates are shown whole",
            trigger: "div[name=stage_ids] .o_data_row td[name=date_end]:contains(年)",
            run() {
                assertNotCut("div[name=stage_ids] .o_data_row td[name=date_start]");
                assertNotCut("div[name=stage_ids] .o_data_row td[name=date_end]");
            },
        },
        {
            content: "The table is printed from the form",
            trigger:
                ".o_form_statusbar button:contains(Print checklist table), .o_form_statusbar button:contains(打印指标分解表)",
        },
    ],
});
