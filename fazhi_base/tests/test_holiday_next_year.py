"""Next year's public holidays: the warning from 1 November, the CSV load,
and provisional deadlines."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import TransactionCase, new_test_user

# The format of the shipped data/fazhi.holiday.csv (2027 days made up for the test).
CSV_2027 = b"""id,date,kind,name
holiday_2027_01_01,2027-01-01,holiday,\xe5\x85\x83\xe6\x97\xa6
holiday_2027_02_06,2027-02-06,holiday,\xe6\x98\xa5\xe8\x8a\x82
holiday_2027_02_07,2027-02-07,workday,\xe6\x98\xa5\xe8\x8a\x82
"""


class TestHolidayNextYear(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.office = new_test_user(
            cls.env, login="hy_office", groups="fazhi_base.group_fazhi_office"
        )
        cls.Holiday = cls.env["fazhi.holiday"]
        # Whatever a database holds for 2027, the test starts without it.
        cls.Holiday.with_context(active_test=False).search([("year", "=", 2027)]).unlink()

    def _notifications(self):
        return self.env["mail.message"].search(
            [
                ("partner_ids", "in", self.office.partner_id.ids),
                ("subject", "ilike", "2027"),
            ]
        )

    def _import_2027(self):
        importer = self.env["base_import.import"].create(
            {
                "res_model": "fazhi.holiday",
                "file": CSV_2027,
                "file_name": "holidays_2027.csv",
                "file_type": "text/csv",
            }
        )
        columns = ["id", "date", "kind", "name"]
        result = importer.execute_import(
            columns,
            columns,
            {"quoting": '"', "separator": ",", "has_headers": True, "date_format": "%Y-%m-%d"},
        )
        self.assertFalse(result["messages"], result["messages"])

    def test_warning_from_november_until_loaded(self):
        with freeze_time("2026-10-31"):
            self.assertFalse(self.Holiday._fazhi_next_year_missing())
            self.Holiday._cron_warn_missing_holidays()
            self.assertFalse(self._notifications())
        with freeze_time("2026-11-01"):
            self.assertEqual(self.Holiday._fazhi_next_year_missing(), 2027)
            # The settings page (administrators) shows the warning.
            settings = self.env["res.config.settings"].create({})
            self.assertEqual(settings.fazhi_holiday_missing_year, 2027)
            self.Holiday._cron_warn_missing_holidays()
            self.assertEqual(len(self._notifications()), 1)
            self.Holiday._cron_warn_missing_holidays()
            self.assertEqual(len(self._notifications()), 1, "not every day")
        with freeze_time("2026-11-08"):
            self.Holiday._cron_warn_missing_holidays()
            self.assertEqual(len(self._notifications()), 2, "again a week later")
            self._import_2027()
            self.assertFalse(self.Holiday._fazhi_next_year_missing())
            settings = self.env["res.config.settings"].create({})
            self.assertFalse(settings.fazhi_holiday_missing_year)
        with freeze_time("2026-11-20"):
            self.Holiday._cron_warn_missing_holidays()
            self.assertEqual(len(self._notifications()), 2, "loaded: no more warnings")

    def test_csv_in_the_shipped_format(self):
        self._import_2027()
        days = self.Holiday.search([("year", "=", 2027)], order="date")
        self.assertEqual(days.mapped("kind"), ["holiday", "holiday", "workday"])
        self.assertEqual(days[0].name, "元旦")
        # Importing the same file again updates instead of failing on the dates.
        self._import_2027()
        self.assertEqual(self.Holiday.search_count([("year", "=", 2027)]), 3)

    def test_deadlines_into_a_missing_year_are_provisional(self):
        self.assertTrue(self.Holiday._fazhi_is_provisional(date(2026, 12, 20), date(2027, 1, 10)))
        self.assertFalse(self.Holiday._fazhi_is_provisional(date(2026, 3, 1), date(2026, 4, 10)))
        self._import_2027()
        self.assertFalse(self.Holiday._fazhi_is_provisional(date(2026, 12, 20), date(2027, 1, 10)))
