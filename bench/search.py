#!/usr/bin/env python
"""Benchmark: product search latency and reindex throughput on a seed_bulk catalogue.

Seeds N synthetic products (`seed_bulk`, default 100,000) plus the demo catalogue, builds the
search index from scratch (`rebuild`, timed: products/s), then times `search_products` — the
storefront's own selector — on a fixed, deterministic mix of 200 queries (Chinese, Traditional,
full and spaced pinyin, initials, English, full-width, mixed, with facets and sorts, browsing,
zero results) and `autocomplete` on 50 prefixes. Prints p50/p95/p99/max, per kind of query.

SQLite (default): a scratch database in a temporary directory (HEARTLAND_VAR_DIR is set before
Django starts); --var-dir keeps it between runs. PostgreSQL: give DATABASE_URL (any database on
the server); the benchmark creates and uses `heartland_search_bench` there.

    python bench/search.py [--products 100000] [--var-dir /tmp/hl-search-bench]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/search.py

Re-running with the same database skips seeding what exists (seed_bulk is idempotent) and
rebuilds the index unless --keep-index.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from heartland.landedcost import MARKETS  # noqa: E402 — pure Python, no Django: safe before setup

BENCH_DB = "heartland_search_bench"


def _use_postgres_bench_db(url: str) -> str:
    """Create heartland_search_bench on the server of `url` if needed; return its URL."""
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone():
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    return urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


def query_mix() -> list[tuple[str, str, str, dict]]:
    """200 (kind, query, market, filters) — deterministic."""
    from heartland.core.chinese import to_traditional
    from heartland.demo.management.commands.seed_bulk import ADJECTIVES, KINDS, STATES
    from heartland.search import analysis

    rng = random.Random(20261126)
    kinds = list(KINDS)
    rng.shuffle(kinds)

    def market() -> str:
        return rng.choice(MARKETS)

    def pinyin_of(zh: str) -> list[str]:
        out: list[str] = []
        for word in analysis.tokenizer().cut(zh, HMM=False):
            out.extend(analysis.pinyin(word))
        return out

    mix: list[tuple[str, str, str, dict]] = []
    for i in range(40):
        k = kinds[i % len(kinds)]
        adj = rng.choice(ADJECTIVES[k.group])[0] if i % 2 else ""
        mix.append(("chinese", adj + k.zh, market(), {}))
    for i in range(10):
        mix.append(("traditional", to_traditional(kinds[(i * 3) % len(kinds)].zh), market(), {}))
    for i in range(25):
        mix.append(("pinyin", "".join(pinyin_of(kinds[(i * 5 + 1) % len(kinds)].zh)), market(), {}))
    for i in range(10):
        mix.append(("pinyin spaced", " ".join(pinyin_of(kinds[(i * 7 + 2) % len(kinds)].zh)), market(), {}))
    for i in range(15):
        mix.append(("initials", "".join(s[0] for s in pinyin_of(kinds[(i * 11 + 3) % len(kinds)].zh)), market(), {}))
    for i in range(40):
        k = kinds[(i * 13 + 4) % len(kinds)]
        adj = rng.choice(ADJECTIVES[k.group])[1].lower() + " " if i % 3 == 0 else ""
        mix.append(("english", adj + k.en.lower(), market(), {}))
    for i in range(5):
        text = kinds[(i * 17 + 5) % len(kinds)].en.upper()
        mix.append(("full-width", "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" for c in text),
                    market(), {}))
    for i in range(10):
        k = kinds[(i * 19 + 6) % len(kinds)]
        state_en = STATES[i % len(STATES)][2]
        query = f"{state_en} {k.zh}" if i % 2 else f"{k.en.split()[-1].lower()} {k.zh[:2]}"
        mix.append(("mixed", query, market(), {}))
    local_ranges = {"CN": (50, 300), "HK": (50, 300), "JP": (1000, 5000), "KR": (10000, 50000), "SG": (10, 50)}
    for i in range(30):
        k = kinds[(i * 23 + 7) % len(kinds)]
        m = market()
        variant = i % 6
        if variant == 0:
            filters = {"category": k.category}
        elif variant == 1:
            filters = {"state": STATES[i % len(STATES)][0]}
        elif variant == 2:
            filters = {"in_stock": True, "sort": "price_asc"}
        elif variant == 3:
            low, high = local_ranges[m]
            filters = {"price_min": low, "price_max": high}
        elif variant == 4:
            filters = {"sort": "newest", "page": 2}
        else:
            filters = {"sort": "price_desc", "in_stock": True, "state": STATES[(i + 3) % len(STATES)][0]}
        mix.append(("facets", k.zh if i % 2 else k.en.lower(), m, filters))
    browse_filters = [{}, {"sort": "price_asc"}, {"sort": "newest"}, {"category": "honey-syrups"},
                      {"category": "dried-fruit-nuts"}, {"state": "WI"}, {"in_stock": True}, {"page": 3},
                      {"category": "cheese", "sort": "price_desc"}, {"state": "MN", "in_stock": True}]
    for filters in browse_filters:
        mix.append(("browse", "", market(), filters))
    for query in ("火星土豆", "unicorn steak", "xyzzyq", "月球奶酪", "blorptastic"):
        mix.append(("zero results", query, market(), {}))
    assert len(mix) == 200, len(mix)
    return mix


def prefixes() -> list[tuple[str, str]]:
    from heartland.demo.management.commands.seed_bulk import KINDS

    rng = random.Random(7)
    out = []
    for i, k in enumerate(KINDS[:25]):
        out.append((k.zh[: 1 + i % 2], rng.choice(MARKETS)))
        out.append((k.en.lower()[: 3 + i % 3], rng.choice(MARKETS)))
    return out[:50]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def summary(values: list[float]) -> str:
    return (f"p50 {pct(values, 50):6.1f} ms   p95 {pct(values, 95):6.1f} ms   p99 {pct(values, 99):6.1f} ms   "
            f"max {max(values):6.1f} ms   mean {statistics.mean(values):6.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--products", type=int, default=100_000)
    ap.add_argument("--var-dir", help="SQLite: keep the scratch database here (default: a new temporary directory)")
    ap.add_argument("--keep-index", action="store_true", help="do not rebuild the index if it is there")
    ap.add_argument("--passes", type=int, default=3, help="timed passes over the query mix (default 3)")
    args = ap.parse_args()

    if os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = _use_postgres_bench_db(os.environ["DATABASE_URL"])
    else:
        os.environ["HEARTLAND_VAR_DIR"] = args.var_dir or tempfile.mkdtemp(prefix="heartland-search-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heartland.settings")
    os.environ.setdefault("DJANGO_DEBUG", "False")  # production settings: no query log
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    os.environ.setdefault("HEARTLAND_ALLOW_LOCAL_KEYS", "True")  # a scratch database: a local key is fine
    os.environ["HUEY_IMMEDIATE"] = "1"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from heartland.catalog.models import Product
    from heartland.search import analysis
    from heartland.search.backends import backend_for, create_schema
    from heartland.search.indexing import default_jobs, rebuild
    from heartland.search.models import SearchDocument, SearchText
    from heartland.search.selectors import autocomplete, search_products
    from heartland.search.services import clear_caches

    where = connection.settings_dict["NAME"]
    print(f"database: {connection.vendor} ({where})")
    call_command("migrate", verbosity=0)
    t = time.perf_counter()
    call_command("seed_demo", "--no-images", "--no-orders", verbosity=0, stdout=open(os.devnull, "w"))
    call_command("seed_bulk", "--products", str(args.products), "--no-index", stdout=open(os.devnull, "w"))
    total = Product.objects.count()
    print(f"catalogue: {total:,} products (seeded or topped up in {time.perf_counter() - t:.1f}s)")

    if not (args.keep_index and SearchDocument.objects.exists()):
        # From scratch: empty the index, then time a full rebuild.
        with connection.cursor() as cursor:
            backend_for().drop_schema(cursor)
        SearchDocument.objects.all().delete()
        SearchText.objects.all().delete()
        create_schema()
        report = rebuild(jobs=default_jobs())
        print(f"reindex from scratch: {report.products:,} products ({report.listed:,} listed) in {report.seconds:.1f}s "
              f"→ {report.per_second:,.0f} products/s")
        again = rebuild(jobs=default_jobs())
        print(f"reindex again (nothing changed): {again.seconds:.1f}s → {again.per_second:,.0f} products/s")
    listed = SearchDocument.objects.count()
    print(f"index: {listed:,} listed products")

    mix = query_mix()
    analysis.tokenizer(), analysis.syllables()
    for kind, query, market, filters in mix:  # warm-up: first touch of pages and code paths
        search_products(query, market=market, log_zero=False, **filters)

    timings: dict[str, list[float]] = {}
    every: list[float] = []
    slowest: list[tuple[float, str, str, dict, int, bool]] = []
    bounded = 0
    for _ in range(args.passes):
        for kind, query, market, filters in mix:
            clear_caches()  # category/merchant labels and the FX rate are read again each time
            t = time.perf_counter()
            result = search_products(query, market=market, log_zero=False, **filters)
            ms = (time.perf_counter() - t) * 1000
            every.append(ms)
            timings.setdefault(kind, []).append(ms)
            slowest.append((ms, query, market, filters, result.total, result.total_is_lower_bound))
            bounded += result.total_is_lower_bound
    print(f"\nsearch_products, {len(mix)} queries × {args.passes} passes ({len(every)} calls):")
    print(f"  all            {summary(every)}")
    print(f"  {bounded} of {len(every)} calls above the exact-count bound (total shown as a lower bound)")
    for kind, values in timings.items():
        print(f"  {kind:14} {summary(values)}")
    print("  slowest:")
    seen = set()
    for ms, query, market, filters, n, lower in sorted(slowest, reverse=True):
        key = (query, market, tuple(sorted(filters.items())))
        if key in seen:
            continue
        seen.add(key)
        print(f"    {ms:6.1f} ms  {query!r} {market} {filters or ''} → {n:,}{'+' if lower else ''} found")
        if len(seen) == 5:
            break

    ac: list[float] = []
    for _ in range(args.passes):
        for prefix, market in prefixes():
            t = time.perf_counter()
            autocomplete(prefix, market=market)
            ac.append((time.perf_counter() - t) * 1000)
    print(f"\nautocomplete, {len(prefixes())} prefixes × {args.passes}:  {summary(ac)}")


if __name__ == "__main__":
    main()
