{
    "name": "Rule of Law Government: Satisfaction",
    "summary": "Counterparts (行政相对人) and the satisfaction self-assessment "
    "questionnaires (依法行政调查问卷) as Odoo surveys",
    "version": "18.0.1.0.0",
    "category": "Services/Rule of Law",
    "website": "https://github.com/fazhi/fazhi",
    "author": "fazhi",
    "license": "LGPL-3",
    "depends": ["fazhi_base", "survey", "contacts"],
    "data": [
        "security/fazhi_satisfaction_security.xml",
        "security/ir.model.access.csv",
        "security/fazhi_satisfaction_rules.xml",
        "data/survey_survey_data.xml",
        "views/res_partner_views.xml",
        "views/fazhi_unit_views.xml",
        "views/survey_survey_views.xml",
        "views/survey_question_views.xml",
        "views/survey_user_input_views.xml",
        "views/survey_templates.xml",
        "views/fazhi_satisfaction_menus.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
    ],
}
