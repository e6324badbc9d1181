"""Working-day deadlines of the fazhi addons (工作日期限).

Every fazhi module computes its due dates with ONE helper::

    Calendar = self.env["resource.calendar"]
    deadline = Calendar._fazhi_add_working_days(received_on, 5)
    deadline = Calendar._fazhi_add_working_days(received_on, 5, company=unit.company_id)
    deadline = Calendar._fazhi_add_working_days(received_on, 5, calendar=some_calendar)
    late_by = Calendar._fazhi_working_days_between(deadline, fields.Date.context_today(self))
    Calendar._fazhi_is_working_day(day)

The same methods exist on a calendar record (``calendar.fazhi_add_working_days(start, 5)``,
``calendar.fazhi_is_working_day(day)``, ``calendar.fazhi_working_days_between(a, b)``).
See :meth:`ResourceCalendar._fazhi_add_working_days` for the exact rules.
"""

from datetime import date, datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.addons.resource.models.utils import Intervals
from odoo.exceptions import UserError

# Calendar days scanned beyond the expected range before giving up (a schedule
# without any working day would otherwise loop forever).
_HORIZON_DAYS = 3660
# Calendar days loaded at once when a computation runs past the loaded window.
_CHUNK_DAYS = 92


class FazhiWorkingDays:
    """Working days of one calendar for one company, loaded window by window.

    Obtained from ``resource.calendar._fazhi_working_days(calendar, company)``.
    Holidays, attendances and calendar leaves are read once per window (three
    queries), never once per day; reuse one object to compute many deadlines.
    """

    def __init__(self, calendar, company):
        self.calendar = calendar
        self.company = company
        self.first = self.last = None  # loaded window, both included
        self.working = set()

    def _load(self, first, last):
        if first <= last:
            self.working |= self.calendar._fazhi_compute_working_days(first, last, self.company)

    def ensure(self, first, last):
        """Load the working days of ``first`` .. ``last`` (dates, included)."""
        if first > last:
            first, last = last, first
        if self.first is None:
            self._load(first, last)
            self.first, self.last = first, last
            return
        if first < self.first:
            self._load(first, self.first - timedelta(days=1))
            self.first = first
        if last > self.last:
            self._load(self.last + timedelta(days=1), last)
            self.last = last

    def is_working(self, day):
        self.ensure(day, day)
        return day in self.working

    def add(self, start, days):
        """Return the ``days``-th working day after ``start`` (see the model docstring)."""
        days = int(days)
        if days == 0:
            return start if self.is_working(start) else self.add(start, 1)
        step = timedelta(days=1 if days > 0 else -1)
        remaining = abs(days)
        # 5 working days a week, plus room for a holiday week: usually one load.
        self.ensure(start, start + step * (remaining * 7 // 5 + 15))
        limit = _HORIZON_DAYS + remaining * 7
        day, scanned = start, 0
        while remaining:
            day += step
            scanned += 1
            if scanned > limit:
                raise UserError(
                    self.calendar.env._(
                        "No working day found within %(count)s days of %(date)s: check the"
                        " working schedule %(calendar)s and the holidays.",
                        count=limit,
                        date=start,
                        calendar=self.calendar.display_name or "",
                    )
                )
            if not self.first <= day <= self.last:
                self.ensure(day, day + step * _CHUNK_DAYS)
            if day in self.working:
                remaining -= 1
        return day

    def between(self, start, end):
        """Working days in (start, end] if start <= end, minus those in [end, start) if not."""
        if start == end:
            return 0
        if start > end:
            return -self._count(end, start - timedelta(days=1))
        return self._count(start + timedelta(days=1), end)

    def _count(self, first, last):
        self.ensure(first, last)
        return sum(1 for day in self.working if first <= day <= last)


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    # ------------------------------------------------------------------
    # Public entry points (one helper for every fazhi module)
    # ------------------------------------------------------------------
    @api.model
    def _fazhi_add_working_days(self, start, days, calendar=None, company=None):
        """Return the due date ``days`` working days after ``start``.

        ``start`` is a date, a datetime (naive = UTC, as stored by Odoo; its date
        is taken in the user's timezone), a ``YYYY-MM-DD`` string, or False
        (False is returned). It may also be a list of those, then a list of due
        dates is returned and the data is loaded once for the whole batch;
        ``days`` is then an int or a list of ints of the same length.

        The calendar is ``calendar``, else the record this is called on, else the
        ``resource_calendar_id`` of ``company`` (default: the current company);
        without any calendar, Monday to Friday are worked. The holidays are those
        without company plus those of ``company`` (default: the calendar's company,
        else the current company).

        A day is a working day when it is a make-up working day
        (``fazhi.holiday`` of kind ``workday``), or when the calendar has working
        hours on it (attendances of its weekday and week type whose dates cover
        it; lunch breaks do not count) that are not all inside a global time off
        of the calendar (``resource.calendar.leaves`` without resource) and it is
        not a public holiday (``fazhi.holiday`` of kind ``holiday``).

        * ``days > 0``: the ``days``-th working day strictly after ``start``
          ("5 working days after receipt"; received on a Friday + 1 = Monday);
        * ``days == 0``: ``start`` if it is a working day, else the next one;
        * ``days < 0``: the ``-days``-th working day strictly before ``start``
          (e.g. a reminder 2 working days before a deadline).
        """
        oracle = self._fazhi_working_days(calendar, company)
        if isinstance(start, list | tuple):
            starts = [self._fazhi_to_date(value, oracle.calendar) for value in start]
            counts = list(days) if isinstance(days, list | tuple) else [days] * len(starts)
            if len(counts) != len(starts):
                raise ValueError("start and days must have the same length")
            known = [day for day in starts if day]
            if known:
                # Load the whole batch's window at once.
                before = max([0, *(-count for count in counts)]) * 7 // 5 + 15
                after = max([0, *counts]) * 7 // 5 + 15
                oracle.ensure(
                    min(known) - timedelta(days=before), max(known) + timedelta(days=after)
                )
            return [
                oracle.add(day, count) if day else False
                for day, count in zip(starts, counts, strict=True)
            ]
        day = self._fazhi_to_date(start, oracle.calendar)
        return oracle.add(day, days) if day else False

    @api.model
    def _fazhi_is_working_day(self, day, calendar=None, company=None):
        """Whether ``day`` (date, datetime or string) is a working day.

        Same calendar, company and rules as :meth:`_fazhi_add_working_days`.
        """
        oracle = self._fazhi_working_days(calendar, company)
        day = self._fazhi_to_date(day, oracle.calendar)
        return bool(day) and oracle.is_working(day)

    @api.model
    def _fazhi_working_days_between(self, start, end, calendar=None, company=None):
        """Number of working days from ``start`` to ``end``.

        Counts the working days in ``(start, end]`` when ``start <= end``, so that
        ``between(start, _fazhi_add_working_days(start, n)) == n`` for ``n >= 1``
        (e.g. working days overdue: ``between(deadline, today)``). When ``end`` is
        before ``start``, returns minus the working days in ``[end, start)``.
        Same calendar, company and rules as :meth:`_fazhi_add_working_days`.
        """
        oracle = self._fazhi_working_days(calendar, company)
        start = self._fazhi_to_date(start, oracle.calendar)
        end = self._fazhi_to_date(end, oracle.calendar)
        if not start or not end:
            return 0
        return oracle.between(start, end)

    def fazhi_add_working_days(self, start, days, company=None):
        """``_fazhi_add_working_days`` with this calendar (the company's if empty)."""
        return self._fazhi_add_working_days(start, days, calendar=self, company=company)

    def fazhi_is_working_day(self, day, company=None):
        """``_fazhi_is_working_day`` with this calendar (the company's if empty)."""
        return self._fazhi_is_working_day(day, calendar=self, company=company)

    def fazhi_working_days_between(self, start, end, company=None):
        """``_fazhi_working_days_between`` with this calendar (the company's if empty)."""
        return self._fazhi_working_days_between(start, end, calendar=self, company=company)

    # ------------------------------------------------------------------
    # Building blocks
    # ------------------------------------------------------------------
    @api.model
    def _fazhi_get_calendar(self, calendar=None, company=None):
        """The calendar given (or this record), else the company's working hours."""
        calendar = calendar or self
        if calendar:
            calendar.ensure_one()
            return calendar
        if isinstance(company, int):
            company = self.env["res.company"].browse(company)
        return (company or self.env.company).resource_calendar_id

    @api.model
    def _fazhi_working_days(self, calendar=None, company=None):
        """A :class:`FazhiWorkingDays` for many computations with one calendar.

        Calendar data and holidays are configuration every user may rely on for
        deadlines (public forms included): they are read as superuser.
        """
        if isinstance(company, int):
            company = self.env["res.company"].browse(company)
        calendar = self._fazhi_get_calendar(calendar, company)
        company = company or calendar.company_id or self.env.company
        return FazhiWorkingDays(calendar.sudo(), company)

    @api.model
    def _fazhi_to_date(self, value, calendar=None):
        """A date from a date, a datetime or a string (False stays False).

        The date of a datetime is taken in the user's timezone (context ``tz``,
        else the user's, else the calendar's); naive datetimes are UTC.
        """
        if not value:
            return False
        if isinstance(value, str):
            value = fields.Datetime.to_datetime(value) if len(value) > 10 else value
            value = fields.Date.to_date(value) if isinstance(value, str) else value
        if isinstance(value, datetime):
            tz_name = self.env.context.get("tz") or self.env.user.tz or (calendar and calendar.tz)
            try:
                tz = pytz.timezone(tz_name or "UTC")
            except pytz.UnknownTimeZoneError:
                tz = pytz.utc
            aware = value if value.tzinfo else pytz.utc.localize(value)
            return aware.astimezone(tz).date()
        if isinstance(value, date):
            return value
        raise TypeError(f"Expected a date, a datetime or a string, got {value!r}")

    def _fazhi_compute_working_days(self, date_from, date_to, company):
        """Set of the working days in ``date_from`` .. ``date_to`` (both included).

        ``self`` is the calendar (may be empty: Monday to Friday). Three queries
        whatever the range: holidays, attendances, leaves. Override to add rules.
        """
        holidays = (
            self.env["fazhi.holiday"]
            .sudo()
            .with_context(active_test=True)
            .search_fetch(
                [
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                    ("company_id", "in", [False, company.id]),
                ],
                ["date", "kind", "company_id"],
            )
        )
        kinds = {}
        # A company's own entry overrides the all-companies entry of that date.
        for holiday in holidays.sorted(lambda h: bool(h.company_id)):
            kinds[holiday.date] = holiday.kind

        working = set()
        if self:
            self.ensure_one()
            tz = pytz.timezone(self.tz or "UTC")
            start_dt = tz.localize(datetime.combine(date_from, time.min))
            end_dt = tz.localize(datetime.combine(date_to + timedelta(days=1), time.min))
            if self.flexible_hours or not self.attendance_ids.filtered(
                lambda a: not a.display_type and a.day_period != "lunch"
            ):
                work = self._fazhi_weekday_intervals(date_from, date_to, tz)
                work -= self._leave_intervals_batch(start_dt, end_dt, tz=tz)[False]
            else:
                work = self._work_intervals_batch(start_dt, end_dt, tz=tz)[False]
            # Adjacent intervals are merged (whole days Monday to Friday
            # become one interval): every day an interval touches is worked.
            for start, stop, _meta in work:
                if start < stop:
                    day = start.astimezone(tz).date()
                    last = (stop.astimezone(tz) - timedelta(microseconds=1)).date()
                    while day <= last:
                        working.add(day)
                        day += timedelta(days=1)
        else:
            working = {
                day for day in self._fazhi_date_range(date_from, date_to) if day.weekday() < 5
            }
        working = {day for day in working if date_from <= day <= date_to}
        for day, kind in kinds.items():
            if kind == "workday":
                working.add(day)
            else:
                working.discard(day)
        return working

    @api.model
    def _fazhi_weekday_intervals(self, date_from, date_to, tz):
        """Whole days Monday to Friday, for calendars without attendances."""
        attendance = self.env["resource.calendar.attendance"]
        return Intervals(
            [
                (
                    tz.localize(datetime.combine(day, time.min)),
                    tz.localize(datetime.combine(day + timedelta(days=1), time.min)),
                    attendance,
                )
                for day in self._fazhi_date_range(date_from, date_to)
                if day.weekday() < 5
            ]
        )

    @api.model
    def _fazhi_date_range(self, date_from, date_to):
        return [date_from + timedelta(days=n) for n in range((date_to - date_from).days + 1)]
