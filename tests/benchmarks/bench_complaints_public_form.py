"""Public complaint form (/complaint/new) under concurrent submissions on loopback.

Scale: 50 concurrent submissions per phase, sent by 50 threads to a real Odoo HTTP
server started for the database on 127.0.0.1 (prefork, 4 workers by default, no cron).
Each client first GETs the form (session cookie and CSRF token), then all 50 POST at
the same moment (a barrier releases them together).

- Phase 1, one address: the server sees every request from 127.0.0.1, which is what the
  controller hashes for its per-address limit (``fazhi_complaint_rate_limit`` per hour).
  Expected: exactly the limit accepted (minus what that address already filed within the
  hour), every other submission refused with 429, no submission lost or stored twice.
- Phase 2, distinct addresses: the server runs with ``--proxy-mode`` and every client sends
  its own ``X-Forwarded-For`` (with ``X-Forwarded-Host``, without which Odoo 18 ignores the
  proxy headers). Expected: all 50 stored.

Measures per phase: submissions sent, accepted (200 with a reference), refused (429),
other answers, complaints stored in the database, distinct references, wall time of the
50 POSTs and their p50/p95 latency. Anchor, same server and run: 50 concurrent GETs of
the empty form by fresh clients (session creation and the same page rendering, no write).

Each submission carries a unique marker in its description; the complaints of the run
are counted by that marker, then deleted with the ORM (and the HTTP session files the
run created are removed). Work in a database of its own, with fazhi_complaints installed:

    .venv/bin/python -m odoo -c .fazhi/odoo.conf -d DB -i fazhi_complaints --stop-after-init
    .venv/bin/python tests/benchmarks/bench_complaints_public_form.py -c .fazhi/odoo.conf -d DB
"""

import argparse
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

import odoo
from odoo import SUPERUSER_ID, api

HOST = "127.0.0.1"
TIMEOUT = (5, 60)  # connect, read (seconds) for every request
BARRIER_TIMEOUT = 120
START_TIMEOUT = 180
STOP_TIMEOUT = 30
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
CATEGORY_RE = re.compile(r'<option value="(\d+)"')
REFERENCE_RE = re.compile(r'o_fazhi_complaint_reference">([^<]+)<')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--workers", type=int, default=4, help="0: threaded server")
    parser.add_argument("--submissions", type=int, default=50)
    args = parser.parse_args()
    if args.database == "fazhi":
        parser.error("never run a benchmark in the demo database 'fazhi'")
    # Stopped by a signal, still stop the server and delete the complaints (finally blocks).
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    marker = f"bench-form-{uuid.uuid4().hex[:12]}"
    sids = set()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        limit = env.company.fazhi_complaint_rate_limit
    print(
        f"Public complaint form, {args.submissions} concurrent submissions per phase, "
        f"workers={args.workers}, rate limit {limit} per hour and address"
    )
    try:
        for phase, proxy in (("1, one address", False), ("2, distinct addresses", True)):
            run_phase(registry, args, phase, proxy, marker, sids)
    finally:
        cleanup(registry, marker, sids)


def run_phase(registry, args, phase, proxy, marker, sids):
    n = args.submissions
    addresses = [client_address(1, i) if proxy else HOST for i in range(n)]
    with registry.cursor() as cr:
        Complaint = api.Environment(cr, SUPERUSER_ID, {})["fazhi.complaint"]
        limit = Complaint.env.company.fazhi_complaint_rate_limit
        already = {
            addr: Complaint._count_recent_submissions(Complaint._hash_secret("ip:" + addr))
            for addr in set(addresses)
        }
    expected = 0
    for addr in set(addresses):
        expected += min(addresses.count(addr), max(0, limit - already[addr]))
    with odoo_server(args, proxy) as base_url:
        print(f"\nPhase {phase} (proxy_mode={'on' if proxy else 'off'}), server {base_url}")
        if any(already.values()):
            print(f"  already filed within the hour from these addresses: {sum(already.values())}")
        # Warm-up (every worker loads the registry), then the anchor.
        get_round(base_url, n, proxy, sids)
        anchor = get_round(base_url, n, proxy, sids)
        print(
            f"  anchor, {n} concurrent GETs of the empty form: ok {anchor['ok']}/{n}, wall "
            f"{anchor['wall']:.3f} s, p50 {pct(anchor['lat'], 50) * 1000:.0f} ms, "
            f"p95 {pct(anchor['lat'], 95) * 1000:.0f} ms"
        )
        results = submit_round(base_url, addresses, proxy, marker, phase, sids)
    stored = stored_complaints(registry, f"{marker} {phase} ")
    accepted = [r for r in results if r["status"] == 200 and r["reference"]]
    refused = [r for r in results if r["status"] == 429]
    other = [r for r in results if r not in accepted and r not in refused]
    references = [ref for _desc, ref in stored]
    lost = {r["tag"] for r in accepted} - {desc for desc, _ref in stored}
    unexpected = {desc for desc, _ref in stored} - {r["tag"] for r in accepted}
    lat = [r["latency"] for r in results if r["latency"] is not None]
    wall = max((r["end"] for r in results if r["end"]), default=0) - min(
        (r["start"] for r in results if r["start"]), default=0
    )
    print(f"  submissions sent: {len(results)}")
    print(f"  accepted (200 with a reference): {len(accepted)} (expected {expected})")
    print(f"  refused (429): {len(refused)}")
    if other:
        answers = sorted({str(r["status"] or r["error"]) for r in other})
        print(f"  other answers: {len(other)} ({', '.join(answers)[:300]})")
    print(
        f"  stored in DB: {len(stored)}, distinct references: {len(set(references))}, "
        f"accepted but not stored: {len(lost)}, stored but not accepted: {len(unexpected)}, "
        f"references answered = stored: "
        f"{sorted(r['reference'] for r in accepted) == sorted(references)}"
    )
    print(
        f"  {len(lat)} POSTs: wall {wall:.3f} s, p50 {pct(lat, 50) * 1000:.0f} ms, "
        f"p95 {pct(lat, 95) * 1000:.0f} ms | ratio to the anchor: wall "
        f"{ratio(wall, anchor['wall'])}, p50 {ratio(pct(lat, 50), pct(anchor['lat'], 50))}"
    )
    verdict = (
        len(accepted) == expected
        and len(refused) == len(results) - expected
        and len(stored) == len(set(references)) == expected
        and not lost
        and not unexpected
    )
    print(f"  all stored, none lost, limit effective: {'OK' if verdict else 'NO'}")


# ----------------------------------------------------------------------
# Server
# ----------------------------------------------------------------------
def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def odoo_server(args, proxy):
    """Run ``odoo`` on a free loopback port; yield its base URL; always stop it."""
    port, gevent_port = free_port(), free_port()
    cmd = [
        sys.executable,
        "-m",
        "odoo",
        "-c",
        args.config,
        "-d",
        args.database,
        f"--db-filter=^{re.escape(args.database)}$",
        f"--http-interface={HOST}",
        f"--http-port={port}",
        f"--gevent-port={gevent_port}",
        f"--workers={args.workers}",
        "--max-cron-threads=0",
        "--log-level=warn",
        "--no-database-list",
    ]
    if proxy:
        cmd.append("--proxy-mode")
    log = tempfile.NamedTemporaryFile(prefix="bench_form_", suffix=".log", delete=False)
    proc = subprocess.Popen(
        cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
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
        stop_server(proc)
        log.close()
        errors = [line for line in tail(log.name, 200).splitlines() if " ERROR " in line]
        if errors:
            print(f"  server errors ({len(errors)}), last: {errors[-1][:300]}")
        os.unlink(log.name)


def stop_server(proc):
    if proc.poll() is not None:
        return
    proc.terminate()  # the prefork master stops its workers
    try:
        proc.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # its own process group (start_new_session)
        proc.wait(STOP_TIMEOUT)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # workers left behind, if any


def tail(path, lines=30):
    with open(path, errors="replace") as file:
        return "".join(file.readlines()[-lines:])


# ----------------------------------------------------------------------
# Clients
# ----------------------------------------------------------------------
def client_address(group, i):
    """A distinct private address per client (``X-Forwarded-For`` in proxy mode)."""
    return f"10.{group}.{i // 250}.{i % 250 + 1}"


def client_headers(base_url, address, proxy):
    if not proxy:
        return {}
    return {"X-Forwarded-For": address, "X-Forwarded-Host": base_url.split("//", 1)[1]}


def open_form(session, base_url, headers, sids):
    response = session.get(f"{base_url}/complaint/new", headers=headers, timeout=TIMEOUT)
    if session.cookies.get("session_id"):
        sids.add(session.cookies["session_id"])
    response.raise_for_status()
    return response.text


def get_round(base_url, n, proxy, sids):
    """``n`` fresh clients GET the empty form at the same moment."""
    barrier = threading.Barrier(n)

    def one(i):
        with requests.Session() as session:
            headers = client_headers(base_url, client_address(2, i), proxy)
            barrier.wait(BARRIER_TIMEOUT)
            start = time.perf_counter()
            try:
                ok = bool(CSRF_RE.search(open_form(session, base_url, headers, sids)))
            except requests.RequestException:
                ok = False
            return start, time.perf_counter(), ok

    with ThreadPoolExecutor(n) as pool:
        rows = list(pool.map(one, range(n), timeout=BARRIER_TIMEOUT + 2 * TIMEOUT[1]))
    return {
        "ok": sum(ok for _s, _e, ok in rows),
        "wall": max(e for _s, e, _ok in rows) - min(s for s, _e, _ok in rows),
        "lat": [e - s for s, e, _ok in rows],
    }


def submit_round(base_url, addresses, proxy, marker, phase, sids):
    """One client per address: GET the form, wait for all, then POST at once."""
    barrier = threading.Barrier(len(addresses))

    def one(i):
        tag = f"{marker} {phase} {i:03d}"
        row = {"tag": tag, "status": None, "reference": None, "error": None}
        row.update(start=None, end=None, latency=None)
        with requests.Session() as session:
            headers = client_headers(base_url, addresses[i], proxy)
            data = {}
            try:
                html = open_form(session, base_url, headers, sids)
                data = {
                    "csrf_token": CSRF_RE.search(html).group(1),
                    "category_id": CATEGORY_RE.search(html).group(1),
                    "description": tag,
                }
                if i % 2:
                    data["anonymous"] = "1"
                else:
                    data.update(name=f"Bench {i}", phone=f"136{i:08d}")
            except (requests.RequestException, AttributeError) as exc:
                row["error"] = f"GET: {type(exc).__name__}"
            try:
                barrier.wait(BARRIER_TIMEOUT)  # every client waits, even after an error
            except threading.BrokenBarrierError:
                row["error"] = row["error"] or "barrier broken"
            if row["error"]:
                return row
            row["start"] = time.perf_counter()
            try:
                response = session.post(
                    f"{base_url}/complaint/new", data=data, headers=headers, timeout=TIMEOUT
                )
                row["status"] = response.status_code
                match = REFERENCE_RE.search(response.text)
                row["reference"] = match.group(1).strip() if match else None
            except requests.RequestException as exc:
                row["error"] = f"POST: {type(exc).__name__}"
            row["end"] = time.perf_counter()
            row["latency"] = row["end"] - row["start"]
            return row

    with ThreadPoolExecutor(len(addresses)) as pool:
        return list(pool.map(one, range(len(addresses)), timeout=BARRIER_TIMEOUT + 3 * TIMEOUT[1]))


def ratio(value, anchor):
    return f"{value / anchor:.2f}x" if anchor else "n/a"


def pct(values, percent):
    """Nearest-rank percentile (seconds); 0 when there is no value."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * percent // 100) - 1)]


# ----------------------------------------------------------------------
# Database
# ----------------------------------------------------------------------
def stored_complaints(registry, prefix):
    """(description, reference) of the complaints whose description starts with prefix."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        complaints = env["fazhi.complaint"].search([("description", "=like", prefix + "%")])
        return [(c.description, c.reference) for c in complaints]


def cleanup(registry, marker, sids):
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        complaints = env["fazhi.complaint"].search([("description", "=like", marker + " %")])
        count = len(complaints)
        complaints.unlink()
    store = odoo.http.root.session_store
    removed = 0
    for sid in sids:
        with contextlib.suppress(ValueError, FileNotFoundError):
            os.unlink(store.get_session_filename(sid))
            removed += 1
    print(
        f"\nCleanup: {count} complaints of the run deleted, {removed} HTTP session files "
        "removed (a public visit that changes nothing in its session stores none)"
    )


if __name__ == "__main__":
    main()
