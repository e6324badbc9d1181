from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _fazhi_answer_rule_domain(self, unit_field="fazhi_unit_id", mode="read"):
        """Domain of the global record rules on the survey answers and answer
        lines of the satisfaction campaigns (security/fazhi_satisfaction_rules.xml).

        Answers without unit (other surveys) are left to the survey module's
        own rules. Answers of a unit are visible to the supervision office and
        the leaders, to unit managers for their units and the units below, to
        staff for their own units, and to nobody else, whatever survey groups
        the user has (survey's group rules are OR-ed with each other, so only
        a global rule can keep a survey user out of another unit's answers).

        Survey users (every new user of an instance with survey) may also
        write and delete the answers they read: ``mode`` keeps those rights to
        what fazhi's own roles give, whatever survey groups the user has.

        :param unit_field: path of the unit from the ruled model
        :param mode: ``read`` (as above); ``write`` (write and create answers:
            the same without the leaders, who only read); ``manage`` (delete
            answers; write, create and delete answer lines, which the survey
            engine writes as superuser): the supervision office only
        """
        self.ensure_one()
        if self.has_group("fazhi_base.group_fazhi_office") or (
            mode == "read" and self.has_group("fazhi_base.group_fazhi_leader")
        ):
            return [(1, "=", 1)]
        if mode == "manage":
            unit_domain = [(unit_field, "in", [])]
        elif self.has_group("fazhi_base.group_fazhi_unit_manager"):
            units = self.fazhi_unit_ids | self.fazhi_managed_unit_ids
            unit_domain = [(unit_field, "child_of", units.ids)]
        elif self.has_group("fazhi_base.group_fazhi_staff"):
            unit_domain = [(unit_field, "in", self.fazhi_unit_ids.ids)]
        else:
            unit_domain = [(unit_field, "in", [])]
        return ["|", (unit_field, "=", False), *unit_domain]
