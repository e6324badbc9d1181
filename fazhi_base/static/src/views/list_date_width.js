import {patch} from "@web/core/utils/patch";
import {formatDate, formatDateTime} from "@web/core/l10n/dates";
import {ListRenderer} from "@web/views/list/list_renderer";

const {DateTime} = luxon;

/**
 * Odoo gives date columns a fixed 80 px (datetime 145 px), enough for
 * "12/28/2026" but not for the Chinese "2026年12月28日", which is cut to
 * "2026年12…". In the lists of fazhi models, date and datetime columns without
 * a width of their own get the width of a long date in the user's format.
 */
const CELL_PADDING = 24; // both paddings of a cell, and a little air
const widths = {};

function textWidth(text) {
    const canvas =
        textWidth.canvas || (textWidth.canvas = document.createElement("canvas"));
    const context = canvas.getContext("2d");
    context.font = getComputedStyle(document.body).font;
    return context.measureText(text).width;
}

function columnWidth(fieldType) {
    if (!(fieldType in widths)) {
        const sample = DateTime.local(2026, 12, 28, 23, 58, 58);
        const text = fieldType === "date" ? formatDate(sample) : formatDateTime(sample);
        const minimum = fieldType === "date" ? 80 : 145;
        widths[fieldType] = Math.max(
            minimum,
            Math.ceil(textWidth(text) + CELL_PADDING)
        );
    }
    return widths[fieldType];
}

patch(ListRenderer.prototype, {
    processAllColumn(allColumns, list) {
        const columns = super.processAllColumn(...arguments);
        if (!list.resModel || !list.resModel.startsWith("fazhi.")) {
            return columns;
        }
        return columns.map((column) => {
            const field = column.type === "field" && list.fields[column.name];
            if (
                !field ||
                !["date", "datetime"].includes(field.type) ||
                column.widget ||
                column.attrs?.width
            ) {
                return column;
            }
            const width = `${columnWidth(field.type)}px`;
            return {...column, attrs: {...column.attrs, width}};
        });
    },
});
