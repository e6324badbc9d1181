"""Installing fazhi_satisfaction into a busy Odoo: 100,000 answers of another survey.

Scale: a database with ``survey`` installed (no demo data) holding one
unrelated survey of 20 single-choice questions and 5,000 submitted answers of
it, 20 lines each: 100,000 ``survey_user_input_line`` rows, inserted with SQL.

Measures, each beside its anchor from the same run (goal: both ratios <= 1.2):

1. Installing fazhi_satisfaction with the addons it depends on
   (``odoo -i fazhi_satisfaction --stop-after-init``) into the busy database.
   Anchor: the same install into a copy of that database taken before the
   answers were inserted. Each is installed twice (into two copies, in the
   order busy, quiet, quiet, busy) and the best time kept. What fazhi does to
   the answers already there (columns computed on every line, indexes) shows
   as the difference.
2. One more answer of the unrelated survey submitted through the ORM
   (``_create_answer``, ``_save_lines`` for each of the 20 questions,
   ``_mark_done``, flush; the best and median of 30, rolled back) in the busy
   database once fazhi_satisfaction is installed. Anchor: the same submission
   in a copy of the busy database without fazhi. Three rounds, alternately in
   each database, and the round with the best time kept.

It creates the databases ``<DATABASE>_busy`` and ``<DATABASE>_quiet`` (and a
copy ``_2`` of each, and ``<DATABASE>_plain`` that stays without fazhi) through
the odoo CLI (``odoo -i survey``, ``odoo db duplicate``), each step in a
subprocess, and drops them at the end (``odoo db drop``), whatever the outcome.
About 6 to 10 minutes on two cores.

    .venv/bin/python tests/benchmarks/bench_install_busy_host.py -c .fazhi/odoo-test.conf \\
        -d fazhi_bench_host
"""

import json
import statistics
import subprocess
import sys
import time

import benchlib

from odoo import Command

QUESTIONS = 20
ANSWERS = 5_000
CHOICES = 4
SUBMISSIONS = 30
SURVEY_TITLE = "Canteen satisfaction (benchmark)"
ODOO = [sys.executable, "-m", "odoo"]


# ----------------------------------------------------------------------
# Phases run in a subprocess (``--phase``), each on its own registry
# ----------------------------------------------------------------------
def phase_survey(env):
    """The unrelated survey, created with the ORM."""
    env["survey.survey"].create(
        {
            "title": SURVEY_TITLE,
            "access_mode": "public",
            "question_and_page_ids": [
                Command.create(
                    {
                        "title": f"Question {index}",
                        "sequence": index,
                        "question_type": "simple_choice",
                        "suggested_answer_ids": [
                            Command.create({"value": f"Choice {choice}", "sequence": choice})
                            for choice in range(CHOICES)
                        ],
                    }
                )
                for index in range(QUESTIONS)
            ],
        }
    )


def _survey(env):
    return env["survey.survey"].search([("title", "=", SURVEY_TITLE)], limit=1)


def phase_answers(env):
    """ANSWERS submitted answers of the survey, QUESTIONS lines each, in SQL."""
    survey = _survey(env)
    cr = env.cr
    cr.execute(
        """
        INSERT INTO survey_user_input (survey_id, state, access_token, partner_id,
                                       start_datetime, end_datetime, create_uid,
                                       create_date, write_uid, write_date)
        SELECT %s, 'done', md5(random()::text || g::text), NULL,
               now() - g * interval '1 minute', now() - g * interval '1 minute',
               1, now() - g * interval '1 minute', 1, now()
          FROM generate_series(1, %s) g
        """,
        [survey.id, ANSWERS],
    )
    cr.execute(
        """
        INSERT INTO survey_user_input_line (user_input_id, survey_id, question_id,
                                            answer_type, suggested_answer_id, skipped,
                                            create_uid, create_date, write_uid, write_date)
        SELECT ui.id, ui.survey_id, q.id, 'suggestion',
               (SELECT a.id FROM survey_question_answer a
                 WHERE a.question_id = q.id
                 ORDER BY a.sequence OFFSET ((ui.id + q.id) %% %s) LIMIT 1),
               false, 1, ui.create_date, 1, ui.create_date
          FROM survey_user_input ui
          JOIN survey_question q ON q.survey_id = ui.survey_id
         WHERE ui.survey_id = %s
        """,
        [CHOICES, survey.id],
    )
    # the new rows analysed, as autovacuum would soon do
    cr.execute("ANALYZE survey_user_input")
    cr.execute("ANALYZE survey_user_input_line")
    cr.execute("SELECT count(*) FROM survey_user_input_line WHERE survey_id = %s", [survey.id])
    print(json.dumps({"lines": cr.fetchone()[0]}))


def phase_submit(env):
    """Best and median time of SUBMISSIONS submissions (after one warm-up)."""
    survey = _survey(env)
    questions = survey.question_ids.sorted("sequence")
    choices = [question.suggested_answer_ids.sorted("sequence")[1].id for question in questions]
    user = env.ref("base.user_admin")

    def submit():
        answer = survey._create_answer(user=user)
        answer._mark_in_progress()
        for question, choice in zip(questions, choices, strict=True):
            answer._save_lines(question, choice)
        answer._mark_done()
        env.flush_all()
        assert len(answer.user_input_line_ids) == QUESTIONS

    submit()
    times = []
    for _run in range(SUBMISSIONS):
        start = time.perf_counter()
        submit()
        times.append(time.perf_counter() - start)
    print(json.dumps({"best": min(times), "median": statistics.median(times)}))


PHASES = {"survey": phase_survey, "answers": phase_answers, "submit": phase_submit}


def run_phase(args):
    """Run one phase; the survey and answers are committed, submissions rolled back."""
    with benchlib.rolled_back_env(args, {"tracking_disable": True}) as env:
        PHASES[args.phase](env)
        if args.phase != "submit":
            env.cr.commit()


# ----------------------------------------------------------------------
# The driver
# ----------------------------------------------------------------------
def odoo(*cmd):
    """Run the odoo CLI; its output is shown only when it fails."""
    result = subprocess.run([*ODOO, *cmd], capture_output=True, text=True, check=False)
    if result.returncode:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"odoo {' '.join(cmd)} failed ({result.returncode})")
    return result


def phase(args, name, database):
    result = subprocess.run(
        [sys.executable, __file__, "-c", args.config, "-d", database, "--phase", name],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"phase {name} on {database} failed ({result.returncode})")
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {}


def timed_install(args, database):
    start = time.perf_counter()
    odoo(
        "-c",
        args.config,
        "-d",
        database,
        "-i",
        "fazhi_satisfaction",
        "--stop-after-init",
        "--log-level=warn",
    )
    return time.perf_counter() - start


def drop(args, database):
    """Drop ``database`` if it exists; say so when it could not be dropped."""
    result = subprocess.run(
        [*ODOO, "db", "-c", args.config, "drop", database],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode and "does not exist" not in result.stderr:
        sys.stderr.write(f"Could not drop {database}: drop it by hand.\n{result.stderr[-2000:]}")


def main(args):
    busy, quiet = f"{args.database}_busy", f"{args.database}_quiet"
    plain = f"{args.database}_plain"
    databases = (busy, quiet, f"{busy}_2", f"{quiet}_2", plain)
    for database in databases:
        drop(args, database)
    try:
        started = time.perf_counter()
        odoo(
            "-c",
            args.config,
            "-d",
            busy,
            "-i",
            "survey",
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
        )
        phase(args, "survey", busy)
        odoo("db", "-c", args.config, "duplicate", busy, quiet)
        lines = phase(args, "answers", busy)["lines"]
        print(
            f"Setup: {busy} (survey + {lines:,} answer lines) and {quiet} (survey only)"
            f" in {time.perf_counter() - started:.0f} s"
        )

        # a copy kept without fazhi: the submissions are timed in both,
        # alternately, once fazhi is installed in the other
        odoo("db", "-c", args.config, "duplicate", busy, plain)
        # two copies of each, installed busy, quiet, quiet, busy: the best of
        # each pair, so that a cold start or a busy moment favours neither
        for database in (busy, quiet):
            odoo("db", "-c", args.config, "duplicate", database, f"{database}_2")
        install_busy = timed_install(args, busy)
        install_quiet = min(timed_install(args, quiet), timed_install(args, f"{quiet}_2"))
        install_busy = min(install_busy, timed_install(args, f"{busy}_2"))
        befores, afters = [], []
        for _round in range(3):
            befores.append(phase(args, "submit", plain))
            afters.append(phase(args, "submit", busy))
        before = min(befores, key=lambda figures: figures["best"])
        after = min(afters, key=lambda figures: figures["best"])

        print("Installing fazhi_satisfaction (with its dependencies):")
        benchlib.line(
            f"into the database with {lines:,} lines (best of 2)",
            install_busy,
            install_busy,
            "without them",
            install_quiet,
            goal=1.2,
        )
        print(f"Submitting one answer of {QUESTIONS} lines of the unrelated survey:")
        benchlib.line(
            "with fazhi_satisfaction installed (best round of 3)",
            after["best"],
            after["median"],
            f"without fazhi (median {before['median']:.3f} s)",
            before["best"],
            goal=1.2,
        )
    finally:
        for database in databases:
            drop(args, database)


if __name__ == "__main__":
    parser = benchlib.parser(__doc__)
    parser.add_argument("--phase", choices=sorted(PHASES), help="internal: one step")
    arguments = parser.parse_args()
    if arguments.phase:
        run_phase(arguments)
    else:
        main(arguments)
