{
    "name": "Rule of Law Government: Complaints and Enforcement Cases",
    "summary": "Links a complaint to the enforcement case it is about (glue of fazhi_complaints "
    "and fazhi_satisfaction, installed automatically)",
    "version": "18.0.1.0.0",
    "category": "Services/Rule of Law",
    "website": "https://github.com/fazhi/fazhi",
    "author": "fazhi",
    "license": "LGPL-3",
    "depends": ["fazhi_complaints", "fazhi_satisfaction"],
    "auto_install": True,
    "data": [
        "views/fazhi_complaint_views.xml",
    ],
}
