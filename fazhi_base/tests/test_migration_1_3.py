"""The 18.0.1.3.0 migration of an existing database: fazhi users get their home,
and figures computed before it (0 for "nothing measured" and "no target")
become NULL, so that the figures pivot skips them."""

import importlib.util
import os
from datetime import date

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL

SCRIPT = os.path.join(
    os.path.dirname(os.path.dirname(__file__)), "migrations", "18.0.1.3.0", "end-migrate.py"
)


def load_migration():
    spec = importlib.util.spec_from_file_location("fazhi_base_end_migrate_1_3", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestMigration13(TransactionCase):
    def test_existing_database(self):
        home = self.env.ref("fazhi_base.fazhi_home_action")
        chosen = self.env.ref("base.action_res_users")
        staff = new_test_user(self.env, login="mig_staff", groups="fazhi_base.group_fazhi_staff")
        picked = new_test_user(self.env, login="mig_pick", groups="fazhi_base.group_fazhi_staff")
        other = new_test_user(self.env, login="mig_other", groups="base.group_user")
        # as before 18.0.1.3.0: nobody had a home action
        (staff | other).write({"action_id": False})
        picked.write({"action_id": chosen.id})
        unit = self.env["fazhi.unit"].create({"name": "Mig", "code": "MIG-1"})
        report = self.env["fazhi.monthly.report"].create(
            {"unit_id": unit.id, "month": date(2026, 10, 1)}
        )
        report.invalidate_recordset()
        lines = report.line_ids
        self.assertTrue(lines)
        figures = self.env["fazhi.monthly.report"]._fazhi_figures()
        no_target = {code for code, figure in figures.items() if figure["target"] is None}
        self.env.cr.execute(
            SQL(
                "UPDATE fazhi_monthly_report_line SET value = COALESCE(value, 0),"
                " target = COALESCE(target, 0) WHERE report_id = %s",
                report.id,
            )
        )

        load_migration().migrate(self.env.cr, "18.0.1.2.0")

        self.assertEqual(staff.action_id.id, home.id)
        self.assertEqual(picked.action_id.id, chosen.id, "a chosen action is kept")
        self.assertFalse(other.action_id, "a user of no fazhi group is not touched")
        self.env.cr.execute(
            SQL(
                "SELECT source, has_value, value, target FROM fazhi_monthly_report_line"
                " WHERE report_id = %s",
                report.id,
            )
        )
        rows = self.env.cr.fetchall()
        self.assertEqual(len(rows), len(lines))
        for source, has_value, value, target in rows:
            self.assertEqual(value is None, not has_value, source)
            self.assertEqual(target is None, source in no_target, source)
