from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    fazhi_unit_id = fields.Many2one(
        "fazhi.unit",
        string="Interviewing unit",
        index="btree_not_null",
        ondelete="restrict",
        help="Unit assessed by this answer: its name fills the (地区/部门) blank of the questions.",
    )

    def _fazhi_prefill_private_enterprise(self, is_private):
        """Answer the private-enterprise gate question of each answer in ``self``.

        Staff interviewing a known counterpart call it with
        ``partner._fazhi_is_private_enterprise()``: the private-enterprise
        questions are then shown, or left out, without asking. Answers whose
        survey has no gate question are left alone; answers given before to
        private-enterprise questions that the gate now hides are removed.
        """
        for user_input in self:
            gate = user_input.survey_id._fazhi_get_private_gate()
            if not gate:
                continue
            yes, no = gate._fazhi_private_gate_answers()
            user_input._save_lines(gate, (yes if is_private else no).id)
            if not is_private:
                user_input._clear_inactive_conditional_answers()
        return True
