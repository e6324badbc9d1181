{
    "name": "Rule of Law Government: Work Records",
    "summary": "Work records behind the annual rule-of-law report: enforcement case details "
    "(专业, 罚没款, 法制审核, 双公示, 典型案例), licensing (行政许可), inspections (双随机), "
    "reconsideration and litigation (复议诉讼), training and publicity (培训普法)",
    "version": "18.0.1.0.0",
    "category": "Services/Rule of Law",
    "website": "https://github.com/fazhi/fazhi",
    "author": "fazhi",
    "license": "LGPL-3",
    "depends": ["fazhi_base", "fazhi_satisfaction", "base_import"],
    "data": [
        "security/ir.model.access.csv",
        "security/fazhi_records_rules.xml",
        "data/fazhi_professional_field_data.xml",
        "data/fazhi_penalty_kind_data.xml",
        "views/fazhi_professional_field_views.xml",
        "views/fazhi_penalty_kind_views.xml",
        "views/fazhi_enforcement_case_views.xml",
        "views/fazhi_licensing_record_views.xml",
        "views/fazhi_inspection_plan_views.xml",
        "views/fazhi_inspection_record_views.xml",
        "views/fazhi_legal_dispute_views.xml",
        "views/fazhi_training_session_views.xml",
        "views/fazhi_publicity_activity_views.xml",
        "views/fazhi_training_hours_report_views.xml",
        "views/res_config_settings_views.xml",
        "views/fazhi_records_menus.xml",
    ],
    "demo": [
        "demo/fazhi_records_demo.xml",
    ],
}
