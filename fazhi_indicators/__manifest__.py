{
    "name": "Rule of Law Government: Demonstration Indicators",
    "summary": "Demonstration-indicator checklists (法治政府建设示范创建指标): frameworks, "
    "campaigns, rounds of unit entries, inspection feedback and the official XLSX table",
    "version": "18.0.1.1.0",
    "category": "Services/Rule of Law",
    "website": "https://github.com/fazhi/fazhi",
    "author": "fazhi",
    "license": "LGPL-3",
    "depends": ["fazhi_base"],
    "external_dependencies": {"python": ["xlsxwriter", "openpyxl"]},
    "data": [
        "security/ir.model.access.csv",
        "security/fazhi_indicators_rules.xml",
        "data/fazhi_indicator_data.xml",
        "data/ir_cron_data.xml",
        "report/fazhi_indicator_reports.xml",
        "views/fazhi_indicator_framework_views.xml",
        "views/fazhi_indicator_views.xml",
        "views/fazhi_indicator_campaign_views.xml",
        "views/fazhi_indicator_assignment_views.xml",
        "views/fazhi_indicator_entry_views.xml",
        "views/fazhi_indicator_feedback_views.xml",
        "wizard/fazhi_indicator_import_wizard_views.xml",
        "views/fazhi_indicators_menus.xml",
    ],
    "demo": [
        "demo/fazhi_indicator_campaign_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "fazhi_indicators/static/tests/tours/*.js",
        ],
    },
}
