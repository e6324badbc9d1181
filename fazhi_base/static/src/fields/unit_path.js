import {reactive, useState} from "@odoo/owl";
import {patch} from "@web/core/utils/patch";
import {useService} from "@web/core/utils/hooks";
import {ListRenderer} from "@web/views/list/list_renderer";
import {Many2OneField} from "@web/views/fields/many2one/many2one_field";

/**
 * Units show their own short name ("审批办") in fields, lists and kanban cards
 * (fazhi.unit's display_name); the full path ("卫生健康委员会 / 审批办") is shown on
 * hover (the field's title, or the tooltip of a list cell). The paths are read
 * once per page, in one request for all the units rendered together. Only
 * many2one fields to fazhi.unit are concerned.
 */
const UNIT_MODEL = "fazhi.unit";
const paths = reactive({});
const requested = new Set();
let pending = null;

function loadPaths(orm, unitId) {
    if (requested.has(unitId)) {
        return;
    }
    requested.add(unitId);
    if (!pending) {
        pending = new Set();
        Promise.resolve().then(async () => {
            const ids = [...pending];
            pending = null;
            let rows = [];
            try {
                rows = await orm.silent.searchRead(
                    UNIT_MODEL,
                    [["id", "in", ids]],
                    ["complete_name"],
                    {context: {active_test: false}}
                );
            } catch {
                // No tooltip is better than an error for a tooltip.
                return;
            }
            for (const row of rows) {
                paths[row.id] = row.complete_name;
            }
        });
    }
    pending.add(unitId);
}

patch(Many2OneField.prototype, {
    setup() {
        super.setup(...arguments);
        if (this.relation === UNIT_MODEL) {
            this.fazhiUnitPaths = useState(paths);
            this.fazhiOrm = useService("orm");
        }
    },
    get fazhiUnitTitle() {
        if (!this.fazhiUnitPaths || !this.value) {
            return undefined;
        }
        const unitId = this.value[0];
        loadPaths(this.fazhiOrm, unitId);
        return this.fazhiUnitPaths[unitId] || undefined;
    },
});

patch(ListRenderer.prototype, {
    setup() {
        super.setup(...arguments);
        // Subscribes only to the paths this list reads: lists without units
        // never render again because of them.
        this.fazhiUnitPaths = useState(paths);
        this.fazhiOrm = useService("orm");
    },
    getCellTitle(column, record) {
        const field = this.fields[column.name];
        const value = record.data[column.name];
        if (field?.type === "many2one" && field.relation === UNIT_MODEL && value) {
            loadPaths(this.fazhiOrm, value[0]);
            const path = this.fazhiUnitPaths[value[0]];
            if (path) {
                return path;
            }
        }
        return super.getCellTitle(...arguments);
    },
});
