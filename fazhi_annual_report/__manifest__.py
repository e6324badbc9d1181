{
    "name": "Rule of Law Government: Annual Report",
    "summary": "The annual rule-of-law report (法治政府建设年度报告) drafted from the year's "
    "figures, approved, reported and published (PDF, Word); the commission's monthly roll-up "
    "and the yearly assessment of its units",
    "version": "18.0.1.0.0",
    "category": "Services/Rule of Law",
    "website": "https://github.com/fazhi/fazhi",
    "author": "fazhi",
    "license": "LGPL-3",
    "depends": [
        "fazhi_base",
        "fazhi_records",
        "fazhi_satisfaction",
        "fazhi_complaints",
        "fazhi_indicators",
    ],
    "external_dependencies": {"python": ["python-docx"]},
    "data": [
        "security/ir.model.access.csv",
        "security/fazhi_annual_report_rules.xml",
        "data/ir_cron_data.xml",
        "report/fazhi_annual_report_reports.xml",
        "views/fazhi_annual_report_views.xml",
        "views/fazhi_annual_assessment_views.xml",
        "views/fazhi_monthly_summary_views.xml",
        "views/res_config_settings_views.xml",
        "views/fazhi_annual_report_templates.xml",
        "views/fazhi_typical_case_templates.xml",
        "views/fazhi_annual_report_menus.xml",
    ],
    "demo": [
        "demo/fazhi_annual_report_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "fazhi_annual_report/static/tests/tours/*.js",
        ],
    },
}
