from datetime import date

from freezegun import freeze_time

from .common import ComplaintCase


class TestFigures(ComplaintCase):
    def test_monthly_report_lines_and_analysis(self):
        with freeze_time("2030-01-10"):
            on_time = self._to_state(self._register(received_at="2030-01-05 02:00:00"), "callback")
            unfounded = self._to_state(
                self._register(received_at="2030-01-06 02:00:00", channel="bad_review"),
                "concluded",
                outcome="unfounded",
            )
            self._register(received_at="2030-01-07 02:00:00")
        self.assertTrue(on_time.concluded_on_time)
        report = self.env["fazhi.monthly.report"].create(
            {"unit_id": self.unit.id, "month": date(2030, 1, 1)}
        )
        report._fazhi_refresh_figures()
        values = {line.source: line.value for line in report.line_ids}
        self.assertEqual(values["fazhi_complaints.received"], 3)
        self.assertEqual(values["fazhi_complaints.concluded"], 2)
        self.assertEqual(values["fazhi_complaints.on_time_rate"], 100.0)
        self.assertEqual(values["fazhi_complaints.substantiated_rate"], 50.0)
        self.assertEqual(values["fazhi_complaints.feedback_rate"], 50.0)
        self.assertEqual(values["fazhi_complaints.satisfaction_rate"], 100.0)
        # The real-name bad review was concluded but not called back yet.
        self.assertEqual(values["fazhi_complaints.bad_review_rectified_rate"], 0.0)
        shown = {
            line.source: line.with_context(lang="en_US").value_display for line in report.line_ids
        }
        self.assertEqual(shown["fazhi_complaints.received"], "3 items")
        self.assertEqual(shown["fazhi_complaints.on_time_rate"], "100 %")
        # A month without concluded complaints has no rate, not 0 %.
        empty = self.env["fazhi.monthly.report"].create(
            {"unit_id": self.unit.id, "month": date(2030, 3, 1)}
        )
        rate = empty.line_ids.filtered(lambda line: line.source == "fazhi_complaints.on_time_rate")
        self.assertFalse(rate.has_value)
        self.assertEqual(rate.value_display, "—")
        self.assertEqual(rate.with_context(lang="en_US").target_display, "100 %")
        unfounded.write({"feedback_method": "phone", "feedback_content": "Told."})
        unfounded.action_give_feedback()
        unfounded.write({"satisfaction": "basically_satisfied"})
        unfounded.action_record_satisfaction()

        Analysis = self.env["fazhi.complaint.analysis"].with_user(self.manager)
        groups = Analysis._read_group(
            [("unit_id", "=", self.unit.id)],
            ["channel"],
            [
                "__count",
                "on_time_rate:avg",
                "substantiated_rate:avg",
                "bad_review_rectified_rate:avg",
            ],
        )
        by_channel = {g[0]: g[1:] for g in groups}
        self.assertEqual(by_channel["phone"][1:3], (100.0, 100.0))
        self.assertEqual(by_channel["bad_review"][3], 100.0)
        # A manager of another unit sees nothing of this unit.
        other = self.env["res.users"].create(
            {
                "name": "TC other manager",
                "login": "tc_other_manager",
                "groups_id": [(6, 0, [self.env.ref("fazhi_base.group_fazhi_unit_manager").id])],
            }
        )
        self.assertFalse(self.env["fazhi.complaint.analysis"].with_user(other).search([]))

    def test_pivot_and_monthly_report_agree_by_accused_unit(self):
        """One dimension, the accused unit: known at registration, used by the
        pivot's rows and by the monthly report; both count the same complaints."""
        with freeze_time("2030-01-10"):
            # About self.unit, concluded.
            self._to_state(self._register(received_at="2030-01-05 02:00:00"), "concluded")
            # About the other unit, handled (responsible unit) by self.unit.
            self._to_state(
                self._register(
                    received_at="2030-01-06 02:00:00", accused_unit_id=self.other_unit.id
                ),
                "concluded",
            )
            # Registered only: no responsible unit yet.
            self._register(received_at="2030-01-07 02:00:00")
            self._register(received_at="2030-01-08 02:00:00")
        Analysis = self.env["fazhi.complaint.analysis"]
        view = Analysis.get_view(view_type="pivot")["arch"]
        self.assertIn('name="accused_unit_id" type="row"', view)
        self.assertNotIn('sample="1"', view)
        reports = self.env["fazhi.monthly.report"].create(
            [
                {"unit_id": unit.id, "month": date(2030, 1, 1)}
                for unit in (self.unit, self.other_unit)
            ]
        )
        for user in (self.office, self.leader, self.manager):
            pivot = {
                (unit, month): (count, concluded_count)
                for unit, month, count, concluded_count in Analysis.with_user(user)._read_group(
                    [("accused_unit_id", "in", reports.unit_id.ids)],
                    ["accused_unit_id", "month:month"],
                    ["complaint_count:sum", "concluded_count:sum"],
                )
            }
            for report in reports:
                if user == self.manager and report.unit_id != self.unit:
                    continue  # not the manager's unit
                with self.subTest(user=user.login, unit=report.unit_id.name):
                    values = {line.source: line.value for line in report.line_ids}
                    count, concluded_count = pivot[(report.unit_id, date(2030, 1, 1))]
                    self.assertEqual(values["fazhi_complaints.received"], count)
                    # All were received and concluded in the same month here.
                    self.assertEqual(values["fazhi_complaints.concluded"], concluded_count)
        pivot = {
            unit: (count, concluded_count)
            for unit, count, concluded_count in Analysis._read_group(
                [("month", "=", date(2030, 1, 1))],
                ["accused_unit_id"],
                ["complaint_count:sum", "concluded_count:sum"],
            )
        }
        self.assertEqual(pivot[self.unit], (3, 1))
        self.assertEqual(pivot[self.other_unit], (1, 1))

    def test_measure_per_unit_and_period(self):
        """The registry's ``measure`` gives 按期办结率 and 实名差评回访整改率 of each
        unit over any period (the indicators' live values): the monthly
        report's figures for a month, ``None`` for a unit without complaint."""
        with freeze_time("2030-01-10"):
            self._to_state(self._register(received_at="2030-01-05 02:00:00"), "callback")
            bad = self._to_state(
                self._register(received_at="2030-01-06 02:00:00", channel="bad_review"),
                "concluded",
                outcome="unfounded",
            )
        other = self.env["fazhi.unit"].create({"name": "TC measure other unit"})
        Report = self.env["fazhi.monthly.report"]
        codes = {"fazhi_complaints.on_time_rate", "fazhi_complaints.bad_review_rectified_rate"}
        units = self.unit | other

        def measure(date_from=date(2030, 1, 1), date_to=date(2030, 2, 1)):
            return Report._fazhi_figure_measure_values(codes, units, date_from, date_to)

        values = measure()
        self.assertEqual(values["fazhi_complaints.on_time_rate"][self.unit], 100.0)
        self.assertEqual(values["fazhi_complaints.bad_review_rectified_rate"][self.unit], 0.0)
        self.assertIsNone(values["fazhi_complaints.on_time_rate"][other])
        self.assertIsNone(values["fazhi_complaints.bad_review_rectified_rate"][other])
        report = Report.create({"unit_id": self.unit.id, "month": date(2030, 1, 1)})
        lines = {line.source: line.value for line in report.line_ids}
        for code in codes:
            self.assertEqual(values[code][self.unit], lines[code], code)
        # Called back (feedback given, satisfaction recorded): rectified.
        bad.write({"feedback_method": "phone", "feedback_content": "Told."})
        bad.action_give_feedback()
        bad.write({"satisfaction": "basically_satisfied"})
        bad.action_record_satisfaction()
        self.assertEqual(measure()["fazhi_complaints.bad_review_rectified_rate"][self.unit], 100.0)
        # Another period: nothing concluded.
        empty = measure(date(2030, 3, 1), date(2030, 4, 1))
        self.assertIsNone(empty["fazhi_complaints.on_time_rate"][self.unit])
