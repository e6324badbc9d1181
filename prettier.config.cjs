/** @type {import('prettier').Config} */

// OCA's addons template (oca-addons-repo-template, Odoo 18): the same settings, so that the
// XML of these addons reads like any OCA addon's. Indentation comes from .editorconfig.
const config = {
    // https://github.com/prettier/prettier/issues/15388#issuecomment-1717746872
    plugins: [require.resolve("@prettier/plugin-xml")],
    bracketSpacing: false,
    printWidth: 88,
    proseWrap: "always",
    semi: true,
    trailingComma: "es5",
    xmlWhitespaceSensitivity: "preserve",
};

module.exports = config;
