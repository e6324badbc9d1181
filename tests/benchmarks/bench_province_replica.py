"""Province topology: the read-only requests served by a streaming replica.

Needs the replica of the development server: ``python3 tools/replica.py start`` (``make
replica``) copies the embedded PostgreSQL into ``.pgdata-replica/``, starts it as a hot
standby and writes ``.fazhi/odoo-replica.conf`` (the tests' configuration plus
``db_replica_host``/``db_replica_port``).

The database given is duplicated (database and filestore, as Odoo's database manager
does) into ``<db>_replica_bench``, where the script works; that copy is dropped at the
end. It needs the demo data (the office user, an open campaign of the month with
interview tasks). Three answers of the campaign are submitted there first (ORM, on the
primary), then two Odoo servers run on free loopback ports, both with 2 workers and no
cron: one with the replica configuration, one with the same configuration without
``db_replica_*`` (the anchor: everything on the primary).

1. **Where each request runs.** Logged in as the office (法治工作机构), through the routes
   the web client uses: the statistics pivot (``read_group`` on
   ``fazhi.satisfaction.statistics``, by unit and month), the statistics list
   (``web_search_read``), the home dashboard (``fazhi.home.get_home``, ``@api.readonly``),
   the answers XLSX of the campaign (``POST /report/download`` as the web client sends it,
   and the ``GET /report/xlsx/...`` underneath) and a write (a note on the campaign,
   ``message_post``). Counted on each server's side for the benchmark database, from
   ``pg_stat_user_tables`` (a standby keeps its own counters): table reads (``seq_scan +
   idx_scan``), rows read (``seq_tup_read + idx_tup_fetch``), and on the primary rows
   written (``n_tup_ins + n_tup_upd + n_tup_del``).
2. **Latency**, replica server against anchor server, the same requests interleaved,
   best and median of N.
3. **What a user sees when the replica lags.** Replay paused on the replica
   (``pg_wal_replay_pause()``); the last interview of the month is submitted and the office
   closes the campaign (both on the primary); the office reads the pivot of the month and
   the campaign again: the replica's figures (before) and the primary's (after); replay
   resumed, the time until the replica has caught up, and the figures read again.
4. **Replay speed**: 1,000,000 rows written on the primary in one statement (a scratch
   table): WAL bytes, the primary's time, the time until the replica has replayed them.

    python3 tools/replica.py start
    .venv/bin/python tests/benchmarks/bench_province_replica.py -c .fazhi/odoo-replica.conf -d DB
"""

import argparse
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import psycopg2
import requests
from bench_complaints_public_form import free_port, tail
from bench_complaints_public_form import stop_server as stop_odoo

import odoo
from odoo import SUPERUSER_ID, api

HOST = "127.0.0.1"
TIMEOUT = (5, 120)
START_TIMEOUT = 180
CATCH_UP_TIMEOUT = 300
STATS_WAIT = 11  # seconds until every backend has published its counters
CSRF_RE = re.compile(r'csrf_token: "([^"]+)"')
STATISTICS = "fazhi.satisfaction.statistics"
PIVOT_FIELDS = ["answer_count:sum", "satisfaction_rate:avg"]


def main():
    parser = argparse_parser()
    args = parser.parse_args()
    if args.database == "fazhi":
        parser.error("never run a benchmark in the demo database 'fazhi'")
    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    config = odoo.tools.config
    if not config.get("db_replica_host"):
        parser.error(f"{args.config} has no db_replica_host: run `python3 tools/replica.py start`")
    dbname = f"{args.database}_replica_bench"
    # this process only: Odoo's duplicate and drop refuse without the database manager
    config["list_db"] = True
    odoo.service.db.exp_duplicate_database(args.database, dbname, neutralize_database=True)
    try:
        run(args, dbname)
    finally:
        odoo.sql_db.close_db(dbname)
        odoo.modules.registry.Registry.delete(dbname)
        odoo.service.db.exp_drop(dbname)
        print(f"\nCleanup: database {dbname} and its filestore dropped")


def argparse_parser():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True, help="with db_replica_host/port")
    parser.add_argument("-d", "--database", required=True, help="duplicated, never changed")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the replay test")
    return parser


def run(args, dbname):
    config = odoo.tools.config
    primary = Server("primary", dbname, config["db_host"], config["db_port"], config["db_user"])
    replica = Server(
        "replica", dbname, config["db_replica_host"], config["db_replica_port"], config["db_user"]
    )
    if not replica.query("SELECT pg_is_in_recovery()")[0][0]:
        sys.exit("the replica server is not a standby")
    registry = odoo.modules.registry.Registry(dbname)
    campaign_id, month, pending_task = prepare(registry)
    wait_replayed(primary, replica)
    print(
        f"Read replica: primary {primary.host} port {primary.port}, replica "
        f"{replica.host} port {replica.port}; database {dbname}, campaign {campaign_id} "
        f"({month:%Y-%m})"
    )
    with odoo_server(args.config, dbname, replica=True) as base_rep:
        with odoo_server(args.config, dbname, replica=False) as base_pri:
            office = Client(base_rep, dbname, "office")
            anchor = Client(base_pri, dbname, "office")
            requests_ = office_requests(campaign_id, month)
            routing(office, requests_, campaign_id, primary, replica)
            latency(office, anchor, requests_, args.repeat)
            lag(office, registry, primary, replica, campaign_id, month, pending_task)
    replay_speed(primary, replica, args.rows)


# ----------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------
def prepare(registry):
    """Answer all the tasks but one of the open campaign of the month (committed)."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        campaign = env["fazhi.satisfaction.campaign"].search(
            [("state", "=", "open"), ("task_ids", "!=", False)], order="month desc", limit=1
        )
        if len(campaign.task_ids) < 2:
            sys.exit("the database needs the demo data: an open campaign with interview tasks")
        tasks = campaign.task_ids.sorted("id")
        for index, task in enumerate(tasks[:-1]):
            submit(env, task, index)
        return campaign.id, campaign.month, tasks[-1].id


def submit(env, task, index):
    """A submitted answer of ``task``: a choice for every choice question (as the
    survey pages submit it)."""
    survey = task.campaign_id.survey_id
    lines = []
    for question in survey.question_ids.filtered(
        lambda q: q.question_type == "simple_choice" and q.suggested_answer_ids
    ):
        choices = question.suggested_answer_ids.sorted("sequence")
        choice = choices[(index + question.id) % min(2, len(choices))]
        lines.append(
            {
                "question_id": question.id,
                "answer_type": "suggestion",
                "suggested_answer_id": choice.id,
            }
        )
    answer = env["survey.user_input"].create(
        {
            "survey_id": survey.id,
            "partner_id": task.partner_id.id,
            "fazhi_task_id": task.id,
            "fazhi_unit_id": task.unit_id.id,
            "user_input_line_ids": [odoo.Command.create(line) for line in lines],
        }
    )
    answer._mark_done()  # submitted: the task is done
    return answer


def office_requests(campaign_id, month):
    month_domain = [("month", "=", odoo.fields.Date.to_string(month))]
    return [
        (
            "statistics pivot (read_group)",
            lambda c: c.call(
                STATISTICS,
                "read_group",
                [],
                {
                    "domain": [],
                    "fields": PIVOT_FIELDS,
                    "groupby": ["unit_id", "month:month"],
                    "lazy": False,
                },
            ),
        ),
        (
            "statistics list (web_search_read)",
            lambda c: c.call(
                STATISTICS,
                "web_search_read",
                [],
                {
                    "domain": month_domain,
                    "specification": {
                        "unit_id": {"fields": {"display_name": {}}},
                        "question_id": {"fields": {"display_name": {}}},
                        "answer_count": {},
                        "satisfaction_rate": {},
                    },
                    "limit": 80,
                },
            ),
        ),
        ("home dashboard (get_home)", lambda c: c.call("fazhi.home", "get_home", [], {})),
        (
            "answers XLSX (POST /report/download)",
            lambda c: c.download(f"/report/xlsx/fazhi_satisfaction.answers_xlsx/{campaign_id}"),
        ),
        (
            "answers XLSX (GET /report/xlsx)",
            lambda c: c.get(f"/report/xlsx/fazhi_satisfaction.answers_xlsx/{campaign_id}"),
        ),
    ]


# ----------------------------------------------------------------------
# 1. Routing
# ----------------------------------------------------------------------
def routing(office, requests_, campaign_id, primary, replica):
    print("\n1. Where each request of the office runs (counted on each server's side)")
    print(
        f"  {'':<42} {'replica':>15} | {'primary':>22}\n"
        f"  {'request':<42} {'reads':>6} {'rows':>8} | {'reads':>6} {'rows':>8} {'writes':>6}"
    )
    for label, func in requests_:
        counted(label, lambda func=func: func(office), primary, replica)
    counted(
        "a note on the campaign (message_post)",
        lambda: office.call(
            "fazhi.satisfaction.campaign",
            "message_post",
            [[campaign_id]],
            {"body": "Province replica benchmark", "subtype_xmlid": "mail.mt_note"},
        ),
        primary,
        replica,
    )


def counted(label, func, primary, replica):
    before = settled(primary, replica)
    result = func()
    after = settled(primary, replica)
    p = [a - b for a, b in zip(after[0], before[0], strict=True)]
    r = [a - b for a, b in zip(after[1], before[1], strict=True)]
    print(
        f"  {label:<42} {r[0]:>6} {r[1]:>8} | {p[0]:>6} {p[1]:>8} {p[2]:>6}"
        f"  -> {'REPLICA' if r[0] > p[0] else 'primary'}"
    )
    return result


def settled(primary, replica):
    """The counters once both servers' backends have published theirs: an idle
    backend does within a second, or within 10 s when it published less than a
    second before (PostgreSQL's PGSTAT_MIN_INTERVAL and PGSTAT_IDLE_INTERVAL)."""
    time.sleep(STATS_WAIT)
    return primary.counters(), replica.counters()


# ----------------------------------------------------------------------
# 2. Latency
# ----------------------------------------------------------------------
def latency(office, anchor, requests_, repeat):
    print(f"\n2. Latency, replica server against the primary-only server (best/median of {repeat})")
    for label, func in requests_:
        func(office), func(anchor)  # warm-up
        times = {"replica": [], "primary": []}
        for _run in range(repeat):
            for name, client in (("replica", office), ("primary", anchor)):
                start = time.perf_counter()
                func(client)
                times[name].append(time.perf_counter() - start)
        rep, pri = min(times["replica"]), min(times["primary"])
        print(
            f"  {label:<40} replica best {rep * 1000:6.1f} ms median "
            f"{statistics.median(times['replica']) * 1000:6.1f} ms | anchor primary best "
            f"{pri * 1000:6.1f} ms | ratio {rep / pri:4.2f}"
        )


# ----------------------------------------------------------------------
# 3. Lag
# ----------------------------------------------------------------------
def lag(office, registry, primary, replica, campaign_id, month, pending_task):
    print("\n3. What the office sees when the replica lags (the month just closed)")

    def seen(client):
        groups = client.call(
            STATISTICS,
            "read_group",
            [],
            {
                "domain": [("month", "=", odoo.fields.Date.to_string(month))],
                "fields": ["answer_count:sum"],
                "groupby": ["month:month"],
                "lazy": False,
            },
        )
        answers = sum(group["answer_count"] or 0 for group in groups)
        state = client.call(
            "fazhi.satisfaction.campaign",
            "web_read",
            [[campaign_id]],
            {"specification": {"state": {}, "done_count": {}}},
        )[0]
        return f"{answers} answer lines, campaign {state['state']}, {state['done_count']} done"

    print(f"  before: the pivot of {month:%Y-%m} shows {seen(office)}")
    replica.execute("SELECT pg_wal_replay_pause()")
    try:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            submit(env, env["fazhi.satisfaction.task"].browse(pending_task), 99)
        counted(
            "the office closes the campaign (call_button)",
            lambda: office.call(
                "fazhi.satisfaction.campaign", "action_close", [[campaign_id]], {}, button=True
            ),
            primary,
            replica,
        )
        state = primary.query(
            "SELECT state FROM fazhi_satisfaction_campaign WHERE id = %s", campaign_id
        )[0][0]
        behind = replica_lag_bytes(primary, replica)
        print(
            f"  replay paused; the last interview submitted and the campaign closed on the "
            f"primary (campaign {state} there); the replica is {behind:,} bytes of WAL behind"
        )
        print(f"  the office reads while the replica lags: {seen(office)}")
        refused = None
        try:
            office.call(
                "fazhi.satisfaction.campaign", "action_close", [[campaign_id]], {}, button=True
            )
        except RpcError as exc:
            refused = str(exc)
        print(
            "  closing it again from the stale page: "
            + (f"refused by the primary ({refused[:80]})" if refused else "accepted (!)")
        )
    finally:
        replica.execute("SELECT pg_wal_replay_resume()")
    start = time.perf_counter()
    wait_replayed(primary, replica)
    print(f"  replay resumed: caught up in {(time.perf_counter() - start) * 1000:.0f} ms")
    print(f"  after: the pivot of {month:%Y-%m} shows {seen(office)}")


def replica_lag_bytes(primary, replica):
    lsn = primary.query("SELECT pg_current_wal_lsn()::text")[0][0]
    return int(
        replica.query("SELECT pg_wal_lsn_diff(%s::pg_lsn, pg_last_wal_replay_lsn())", lsn)[0][0]
    )


def wait_replayed(primary, replica, timeout=CATCH_UP_TIMEOUT):
    lsn = primary.query("SELECT pg_current_wal_lsn()::text")[0][0]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if replica.query("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", lsn)[0][0]:
            return
        time.sleep(0.01)
    raise RuntimeError("the replica did not catch up")


# ----------------------------------------------------------------------
# 4. Replay speed
# ----------------------------------------------------------------------
def replay_speed(primary, replica, rows):
    print(f"\n4. Replay: {rows:,} rows written in one statement on the primary")
    start_lsn = primary.query("SELECT pg_current_wal_lsn()::text")[0][0]
    start = time.perf_counter()
    primary.execute(
        "CREATE TABLE fazhi_bench_replay AS SELECT i AS id, md5(i::text) AS payload "
        "FROM generate_series(1, %s) i",
        rows,
    )
    written = time.perf_counter() - start
    wal = int(
        primary.query("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), %s::pg_lsn)", start_lsn)[0][0]
    )
    wait_replayed(primary, replica)
    replayed = time.perf_counter() - start
    primary.execute("DROP TABLE fazhi_bench_replay")
    print(
        f"  WAL {wal / 1e6:.1f} MB: written on the primary in {written:.2f} s, replayed on the "
        f"replica {replayed - written:.2f} s after the commit (replica lag behind a bulk write "
        f"≈ {(replayed - written) / max(wal / 1e6, 0.001) * 1000:.1f} ms per MB of WAL)"
    )


# ----------------------------------------------------------------------
# Servers and clients
# ----------------------------------------------------------------------
class Server:
    """An autocommit connection to one PostgreSQL server, in the benchmark database."""

    def __init__(self, name, dbname, host, port, user):
        self.name, self.host, self.port = name, host, port
        params = {"dbname": dbname, "host": host, "port": port or 5432}
        login = psycopg2.connect(**params, user=user or None)
        with login.cursor() as cr:
            cr.execute(
                "SELECT rolname FROM pg_roles WHERE rolsuper AND rolcanlogin ORDER BY oid LIMIT 1"
            )
            superuser = cr.fetchone()[0]
        login.close()
        # the superuser: pausing replay, and the counters of every backend
        self.cnx = psycopg2.connect(**params, user=superuser)
        self.cnx.autocommit = True

    def query(self, sql, *params):
        with self.cnx.cursor() as cr:
            cr.execute(sql, params or None)
            return cr.fetchall()

    def execute(self, sql, *params):
        with self.cnx.cursor() as cr:
            cr.execute(sql, params or None)

    def counters(self):
        """(table reads, rows read, rows written) in this database: the reads are the
        scans (sequential and index) of its tables, which the counting itself makes none
        of."""
        row = self.query(
            "SELECT sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)),"
            " sum(coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)),"
            " sum(n_tup_ins + n_tup_upd + n_tup_del) FROM pg_stat_user_tables"
        )[0]
        return [int(value or 0) for value in row]


class RpcError(Exception):
    pass


class Client:
    """A logged-in web client session."""

    def __init__(self, base_url, dbname, login):
        self.base_url = base_url
        self.session = requests.Session()
        self.calls = 0
        result = self.rpc(
            "/web/session/authenticate", {"db": dbname, "login": login, "password": login}
        )
        self.context = result["user_context"]
        page = self.session.get(f"{base_url}/odoo", timeout=TIMEOUT)
        self.csrf = CSRF_RE.search(page.text).group(1)

    def rpc(self, path, params):
        self.calls += 1
        response = self.session.post(
            self.base_url + path,
            json={"jsonrpc": "2.0", "method": "call", "id": self.calls, "params": params},
            timeout=TIMEOUT,
        )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise RpcError(body["error"]["data"].get("message") or body["error"]["message"])
        return body["result"]

    def call(self, model, method, args, kwargs, button=False):
        route = "call_button" if button else "call_kw"
        return self.rpc(
            f"/web/dataset/{route}/{model}/{method}",
            {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": {**kwargs, "context": self.context},
            },
        )

    def download(self, url):
        """The report download of the web client (report_xlsx's handler)."""
        response = self.session.post(
            f"{self.base_url}/report/download",
            data={
                "data": json.dumps([url, "xlsx"]),
                "context": json.dumps(self.context),
                "csrf_token": self.csrf,
            },
            timeout=TIMEOUT,
        )
        response.raise_for_status()
        assert response.content[:2] == b"PK", response.text[:300]
        return response.content

    def get(self, url):
        response = self.session.get(self.base_url + url, timeout=TIMEOUT)
        response.raise_for_status()
        assert response.content[:2] == b"PK", response.text[:300]
        return response.content


@contextlib.contextmanager
def odoo_server(config, dbname, replica):
    """An Odoo (2 workers, no cron) on a free port, with or without the replica."""
    port, gevent_port = free_port(), free_port()
    cmd = [sys.executable, "-m", "odoo", "-c", config, "-d", dbname]
    cmd += [f"--db-filter=^{re.escape(dbname)}$", f"--http-interface={HOST}"]
    cmd += [f"--http-port={port}", f"--gevent-port={gevent_port}", "--workers=2"]
    cmd += ["--max-cron-threads=0", "--log-level=warn", "--no-database-list"]
    env = dict(os.environ)
    if not replica:
        # the same configuration, the replica forgotten: db_replica_host=False
        conf = tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False)
        with open(config, encoding="utf-8") as source:
            conf.write(
                "".join(
                    line
                    for line in source
                    if not line.startswith(("db_replica_host", "db_replica_port"))
                )
            )
        conf.close()
        cmd[4] = conf.name
    log = tempfile.NamedTemporaryFile(prefix="bench_replica_", suffix=".log", delete=False)
    proc = subprocess.Popen(
        cmd,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        env=env,
    )
    base_url = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited ({proc.returncode}):\n{tail(log.name)}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{base_url}/web/login", timeout=TIMEOUT).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer in time:\n{tail(log.name)}")
            time.sleep(0.5)
        yield base_url
    finally:
        stop_odoo(proc)
        log.close()
        lines = tail(log.name, 2000).splitlines()
        errors = [line for line in lines if " ERROR " in line]
        if errors:
            print(f"  server errors ({len(errors)}), last: {errors[-1][:300]}")
        retried = [line for line in lines if "retrying with a read/write cursor" in line]
        if retried:
            print(f"  read-only requests retried on the primary after a write: {len(retried)}")
        os.unlink(log.name)
        if not replica:
            os.unlink(cmd[4])


if __name__ == "__main__":
    main()
