"""The address /odoo/fazhi-satisfaction-statistics passes to the kept
statistics (18.0.1.4.0); the answer details keep theirs under a new one. Freed
before the views are loaded: an action's path is unique, and the new action is
created before the old one's change reaches the database."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE ir_act_window
           SET path = 'fazhi-satisfaction-answer-details'
         WHERE path = 'fazhi-satisfaction-statistics'
           AND res_model = 'fazhi.satisfaction.answer.report'
        """
    )
