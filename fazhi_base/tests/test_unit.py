from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase


class TestUnit(TransactionCase):
    def test_parent_loop_refused(self):
        a = self.env["fazhi.unit"].create({"name": "A"})
        b = self.env["fazhi.unit"].create({"name": "B", "parent_id": a.id})
        with self.assertRaises(ValidationError):
            a.parent_id = b
