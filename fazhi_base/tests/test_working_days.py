import csv
import io
from datetime import date, datetime, timedelta

import pytz
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user
from odoo.tools import file_open, mute_logger


def D(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


def _attendances(weekdays, **extra):
    """Morning, lunch and afternoon lines for each weekday ("0" = Monday)."""
    lines = []
    for day in weekdays:
        lines += [
            Command.create(
                {
                    "name": f"{day} morning",
                    "dayofweek": day,
                    "hour_from": 8,
                    "hour_to": 12,
                    "day_period": "morning",
                    **extra.get(day, {}),
                }
            ),
            Command.create(
                {
                    "name": f"{day} lunch",
                    "dayofweek": day,
                    "hour_from": 12,
                    "hour_to": 13,
                    "day_period": "lunch",
                    **extra.get(day, {}),
                }
            ),
            Command.create(
                {
                    "name": f"{day} afternoon",
                    "dayofweek": day,
                    "hour_from": 13,
                    "hour_to": 17,
                    "day_period": "afternoon",
                    **extra.get(day, {}),
                }
            ),
        ]
    return lines


class TestWorkingDays(TransactionCase):
    """Working-day deadlines over the shipped 2025/2026 schedules.

    2026 (shipped data): Spring Festival holidays Sun 02-15 .. Mon 02-23 with
    make-up Saturdays 02-14 and 02-28; Mid-Autumn Fri 09-25 .. Sun 09-27 with a
    make-up Sunday 09-20; National Day Thu 10-01 .. Wed 10-07 with a make-up
    Saturday 10-10.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Calendar = cls.env["resource.calendar"]
        cls.Holiday = cls.env["fazhi.holiday"]
        cls.company = cls.env.company
        cls.calendar = cls.Calendar.create(
            {
                "name": "Commission office hours",
                "tz": "Asia/Shanghai",
                "company_id": cls.company.id,
                "attendance_ids": _attendances("01234"),
            }
        )
        cls.other_company = cls.env["res.company"].create({"name": "County commission"})
        cls.office = new_test_user(
            cls.env,
            login="wd_office",
            groups="base.group_user,fazhi_base.group_fazhi_office",
            tz="Asia/Shanghai",
        )
        cls.staff = new_test_user(
            cls.env, login="wd_staff", groups="base.group_user,fazhi_base.group_fazhi_staff"
        )

    def add(self, start, days, **kwargs):
        kwargs.setdefault("calendar", self.calendar)
        return self.Calendar._fazhi_add_working_days(start, days, **kwargs)

    def is_working(self, day, **kwargs):
        kwargs.setdefault("calendar", self.calendar)
        return self.Calendar._fazhi_is_working_day(D(day), **kwargs)

    def between(self, start, end, **kwargs):
        kwargs.setdefault("calendar", self.calendar)
        return self.Calendar._fazhi_working_days_between(D(start), D(end), **kwargs)

    # ------------------------------------------------------------------
    # Shipped data
    # ------------------------------------------------------------------
    def _shipped_rows(self):
        with file_open("fazhi_base/data/fazhi.holiday.csv", "rb") as f:
            return list(csv.DictReader(io.StringIO(f.read().decode("utf-8"))))

    def test_shipped_csv_loaded(self):
        rows = self._shipped_rows()
        self.assertEqual(len(rows), 72)
        for row in rows:
            self.assertEqual(row["id"], "holiday_" + row["date"].replace("-", "_"))
            holiday = self.env.ref(f"fazhi_base.{row['id']}")
            self.assertEqual(
                (holiday.date, holiday.kind, holiday.name, holiday.company_id),
                (D(row["date"]), row["kind"], row["name"], self.env["res.company"]),
            )
        counts = {
            (year, kind): self.Holiday.search_count([("year", "=", year), ("kind", "=", kind)])
            for year in (2025, 2026)
            for kind in ("holiday", "workday")
        }
        self.assertEqual(
            counts,
            {
                (2025, "holiday"): 28,
                (2025, "workday"): 5,
                (2026, "holiday"): 33,
                (2026, "workday"): 6,
            },
        )
        known = {
            "holiday_2026_10_01": ("2026-10-01", "holiday", "国庆节"),
            "holiday_2026_10_10": ("2026-10-10", "workday", "国庆节"),
            "holiday_2026_09_25": ("2026-09-25", "holiday", "中秋节"),
            "holiday_2026_09_20": ("2026-09-20", "workday", "国庆节"),
            "holiday_2026_02_14": ("2026-02-14", "workday", "春节"),
            "holiday_2026_02_23": ("2026-02-23", "holiday", "春节"),
            "holiday_2025_09_28": ("2025-09-28", "workday", "国庆节、中秋节"),
            "holiday_2025_01_01": ("2025-01-01", "holiday", "元旦"),
        }
        for xmlid, (day, kind, name) in known.items():
            holiday = self.env.ref(f"fazhi_base.{xmlid}")
            self.assertEqual((holiday.date, holiday.kind, holiday.name), (D(day), kind, name))
        self.assertEqual(self.env.ref("fazhi_base.holiday_2026_10_01").year, 2026)
        self.assertEqual(self.env.ref("fazhi_base.holiday_2026_10_01").weekday, "3")

    # ------------------------------------------------------------------
    # Adding working days
    # ------------------------------------------------------------------
    def test_national_day_2026(self):
        for day in ("2026-10-01", "2026-10-02", "2026-10-05", "2026-10-07"):
            self.assertFalse(self.is_working(day), day)
        self.assertTrue(self.is_working("2026-10-10"), "make-up Saturday")
        self.assertFalse(self.is_working("2026-10-11"), "plain Sunday")
        # Received on Wednesday 09-30: the whole holiday week is skipped.
        self.assertEqual(self.add(D("2026-09-30"), 1), D("2026-10-08"))
        self.assertEqual(self.add(D("2026-09-30"), 2), D("2026-10-09"))
        self.assertEqual(self.add(D("2026-09-30"), 3), D("2026-10-10"))
        self.assertEqual(self.add(D("2026-09-30"), 4), D("2026-10-12"))
        # Received during the holidays: counting starts after them.
        self.assertEqual(self.add(D("2026-10-03"), 1), D("2026-10-08"))

    def test_mid_autumn_2026_and_make_up_sunday(self):
        self.assertFalse(self.is_working("2026-09-19"), "plain Saturday")
        self.assertTrue(self.is_working("2026-09-20"), "make-up Sunday")
        self.assertFalse(self.is_working("2026-09-25"), "Mid-Autumn Friday")
        self.assertEqual(self.add(D("2026-09-18"), 1), D("2026-09-20"))
        self.assertEqual(self.add(D("2026-09-18"), 2), D("2026-09-21"))
        self.assertEqual(self.add(D("2026-09-24"), 1), D("2026-09-28"))

    def test_plain_weekend(self):
        # Received on a Friday + 1 working day = Monday.
        self.assertEqual(self.add(D("2026-03-06"), 1), D("2026-03-09"))
        self.assertEqual(self.add(D("2026-03-07"), 1), D("2026-03-09"))
        # "5 working days after receipt" on a Wednesday.
        self.assertEqual(self.add(D("2026-03-04"), 5), D("2026-03-11"))
        self.assertFalse(self.is_working("2026-03-07"))
        self.assertTrue(self.is_working("2026-03-09"))

    def test_spring_festival_2026(self):
        self.assertTrue(self.is_working("2026-02-14"), "make-up Saturday before")
        self.assertFalse(self.is_working("2026-02-16"), "Spring Festival Monday")
        self.assertFalse(self.is_working("2026-02-23"), "last day off, a Monday")
        self.assertTrue(self.is_working("2026-02-28"), "make-up Saturday after")
        self.assertEqual(self.add(D("2026-02-13"), 1), D("2026-02-14"))
        self.assertEqual(self.add(D("2026-02-13"), 2), D("2026-02-24"))
        self.assertEqual(self.add(D("2026-02-27"), 1), D("2026-02-28"))
        self.assertEqual(self.add(D("2026-02-27"), 2), D("2026-03-02"))
        # 10 working days after New Year's eve 2025, over the 2026 New Year
        # holidays (01-01 .. 01-03) and the make-up Sunday 01-04.
        self.assertEqual(self.add(D("2025-12-31"), 1), D("2026-01-04"))
        self.assertEqual(self.add(D("2025-12-31"), 10), D("2026-01-15"))

    def test_zero_and_negative_days(self):
        # 0: the day itself when it is a working day, else the next one.
        self.assertEqual(self.add(D("2026-09-30"), 0), D("2026-09-30"))
        self.assertEqual(self.add(D("2026-10-01"), 0), D("2026-10-08"))
        self.assertEqual(self.add(D("2026-10-10"), 0), D("2026-10-10"))
        self.assertEqual(self.add(D("2026-10-11"), 0), D("2026-10-12"))
        # Negative: the n-th working day strictly before.
        self.assertEqual(self.add(D("2026-10-08"), -1), D("2026-09-30"))
        self.assertEqual(self.add(D("2026-10-12"), -1), D("2026-10-10"))
        self.assertEqual(self.add(D("2026-10-12"), -3), D("2026-10-08"))
        self.assertEqual(self.add(D("2026-10-12"), -4), D("2026-09-30"))
        self.assertEqual(self.add(D("2026-02-24"), -2), D("2026-02-13"))

    def test_working_days_between(self):
        self.assertEqual(self.between("2026-09-30", "2026-10-12"), 4)
        self.assertEqual(self.between("2026-10-12", "2026-09-30"), -4)
        self.assertEqual(self.between("2026-09-30", "2026-10-07"), 0)
        self.assertEqual(self.between("2026-09-30", "2026-09-30"), 0)
        self.assertEqual(self.between("2026-02-13", "2026-02-24"), 2)
        # October 2026: 22 weekdays - 5 holidays + 1 make-up Saturday.
        self.assertEqual(self.between("2026-09-30", "2026-10-31"), 18)
        start = D("2026-09-15")
        for n in range(1, 40):
            self.assertEqual(self.between(start, self.add(start, n)), n, n)
            self.assertEqual(self.between(start, self.add(start, -n)), -n, -n)
        # On a record: the calendar's own methods.
        self.assertEqual(
            self.calendar.fazhi_working_days_between(D("2026-09-30"), D("2026-10-12")), 4
        )

    def test_input_types(self):
        # Naive datetimes are UTC; their date is taken in the user's timezone.
        # 2026-10-09 16:30 UTC is Saturday 10-10 00:30 in Shanghai (make-up day).
        received = datetime(2026, 10, 9, 16, 30)
        shanghai = self.Calendar.with_context(tz="Asia/Shanghai")
        utc = self.Calendar.with_context(tz="UTC")
        self.assertEqual(
            shanghai._fazhi_add_working_days(received, 1, calendar=self.calendar),
            D("2026-10-12"),
        )
        self.assertEqual(
            utc._fazhi_add_working_days(received, 1, calendar=self.calendar), D("2026-10-10")
        )
        self.assertEqual(
            self.Calendar.with_user(self.office)._fazhi_add_working_days(
                received, 1, calendar=self.calendar
            ),
            D("2026-10-12"),
            "the user's timezone is used without tz in the context",
        )
        aware = pytz.utc.localize(received)
        self.assertEqual(
            shanghai._fazhi_add_working_days(aware, 1, calendar=self.calendar), D("2026-10-12")
        )
        self.assertEqual(self.add("2026-09-30", 1), D("2026-10-08"))
        self.assertIs(self.add(False, 5), False)
        self.assertFalse(self.Calendar._fazhi_is_working_day(False))
        # A list of dates gives a list of deadlines (one load for the batch).
        self.assertEqual(
            self.add([D("2026-09-30"), False, D("2026-02-13")], 2),
            [D("2026-10-09"), False, D("2026-02-24")],
        )
        self.assertEqual(
            self.add([D("2026-09-30"), D("2026-02-13")], [1, 2]),
            [D("2026-10-08"), D("2026-02-24")],
        )

    def test_queries_bounded(self):
        """The holidays and the calendar are read once per window, not once per day."""
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        self.assertEqual(self.add(D("2026-01-05"), 230), D("2026-12-09"))
        single = self.cr.sql_log_count - before
        self.assertLessEqual(single, 12)
        self.env.invalidate_all()
        starts = [D("2026-01-05") + timedelta(days=n) for n in range(300)]
        before = self.cr.sql_log_count
        deadlines = self.add(starts, 5)
        self.assertLessEqual(self.cr.sql_log_count - before, 12)
        self.assertEqual(deadlines[starts.index(D("2026-09-30"))], D("2026-10-13"))
        self.assertEqual(deadlines, [self.add(start, 5) for start in starts])

    # ------------------------------------------------------------------
    # Calendar, company and time off
    # ------------------------------------------------------------------
    def test_global_calendar_leave_skipped(self):
        shanghai = pytz.timezone("Asia/Shanghai")

        def utc(*args):
            return shanghai.localize(datetime(*args)).astimezone(pytz.utc).replace(tzinfo=None)

        leaves = self.env["resource.calendar.leaves"].create(
            [
                {
                    "name": "Office move",
                    "calendar_id": self.calendar.id,
                    "date_from": utc(2026, 3, 10, 0, 0),
                    "date_to": utc(2026, 3, 10, 23, 59, 59),
                },
                {
                    "name": "Two-hour training",
                    "calendar_id": self.calendar.id,
                    "date_from": utc(2026, 3, 12, 8, 0),
                    "date_to": utc(2026, 3, 12, 10, 0),
                },
            ]
        )
        self.assertFalse(self.is_working("2026-03-10"))
        self.assertEqual(self.add(D("2026-03-09"), 1), D("2026-03-11"))
        self.assertEqual(self.between("2026-03-06", "2026-03-13"), 4)
        self.assertTrue(self.is_working("2026-03-12"), "a partial time off keeps the day")
        # Another calendar is not affected.
        other = self.Calendar.create(
            {"name": "Other", "tz": "Asia/Shanghai", "attendance_ids": _attendances("01234")}
        )
        self.assertEqual(self.add(D("2026-03-09"), 1, calendar=other), D("2026-03-10"))
        # A resource's own time off is not a global one.
        leaves[0].resource_id = self.env["resource.resource"].create(
            {"name": "Someone", "calendar_id": self.calendar.id}
        )
        self.assertTrue(self.is_working("2026-03-10"))
        # A make-up working day stays a working day.
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Closed",
                "calendar_id": self.calendar.id,
                "date_from": utc(2026, 10, 10, 0, 0),
                "date_to": utc(2026, 10, 10, 23, 59, 59),
            }
        )
        self.assertTrue(self.is_working("2026-10-10"))

    def test_attendance_dates_and_six_day_week(self):
        # Fridays worked until 2026-03-01 only; Saturdays from 2026-04-01.
        calendar = self.Calendar.create(
            {
                "name": "Changing schedule",
                "tz": "Asia/Shanghai",
                "attendance_ids": _attendances(
                    "012345",
                    **{"4": {"date_to": D("2026-03-01")}, "5": {"date_from": D("2026-04-01")}},
                ),
            }
        )
        self.assertTrue(calendar.fazhi_is_working_day(D("2026-02-27")))
        self.assertFalse(calendar.fazhi_is_working_day(D("2026-03-06")))
        self.assertEqual(calendar.fazhi_add_working_days(D("2026-03-05"), 1), D("2026-03-09"))
        self.assertFalse(calendar.fazhi_is_working_day(D("2026-03-28")), "before date_from")
        self.assertFalse(calendar.fazhi_is_working_day(D("2026-04-04")), "Qingming holiday")
        self.assertTrue(calendar.fazhi_is_working_day(D("2026-04-11")), "Saturday worked")
        self.assertEqual(calendar.fazhi_add_working_days(D("2026-04-09"), 1), D("2026-04-11"))

    def test_calendar_choice(self):
        four_days = self.Calendar.create(
            {
                "name": "Monday to Thursday",
                "tz": "Asia/Shanghai",
                "company_id": self.other_company.id,
                "attendance_ids": _attendances("0123"),
            }
        )
        self.other_company.resource_calendar_id = four_days
        thursday = D("2026-03-05")
        # The company's working hours when no calendar is given.
        self.assertEqual(
            self.Calendar._fazhi_add_working_days(thursday, 1, company=self.other_company),
            D("2026-03-09"),
        )
        self.assertEqual(
            self.Calendar.with_company(self.other_company)._fazhi_add_working_days(thursday, 1),
            D("2026-03-09"),
        )
        self.assertEqual(
            self.Calendar.with_company(self.other_company).fazhi_add_working_days(thursday, 1),
            D("2026-03-09"),
            "an empty calendar recordset means the company's",
        )
        # The given calendar wins over the company's.
        self.assertEqual(
            self.Calendar._fazhi_add_working_days(
                thursday, 1, calendar=self.calendar, company=self.other_company
            ),
            D("2026-03-06"),
        )
        self.assertEqual(self.calendar.fazhi_add_working_days(thursday, 1), D("2026-03-06"))
        # Without any calendar: Monday to Friday, holidays still apply.
        self.other_company.resource_calendar_id = False
        self.assertEqual(
            self.Calendar._fazhi_add_working_days(thursday, 1, company=self.other_company),
            D("2026-03-06"),
        )
        self.assertEqual(
            self.Calendar._fazhi_add_working_days(D("2026-09-30"), 3, company=self.other_company),
            D("2026-10-10"),
        )

    def test_schedule_without_working_day_refused(self):
        ended = self.Calendar.create(
            {
                "name": "Ended in 2020",
                "tz": "Asia/Shanghai",
                "attendance_ids": _attendances(
                    "01234", **{d: {"date_to": D("2020-12-31")} for d in "01234"}
                ),
            }
        )
        self.assertEqual(ended.fazhi_add_working_days(D("2020-12-30"), 1), D("2020-12-31"))
        # Only the shipped make-up working days are left after 2020.
        self.assertEqual(ended.fazhi_add_working_days(D("2024-12-31"), 1), D("2025-01-26"))
        with self.assertRaises(UserError):
            ended.fazhi_add_working_days(D("2026-10-10"), 1)

    def test_calendar_without_attendance(self):
        """A flexible calendar (no attendance lines) works Monday to Friday."""
        flexible = self.Calendar.create(
            {
                "name": "Flexible",
                "tz": "Asia/Shanghai",
                "flexible_hours": True,
                "attendance_ids": [Command.clear()],
            }
        )
        self.assertFalse(flexible.attendance_ids)
        self.assertEqual(flexible.fazhi_add_working_days(D("2026-03-06"), 1), D("2026-03-09"))
        self.assertEqual(flexible.fazhi_add_working_days(D("2026-09-30"), 1), D("2026-10-08"))

    def test_company_specific_days(self):
        other = self.other_company
        self.Holiday.create(
            [
                {"date": "2026-03-11", "kind": "holiday", "name": "Local", "company_id": other.id},
                # Overrides the all-companies make-up working day for this company.
                {"date": "2026-10-10", "kind": "holiday", "name": "Local", "company_id": other.id},
            ]
        )
        self.assertTrue(self.is_working("2026-03-11", company=self.company))
        self.assertFalse(self.is_working("2026-03-11", company=other))
        self.assertTrue(self.is_working("2026-10-10", company=self.company))
        self.assertFalse(self.is_working("2026-10-10", company=other))
        # Without explicit company, the calendar's company is used.
        self.assertTrue(self.calendar.fazhi_is_working_day(D("2026-03-11")))

    # ------------------------------------------------------------------
    # The office maintains the list
    # ------------------------------------------------------------------
    def test_holiday_added_for_2027_is_honoured(self):
        thursday = D("2027-09-30")
        self.assertEqual(self.add(thursday, 1), D("2027-10-01"))
        self.assertFalse(self.is_working("2027-09-26"))
        with Form(self.Holiday.with_user(self.office)) as form:
            form.date = D("2027-10-01")
            form.name = "国庆节"
            self.assertEqual(form.kind, "holiday")
        holiday = form.record
        self.assertEqual((holiday.year, holiday.weekday), (2027, "4"))
        make_up = self.Holiday.with_user(self.office).create(
            {"date": D("2027-09-26"), "kind": "workday", "name": "国庆节"}
        )
        self.assertEqual(self.add(thursday, 1), D("2027-10-04"))
        self.assertTrue(self.is_working("2027-09-26"), "make-up Sunday")
        # Archived entries no longer count.
        (holiday | make_up).with_user(self.office).action_archive()
        self.assertEqual(self.add(thursday, 1), D("2027-10-01"))
        self.assertFalse(self.is_working("2027-09-26"))

    def test_staff_cannot_edit_holidays(self):
        holiday = self.env.ref("fazhi_base.holiday_2026_10_01").with_user(self.staff)
        self.assertEqual(holiday.name, "国庆节")
        with self.assertRaises(AccessError):
            self.Holiday.with_user(self.staff).create(
                {"date": D("2027-01-01"), "kind": "holiday", "name": "元旦"}
            )
        with self.assertRaises(AccessError):
            holiday.name = "Changed"
        # The staff still gets deadlines (holidays read as superuser).
        self.assertEqual(
            self.Calendar.with_user(self.staff)._fazhi_add_working_days(
                D("2026-09-30"), 1, calendar=self.calendar
            ),
            D("2026-10-08"),
        )

    def test_duplicate_date_refused(self):
        with self.assertRaises(ValidationError):
            self.Holiday.create({"date": D("2026-10-01"), "kind": "holiday", "name": "Again"})
        with self.assertRaises(ValidationError):
            self.Holiday.create(
                [
                    {"date": D("2027-01-01"), "kind": "holiday", "name": "元旦"},
                    {"date": D("2027-01-01"), "kind": "holiday", "name": "元旦"},
                ]
            )
        new_year = self.Holiday.create({"date": D("2027-01-01"), "kind": "holiday", "name": "元旦"})
        with self.assertRaises(ValidationError):
            new_year.date = D("2026-10-02")
        # An archived duplicate would come back when unarchived: refused too.
        new_year.action_archive()
        with self.assertRaises(ValidationError):
            self.Holiday.create({"date": D("2027-01-01"), "kind": "holiday", "name": "元旦"})
        # The same date for one company is allowed once, twice is refused.
        self.Holiday.create(
            {
                "date": D("2026-10-01"),
                "kind": "holiday",
                "name": "国庆节",
                "company_id": self.other_company.id,
            }
        )
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.Holiday.create(
                {
                    "date": D("2026-10-01"),
                    "kind": "holiday",
                    "name": "国庆节",
                    "company_id": self.other_company.id,
                }
            )

    def test_data_reload_and_import_take_over_existing_days(self):
        """A module update or an import never trips on a day entered by hand."""
        self.env.ref("fazhi_base.holiday_2026_10_01").unlink()
        by_hand = self.Holiday.create(
            {"date": D("2026-10-01"), "kind": "holiday", "name": "National Day"}
        )
        # What the module update does with the shipped CSV row.
        loaded = self.Holiday._load_records(
            [
                {
                    "xml_id": "fazhi_base.holiday_2026_10_01",
                    "values": {"date": "2026-10-01", "kind": "holiday", "name": "国庆节"},
                    "noupdate": False,
                }
            ],
            update=True,
        )
        self.assertEqual(loaded, by_hand)
        self.assertEqual(self.env.ref("fazhi_base.holiday_2026_10_01"), by_hand)
        self.assertEqual(by_hand.name, "国庆节")
        # An import listing a known day and a new one.
        result = self.Holiday.load(
            ["date", "kind", "name"],
            [["2026-10-02", "holiday", "国庆节"], ["2027-01-01", "holiday", "元旦"]],
        )
        self.assertFalse(result["messages"])
        self.assertEqual(
            self.Holiday.search_count([("date", "in", [D("2026-10-01"), D("2026-10-02")])]), 2
        )
        self.assertEqual(self.Holiday.search_count([("date", "=", D("2027-01-01"))]), 1)
        self.assertEqual(
            result["ids"][0], self.env.ref("fazhi_base.holiday_2026_10_02").id, "updated in place"
        )

    def test_make_up_working_day_on_weekday_refused(self):
        with self.assertRaises(ValidationError) as refusal:
            self.Holiday.create({"date": D("2027-03-03"), "kind": "workday", "name": "Wrong"})
        self.assertIn("Saturday or a Sunday", str(refusal.exception))
        holiday = self.Holiday.create({"date": D("2027-03-03"), "kind": "holiday", "name": "Ok"})
        with self.assertRaises(ValidationError):
            holiday.kind = "workday"
        # Weekends are fine for both kinds.
        self.Holiday.create(
            [
                {"date": D("2027-03-06"), "kind": "workday", "name": "Saturday"},
                {"date": D("2027-03-07"), "kind": "holiday", "name": "Sunday"},
            ]
        )
