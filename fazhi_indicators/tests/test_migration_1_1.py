"""The 18.0.1.1.0 migration: a database installed before it gets the seed-004
checklist's live-value links and deadlines (noupdate data), without losing
what an administrator set since."""

import importlib.util
import os

from odoo.tests import TransactionCase, tagged

SCRIPT = os.path.join(
    os.path.dirname(os.path.dirname(__file__)), "migrations", "18.0.1.1.0", "post-migrate.py"
)


@tagged("post_install", "-at_install")
class TestMigration11(TransactionCase):
    def test_links_and_deadlines_reach_an_existing_database(self):
        spec = importlib.util.spec_from_file_location("fazhi_indicators_migrate_1_1", SCRIPT)
        script = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(script)
        gen = script.load_generator()
        ref = self.env.ref
        linked = ref(f"fazhi_indicators.{gen.xml_id('19')}")
        dated = ref(f"fazhi_indicators.{gen.xml_id('42')}")
        kept = ref(f"fazhi_indicators.{gen.xml_id('20')}")
        framework = ref(script.FRAMEWORK)
        expected = {
            field: linked[field] for field in ("figure_key", "target_operator", "target_value")
        }
        self.assertTrue(expected["figure_key"])
        # as installed before 18.0.1.1.0; indicator 20 was linked by hand since
        linked.write({"figure_key": False, "target_operator": False, "target_value": 0})
        dated.deadline_text = False
        framework.deadline_text = False
        kept.write({"figure_key": "fazhi_base.followup_opened", "target_operator": False})

        script.migrate(self.env.cr, "18.0.1.0.0")

        self.assertEqual(
            {field: linked[field] for field in ("figure_key", "target_operator", "target_value")},
            expected,
        )
        self.assertEqual(dated.deadline_text, gen.DEADLINES["42"])
        self.assertEqual(framework.deadline_text, script.FRAMEWORK_DEADLINE)
        self.assertEqual(kept.figure_key, "fazhi_base.followup_opened", "a choice is kept")
