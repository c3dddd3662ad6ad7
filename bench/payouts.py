#!/usr/bin/env python
"""Benchmark: a payout run for many farms — record the run (a payout row and a ledger entry per
farm, in one transaction), then write its NACHA file — and the dry run (balances only).

    python bench/payouts.py [--farms 100000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/heartland_bench python bench/payouts.py

Each farm is owed a delivered balance (outside the return window) and has bank details. With no
DATABASE_URL it runs on a fresh SQLite database in a temporary directory.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402
from django.core.management import call_command  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--farms", type=int, default=100_000)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="heartland-bench-"))
    if not os.environ.get("DATABASE_URL"):
        os.environ["HEARTLAND_VAR_DIR"] = str(tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heartland.settings")
    os.environ.setdefault("DJANGO_DEBUG", "False")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    os.environ.setdefault("HUEY_IMMEDIATE", "1")
    from cryptography.fernet import Fernet
    os.environ.setdefault("HEARTLAND_FERNET_KEYS", Fernet.generate_key().decode())
    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from heartland.core.crypto import encrypt
    from heartland.ledger.math import accounts as A
    from heartland.ledger.models import Account, JournalEntry, Posting
    from heartland.merchants.models import Merchant
    from heartland.payouts import services
    from heartland.payouts.ach import parse_file
    from heartland.payouts.models import BankAccount, Payout

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}, farms: {args.farms:,}")
    n = args.farms
    t = time.perf_counter()
    when = timezone.now() - timedelta(days=30)
    routing, account = encrypt("011000015"), encrypt("000123456789")
    with transaction.atomic():
        first = Merchant.objects.count()
        Merchant.objects.bulk_create([Merchant(slug=f"bench-farm-{first + i}", legal_name=f"Bench Farm {i} LLC",
                                               trading_name=f"Bench Farm {i}", state="WI", status="approved")
                                      for i in range(n)], batch_size=2000)
        ids = list(Merchant.objects.filter(slug__startswith="bench-farm-").order_by("pk").values_list("pk", flat=True))
        other, _ = Account.objects.get_or_create(name=A.FX_CONVERSION, defaults={"kind": "position"})
        Account.objects.bulk_create([Account(name=A.farm_delivered(mid), kind="liability", merchant_id=mid)
                                     for mid in ids], batch_size=2000)
        acc = dict(Account.objects.filter(merchant_id__in=ids).values_list("merchant_id", "pk")) if n < 500 else \
            dict(Account.objects.filter(merchant__isnull=False).values_list("merchant_id", "pk"))
        JournalEntry.objects.bulk_create([JournalEntry(key=f"bench-delivered:{mid}", kind="bench", memo="bench",
                                                       occurred_at=when, merchant_id=mid) for mid in ids],
                                         batch_size=2000)
        entries = dict(JournalEntry.objects.filter(kind="bench").values_list("merchant_id", "pk"))
        rows = []
        for k, mid in enumerate(ids):
            amount = 2500 + (k * 7919) % 500000
            rows += [Posting(entry_id=entries[mid], account_id=acc[mid], currency="USD", amount_minor=-amount),
                     Posting(entry_id=entries[mid], account_id=other.pk, currency="USD", amount_minor=amount)]
        Posting.objects.bulk_create(rows, batch_size=5000)
        BankAccount.objects.bulk_create([BankAccount(merchant_id=mid, holder_name=f"Bench Farm {i} LLC",
                                                     routing_number_encrypted=routing, account_number_encrypted=account,
                                                     routing_last4="0015", account_last4="6789")
                                         for i, mid in enumerate(ids)], batch_size=2000)
    print(f"seeded in {time.perf_counter() - t:.1f} s")

    t = time.perf_counter()
    dry = services.run_payouts(out_dir=tmp / "out", dry_run=True)
    dry_s = time.perf_counter() - t
    print(f"dry run (balances of every farm, who is due): {dry_s:.2f} s — {len(dry.planned):,} farms due")

    t = time.perf_counter()
    run = services.record_run(started_by="bench")
    record_s = time.perf_counter() - t
    t = time.perf_counter()
    path = services.write_run_file(run=run, out_dir=tmp / "out")
    write_s = time.perf_counter() - t
    total = record_s + write_s
    print(f"record the run ({run.payout_count:,} payouts + ledger entries, one transaction): {record_s:.1f} s "
          f"({run.payout_count / record_s:,.0f} payouts/s)")
    print(f"write the NACHA file ({path.stat().st_size / 1e6:.1f} MB): {write_s:.1f} s")
    print(f"payout run for {run.payout_count:,} farms: {total:.1f} s")
    parsed = parse_file(path.read_text())
    assert parsed.control["entry_count"] == run.payout_count == Payout.objects.filter(run=run).count()
    assert parsed.control["credit_cents"] == run.total_minor
    again = services.run_payouts(out_dir=tmp / "out")
    assert not again.runs, "a second run paid someone again"
    print("checked: the file parses with every control total; a second run pays nobody")


if __name__ == "__main__":
    main()
