import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useState} from "@odoo/owl";
import {TextField, textField} from "@web/views/fields/text/text_field";

/**
 * A text field with a live character counter ("128 / 200") under it: counted
 * while typing (not only when the field loses the focus), red past the limit.
 * Characters are counted as the server counts them (Python's len(): code
 * points, so one per Chinese character); the server still refuses a longer
 * text on save.
 */
export function countChars(text) {
    return [...(text || "")].length;
}

export class CountedTextField extends TextField {
    static template = "fazhi_base.CountedTextField";
    static props = {
        ...TextField.props,
        maxLength: {type: Number},
    };

    setup() {
        super.setup();
        // Length of the text being typed; null: the record's value.
        this.counter = useState({typed: null});
    }

    get charCount() {
        if (this.counter.typed !== null && !this.props.readonly) {
            return this.counter.typed;
        }
        return countChars(this.props.record.data[this.props.name]);
    }

    get isTooLong() {
        return this.charCount > this.props.maxLength;
    }

    get counterTitle() {
        return _t("%(count)s of at most %(max)s characters", {
            count: this.charCount,
            max: this.props.maxLength,
        });
    }

    onFazhiInput(ev) {
        this.counter.typed = countChars(ev.target.value);
    }

    async onBlur() {
        await super.onBlur(...arguments);
        this.counter.typed = null;
    }
}

export const countedTextField = {
    ...textField,
    component: CountedTextField,
    displayName: _t("Text with a character counter"),
    supportedOptions: [
        ...textField.supportedOptions,
        {
            label: _t("Maximum number of characters"),
            name: "max_length",
            type: "number",
        },
    ],
    extractProps: (fieldInfo, dynamicInfo) => ({
        ...textField.extractProps(fieldInfo, dynamicInfo),
        maxLength: Number(fieldInfo.options?.max_length) || 200,
    }),
};

registry.category("fields").add("fazhi_counted_text", countedTextField);
