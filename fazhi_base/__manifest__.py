{
    "name": "Rule of Law Government: Base",
    "summary": "Units, roles, follow-ups, working-day deadlines and monthly "
    "reports shared by the fazhi addons",
    "version": "18.0.1.3.0",
    "category": "Services/Rule of Law",
    "website": "https://github.com/fazhi/fazhi",
    "author": "fazhi",
    "license": "LGPL-3",
    "application": True,
    "depends": ["base_setup", "mail", "resource", "report_xlsx"],
    "external_dependencies": {"python": ["xlsxwriter", "openpyxl", "python-stdnum"]},
    "data": [
        "security/fazhi_base_security.xml",
        "security/ir.model.access.csv",
        "security/fazhi_base_rules.xml",
        "data/fazhi.holiday.csv",
        "data/ir_cron_data.xml",
        "data/mail_activity_type_data.xml",
        "data/mail_template_data.xml",
        "report/fazhi_monthly_report_reports.xml",
        "views/fazhi_unit_views.xml",
        "views/fazhi_holiday_views.xml",
        "views/fazhi_followup_views.xml",
        "views/fazhi_monthly_report_views.xml",
        "views/fazhi_monthly_summary_views.xml",
        "views/res_config_settings_views.xml",
        "views/fazhi_home_views.xml",
        "views/fazhi_base_menus.xml",
    ],
    "demo": [
        "demo/fazhi_unit_demo.xml",
        "demo/fazhi_followup_demo.xml",
        "demo/fazhi_monthly_report_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "fazhi_base/static/src/**/*",
        ],
        "web.assets_tests": [
            "fazhi_base/static/tests/tours/*.js",
        ],
    },
}
