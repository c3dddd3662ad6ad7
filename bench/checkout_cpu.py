#!/usr/bin/env python
"""Benchmark: CPU and queries per placed order, in process (no HTTP, no gunicorn).

Each order is what a shopper of ``bench/checkout.py --until placed`` does, through Django's
test Client and the whole middleware stack (sessions, CSRF checked, auth, locale, messages):
add a hot item and a plentiful one from a second farm to the cart → open the checkout page →
submit consignee + identity (limits, quote, stock hold, payment opened and signed). Shoppers
take turns, one order each in a round, so the annual-limit look-ups see realistic history.

Printed: orders, CPU-ms per order (``time.process_time``: this process only, the database's
own work is outside it on PostgreSQL, inside it on SQLite), wall-ms per order, queries per
order and per step, and the time spent waiting on the database per order (wall time inside
the cursor calls — on PostgreSQL that is the primary's share of an order).

    python bench/checkout_cpu.py [--orders 300] [--shoppers 16] [--profile FILE]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ckout_cpu REDIS_URL=redis://127.0.0.1:6379/9 \
        python bench/checkout_cpu.py

``--profile FILE`` writes a cProfile of the measured orders (``python -m pstats FILE``) and
prints the top functions by cumulative and own time. With no DATABASE_URL it runs on a fresh
SQLite database in a temporary directory.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import checkout as http_bench  # noqa: E402  (bench/checkout.py: the same environment and seed)


class DbMeter:
    """Counts queries and the wall time spent in them, per step."""

    def __init__(self):
        self.step = "other"
        self.queries: dict[str, int] = {}
        self.seconds = 0.0
        self.log: list[str] | None = None

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries[self.step] = self.queries.get(self.step, 0) + 1
            if self.log is not None:
                self.log.append(f"[{self.step}] {sql[:220]}")


def shoppers(people) -> list:
    """A test Client per shopper, signed in by its session cookie, checking CSRF as a browser's would be."""
    from django.test import Client

    clients = []
    for p in people:
        c = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1", HTTP_REFERER="http://127.0.0.1/")
        c.cookies["sessionid"], c.cookies["csrftoken"] = p["session"], p["csrf"]
        clients.append((c, p))
    return clients


FORM = "application/x-www-form-urlencoded"  # what a browser sends (the test Client's default is multipart)


def post(client, path: str, data: dict):
    return client.post(path, urlencode(data), content_type=FORM)


def place(client, p, hot, plenty, meter=None) -> str:
    """One order as a shopper places it; returns where the submit sent the shopper (the payment)."""
    def step(name):
        if meter is not None:
            meter.step = name

    for variant in (hot.pk, plenty.pk):
        step("add to cart")
        r = post(client, "/cart/add/", {"variant": variant, "quantity": 1, "csrfmiddlewaretoken": p["csrf"]})
        assert r.status_code == 302, r.status_code
    step("checkout page")
    page = client.get("/checkout/").content.decode()
    key = re.search(r'name="key" value="([^"]+)"', page).group(1)
    step("submit")
    r = post(client, "/checkout/", {
        "csrfmiddlewaretoken": p["csrf"], "key": key, "name": "张伟", "phone": "13812345678", "region": "四川省",
        "city": "成都市", "district": "武侯区", "street": "人民南路四段1号", "postcode": "610041",
        "real_name": "张伟", "id_number": p["id"], "service_level": "standard", "agree": "on"})
    assert r.status_code == 302 and "/orders/" not in r["Location"], (r.status_code, r.get("Location"))
    return r["Location"]


def _backend_cpu(connection) -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL server process (same machine only)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--orders", type=int, default=300)
    ap.add_argument("--shoppers", type=int, default=16)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--profile", metavar="FILE")
    ap.add_argument("--show-queries", action="store_true", help="print the SQL of one order, then measure")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="heartland-checkout-cpu-"))
    http_bench.setup_env(tmp)
    total = args.orders + args.warmup
    hot, plenty, people = http_bench.seed(args.shoppers, hot_stock=total + 10)
    from django.db import connection

    from heartland.orders.models import Order

    clients = shoppers(people)
    meter = DbMeter()

    def one(client, p):
        place(client, p, hot, plenty, meter)

    with connection.execute_wrapper(meter):
        for i in range(args.warmup):
            one(*clients[i % len(clients)])
        if args.show_queries:
            meter.log = []
            one(*clients[args.warmup % len(clients)])
            print("\n".join(meter.log))
            meter.log = None
        meter.queries, meter.seconds = {}, 0.0
        before = Order.objects.count()
        backend = _backend_cpu(connection)
        profiler = cProfile.Profile() if args.profile else None
        cpu0, wall0 = time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        for i in range(args.orders):
            one(*clients[i % len(clients)])
        if profiler:
            profiler.disable()
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        db_seconds, queries = meter.seconds, dict(meter.queries)
        backend = _backend_cpu(connection) - backend if backend is not None else None
    placed = Order.objects.count() - before
    assert placed == args.orders, (placed, args.orders)
    n = args.orders
    print(f"database: {connection.vendor}; orders placed in process: {n} ({args.shoppers} shoppers, "
          f"{args.warmup} warm-up orders not counted){'; under cProfile' if profiler else ''}")
    print(f"CPU per order: {cpu / n * 1000:.1f} ms (this process); wall {wall / n * 1000:.1f} ms → "
          f"{n / wall:.1f} orders/s on one core")
    print(f"queries per order: {sum(queries.values()) / n:.1f} "
          f"({', '.join(f'{k} {v / n:.1f}' for k, v in queries.items())}); "
          f"time in the database driver per order: {db_seconds / n * 1000:.2f} ms")
    if backend is not None:
        print(f"PostgreSQL: CPU of this connection's server process {backend / n * 1000:.2f} ms per order "
              f"(/proc; the primary's own work for an order, WAL writing and checkpoints aside)")
    if profiler:
        profiler.dump_stats(args.profile)
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(35)
        stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
