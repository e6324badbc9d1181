import secrets

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

OFFICE = "fazhi_base.group_fazhi_office"


class FazhiUnit(models.Model):
    """A unit's counterparts, campaigns, questionnaire custodian and callback
    officers.

    The unit also gets activities: the office is told there when a case has
    no possible callback officer.
    """

    _name = "fazhi.unit"
    _inherit = ["fazhi.unit", "mail.activity.mixin"]

    # ------------------------------------------------------------------
    # Counterparts (行政相对人) and monthly campaigns
    # ------------------------------------------------------------------
    counterpart_ids = fields.Many2many(
        "res.partner",
        "fazhi_unit_res_partner_rel",
        "unit_id",
        "partner_id",
        string="Counterparts",
        domain=[("is_fazhi_counterpart", "=", True)],
    )
    counterpart_count = fields.Integer(
        string="Number of counterparts",
        compute="_compute_counterpart_count",
        help="Active counterparts of the unit: its total of managed and served counterparts "
        "(管理和服务对象总数).",
    )
    fazhi_satisfaction_opt_out = fields.Boolean(
        string="No satisfaction campaigns",
        tracking=True,
        help="The unit gets no monthly satisfaction campaign (测评批次), e.g. a unit without "
        "counterparts of its own.",
    )

    # ------------------------------------------------------------------
    # Yearly archive: the custodian of the unit's questionnaires
    # (专人按年度分类保存)
    # ------------------------------------------------------------------
    fazhi_archive_custodian_id = fields.Many2one(
        "res.users",
        string="Questionnaire custodian",
        domain=[("share", "=", False)],
        tracking=True,
        help="Person designated to keep the unit's satisfaction questionnaires, filed per year: "
        "they (or the supervision office) archive a finished year, which locks its answers.",
    )
    fazhi_archive_ids = fields.One2many(
        "fazhi.satisfaction.archive", "unit_id", string="Yearly archives"
    )

    # ------------------------------------------------------------------
    # Case callbacks (案件回访): the designated callback officers. The
    # monthly callback generation assigns every closed case of the unit to
    # one of them, never to one of the case's handlers.
    # ------------------------------------------------------------------
    callback_officer_ids = fields.Many2many(
        "res.users",
        "fazhi_unit_callback_officer_rel",
        "unit_id",
        "user_id",
        string="Callback officers",
        domain=[("share", "=", False)],
        help="People who call back the counterparts of this unit's closed cases (回访人员). "
        "A case is never called back by one of its own handlers (回访人员和办案人员分离): "
        "designate at least two officers, or officers who do not handle cases.",
    )

    # ------------------------------------------------------------------
    # QR poster (扫码评价): the unguessable token of the unit's public link,
    # given when the poster is first printed, replaced by the office
    # (action_rotate_walkin_token) to retire the printed posters.
    # ------------------------------------------------------------------
    fazhi_walkin_token = fields.Char(
        string="QR poster token",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="base.group_user",
    )
    fazhi_walkin_url = fields.Char(
        string="QR poster link",
        compute="_compute_fazhi_walkin_url",
        groups="base.group_user",
        help="Link printed on the unit's QR poster: the counterparts who meet the unit at "
        "its service window answer the questionnaire of the month there.",
    )

    @api.depends("fazhi_walkin_token")
    def _compute_fazhi_walkin_url(self):
        for unit in self:
            unit.fazhi_walkin_url = (
                f"{unit.get_base_url()}/satisfaction/qr/{unit.fazhi_walkin_token}"
                if unit.fazhi_walkin_token
                else False
            )

    @api.depends("counterpart_ids.active", "counterpart_ids.is_fazhi_counterpart")
    def _compute_counterpart_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                self._counterpart_domain(), ["fazhi_unit_ids"], ["__count"]
            )
        )
        for unit in self:
            unit.counterpart_count = counts.get(unit._origin, 0)

    def _counterpart_domain(self):
        """Domain of the active counterparts of the units in ``self``."""
        return [
            ("is_fazhi_counterpart", "=", True),
            ("active", "=", True),
            ("fazhi_unit_ids", "in", self._origin.ids),
        ]

    def action_view_counterparts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fazhi_satisfaction.res_partner_action_fazhi_counterpart"
        )
        action["domain"] = [("is_fazhi_counterpart", "=", True), ("fazhi_unit_ids", "in", self.ids)]
        action["context"] = {
            "default_is_fazhi_counterpart": True,
            "default_fazhi_unit_ids": [self.id],
        }
        return action

    def action_rotate_walkin_token(self):
        """Give the units a new QR poster link (supervision office): the
        posters printed before stop working."""
        if not self.env.user.has_group(OFFICE):
            raise UserError(self.env._("Only the supervision office can renew a QR poster link."))
        self.check_access("write")
        self._fazhi_set_walkin_token(rotate=True)
        return True

    def _fazhi_set_walkin_token(self, rotate=False):
        """Give the units without one (all of them with ``rotate``) a new
        random token; return the units."""
        units = self if rotate else self.filtered(lambda unit: not unit.fazhi_walkin_token)
        for unit in units:
            # sudo: a fresh random token, the only value written; whoever may
            # print the unit's poster (read the unit) gets its link
            unit.sudo().fazhi_walkin_token = secrets.token_urlsafe(24)
        return self

    def _fazhi_refuse_walkin_token(self):
        # The token is drawn by the server (_fazhi_set_walkin_token), never
        # given by a client: a chosen token would be a guessable link.
        if not self.env.su:
            raise AccessError(
                self.env._("The QR poster link is drawn by the server; the office can renew it.")
            )

    @api.model
    def _fazhi_from_walkin_token(self, token):
        """The unit of a QR poster's token, or an empty recordset (superuser:
        the public page)."""
        if not token or len(token) > 64:
            return self.browse()
        # sudo: the public finds the unit of the poster it scanned, by its token only
        return self.sudo().search([("fazhi_walkin_token", "=", token)], limit=1)

    def action_print_walkin_poster(self):
        return self.env.ref("fazhi_satisfaction.fazhi_unit_walkin_poster_report").report_action(
            self
        )

    # ------------------------------------------------------------------
    # Satisfaction statistics: the company is copied on the answer lines
    # (survey_user_input_line.py)
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if any("fazhi_walkin_token" in vals for vals in vals_list):
            self._fazhi_refuse_walkin_token()
        return super().create(vals_list)

    def write(self, vals):
        if "fazhi_walkin_token" in vals:
            self._fazhi_refuse_walkin_token()
        res = super().write(vals)
        if "company_id" in vals and self.ids:
            # a unit moved to another company takes its answer lines along
            self.env["survey.user_input.line"]._fazhi_refresh_statistics(
                SQL("ui.fazhi_unit_id IN %s", tuple(self.ids))
            )
        return res
