import { registry } from "@web/core/registry";
import { formatFloat } from "@web/views/fields/formatters";

/**
 * A monthly report figure as the reports print it, for the cells of the
 * figures pivot (`<field name="value" widget="fazhi_figure"/>`): "3" for a
 * count, "85.5" for a rate, "—" when nothing was measured (a rate with
 * nothing to divide by is stored without a value).
 *
 * @param {number | null | false} value
 * @returns {string}
 */
export function formatFazhiFigure(value) {
    if (value === null || value === undefined || value === false) {
        return "—";
    }
    return formatFloat(value, { digits: [16, 1], trailingZeros: false });
}

registry.category("formatters").add("fazhi_figure", formatFazhiFigure);
