#!/usr/bin/env python
"""Benchmark: payment notices applied per second, in process, through the real notify view.

First N orders are placed as shoppers place them (``bench/checkout_cpu.py``: cart, checkout,
submit — stock held, payment opened). Then, for each, the sandbox gateway's *paid* notice is
built and RSA2-signed with the gateway's key — the provider's work, done before the clock
starts. Measured: POSTing each notice to ``/pay/notify/sandbox/`` through Django's test Client
and the whole middleware stack — signature check, parsing, freshness, idempotency (notify_id),
amount/currency checks against the stored payment, the payment marked paid, the order paid,
its held stock converted, the confirmation e-mail queued on commit (task queue not immediate:
queued in Huey's store — Redis with REDIS_URL, else SQLite — as in production).

Each notice must be answered ``success`` and its order end up paid; then every notice is sent
a second time (a provider's retry) and must be answered ``success`` changing nothing.

    python bench/notices.py [--notices 300] [--profile FILE]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ckout_notices REDIS_URL=redis://127.0.0.1:6379/9 \
        python bench/notices.py
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import checkout as http_bench  # noqa: E402
import checkout_cpu  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--notices", type=int, default=300)
    ap.add_argument("--shoppers", type=int, default=16)
    ap.add_argument("--profile", metavar="FILE")
    ap.add_argument("--show-queries", action="store_true", help="print the SQL of the first notice")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="heartland-notices-bench-"))
    http_bench.setup_env(tmp)
    os.environ["HUEY_IMMEDIATE"] = "False"  # the e-mail is queued, as in production
    hot, plenty, people = http_bench.seed(args.shoppers, hot_stock=args.notices + 10)
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from heartland.inventory.models import Reservation, ReservationStatus
    from heartland.orders.models import Order
    from heartland.payments import signing, wire
    from heartland.payments.keys import sandbox_keys
    from heartland.payments.models import Payment

    clients = checkout_cpu.shoppers(people)
    references = []
    for i in range(args.notices):
        client, person = clients[i % len(clients)]
        checkout_cpu.place(client, person, hot, plenty)
    payments = list(Payment.objects.filter(status="pending").order_by("id"))[-args.notices:]
    ids = {p["id"] for p in people}
    key = sandbox_keys().gateway.require_private("gateway")
    now = timezone.now()
    notices = []
    for payment in payments:
        orderer = payment.orderer_id_number
        assert orderer in ids
        params = {
            "notify_time": wire.format_time(now), "notify_type": "trade_status_sync",
            "notify_id": secrets.token_hex(16), "app_id": _app_id(), "charset": "utf-8", "version": "1.0",
            "subject": payment.subject, "gmt_create": wire.format_time(now), "gmt_payment": wire.format_time(now),
            "trade_no": "2026" + secrets.token_hex(12), "out_trade_no": payment.reference,
            "trade_status": "TRADE_SUCCESS", "total_amount": wire.format_amount(payment.amount, payment.currency),
            "currency": payment.currency, "buyer_id": "2088" + secrets.token_hex(6), "payer_name": payment.orderer_name,
            "payer_cert_type": "IDENTITY_CARD", "payer_cert_no": orderer,
        }
        notices.append(signing.signed(params, key))
        references.append(payment.purpose_reference)
    provider = Client(HTTP_HOST="127.0.0.1")  # the provider's server: no session, no CSRF token (the view is signature-checked)
    url = "/pay/notify/sandbox/"
    queries = [0]
    log: list[str] = []

    def count(execute, sql, params, many, context):
        queries[0] += 1
        if args.show_queries and len(log) < queries[0] <= 60 and queries[0] == len(log) + 1 and not log[-1:] == ["--"]:
            log.append(sql[:200])
        return execute(sql, params, many, context)

    profiler = cProfile.Profile() if args.profile else None
    with connection.execute_wrapper(count):
        cpu0, wall0 = time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        for params in notices:
            r = checkout_cpu.post(provider, url, params)
            assert r.status_code == 200 and r.content == b"success", (r.status_code, r.content)
            if log and log[-1] != "--":
                log.append("--")
        if profiler:
            profiler.disable()
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        applied_queries = queries[0]
        queries[0] = 0
        cpu_dup0, wall_dup0 = time.process_time(), time.perf_counter()
        for params in notices:  # the provider's retries: acknowledged, nothing changes
            r = checkout_cpu.post(provider, url, params)
            assert r.status_code == 200 and r.content == b"success", (r.status_code, r.content)
        cpu_dup, wall_dup = time.process_time() - cpu_dup0, time.perf_counter() - wall_dup0
        dup_queries = queries[0]
    if log:
        print("\n".join(log[:-1]))
    n = len(notices)
    paid = Order.objects.filter(number__in=references, status="paid").count()
    converted = Reservation.objects.filter(reference__in=references, status=ReservationStatus.CONVERTED).count()
    assert paid == n, (paid, n)
    print(f"database: {connection.vendor}; notices: {n} (signed by the sandbox gateway's key, verified here)"
          f"{'; under cProfile' if profiler else ''}")
    print(f"applied: {n / wall:.1f} notices/s on one core; CPU {cpu / n * 1000:.1f} ms each, wall "
          f"{wall / n * 1000:.1f} ms, {applied_queries / n:.1f} queries each; orders paid {paid}, "
          f"stock holds converted {converted}")
    print(f"repeated (duplicates, acknowledged, nothing changed): {n / wall_dup:.1f} notices/s; CPU "
          f"{cpu_dup / n * 1000:.1f} ms each, {dup_queries / n:.1f} queries each")
    if profiler:
        profiler.dump_stats(args.profile)
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(20)


def _app_id() -> str:
    from heartland.payments import conf

    return conf.sandbox_app_id()


if __name__ == "__main__":
    main()
