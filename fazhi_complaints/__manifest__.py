{
    "name": "Rule of Law Government: Complaints",
    "summary": "Enforcement complaints and reports (行政执法投诉举报): channels, 12345 transfers, "
    "time limits, confidentiality, public form and status page",
    "version": "18.0.1.3.0",
    "category": "Services/Rule of Law",
    "website": "https://github.com/fazhi/fazhi",
    "author": "fazhi",
    "license": "LGPL-3",
    "depends": ["fazhi_base", "mail"],
    "data": [
        "security/fazhi_complaints_security.xml",
        "security/ir.model.access.csv",
        "security/fazhi_complaints_rules.xml",
        "data/fazhi_complaint_category_data.xml",
        "data/fazhi_complaint_time_limit_data.xml",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_activity_type_data.xml",
        "wizard/fazhi_complaint_extend_wizard_views.xml",
        "wizard/fazhi_complaint_extension_refuse_wizard_views.xml",
        "views/fazhi_complaint_views.xml",
        "views/fazhi_complaint_category_views.xml",
        "views/fazhi_complaint_time_limit_views.xml",
        "views/fazhi_complaint_analysis_views.xml",
        "views/res_config_settings_views.xml",
        "views/fazhi_complaints_templates.xml",
        "views/fazhi_complaints_menus.xml",
    ],
    "demo": [
        "demo/fazhi_complaint_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "fazhi_complaints/static/tests/tours/*.js",
        ],
    },
}
