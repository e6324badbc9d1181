import hashlib
import hmac
import re
from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.fazhi_base.tools.validators import (
    credit_code_error,
    credit_code_message,
    fold,
    is_mainland_phone,
    mask,
    normalize_credit_code,
    phone_message,
)
from odoo.exceptions import UserError
from odoo.tools import SQL

from .fazhi_satisfaction_answer_report import STATISTICS_TZ

# Flood protection of the QR poster's page: system parameter, default.
_FLOOD_DEFAULTS = (
    ("walkin_address_limit", 20),
    ("walkin_identity_limit", 5),
    ("walkin_window_minutes", 60),
)

IDENTITY_KINDS = [("credit_code", "Credit code"), ("phone", "Phone number")]

# A phone number as compared: its digits, without the country prefix of a
# mobile number (+86 138..., 0086 138...).
_MOBILE_PREFIX_RE = re.compile(r"^(?:00)?86(?=1[3-9][0-9]{9}$)")


def phone_key(number):
    """The digits of ``number`` as compared with the counterparts' phones."""
    digits = re.sub(r"[^0-9]", "", fold(number))
    return _MOBILE_PREFIX_RE.sub("", digits)


class WalkinRefused(UserError):
    """A walk-in identification refused; ``status`` is the HTTP status of the
    public page that says why (400 bad input, 403 answered already, 404 no
    questionnaire, 429 too many tries)."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


class FazhiSatisfactionWalkin(models.Model):
    """A counterpart who scanned a unit's QR poster (扫码评价) at its service
    window and identified with a credit code or a phone number.

    The poster's link carries the unit's token (``fazhi.unit.fazhi_walkin_token``):
    the unit is the token's, never a value of the request. ``_fazhi_start``
    matches the identity with the interview tasks of that unit's open campaign
    of the month, and only of it:

    * a counterpart of the campaign (credit code, phone or mobile of the task's
      counterpart): the questionnaire answers their interview task, and once
      submitted the task is done as a self-completed answer and counts toward
      the coverage;
    * anybody else: a walk-in answer given for the unit (no task, no
      campaign), counted apart: not in the coverage nor in a campaign's
      figures or weak points; the statistics can filter them
      (``fazhi.satisfaction.answer.report.is_walkin``).

    One row per unit, month and counterpart (the task, or for an unknown
    person the keyed hash of the identity): one submitted answer each; a
    second identification before submitting gets a fresh answer, the
    previous unsubmitted one being dropped (nobody reads back what another
    visitor typed under the same identity).

    Only keyed hashes (HMAC with the database secret) of the identity and of
    the network address are stored, with the identity masked for the lists;
    the rows are written by the server only (the public pages, as superuser).
    """

    _name = "fazhi.satisfaction.walkin"
    _description = "Walk-in counterpart (QR code)"
    _order = "create_date desc, id desc"
    _rec_name = "identity_masked"

    unit_id = fields.Many2one("fazhi.unit", required=True, index=True, readonly=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, string="Company")
    month = fields.Date(required=True, index=True, readonly=True)
    campaign_id = fields.Many2one(
        "fazhi.satisfaction.campaign", required=True, readonly=True, ondelete="cascade"
    )
    task_id = fields.Many2one(
        "fazhi.satisfaction.task",
        string="Interview task",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The counterpart's interview task in the campaign; empty for a person who is not "
        "in the register (a walk-in answer, counted apart).",
    )
    is_registered = fields.Boolean(
        string="In the register",
        readonly=True,
        help="The person is a counterpart of the campaign: the answer counts toward coverage.",
    )
    identity_kind = fields.Selection(IDENTITY_KINDS, string="Identified by", readonly=True)
    identity_masked = fields.Char(string="Identity", readonly=True)
    identity_key = fields.Char(required=True, readonly=True, groups="base.group_system")
    user_input_id = fields.Many2one(
        "survey.user_input", string="Answer", readonly=True, ondelete="set null"
    )
    done_date = fields.Datetime(string="Submitted on", readonly=True, index="btree_not_null")

    _sql_constraints = [
        (
            "unit_month_identity_uniq",
            "unique(unit_id, month, identity_key)",
            "A counterpart answers a unit's questionnaire once a month.",
        ),
        ("user_input_uniq", "unique(user_input_id)", "An answer has one walk-in."),
    ]

    # ------------------------------------------------------------------
    # Identity
    # ------------------------------------------------------------------
    @api.model
    def _hash(self, value):
        # sudo: reads the database secret to key the hash; the key never leaves the server
        key = self.env["ir.config_parameter"].sudo().get_param("database.secret", "")
        return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()

    @api.model
    def _fazhi_parse_identity(self, text):
        """``(kind, normalised value)`` of what the visitor typed: a unified
        social credit code (18 characters, letters allowed) or a mainland
        phone number; raise ``WalkinRefused`` with the validators' message."""
        folded = fold(text).replace("-", "")
        if not folded:
            raise WalkinRefused(
                self.env._("Enter your unified social credit code or your phone number.")
            )
        if re.search(r"[A-Za-z]", folded) or len(folded) == 18:
            code = normalize_credit_code(folded)
            if credit_code_error(code):
                raise WalkinRefused(
                    credit_code_message(self.env, code, self.env._("your organisation"))
                )
            return "credit_code", code
        if not is_mainland_phone(text):
            raise WalkinRefused(phone_message(self.env, fold(text)))
        return "phone", phone_key(text)

    # ------------------------------------------------------------------
    # Matching
    # ------------------------------------------------------------------
    @api.model
    def _fazhi_open_campaign(self, unit):
        """The open campaign of ``unit`` for the current month, or an empty recordset.

        The month is today's in Beijing time whatever the visitor's time zone
        (``STATISTICS_TZ``, the zone of the campaigns' months): at 01:00 on the 1st
        the visitor answers the new month's campaign, not the previous one's."""
        today = fields.Date.context_today(self.with_context(tz=STATISTICS_TZ))
        month = today.replace(day=1)
        # sudo: the public page of the unit's poster; the unit is the token's
        return (
            self.env["fazhi.satisfaction.campaign"]
            .sudo()
            .search(
                [("unit_id", "=", unit.id), ("month", "=", month), ("state", "=", "open")],
                limit=1,
            )
        )

    @api.model
    def _fazhi_match_tasks(self, campaign, kind, value):
        """The interview tasks of ``campaign`` (and of no other) whose
        counterpart has this credit code, or this phone or mobile number
        (compared on their digits), in the order of the tasks."""
        Task = self.env["fazhi.satisfaction.task"].sudo()
        Task.flush_model(["campaign_id", "partner_id"])
        self.env["res.partner"].flush_model(["phone", "mobile", "fazhi_credit_code"])
        if kind == "credit_code":
            condition = SQL("partner.fazhi_credit_code = %s", value)
        else:

            def digits(column):
                return SQL(
                    "regexp_replace(regexp_replace(%s, '[^0-9]', '', 'g'), %s, '')",
                    SQL.identifier("partner", column),
                    _MOBILE_PREFIX_RE.pattern,
                )

            condition = SQL("(%s = %s OR %s = %s)", digits("phone"), value, digits("mobile"), value)
        # one query on the campaign's tasks (its index), whatever the register's size
        self.env.cr.execute(
            SQL(
                """
                SELECT task.id
                  FROM fazhi_satisfaction_task task
                  JOIN res_partner partner ON partner.id = task.partner_id
                 WHERE task.campaign_id = %s AND %s
                 ORDER BY task.id
                """,
                campaign.id,
                condition,
            )
        )
        return Task.browse([row[0] for row in self.env.cr.fetchall()])

    # ------------------------------------------------------------------
    # Flood protection
    # ------------------------------------------------------------------
    @api.model
    def _fazhi_check_flood(self, ip_hash, identity_hash):
        """Refuse (``WalkinRefused``, 429) when the address or the identity
        reached the number of identifications allowed within the window;
        else record this one. Locks both until the end of the transaction
        (in the same order always), and counts what concurrent requests
        committed meanwhile, as the public complaint pages do."""
        Throttle = self.env["fazhi.satisfaction.walkin.throttle"]
        for key in sorted({"fazhi_walkin_ip:" + ip_hash, "fazhi_walkin_id:" + identity_hash}):
            self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(hashtext(%s))", key))
        address_limit, identity_limit, window = self._fazhi_flood_limits()
        since = fields.Datetime.now() - timedelta(minutes=window)
        with self.env.registry.cursor() as cr:
            committed = Throttle.with_env(self.env(cr=cr))._count_recent(
                ip_hash, identity_hash, since
            )
        own = Throttle._count_recent(ip_hash, identity_hash, since)
        by_address, by_identity = (max(pair) for pair in zip(committed, own, strict=True))
        if by_address >= address_limit or by_identity >= identity_limit:
            raise WalkinRefused(
                self.env._(
                    "Too many tries from your network or with this number: try again later, "
                    "or ask the staff at the window."
                ),
                status=429,
            )
        Throttle._record(ip_hash, identity_hash)

    @api.model
    def _fazhi_flood_limits(self):
        """(identifications per address, per identity, window in minutes):
        system parameters ``fazhi_satisfaction.walkin_address_limit`` (20),
        ``fazhi_satisfaction.walkin_identity_limit`` (5) and
        ``fazhi_satisfaction.walkin_window_minutes`` (60)."""
        # sudo: reads three system parameters, nothing else
        get_param = self.env["ir.config_parameter"].sudo().get_param
        limits = []
        for name, default in _FLOOD_DEFAULTS:
            try:
                value = int(get_param(f"fazhi_satisfaction.{name}", default))
            except ValueError:
                value = default
            limits.append(max(value, 1))
        return tuple(limits)

    # ------------------------------------------------------------------
    # The public path
    # ------------------------------------------------------------------
    @api.model
    def _fazhi_start(self, unit, text, ip_hash):
        """Identify the visitor of ``unit``'s poster by ``text`` (credit code
        or phone number) and return the survey answer to fill in (superuser),
        or raise ``WalkinRefused`` with the reason for the visitor.

        ``unit`` comes from the poster's token: the tasks looked at are the
        ones of this unit's open campaign of the month only.
        """
        unit.ensure_one()
        campaign = self._fazhi_open_campaign(unit)
        if not campaign:
            raise WalkinRefused(
                self.env._(
                    "The questionnaire of this unit is not open this month. Thank you for your "
                    "visit."
                ),
                status=404,
            )
        try:
            kind, value = self._fazhi_parse_identity(text)
            refusal = None
        except WalkinRefused as error:
            # Wrong input counts toward the address's tries too.
            kind, value, refusal = "invalid", fold(text), error
        identity_hash = self._hash(f"{kind}:{value}")
        self._fazhi_check_flood(ip_hash, identity_hash)
        if refusal:
            raise refusal
        tasks = self._fazhi_match_tasks(campaign, kind, value)
        task = tasks.filtered(lambda t: t.state != "done")[:1]
        if tasks and not task:
            raise self._fazhi_answered_already()
        key = f"task:{task.id}" if task else f"{kind}:{identity_hash}"
        # One identification at a time per counterpart of the unit and month.
        self.env.cr.execute(
            SQL(
                "SELECT pg_advisory_xact_lock(hashtext(%s))",
                f"fazhi_walkin:{unit.id}:{campaign.month}:{key}",
            )
        )
        # sudo: the rows of the public path, written by the server only
        Walkin = self.sudo()
        walkin = Walkin.search(
            [("unit_id", "=", unit.id), ("month", "=", campaign.month), ("identity_key", "=", key)],
            limit=1,
        )
        if walkin.done_date or task.state == "done":
            raise self._fazhi_answered_already()
        previous = walkin.user_input_id
        answer = self._fazhi_create_answer(campaign, task)
        vals = {
            "user_input_id": answer.id,
            "identity_kind": kind,
            "identity_masked": mask(value),
        }
        if walkin:
            walkin.write(vals)
        else:
            walkin = Walkin.create(
                {
                    **vals,
                    "unit_id": unit.id,
                    "month": campaign.month,
                    "campaign_id": campaign.id,
                    "task_id": task.id,
                    "is_registered": bool(task),
                    "identity_key": key,
                }
            )
        with answer._fazhi_action_scope():
            answer._fazhi_action_write({"fazhi_walkin_id": walkin.id})
        if previous and previous.state != "done":
            # The previous identification's answer, never submitted: dropped, so
            # that the new visitor does not read what was typed before.
            previous.unlink()
        return answer

    def _fazhi_answered_already(self):
        return WalkinRefused(
            self.env._(
                "This unit's questionnaire has already been answered for you this month: each "
                "counterpart answers once a month. Thank you for your participation."
            ),
            status=403,
        )

    @api.model
    def _fazhi_create_answer(self, campaign, task):
        """A new answer of the campaign's questionnaire, for ``task`` (its
        counterpart, linked to the task on the action path) or for a walk-in
        of the unit (no counterpart, no task). Nothing is prefilled: the
        visitor answers every question themselves, the private-enterprise
        one included."""
        # sudo: the public visitor gets an answer of the unit's questionnaire,
        # created here with the unit and task the token and the matching fixed
        survey = campaign.survey_id.sudo()
        with self.env["survey.user_input"].sudo()._fazhi_action_scope():
            return survey._create_answer(
                partner=task.partner_id.sudo() if task else False,
                check_attempts=False,
                fazhi_task_id=task.id or False,
                fazhi_unit_id=campaign.unit_id.id,
            )

    # ------------------------------------------------------------------
    # Submission (survey.user_input._mark_done)
    # ------------------------------------------------------------------
    def _fazhi_mark_done(self, answers):
        """The walk-in answers ``answers`` are submitted: refuse a second
        answer of the same counterpart, else date the rows."""
        for walkin in self.sudo():
            if walkin.done_date or walkin.task_id.state == "done":
                raise self._fazhi_answered_already()
            if walkin.user_input_id not in answers:
                # an answer left behind by a later identification
                raise self._fazhi_answered_already()
        # sudo: the rows of the public path, dated by the submission itself
        self.sudo().write({"done_date": fields.Datetime.now()})
        return True

    # ------------------------------------------------------------------
    # Counting
    # ------------------------------------------------------------------
    @api.model
    def _fazhi_walkin_counts(self, campaigns):
        """``{campaign id: submitted answers of people not in the register}``
        (one ``_read_group``, superuser: counts, not records)."""
        groups = self.sudo()._read_group(
            [
                ("campaign_id", "in", campaigns.ids),
                ("is_registered", "=", False),
                ("done_date", "!=", False),
            ],
            ["campaign_id"],
            ["__count"],
        )
        return {campaign.id: count for campaign, count in groups}


class FazhiSatisfactionWalkinThrottle(models.Model):
    """An identification on a QR poster's page: the keyed hashes of the
    network address and of the identity (never the raw values). Counted by
    ``fazhi.satisfaction.walkin._fazhi_check_flood``; the daily autovacuum
    removes the old rows."""

    _name = "fazhi.satisfaction.walkin.throttle"
    _description = "Walk-in identification (flood protection)"
    _order = "attempt_at desc, id desc"
    _log_access = False

    ip_hash = fields.Char(string="Address hash", required=True, index=True, readonly=True)
    identity_hash = fields.Char(required=True, index=True, readonly=True)
    attempt_at = fields.Datetime(
        required=True, default=fields.Datetime.now, index=True, readonly=True
    )

    @api.model
    def _count_recent(self, ip_hash, identity_hash, since):
        """(identifications from the address, identifications of the identity) since ``since``."""
        Throttle = self.sudo()  # counts hashes only; the model is not readable by the public
        return (
            Throttle.search_count([("ip_hash", "=", ip_hash), ("attempt_at", ">=", since)]),
            Throttle.search_count(
                [("identity_hash", "=", identity_hash), ("attempt_at", ">=", since)]
            ),
        )

    @api.model
    def _record(self, ip_hash, identity_hash):
        # sudo: the public user stores two hashes computed by the server, nothing else
        return self.sudo().create({"ip_hash": ip_hash, "identity_hash": identity_hash})

    @api.autovacuum
    def _gc_old_tries(self):
        """Remove the identifications older than the window (and than a day)."""
        window = self.env["fazhi.satisfaction.walkin"]._fazhi_flood_limits()[2]
        since = fields.Datetime.now() - timedelta(minutes=max(24 * 60, window))
        # sudo: the autovacuum removes expired rows of a table nobody else writes
        self.sudo().search([("attempt_at", "<", since)]).unlink()
