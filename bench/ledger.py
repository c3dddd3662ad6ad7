"""Ledger throughput: journal entries posted per second for a stream of order events.

    python bench/ledger.py [--orders 1000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/heartland_bench python bench/ledger.py

Builds ``--orders`` orders of two farms' parts each (as the database holds them), then posts their
events as the signal receivers do — each event its own transaction: paid, accepted (with each
line's commission), shipped, customs tax, delivered, and for one part in four a return refunded
(owed and paid back) — and prints entries per second. Also prints bare ``post_entry`` calls per
second. With no DATABASE_URL it runs on a fresh SQLite database (WAL) in a temporary directory.
Target ≥ 2,000 entries/s.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import django
from django.core.management import call_command

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET = 2_000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--orders", type=int, default=1000)
    ap.add_argument("--profile", metavar="FILE", help="cProfile the order-event stream into FILE (pstats)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="heartland-bench-"))
    if not os.environ.get("DATABASE_URL"):
        os.environ["HEARTLAND_VAR_DIR"] = str(tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heartland.settings")
    os.environ.setdefault("DJANGO_DEBUG", "False")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    os.environ.setdefault("HUEY_IMMEDIATE", "1")
    django.setup()
    from django.db import connection

    from heartland.catalog.tests.factories import make_merchant, make_user
    from heartland.ledger import selectors, services
    from heartland.ledger.math import Posting
    from heartland.ledger.math import accounts as A
    from heartland.ledger.models import JournalEntry
    from heartland.ledger.tests.factories import make_order

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    user = make_user()
    farms = [make_merchant() for _ in range(50)]
    t = time.perf_counter()
    orders = []
    for i in range(args.orders):
        orders.append(make_order(user=user, merchants=[farms[i % 50], farms[(i + 1) % 50]], parts=[
            {"lines": [(Decimal("18.00"), 2, "agricultural"), (Decimal("7.50"), 1, "food")],
             "freight": Decimal("45"), "tax": Decimal("12.30"), "bump": Decimal("0.40")},
            {"lines": [(Decimal("25.00"), 1, "food")], "freight": Decimal("30"), "tax": Decimal("8.10")}]))
    print(f"built {args.orders:,} orders in {time.perf_counter() - t:.1f}s")
    parts = [(o, mo) for o in orders for mo in o.merchant_orders.all().select_related("order")]

    before = JournalEntry.objects.count()
    profiler = None
    if args.profile:
        import cProfile
        profiler = cProfile.Profile()
        profiler.enable()
    t, cpu = time.perf_counter(), time.process_time()
    for i, (order, mo) in enumerate(parts):
        services.record_part_paid(merchant_order=mo)
        services.record_part_accepted(merchant_order=mo)
        services.record_part_shipped(merchant_order=mo)
        services.record_customs_tax(merchant_order=mo)
        services.record_part_delivered(merchant_order=mo)
        if i % 4 == 0:
            services.record_refund_owed(key=f"return:{mo.number}", order=order, amount=mo.goods / 3,
                                        merchant_order=mo)
            services.record_refund_paid(reference=f"RFD{mo.number}", order=order, amount=mo.goods / 3)
    elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    n = JournalEntry.objects.count() - before
    rate = n / elapsed
    print(f"order events: {n:,} entries in {elapsed:.2f}s — {rate:,.0f} entries/s "
          f"(cpu {cpu:.2f}s; target {TARGET:,}: {'met' if rate >= TARGET else 'NOT met'})")

    legs = [Posting(A.CLEARING, "CNY", 12345), Posting(A.UNEARNED, "CNY", -12345)]
    t = time.perf_counter()
    m = 5000
    for i in range(m):
        services.post_entry(key=f"bench:{time.time_ns()}:{i}", memo="bench", postings=legs)
    elapsed = time.perf_counter() - t
    print(f"post_entry alone: {m:,} entries in {elapsed:.2f}s — {m / elapsed:,.0f} entries/s")
    t = time.perf_counter()
    for i in range(m):
        services.post_entry(key=f"bench:again:{i % 10}", memo="bench", postings=legs)
    elapsed = time.perf_counter() - t
    print(f"post_entry of an event already posted (idempotent no-op): {m / elapsed:,.0f} calls/s")
    totals = selectors.totals_by_currency()
    print("sum per currency:", ", ".join(f"{c} {v}" for c, v in sorted(totals.items())),
          "(balanced)" if not any(totals.values()) else "(NOT balanced)")


if __name__ == "__main__":
    main()
