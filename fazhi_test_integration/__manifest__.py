{
    "name": "Rule of Law Government: Integration Tests",
    "summary": "Tests that span several fazhi addons (test databases only, never in production)",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tests",
    "website": "https://github.com/fazhi/fazhi",
    "author": "fazhi",
    "license": "LGPL-3",
    # Only fazhi_base: the tests check whichever fazhi addons are installed
    # beside this one (all of them in `make test` and `make test-odoo`, fewer
    # with FAZHI_ADDONS), so they are tagged post_install and run once every
    # addon of the database is loaded.
    "depends": ["fazhi_base"],
    "assets": {
        "web.assets_tests": [
            "fazhi_test_integration/static/tests/tours/*.js",
        ],
    },
}
