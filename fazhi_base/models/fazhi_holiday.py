from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.digest import group_by_lang

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class FazhiHoliday(models.Model):
    """A Chinese public holiday (法定节假日) or make-up working day (调休上班).

    The State Council publishes every year the days off and the weekend days
    that are worked instead; the office keeps them here (the 2025 and 2026
    schedules are shipped). ``resource.calendar._fazhi_add_working_days`` reads
    them to compute every working-day deadline of the fazhi addons:

    * ``holiday``: never a working day, whatever the working schedule says;
    * ``workday``: always a working day, although it falls on a weekend.

    A record without company applies to every company; a record of a company
    applies to that company only and takes precedence over an all-companies
    record of the same date.

    Next year's schedule is published around November: from 1 November, until
    the next year's public holidays are loaded, the office is told every week
    (a notification from the daily cron) and the settings page shows a warning.
    They load it from a CSV file in the format of the shipped one (``id``,
    ``date``, ``kind``, ``name``) through the list's *Import records*.
    Deadlines that reach into a year without data are computed on weekends
    only and are marked provisional (``_fazhi_is_provisional``).
    """

    _name = "fazhi.holiday"
    _description = "Public holiday or make-up working day"
    _order = "date desc, id desc"

    # Days between two warnings to the office while next year's days are missing.
    _HOLIDAY_WARNING_DAYS = 7

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    date = fields.Date(required=True, index=True)
    kind = fields.Selection(
        [("holiday", "Public holiday"), ("workday", "Make-up working day")],
        required=True,
        default="holiday",
        help="Public holiday: a day off, even on a weekday.\n"
        "Make-up working day: a Saturday or Sunday worked instead of a day off.",
    )
    name = fields.Char(
        required=True, help="The festival the day belongs to, as in the official notice."
    )
    year = fields.Integer(compute="_compute_year", store=True, index=True)
    weekday = fields.Selection(
        WEEKDAYS, string="Day of week", compute="_compute_weekday", store=True
    )
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty for a day that applies to every company.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        # Covers records with a company; PostgreSQL treats NULLs as distinct,
        # so the all-companies case is checked in _check_unique_date.
        (
            "date_company_uniq",
            "unique(date, company_id)",
            "This date is already listed as a holiday or make-up working day.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("date")
    def _compute_year(self):
        for holiday in self:
            holiday.year = holiday.date.year if holiday.date else 0

    @api.depends("date")
    def _compute_weekday(self):
        for holiday in self:
            holiday.weekday = str(holiday.date.weekday()) if holiday.date else False

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("date", "company_id", "active")
    def _check_unique_date(self):
        # One search for the whole batch (archived records included: an
        # archived duplicate would come back when unarchived).
        holidays = self.filtered("date")
        if not holidays:
            return
        same_dates = (
            self.with_context(active_test=False)
            .sudo()
            .search_fetch([("date", "in", holidays.mapped("date"))], ["date", "company_id"])
        )
        seen = {}
        for other in same_dates:
            seen.setdefault((other.date, other.company_id.id), []).append(other.id)
        for holiday in holidays:
            if len(seen.get((holiday.date, holiday.company_id.id), [])) > 1:
                raise ValidationError(
                    self.env._(
                        "%(date)s is already listed as a holiday or make-up working day"
                        " for %(company)s. Edit the existing entry instead.",
                        date=holiday.date,
                        company=holiday.company_id.name or self.env._("all companies"),
                    )
                )

    @api.constrains("date", "kind")
    def _check_workday_on_weekend(self):
        for holiday in self:
            if holiday.kind == "workday" and holiday.date and holiday.date.weekday() < 5:
                raise ValidationError(
                    self.env._(
                        "%(date)s is a %(weekday)s: a make-up working day must"
                        " fall on a Saturday or a Sunday, a weekday is a working day anyway.",
                        date=holiday.date,
                        weekday=dict(self._fields["weekday"]._description_selection(self.env))[
                            str(holiday.date.weekday())
                        ],
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _load_records_create(self, vals_list):
        """Data files and imports take over a day that already exists.

        The shipped CSV is reloaded on every module update: a shipped day the
        office deleted and entered again by hand would otherwise make the update
        fail on the duplicate date. Such a day (same date and company, archived
        or not) receives the loaded values instead of a duplicate; an imported
        file listing days already present updates them the same way.
        """
        dates = [fields.Date.to_date(vals.get("date")) for vals in vals_list]
        existing = {
            (holiday.date, holiday.company_id.id): holiday
            for holiday in self.with_context(active_test=False).search(
                [("date", "in", [day for day in dates if day])]
            )
        }
        matches = [
            existing.get((day, vals.get("company_id") or False))
            for day, vals in zip(dates, vals_list, strict=True)
        ]
        to_create = [vals for vals, match in zip(vals_list, matches, strict=True) if not match]
        created = iter(super()._load_records_create(to_create))
        ids = []
        for vals, match in zip(vals_list, matches, strict=True):
            if match:
                match._load_records_write(dict(vals))
                ids.append(match.id)
            else:
                ids.append(next(created).id)
        return self.browse(ids)

    # ------------------------------------------------------------------
    # Next year's schedule
    # ------------------------------------------------------------------
    @api.model
    def _fazhi_missing_years(self, years, company=None):
        """The years among ``years`` with no public holiday loaded for
        ``company`` (or for all companies)."""
        company = company or self.env.company
        # sudo: only which years have days, for a warning; the days are public.
        groups = self.sudo()._read_group(
            [
                ("year", "in", list(years)),
                ("kind", "=", "holiday"),
                ("company_id", "in", [False, company.id]),
            ],
            ["year"],
            ["__count"],
        )
        loaded = {year for year, _count in groups}
        return sorted(set(years) - loaded)

    @api.model
    def _fazhi_is_provisional(self, start, end, company=None):
        """True if a deadline computed from ``start`` to ``end`` crosses a year
        whose holidays are not loaded: it skips weekends only."""
        if not start or not end:
            return False
        years = range(min(start.year, end.year), max(start.year, end.year) + 1)
        return bool(self._fazhi_missing_years(years, company))

    @api.model
    def _fazhi_next_year_missing(self, today=None, company=None):
        """Next year, from 1 November until its public holidays are loaded; else False."""
        today = today or fields.Date.context_today(self)
        if today.month < 11:
            return False
        missing = self._fazhi_missing_years([today.year + 1], company)
        return missing[0] if missing else False

    @api.model
    def _cron_warn_missing_holidays(self):
        """Tell the office every week from 1 November, until next year's days are loaded."""
        year = self._fazhi_next_year_missing()
        if not year:
            return True
        # sudo: the mark and the office's members are configuration, not data.
        params = self.env["ir.config_parameter"].sudo()
        mark = f"fazhi_base.holiday_warning_{year}"
        today = fields.Date.context_today(self)
        last = fields.Date.to_date(params.get_param(mark) or False)
        if last and (today - last).days < self._HOLIDAY_WARNING_DAYS:
            return True
        office = (
            self.env.ref("fazhi_base.group_fazhi_office")
            .sudo()
            .users.filtered(lambda user: user.active and not user.share)
        )
        action = self.env.ref("fazhi_base.fazhi_holiday_action")
        link = f"{self.get_base_url()}/odoo/action-{action.id}"
        for lang, users in group_by_lang(self.env, office).items():
            env = self.with_context(lang=lang).env
            self.env["mail.thread"].message_notify(
                partner_ids=users.partner_id.ids,
                subject=env._("Load the public holidays of %s", year),
                body=Markup('<p>%s</p><p><a href="%s">%s</a></p>')
                % (
                    env._(
                        "The public holidays and make-up working days of %(year)s are not loaded "
                        "yet: working-day deadlines that reach into %(year)s skip weekends only "
                        "and are provisional. Import the State Council's schedule as a CSV file "
                        "(columns id, date, kind, name, as the shipped file).",
                        year=year,
                    ),
                    link,
                    env._("Holidays and make-up working days"),
                ),
            )
        params.set_param(mark, fields.Date.to_string(today))
        return True
