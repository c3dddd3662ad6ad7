"""Ledger throughput: journal entries posted per second for a stream of order events.

    python bench/ledger.py [--orders 1000] [--batch 200]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/heartland_bench python bench/ledger.py

Builds ``--orders`` orders of two farms' parts each (as the database holds them), then runs their
events through the ledger as production does: each event written down by its receiver
(``ledger.inbox.enqueue``: one INSERT, in the transaction of the move that sent it — here all in
one, as the moves' own commits are the orders' cost, not the ledger's) — paid, accepted (with each line's commission),
shipped, released (customs tax), delivered, and for one part in four a return refunded (owed and
paid back, one payment-refunded event) — and posted by the drain (``inbox.post_pending``, ``--batch``
events per transaction). It prints the posting rate — the ledger's throughput, what the target
is about — the write-down's cost to each move, and both one after the other. Then the same stream
overlapped as production runs it: ``--writers`` processes write it down, one transaction an event
(each move commits its own), while the drain posts; that figure is bounded by whichever side is
slower, on PostgreSQL the writers' commits (the orders' cost, not the ledger's). For comparison it
then posts the stream for fresh orders one event per transaction (``services.record_*`` directly,
the way receivers posted before the inbox), and bare ``post_entry`` calls. With no DATABASE_URL it
runs on a fresh SQLite database (WAL) in a temporary directory. Target ≥ 2,000 entries/s.
directory. Target ≥ 2,000 entries/s.
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
    ap.add_argument("--batch", type=int, default=200, help="events posted per transaction by the drain")
    ap.add_argument("--writers", type=int, default=2,
                    help="processes writing the stream down in the overlapped run (as web workers do)")
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
    from django.db import connection, transaction

    from heartland.catalog.tests.factories import make_merchant, make_user
    from heartland.ledger import inbox, selectors, services
    from heartland.ledger.math import Posting
    from heartland.ledger.math import accounts as A
    from heartland.ledger.models import JournalEntry, PendingEvent
    from heartland.ledger.tests.factories import make_order
    from heartland.orders import states
    from heartland.orders.models import OrderRefund

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    user = make_user()
    farms = [make_merchant() for _ in range(50)]

    def build(n):
        t = time.perf_counter()
        built = []
        for i in range(n):
            built.append(make_order(user=user, merchants=[farms[i % 50], farms[(i + 1) % 50]], parts=[
                {"lines": [(Decimal("18.00"), 2, "agricultural"), (Decimal("7.50"), 1, "food")],
                 "freight": Decimal("45"), "tax": Decimal("12.30"), "bump": Decimal("0.40")},
                {"lines": [(Decimal("25.00"), 1, "food")], "freight": Decimal("30"), "tax": Decimal("8.10")}]))
        print(f"built {n:,} orders in {time.perf_counter() - t:.1f}s")
        return [(o, mo) for o in built for mo in o.merchant_orders.all().select_related("order")]

    moves = (states.PAID, states.ACCEPTED, states.SHIPPED, states.RELEASED, states.DELIVERED)
    parts = build(args.orders)
    refunds = {}
    for i, (order, mo) in enumerate(parts):
        if i % 4 == 0:  # a return, owed by the orders app (not timed): the stream carries its refund
            refunds[mo.pk] = OrderRefund.objects.create(
                key=f"return:{mo.number}", order=order, merchant_order=mo, amount=(mo.goods / 3).quantize(Decimal("0.01")),
                currency=order.currency, reason="bench return", status="succeeded")

    before = JournalEntry.objects.count()
    profiler = None
    if args.profile:
        import cProfile
        profiler = cProfile.Profile()
        profiler.enable()
    t, cpu = time.perf_counter(), time.process_time()
    events = 0
    sender = transaction.atomic()  # the moves' own transactions carry the write-down (part_moving)
    sender.__enter__()
    for i, (order, mo) in enumerate(parts):
        for to in moves:
            inbox.enqueue(kind=inbox.PART_MOVED, data={"to": to, "event": "", "from": ""}, merchant_order_id=mo.pk)
            events += 1
        refund = refunds.get(mo.pk)
        if refund is not None:
            inbox.enqueue(kind=inbox.PAYMENT_REFUNDED, data={
                "order": order.number, "reference": f"RFD{mo.number}", "amount": str(refund.amount),
                "at": None, "idempotency_key": f"order-refund:{refund.key}:0"})
            events += 1
    sender.__exit__(None, None, None)
    written = time.perf_counter() - t
    t2 = time.perf_counter()
    drained = inbox.post_pending(limit=args.batch)
    posted = time.perf_counter() - t2
    elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    n = JournalEntry.objects.count() - before
    rate = n / posted
    print(f"order events: {events:,} events → {n:,} entries; {drained.failed} failed, "
          f"{PendingEvent.objects.count()} left")
    print(f"  posting (the drain, {drained.batches} batches of ≤ {args.batch}): {n:,} entries in {posted:.2f}s — "
          f"{rate:,.0f} entries/s (target {TARGET:,}: {'met' if rate >= TARGET else 'NOT met'})")
    print(f"  writing down (one INSERT in each sender's transaction): {events / written:,.0f} events/s, "
          f"{written / events * 1000:.2f} ms added to a move; both one after the other: {n / elapsed:,.0f} entries/s "
          f"(cpu {cpu:.2f}s)")

    # The same stream as production runs it: the moves' own transactions (one an event) write down
    # in one process while the drain posts in another — the two sides overlap, so the rate is the
    # slower side's, not the sum of both.
    import multiprocessing

    from django.db import connections

    parts = build(args.orders)
    refunds = {}
    for i, (order, mo) in enumerate(parts):
        if i % 4 == 0:
            refunds[mo.pk] = OrderRefund.objects.create(
                key=f"return:{mo.number}", order=order, merchant_order=mo, amount=(mo.goods / 3).quantize(Decimal("0.01")),
                currency=order.currency, reason="bench return", status="succeeded")
    streams = [[] for _ in range(args.writers)]  # a part's events stay in one writer, in order
    for i, (order, mo) in enumerate(parts):
        stream = streams[i % args.writers]
        stream += [(inbox.PART_MOVED, {"to": to, "event": "", "from": ""}, mo.pk) for to in moves]
        refund = refunds.get(mo.pk)
        if refund is not None:
            stream.append((inbox.PAYMENT_REFUNDED, {
                "order": order.number, "reference": f"RFD{mo.number}", "amount": str(refund.amount), "at": None,
                "idempotency_key": f"order-refund:{refund.key}:0"}, None))
    events = sum(len(s) for s in streams)
    before = JournalEntry.objects.count()
    connections.close_all()

    def write_down(stream, queue):
        t0 = time.perf_counter()
        for kind, data, part in stream:
            with transaction.atomic():  # one move, one transaction, one event written down
                inbox.enqueue(kind=kind, data=data, merchant_order_id=part)
        queue.put(time.perf_counter() - t0)
        connections.close_all()

    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    writers = [ctx.Process(target=write_down, args=(stream, queue)) for stream in streams]
    t = time.perf_counter()
    for w in writers:
        w.start()
    while True:
        done = not any(w.is_alive() for w in writers)
        got = inbox.post_pending(limit=args.batch)
        if done and not got.events:
            break
        if not got.events:
            time.sleep(0.005)
    elapsed = time.perf_counter() - t
    for w in writers:
        w.join()
    wrote = max(queue.get() for _ in writers)
    n = JournalEntry.objects.count() - before
    rate = n / elapsed
    print(f"stream, {args.writers} writers and the drain together: {events:,} events (one transaction each) → "
          f"{n:,} entries in {elapsed:.2f}s — {rate:,.0f} entries/s; the writers took {wrote:.2f}s ({events / wrote:,.0f} events/s); "
          f"{PendingEvent.objects.count()} left")

    parts = build(max(args.orders // 4, 50))
    before = JournalEntry.objects.count()
    t = time.perf_counter()
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
    elapsed = time.perf_counter() - t
    n = JournalEntry.objects.count() - before
    print(f"the same stream, one event per transaction (no inbox): {n:,} entries in {elapsed:.2f}s — "
          f"{n / elapsed:,.0f} entries/s")

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
