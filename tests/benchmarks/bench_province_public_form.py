"""Province scale: the public complaint form under 200 concurrent submissions.

One Odoo HTTP server (prefork, 4 workers, no cron) on a free loopback port, in
``--proxy-mode`` behind a simulated load balancer: every client sends its own address in
``X-Forwarded-For`` (with ``X-Forwarded-Host``, without which Odoo 18 ignores the proxy
headers), so that the per-address limit of the form (``fazhi_complaint_rate_limit``
complaints per hour and address, 5 by default) applies to each simulated citizen and
stays on throughout; and, as the balancer does, one request per connection to the node
(``Connection: close``) and at most ``--balancer-conns`` connections open to it at once
(HAProxy's ``maxconn`` of a server: the other requests wait in the balancer's queue; the
latency printed includes that wait). Clients are threads of this script (``requests``),
one session each: GET the form (session cookie and CSRF token), then all POST at the same
moment (a barrier releases them together).

1. Anchor: 200 concurrent GETs of the empty form by fresh clients (the same page
   rendering and session creation, no write): wall time, p50 and p95 latency.
2. 200 concurrent submissions from 200 addresses: all within the limit. Expected: 200
   accepted (200 with a reference), 200 complaints stored, 200 distinct references,
   none accepted but not stored, none stored twice. p50/p95 against the anchor's.
3. Beyond the limit: 200 concurrent submissions from 20 addresses (10 each): expected
   exactly the limit accepted per address (5 x 20 = 100), the other 100 refused with the
   form shown again (HTTP 429, "Too many complaints were filed from your network
   address"), none lost: every accepted one stored, no refused one stored.
4. Without the balancer's queue: phase 2 again, the 200 POSTs connecting to the node at
   once. Odoo's workers listen with a backlog of 8 connections per worker: the kernel
   answers the others with SYN cookies and resets those it cannot queue (``Connection
   reset by peer`` for the client). Shown: how many, and that none of them is stored.

Each submission carries a unique marker in its description; the complaints of the run
are counted by that marker, then deleted with the ORM (and the HTTP session files of the
run removed). Use a database of its own with fazhi_complaints installed (the tests' or a
copy of the demo):

    .venv/bin/python tests/benchmarks/bench_province_public_form.py -c .fazhi/odoo-test.conf -d DB
"""

import argparse
import contextlib
import signal
import sys
import threading
import time
import uuid

import bench_complaints_public_form as form
import requests

import odoo
from odoo import SUPERUSER_ID, api

SUBMISSIONS = 200
CROWDED_ADDRESSES = 20
REFUSAL = ("Too many complaints were filed", "投诉次数过多")


def balanced_headers(base_url, address, proxy, _headers=form.client_headers):
    """What the load balancer sends an Odoo node: the client's address, and one request per
    connection (nginx speaks HTTP/1.0 to its upstream servers unless told otherwise). A
    client keeping its connection to a prefork worker open would hold that worker while
    idle, until ODOO_HTTP_SOCKET_TIMEOUT, and find it closed when it sends its POST."""
    return {**_headers(base_url, address, proxy), "Connection": "close"}


form.client_headers = balanced_headers


class Balancer:
    """The balancer's queue: at most ``conns`` requests sent to the node at once."""

    def __init__(self, conns):
        self.slots = threading.BoundedSemaphore(conns)
        self.enabled = True
        self._send = requests.Session.send
        balancer = self

        def send(session, request, **kwargs):
            if not balancer.enabled:
                return balancer._send(session, request, **kwargs)
            with balancer.slots:
                return balancer._send(session, request, **kwargs)

        requests.Session.send = send

    @contextlib.contextmanager
    def bypassed(self):
        self.enabled = False
        try:
            yield
        finally:
            self.enabled = True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--submissions", type=int, default=SUBMISSIONS)
    parser.add_argument(
        "--balancer-conns",
        type=int,
        default=None,
        help="connections the balancer opens to the node at once (default: 2 per worker)",
    )
    args = parser.parse_args()
    conns = args.balancer_conns or 2 * args.workers
    balancer = Balancer(conns)
    if args.database == "fazhi":
        parser.error("never run a benchmark in the demo database 'fazhi'")
    # A request may wait its turn in the queue: 2 minutes to be answered.
    form.TIMEOUT = (60, 180)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    marker = f"bench-province-form-{uuid.uuid4().hex[:12]}"
    sids = set()
    with registry.cursor() as cr:
        limit = api.Environment(cr, SUPERUSER_ID, {}).company.fazhi_complaint_rate_limit
    n = args.submissions
    print(
        f"Public complaint form, {n} concurrent clients, workers={args.workers}, proxy mode "
        f"(X-Forwarded-For per client), limit {limit} complaints per hour and address, "
        f"balancer: at most {conns} connections to the node"
    )
    try:
        with form.odoo_server(args, proxy=True) as base_url:
            print(f"server {base_url}")
            form.get_round(base_url, n, True, sids)  # warm-up: every worker loads the registry
            anchor = form.get_round(base_url, n, True, sids)
            print(
                f"\n1. Anchor, {n} concurrent GETs of the empty form: ok {anchor['ok']}/{n}, "
                f"wall {anchor['wall']:.2f} s, p50 {ms(form.pct(anchor['lat'], 50))}, "
                f"p95 {ms(form.pct(anchor['lat'], 95))}"
            )
            addresses = [form.client_address(1, i) for i in range(n)]
            phase(
                registry,
                base_url,
                f"2. {n} submissions from {n} addresses",
                addresses,
                limit,
                marker,
                "a",
                sids,
                anchor,
            )
            crowded = [form.client_address(3, i % CROWDED_ADDRESSES) for i in range(n)]
            phase(
                registry,
                base_url,
                f"3. {n} submissions from {CROWDED_ADDRESSES} addresses "
                f"({n // CROWDED_ADDRESSES} each)",
                crowded,
                limit,
                marker,
                "b",
                sids,
                anchor,
            )
            refusal_page(base_url, crowded[0], sids)
            with balancer.bypassed():
                direct = [form.client_address(4, i) for i in range(n)]
                phase(
                    registry,
                    base_url,
                    f"4. {n} submissions from {n} addresses, without the balancer's queue",
                    direct,
                    limit,
                    marker,
                    "c",
                    sids,
                    anchor,
                    queued=False,
                )
    finally:
        form.cleanup(registry, marker, sids)


def phase(registry, base_url, title, addresses, limit, marker, key, sids, anchor, queued=True):
    already = recent(registry, addresses)
    expected = sum(
        min(addresses.count(addr), max(0, limit - already[addr])) for addr in set(addresses)
    )
    results = form.submit_round(base_url, addresses, True, marker, key, sids)
    stored = form.stored_complaints(registry, f"{marker} {key} ")
    accepted = [r for r in results if r["status"] == 200 and r["reference"]]
    refused = [r for r in results if r["status"] == 429]
    other = [r for r in results if r not in accepted and r not in refused]
    stored_tags = [desc for desc, _ref in stored]
    references = [ref for _desc, ref in stored]
    lost = {r["tag"] for r in accepted} - set(stored_tags)
    unexpected = set(stored_tags) - {r["tag"] for r in accepted}
    duplicated = len(stored_tags) - len(set(stored_tags))
    lat = [r["latency"] for r in results if r["latency"] is not None]
    wall = max((r["end"] for r in results if r["end"]), default=0) - min(
        (r["start"] for r in results if r["start"]), default=0
    )
    print(f"\n{title}")
    print(f"  accepted (200 with a reference): {len(accepted)} (expected {expected})")
    print(f"  refused (429, the form with the limit's message): {len(refused)}")
    if other:
        answers = sorted({str(r["status"] or r["error"]) for r in other})
        unanswered_stored = {r["tag"] for r in other} & set(stored_tags)
        print(
            f"  no answer (connection closed or refused): {len(other)} "
            f"({', '.join(answers)[:200]}), of which stored: {len(unanswered_stored)}"
        )
    print(
        f"  stored: {len(stored)}, distinct references {len(set(references))}, stored twice "
        f"{duplicated}, accepted but not stored (lost) {len(lost)}, stored but not accepted "
        f"{len(unexpected)}"
    )
    print(
        f"  POSTs: wall {wall:.2f} s, p50 {ms(form.pct(lat, 50))}, p95 {ms(form.pct(lat, 95))}"
        f" | anchor GETs p50 {ms(form.pct(anchor['lat'], 50))}, p95 "
        f"{ms(form.pct(anchor['lat'], 95))} | ratio p50 "
        f"{form.ratio(form.pct(lat, 50), form.pct(anchor['lat'], 50))}, p95 "
        f"{form.ratio(form.pct(lat, 95), form.pct(anchor['lat'], 95))}"
    )
    ok = (
        len(accepted) == expected
        and len(refused) == len(results) - expected
        and len(stored) == len(set(references)) == expected
        and not (lost or unexpected or duplicated or other)
    )
    if queued:
        print(f"  nothing lost, nothing duplicated, limit held: {'OK' if ok else 'NO'}")
        return
    kept = not (lost or unexpected or duplicated) and len(stored) == len(accepted)
    print(
        f"  every answered submission stored once, every unanswered one not stored: "
        f"{'OK' if kept else 'NO'}; unanswered (the citizen sees a connection error): "
        f"{len(other)}"
    )


def refusal_page(base_url, address, sids):
    """What a citizen over the limit gets: the form again, with the reason (429)."""
    with requests.Session() as session:
        headers = form.client_headers(base_url, address, True)
        html = form.open_form(session, base_url, headers, sids)
        data = {
            "csrf_token": form.CSRF_RE.search(html).group(1),
            "category_id": form.CATEGORY_RE.search(html).group(1),
            "description": "over the limit",
            "anonymous": "1",
        }
        response = session.post(
            f"{base_url}/complaint/new", data=data, headers=headers, timeout=form.TIMEOUT
        )
    shown = any(text in response.text for text in REFUSAL)
    kept = "over the limit" in response.text
    print(
        f"\nA further submission from a saturated address: HTTP {response.status_code}, the "
        f"limit's message shown: {shown}, the text typed kept in the form: {kept}"
    )


def recent(registry, addresses):
    with registry.cursor() as cr:
        Complaint = api.Environment(cr, SUPERUSER_ID, {})["fazhi.complaint"]
        return {
            addr: Complaint._count_recent_submissions(Complaint._hash_secret("ip:" + addr))
            for addr in set(addresses)
        }


def ms(seconds):
    return f"{seconds * 1000:.0f} ms"


if __name__ == "__main__":
    started = time.monotonic()
    main()
    print(f"({time.monotonic() - started:.0f} s)")
