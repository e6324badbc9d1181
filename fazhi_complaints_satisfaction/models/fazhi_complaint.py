from odoo import api, fields, models
from odoo.addons.fazhi_complaints.models.fazhi_complaint import REGISTRY
from odoo.addons.fazhi_complaints.models.fazhi_complaint import (
    FazhiComplaint as BaseComplaint,
)


class FazhiComplaint(models.Model):
    _inherit = "fazhi.complaint"

    # Workflow declarations (fazhi.workflow.mixin): the related case proposes the
    # accused, so it is the desk's and the office's, like the accused themselves.
    _fazhi_field_rules = {**BaseComplaint._fazhi_field_rules, "case_id": REGISTRY}
    _fazhi_state_rules = {
        state: (*allowed, "case_id") if "accused_officer_ids" in allowed else allowed
        for state, allowed in BaseComplaint._fazhi_state_rules.items()
    }

    case_id = fields.Many2one(
        "fazhi.enforcement.case",
        string="Related enforcement case",
        index="btree_not_null",
        tracking=True,
        help="The enforcement case the complaint is about, when there is one.",
    )

    @api.onchange("case_id")
    def _onchange_case_id(self):
        """Suggest the case's unit and handlers as the accused unit and officers."""
        for complaint in self:
            case = complaint.case_id.sudo()
            if not case:
                continue
            if not complaint.accused_unit_id:
                complaint.accused_unit_id = case.unit_id
            if not complaint.accused_officer_ids:
                complaint.accused_officer_ids = case.handler_ids
