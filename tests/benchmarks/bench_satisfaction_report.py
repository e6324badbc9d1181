"""Satisfaction statistics and yearly archive at province scale.

Scale: 1,000,000 answer lines (survey_user_input_line) of 47,620 submitted
answers of the 21 questions of the shipped questionnaire 依法行政调查问卷,
for 20 units x 12 monthly campaigns, inserted with SQL (generate_series);
then 100,000 answer lines of one more unit for one year.

Measures, each beside its anchor from the same run:

1. The managers' pivot on ``fazhi.satisfaction.answer.report``: ``_read_group``
   grouped by unit and month with the rate averages and the answer count (as
   superuser and as a supervision-office user, record rules included), and the
   pivot's own ``read_group`` call. Anchor: the raw SQL GROUP BY of the answer
   lines joined to their choice's rating (goal: within 2x).
2. The yearly XLSX of 100,000 answer lines
   (``fazhi.satisfaction.archive._fazhi_generate_xlsx``: SQL streamed through a
   server-side cursor into xlsxwriter in constant_memory mode). Anchor:
   xlsxwriter writing the same rows, already in memory, with ``write_row``
   (goal: within 1.5x), and the peak memory of the generation (tracemalloc peak
   and the growth of the process's max RSS; goal < 200 MB).

Everything happens in one transaction that is rolled back at the end. The rows
inserted leave dead tuples in survey_user_input_line, survey_user_input,
fazhi_satisfaction_task and res_partner until autovacuum: VACUUM them before
comparing runs.

    .venv/bin/python tests/benchmarks/bench_satisfaction_report.py -c .fazhi/odoo.conf -d DB
"""

import io
import math
import resource
import time
import tracemalloc
from datetime import date

import benchlib
import xlsxwriter

from odoo import Command
from odoo.tools import SQL

CHANNELS = ["phone", "wechat", "meeting", "visit", "online"]


def maxrss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def line(label, value, anchor_label, anchor, goal):
    ratio = value / anchor if anchor else float("inf")
    print(
        f"  {label:<58} {value:8.3f} s | anchor {anchor_label}: {anchor:.3f} s"
        f" | ratio {ratio:5.2f} (goal <= {goal})"
    )


class Bench:
    def __init__(self, env, lines, xlsx_lines, repeat):
        self.env = env
        self.cr = env.cr
        self.lines = lines
        self.xlsx_lines = xlsx_lines
        self.repeat = repeat
        self.survey = env.ref("fazhi_satisfaction.survey_survey_001")
        self.questions = self.survey.question_ids.filtered(
            lambda q: q.question_type == "simple_choice" and not q.fazhi_is_private_gate
        )

    # ------------------------------------------------------------------
    # Data
    # ------------------------------------------------------------------
    def make_partners(self, count):
        types = ["natural", "enterprise", "private_enterprise", "medical", "public_place", "other"]
        return (
            self.env["res.partner"]
            .with_context(tracking_disable=True)
            .create(
                [
                    {
                        "name": f"Bench counterpart {index}",
                        "fazhi_counterpart_type": types[index % 6],
                    }
                    for index in range(count)
                ]
            )
        )

    def make_answers(self, units, months, total_lines):
        """One campaign per unit and month, answers spread evenly over them,
        every answer answering the 21 questions; tasks, answers and lines by SQL,
        with the values the ORM stores (the lines' unit, company, campaign, month
        and submission of survey_user_input_line.py).

        :return: number of lines inserted
        """
        answers = math.ceil(total_lines / len(self.questions))
        per_campaign = math.ceil(answers / (len(units) * len(months)))
        partners = self.make_partners(per_campaign)
        campaigns = (
            self.env["fazhi.satisfaction.campaign"]
            .with_context(tracking_disable=True)
            .create(
                [
                    {"unit_id": unit.id, "month": month, "survey_id": self.survey.id}
                    for unit in units
                    for month in months
                ]
            )
        )
        self.env.flush_all()
        cr = self.cr
        # one task per campaign and counterpart rank (generate_series)
        cr.execute(
            SQL(
                """
                INSERT INTO fazhi_satisfaction_task
                    (campaign_id, unit_id, month, company_id, partner_id, counterpart_type,
                     channel, state, completed_date, create_uid, create_date, write_uid,
                     write_date)
                SELECT c.id, c.unit_id, c.month, c.company_id, p.id, p.fazhi_counterpart_type,
                       (%(channels)s::varchar[])[1 + mod(rank, 5)], 'done',
                       c.month + interval '9 days', 1, now(), 1, now()
                FROM fazhi_satisfaction_campaign c
                CROSS JOIN generate_series(0, %(per_campaign)s - 1) AS rank
                JOIN res_partner p ON p.id = (%(partners)s::int[])[1 + rank]
                WHERE c.id = ANY(%(campaigns)s)
                """,
                channels=CHANNELS,
                per_campaign=per_campaign,
                partners=partners.ids,
                campaigns=campaigns.ids,
            )
        )
        # the first `answers` tasks get a submitted answer
        cr.execute(
            SQL(
                """
                INSERT INTO survey_user_input
                    (survey_id, partner_id, state, access_token, fazhi_unit_id, fazhi_task_id,
                     fazhi_campaign_id, start_datetime, end_datetime, create_uid, create_date,
                     write_uid, write_date)
                SELECT %(survey)s, t.partner_id, 'done', md5(random()::text || t.id),
                       t.unit_id, t.id, t.campaign_id, t.month + interval '9 days',
                       t.month + interval '9 days 10 minutes', 1, t.month + interval '9 days',
                       1, now()
                FROM (
                    SELECT t.* FROM fazhi_satisfaction_task t
                    WHERE t.campaign_id = ANY(%(campaigns)s) ORDER BY t.id LIMIT %(answers)s
                ) t
                """,
                survey=self.survey.id,
                campaigns=campaigns.ids,
                answers=answers,
            )
        )
        # 21 lines per answer: a choice of each question, spread over its choices
        cr.execute(
            SQL(
                """
                WITH questions AS (
                    SELECT row_number() OVER (ORDER BY q.sequence, q.id) - 1 AS idx,
                           q.id, q.sequence,
                           array_agg(a.id ORDER BY a.sequence, a.id) AS choices
                    FROM survey_question q
                    JOIN survey_question_answer a ON a.question_id = q.id
                    WHERE q.id = ANY(%(questions)s)
                    GROUP BY q.id
                )
                INSERT INTO survey_user_input_line
                    (user_input_id, survey_id, question_id, question_sequence, answer_type,
                     suggested_answer_id, skipped, fazhi_unit_id, fazhi_company_id,
                     fazhi_campaign_id, fazhi_month, fazhi_submitted, create_uid, create_date,
                     write_uid, write_date)
                SELECT ui.id, ui.survey_id, q.id, q.sequence, 'suggestion',
                       q.choices[1 + mod(ui.id * 7 + q.idx * 13 + ui.id / 5,
                                         cardinality(q.choices))],
                       false, ui.fazhi_unit_id, c.company_id, ui.fazhi_campaign_id, c.month, true,
                       1, now(), 1, now()
                FROM survey_user_input ui
                JOIN fazhi_satisfaction_campaign c ON c.id = ui.fazhi_campaign_id
                CROSS JOIN questions q
                WHERE ui.fazhi_campaign_id = ANY(%(campaigns)s)
                """,
                questions=self.questions.ids,
                campaigns=campaigns.ids,
            )
        )
        inserted = cr.rowcount
        self.env.invalidate_all()
        return inserted

    def analyze(self):
        for table in (
            "survey_user_input_line",
            "survey_user_input",
            "fazhi_satisfaction_task",
            "fazhi_satisfaction_campaign",
            "res_partner",
        ):
            self.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))

    # ------------------------------------------------------------------
    # 1. Pivot
    # ------------------------------------------------------------------
    def bench_pivot(self):
        months = [date(2025, month, 1) for month in range(1, 13)]
        units = self.env["fazhi.unit"].create(
            [{"name": f"Bench unit {index}", "code": f"BENCH-{index}"} for index in range(20)]
        )
        start = time.perf_counter()
        inserted = self.make_answers(units, months, self.lines)
        self.analyze()
        print(f"Data: {inserted:,} answer lines inserted in {time.perf_counter() - start:.1f} s")
        self.cr.execute("SELECT count(*) FROM survey_user_input_line")
        print(f"      survey_user_input_line holds {self.cr.fetchone()[0]:,} rows")

        office = self.env["res.users"].create(
            {
                "name": "Bench office",
                "login": "bench_office_satisfaction",
                "groups_id": [Command.set([self.env.ref("fazhi_base.group_fazhi_office").id])],
            }
        )
        Report = self.env["fazhi.satisfaction.answer.report"]
        aggregates = [
            "satisfaction_rate:avg",
            "unknown_rate:avg",
            "problem_rate:avg",
            "answer_count:sum",
        ]
        groupby = ["unit_id", "month:month"]

        def anchor():
            self.cr.execute(
                """
                SELECT choice.fazhi_rating, count(*)
                FROM survey_user_input_line line
                JOIN survey_question_answer choice ON choice.id = line.suggested_answer_id
                GROUP BY choice.fazhi_rating
                """
            )
            self.cr.fetchall()

        def anchor_same_groups():
            self.cr.execute(
                """
                SELECT ui.fazhi_unit_id, date_trunc('month', task.month),
                       avg(CASE WHEN choice.fazhi_rating IN ('satisfied', 'basically_satisfied')
                                THEN 100.0 WHEN choice.fazhi_rating = 'dissatisfied' THEN 0.0 END)
                FROM survey_user_input_line line
                JOIN survey_user_input ui ON ui.id = line.user_input_id
                JOIN survey_question_answer choice ON choice.id = line.suggested_answer_id
                JOIN fazhi_satisfaction_task task ON task.id = ui.fazhi_task_id
                WHERE ui.state = 'done'
                GROUP BY 1, 2
                """
            )
            self.cr.fetchall()

        def read_group_as(env_report):
            def run():
                self.env.invalidate_all()
                return env_report._read_group([], groupby, aggregates)

            return run

        def pivot_call():
            self.env.invalidate_all()
            return Report.with_user(office).read_group(
                [], ["satisfaction_rate:avg", "__count"], groupby, lazy=False
            )

        groups = Report.sudo()._read_group([], groupby, aggregates)
        print(f"      {len(groups)} unit x month groups")
        (
            (anchor_best, anchor_median),
            (same_best, __),
            (sudo_best, sudo_median),
            (office_best, office_median),
            (pivot_best, __),
        ) = benchlib.timed(
            [
                anchor,
                anchor_same_groups,
                read_group_as(Report.sudo()),
                read_group_as(Report.with_user(office)),
                pivot_call,
            ],
            self.repeat,
        )
        print(f"1. Pivot aggregation over {inserted:,} answer lines (best of {self.repeat})")
        anchor_label = "raw SQL GROUP BY line x rating"
        line(
            "_read_group unit x month, 3 rates + count (superuser)",
            sudo_best,
            anchor_label,
            anchor_best,
            2,
        )
        line(
            "_read_group unit x month, same (office user, rules)",
            office_best,
            anchor_label,
            anchor_best,
            2,
        )
        line(
            "pivot read_group (office, lazy=False, ordered by unit name)",
            pivot_best,
            anchor_label,
            anchor_best,
            2,
        )
        print(
            f"  {'(context) raw SQL via answers + tasks, no stored keys':<58} {same_best:8.3f} s"
            f" | medians: anchor {anchor_median:.3f} s, superuser {sudo_median:.3f} s,"
            f" office {office_median:.3f} s"
        )

    # ------------------------------------------------------------------
    # 2. Yearly XLSX
    # ------------------------------------------------------------------
    def bench_xlsx(self):
        unit = self.env["fazhi.unit"].create({"name": "Bench archive unit", "code": "BENCH-ARCH"})
        months = [date(2025, month, 1) for month in range(1, 13)]
        inserted = self.make_answers(unit, months, self.xlsx_lines)
        self.analyze()
        archive = self.env["fazhi.satisfaction.archive"].create({"unit_id": unit.id, "year": 2025})
        archive = archive.with_context(tz="Asia/Shanghai")
        counts = archive._fazhi_count_answers()
        print(
            f"2. Yearly XLSX of {int(counts['lines']):,} answer lines ({counts['done']:,} questionnaires;"
            f" {inserted:,} inserted)"
        )

        content = {}

        def generate():
            content["xlsx"] = archive._fazhi_generate_xlsx()

        # memory first, before the anchor loads its rows: the growth of the
        # process's max RSS over one generation, then tracemalloc's peak
        rss_before = maxrss_mb()
        generate()
        rss_growth = maxrss_mb() - rss_before
        tracemalloc.start()
        generate()
        __, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        # the anchor: the same rows, already in memory, written by xlsxwriter alone
        rows = self.xlsx_rows(archive)
        headers = archive._fazhi_xlsx_headers()

        def write_alone():
            output = io.BytesIO()
            workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
            sheet = workbook.add_worksheet("2025")
            datetime_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
            sheet.write_row(0, 0, headers)
            for index, row in enumerate(rows, start=1):
                sheet.write_row(index, 0, row[:9])
                sheet.write_datetime(index, 9, row[9], datetime_format)
            workbook.close()
            return output.getvalue()

        # the times, without tracemalloc (it slows allocations down)
        (gen_best, gen_median), (anchor_best, __) = benchlib.timed(
            [generate, write_alone], max(1, (self.repeat + 1) // 2)
        )
        line(
            "_fazhi_generate_xlsx (SQL cursor -> xlsxwriter)",
            gen_best,
            "xlsxwriter alone, same rows",
            anchor_best,
            1.5,
        )
        print(
            f"  {'peak memory of the generation':<58} tracemalloc {traced_peak / 2**20:6.1f} MB"
            f" | max RSS growth {rss_growth:6.1f} MB (goal < 200 MB)"
        )
        print(
            f"  {'(context)':<58} median {gen_median:.3f} s,"
            f" file {len(content['xlsx']) / 2**20:.1f} MB"
        )

    def xlsx_rows(self, archive):
        """The spreadsheet's rows as final values (what the anchor writes)."""
        lang = archive.env.lang or "en_US"
        tz = archive.env.context.get("tz") or "UTC"
        report_fields = self.env["fazhi.satisfaction.answer.report"]._fields
        labels = {
            fname: dict(report_fields[fname]._description_selection(archive.env))
            for fname in ("counterpart_type", "channel", "rating")
        }
        probe = self.env["survey.user_input"].new({"fazhi_unit_id": archive.unit_id.id})
        titles = {}
        self.cr.execute(archive._fazhi_xlsx_query(lang, tz))
        rows = []
        for (
            month,
            partner,
            ctype,
            channel,
            survey_id,
            question_id,
            answer,
            rating,
            submitted,
        ) in self.cr.fetchall():
            if question_id not in titles:
                question = self.env["survey.question"].browse(question_id)
                titles[question_id] = question._fazhi_title_for(probe)
                titles[("survey", survey_id)] = self.env["survey.survey"].browse(survey_id).title
            rows.append(
                (
                    archive.unit_id.name,
                    month,
                    partner or "",
                    labels["counterpart_type"].get(ctype, ""),
                    labels["channel"].get(channel, ""),
                    titles[("survey", survey_id)],
                    titles[question_id],
                    answer or "",
                    labels["rating"].get(rating, ""),
                    submitted,
                )
            )
        return rows


def main():
    parser = benchlib.parser(__doc__)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--xlsx-lines", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with benchlib.rolled_back_env(args, {"tracking_disable": True}) as env:
        bench = Bench(env, args.lines, args.xlsx_lines, args.repeat)
        print(f"Satisfaction statistics benchmark on {args.database} (rolled back at the end)")
        bench.bench_pivot()
        bench.bench_xlsx()


if __name__ == "__main__":
    main()
