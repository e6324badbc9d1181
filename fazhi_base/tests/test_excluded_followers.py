from odoo.tests import TransactionCase, tagged

MIXIN = "fazhi.excluded.followers.mixin"


@tagged("post_install", "-at_install")
class TestExcludedFollowersOptIn(TransactionCase):
    """The follower exclusion is an opt-in mixin, not a change of every
    ``mail.thread`` of the instance."""

    def test_only_models_that_opt_in(self):
        registry = self.env.registry
        carriers = sorted(
            name
            for name, model in registry.items()
            if not model._abstract and issubclass(model, registry[MIXIN])
        )
        expected = {"fazhi.followup", "fazhi.complaint", "fazhi.case.callback"}
        self.assertEqual(set(carriers), expected & set(registry))
        for name in ("res.partner", "fazhi.unit", "mail.thread"):
            self.assertFalse(hasattr(self.env[name], "_fazhi_drop_followers"), name)

    def test_workflow_mixin_first(self):
        """Method resolution: the workflow guard, then the exclusion, then mail."""
        registry = self.env.registry
        for name in ("fazhi.followup", "fazhi.complaint", "fazhi.case.callback"):
            if name not in registry:
                continue
            mro = registry[name].mro()
            positions = [
                mro.index(registry[parent])
                for parent in ("fazhi.workflow.mixin", MIXIN, "mail.thread")
            ]
            self.assertEqual(positions, sorted(positions), name)
