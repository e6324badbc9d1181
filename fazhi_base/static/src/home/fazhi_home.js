/** @odoo-module **/

import { Component, onMounted, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { _t } from "@web/core/l10n/translation";

/**
 * The home of a fazhi user (client action "fazhi_home"): the sections of cards
 * that fazhi.home.get_home() returns for the current user, counted with the
 * user's own access rights. A card opens the records it counts.
 *
 * The first render is marked with performance.mark("fazhi_home_rendered"), so
 * the time from the page load to the home is measured (the tours read it).
 */
export class FazhiHome extends Component {
    static template = "fazhi_base.FazhiHome";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ home: null });
        onWillStart(async () => {
            this.state.home = await this.orm.call("fazhi.home", "get_home", []);
        });
        onMounted(() => {
            if (!performance.getEntriesByName("fazhi_home_rendered").length) {
                performance.mark("fazhi_home_rendered");
            }
        });
    }

    get unitRows() {
        // "Overdue items per unit": one row per unit, its kinds beside it
        const section = this.state.home.sections.find((s) => s.key === "units_overdue");
        if (!section) {
            return [];
        }
        const rows = new Map();
        for (const card of section.cards) {
            if (!rows.has(card.label)) {
                rows.set(card.label, { label: card.label, title: card.title, items: [], total: 0 });
            }
            const row = rows.get(card.label);
            row.items.push(card);
            row.total += card.value;
        }
        return [...rows.values()].sort((a, b) => b.total - a.total);
    }

    toneClass(card) {
        return card.tone ? `o_fazhi_home_card_${card.tone}` : "";
    }

    overdueText(card) {
        return _t("%s overdue", card.overdue);
    }

    open(card) {
        if (card.action) {
            this.action.doAction(card.action);
        }
    }
}

registry.category("actions").add("fazhi_home", FazhiHome);
