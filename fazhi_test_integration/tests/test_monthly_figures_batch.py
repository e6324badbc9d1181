"""The monthly report figures of many units computed at once are those of each
unit computed alone (the hooks aggregate over all the units of a batch)."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

MONTHS = (date(2025, 10, 1), date(2025, 11, 1))


@tagged("post_install", "-at_install")
class TestMonthlyFiguresBatch(TransactionCase):
    """Four units, three with records of every kind over two months (SQL, as
    at scale), one without any: the lines of their eight reports computed in
    one batch equal those computed report by report."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Unit = cls.env["fazhi.unit"]
        commission = Unit.create({"name": "批量月报卫健委", "code": "T-BATCH"})
        cls.units = Unit.create(
            [
                {
                    "name": f"批量月报单位{index}",
                    "code": f"T-BATCH-{index}",
                    "parent_id": commission.id,
                }
                for index in range(4)
            ]
        )
        partner = cls.env["res.partner"].create(
            {"name": "批量月报相对人", "is_company": True, "fazhi_counterpart_type": "enterprise"}
        )
        field = cls.env["fazhi.professional.field"].search([], limit=1)
        category = cls.env["fazhi.complaint.category"].search([], limit=1)
        survey = cls.env.ref("fazhi_satisfaction.survey_survey_001")
        cls.env.flush_all()
        # Units 0-2 have records; the counts differ per unit (n = 1 + index).
        params = {
            "units": cls.units[:3].ids,
            "company": cls.env.company.id,
            "partner": partner.id,
            "field": field.id,
            "category": category.id,
            "survey": survey.id,
            "start": date(2025, 9, 1),
        }
        cls.env.cr.execute(
            SQL(
                """
                WITH data AS (
                    SELECT u, row_number() OVER (ORDER BY u) AS n, i
                      FROM unnest(%(units)s::int[]) u, generate_series(1, 40) i
                )
                INSERT INTO fazhi_enforcement_case
                    (unit_id, company_id, partner_id, number, case_type, closing_date,
                     decision_date, professional_field_id, fine_amount, penalty_amount,
                     is_major, legal_reviewed, publication_required, publication_deadline,
                     publication_date, published_on_time, create_uid, create_date,
                     write_uid, write_date)
                SELECT u, %(company)s, %(partner)s, 'T-BATCH-' || u || '-' || i,
                       CASE WHEN mod(i, 2) = 0 THEN 'penalty' ELSE 'inspection' END,
                       %(start)s::date + mod(i * n::int * 7, 90),
                       %(start)s::date + mod(i * n::int * 7, 90), %(field)s,
                       100 * i, 100 * i, mod(i, 3) = 0, mod(i, 6) = 0, mod(i, 2) = 0,
                       %(start)s::date + mod(i * n::int * 7, 90) + 7,
                       CASE WHEN mod(i, 5) > 0 THEN %(start)s::date + mod(i * n::int * 7, 90) + 3 END,
                       mod(i, 5) > 0, 1, now(), 1, now()
                  FROM data
                 WHERE i <= 10 * n
                """,
                **params,
            )
        )
        cls.env.cr.execute(
            SQL(
                """
                INSERT INTO fazhi_case_callback
                    (case_id, unit_id, company_id, partner_id, case_type, state, satisfaction,
                     planned_month, deadline, date, create_uid, create_date, write_uid,
                     write_date)
                SELECT id, unit_id, company_id, partner_id, case_type,
                       CASE WHEN mod(id, 4) = 0 THEN 'planned'
                            WHEN mod(id, 4) = 1 THEN 'unreachable' ELSE 'done' END,
                       CASE WHEN mod(id, 4) = 2 THEN 'satisfied'
                            WHEN mod(id, 4) = 3 THEN 'dissatisfied' END,
                       date_trunc('month', closing_date + interval '1 month')::date,
                       (date_trunc('month', closing_date + interval '2 month')
                        - interval '1 day')::date,
                       CASE WHEN mod(id, 4) > 1 THEN
                            date_trunc('month', closing_date + interval '1 month')::date
                            + mod(id, 45) END,
                       1, now(), 1, now()
                  FROM fazhi_enforcement_case WHERE unit_id = ANY(%(units)s)
                """,
                **params,
            )
        )
        cls.env.cr.execute(
            SQL(
                """
                WITH data AS (
                    SELECT u, row_number() OVER (ORDER BY u) AS n, i
                      FROM unnest(%(units)s::int[]) u, generate_series(1, 30) i
                )
                INSERT INTO fazhi_complaint
                    (company_id, category_id, accused_unit_id, unit_id, reference, channel,
                     state, description, received_at, received_date, concluded_date,
                     concluded_on_time, outcome, feedback_date, callback_date, satisfaction,
                     is_anonymous, create_uid, create_date, write_uid, write_date)
                SELECT %(company)s, %(category)s, u, u, 'T-BATCH-TS-' || u || '-' || i,
                       CASE WHEN mod(i, 3) = 0 THEN 'bad_review' ELSE 'phone' END, 'callback',
                       '批量投诉', d + time '01:00', d, d + 10 + mod(i, 20), mod(i, 4) > 0,
                       CASE WHEN mod(i, 2) = 0 THEN 'substantiated' ELSE 'unsubstantiated' END,
                       CASE WHEN mod(i, 3) > 0 THEN d + 12 END,
                       CASE WHEN mod(i, 5) > 0 THEN d + 14 END,
                       CASE WHEN mod(i, 5) > 1 THEN 'satisfied'
                            WHEN mod(i, 5) = 1 THEN 'unsatisfied' END,
                       mod(i, 7) = 0, 1, now(), 1, now()
                  FROM data, LATERAL (SELECT %(start)s::date + mod(i * n::int * 5, 80) AS d) dd
                 WHERE i <= 10 * n
                """,
                **params,
            )
        )
        cls.env.cr.execute(
            SQL(
                """
                CREATE TEMP TABLE data AS
                SELECT u, row_number() OVER (ORDER BY u) AS n, i
                  FROM unnest(%(units)s::int[]) u, generate_series(1, 45) i;
                INSERT INTO fazhi_followup
                    (company_id, unit_id, name, kind, state, deadline,
                     create_uid, create_date, write_uid, write_date)
                SELECT %(company)s, u, '批量整改' || u || '-' || i,
                       (ARRAY['rectification', 'supervision'])[1 + mod(i, 2)],
                       (ARRAY['open', 'in_progress', 'done', 'verified', 'cancelled'])
                       [1 + mod(i, 5)],
                       %(start)s::date + mod(i * n::int * 3, 85), 1,
                       %(start)s::timestamp + make_interval(days => mod(i * n::int * 3, 85)),
                       1, now()
                  FROM data WHERE i <= 15 * n;
                INSERT INTO fazhi_followup
                    (company_id, unit_id, name, kind, state, deadline, res_model, res_id,
                     create_uid, create_date, write_uid, write_date)
                SELECT company_id, accused_unit_id, '差评整改' || id, 'rectification',
                       CASE WHEN mod(id, 2) = 0 THEN 'open' ELSE 'done' END,
                       concluded_date + 5, 'fazhi.complaint', id, 1, now(), 1, now()
                  FROM fazhi_complaint
                 WHERE accused_unit_id = ANY(%(units)s) AND channel = 'bad_review';
                INSERT INTO fazhi_licensing_record
                    (unit_id, company_id, legal_days, actual_days, days_compressed, name,
                     matter, applicant, received_date, concluded_date, on_time,
                     create_uid, create_date, write_uid, write_date)
                SELECT u, %(company)s, 20, 5 + mod(i, 20), 15 - mod(i, 20),
                       'T-BATCH-L-' || u || '-' || i, '公共场所卫生许可', '申请人',
                       %(start)s::date + mod(i * 3 + u, 80), %(start)s::date + mod(i * 3 + u, 80) + 6,
                       mod(i, 4) > 0, 1, now(), 1, now()
                  FROM data;
                INSERT INTO fazhi_inspection_plan
                    (unit_id, company_id, year, professional_field_id, planned_count,
                     create_uid, create_date, write_uid, write_date)
                SELECT u, %(company)s, 2025, %(field)s, 20 * n, 1, now(), 1, now()
                  FROM data WHERE i = 1;
                INSERT INTO fazhi_inspection_record
                    (plan_id, unit_id, company_id, visit_count, result, date,
                     create_uid, create_date, write_uid, write_date)
                SELECT p.id, p.unit_id, p.company_id, 1, 'compliant',
                       %(start)s::date + mod(i * 7 + p.unit_id, 85), 1, now(), 1, now()
                  FROM fazhi_inspection_plan p, generate_series(1, 25) i
                 WHERE p.unit_id = ANY(%(units)s);
                INSERT INTO fazhi_legal_dispute
                    (name, kind, unit_id, company_id, received_date, concluded_date,
                     hearing_date, outcome, is_corrected, head_appeared,
                     create_uid, create_date, write_uid, write_date)
                SELECT 'T-BATCH-D-' || u || '-' || i,
                       CASE WHEN mod(i, 2) = 0 THEN 'reconsideration' ELSE 'litigation' END,
                       u, %(company)s, %(start)s::date + mod(i * 9 + u, 60),
                       %(start)s::date + mod(i * 9 + u, 60) + 20,
                       %(start)s::date + mod(i * 9 + u, 60) + 15,
                       CASE WHEN mod(i, 3) = 0 THEN 'revoked' ELSE 'maintained' END,
                       mod(i, 3) = 0, mod(i, 2) = 1, 1, now(), 1, now()
                  FROM data WHERE i <= 3 * n;
                INSERT INTO fazhi_training_session
                    (unit_id, company_id, name, kind, date, hours, participant_count,
                     passed_count, has_exam, create_uid, create_date, write_uid, write_date)
                SELECT u, %(company)s, '培训' || u || '-' || i, 'training',
                       %(start)s::date + mod(i * 11 + u, 85), 4, 10 + i, 8 + i, mod(i, 2) = 0,
                       1, now(), 1, now()
                  FROM data WHERE i <= 2 * n;
                INSERT INTO fazhi_publicity_activity
                    (unit_id, company_id, name, kind, date, participant_count, material_count,
                     create_uid, create_date, write_uid, write_date)
                SELECT u, %(company)s, '普法' || u || '-' || i, 'lecture',
                       %(start)s::date + mod(i * 13 + u, 85), 30 + i, 50, 1, now(), 1, now()
                  FROM data WHERE i <= 2 * n;
                INSERT INTO fazhi_satisfaction_campaign
                    (unit_id, company_id, survey_id, state, month, snapshot_count, done_count,
                     target_rate, create_uid, create_date, write_uid, write_date)
                SELECT u, %(company)s, %(survey)s, 'closed', m, 10 * n, 7 * n + i, 0.8,
                       1, now(), 1, now()
                  FROM data, unnest(ARRAY['2025-10-01', '2025-11-01']::date[]) m
                 WHERE i = 1;
                DROP TABLE data;
                """,
                **params,
            )
        )
        cls.env.invalidate_all()

    def _lines(self, reports):
        """``{(unit, month): {code: (sequence, value, has_value, target)}}``."""
        reports.invalidate_recordset()
        return {
            (report.unit_id.id, report.month): {
                line.source: (line.sequence, line.value, line.has_value, line.target)
                for line in report.line_ids
            }
            for report in reports
        }

    @freeze_time("2025-11-20")
    def test_batch_equals_one_by_one(self):
        Report = self.env["fazhi.monthly.report"]
        # Report by report: each computes its figures alone.
        alone = Report.browse()
        for month in MONTHS:
            for unit in self.units:
                alone |= Report.create({"unit_id": unit.id, "month": month})
        one_by_one = self._lines(alone)
        self.assertEqual(len(one_by_one), 8)
        # Something was measured in every kind of figure, and the units differ.
        november = {unit.id: one_by_one[(unit.id, MONTHS[1])] for unit in self.units}
        for code in (
            "fazhi_base.followup_due",
            "fazhi_complaints.received",
            "fazhi_satisfaction.callback_done",
            "fazhi_satisfaction.interviews_done",
            "fazhi_records.licensing_received",
        ):
            with self.subTest(code=code):
                self.assertTrue(sum(november[unit.id][code][1] for unit in self.units[:3]))
        self.assertEqual(len({str(november[unit.id]) for unit in self.units}), 4)
        self.assertNotIn("fazhi_records.licensing_received", november[self.units[3].id])

        # All at once: the hooks' values, then the stored lines.
        collected = alone._fazhi_collect_figures()
        for report in alone:
            with self.subTest(unit=report.unit_id.name, month=report.month):
                self.assertEqual(collected[report.id], report._fazhi_collect_figures()[report.id])
        self.assertFalse(alone._fazhi_refresh_figures(), "nothing changes in a batch")
        self.assertEqual(self._lines(alone), one_by_one)

        # Created in one batch (other reports, same units and months).
        alone.unlink()
        batch = Report.create(
            [{"unit_id": unit.id, "month": month} for month in MONTHS for unit in self.units]
        )
        self.assertEqual(self._lines(batch), one_by_one)

        # A change is written to the right line of the right report only.
        self.env.cr.execute(
            "UPDATE fazhi_followup SET state = 'cancelled' WHERE unit_id = %s",
            [self.units[0].id],
        )
        self.env.invalidate_all()
        changed = batch._fazhi_refresh_figures()
        self.assertEqual(changed.unit_id, self.units[0])
        after = self._lines(batch)
        for key, lines in one_by_one.items():
            if key[0] != self.units[0].id:
                self.assertEqual(after[key], lines)
        self.assertEqual(after[(self.units[0].id, MONTHS[1])]["fazhi_base.followup_opened"][1], 0.0)
