#!/usr/bin/env python
"""Benchmark: import a generated Shopify CSV of N variants (default 100,000).

Prints rows/s, wall and CPU time (CPU is the steadier figure on a busy machine) and the
process's peak memory (RSS). With no DATABASE_URL it runs on a
fresh SQLite database in a temporary directory; with DATABASE_URL it uses that
database (migrating it) and a new merchant each run.

    python bench/import_csv.py [--variants 100000] [--per-product 3] [--reimport]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/heartland_bench python bench/import_csv.py
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import django
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NOUNS = [("Beef Jerky", "牛肉干", "food", "16025090"), ("American Ginseng", "花旗参", "agricultural", "12112011"),
         ("Raw Honey", "生蜂蜜", "agricultural", "04090000"), ("Maple Syrup", "枫糖浆", "food", "17022000"),
         ("Dried Cherries", "樱桃干", "agricultural", "08134090"), ("Pecans", "碧根果", "agricultural", "08029090"),
         ("Wild Rice", "野米", "agricultural", "10089000"), ("Cheddar", "切达奶酪", "food", "04069000"),
         ("Soy Candle", "大豆蜡烛", "general", "34060000"), ("Popcorn Kernels", "爆米花玉米粒", "agricultural", "10059000")]
ADJ = [("Original", "原味"), ("Smoked", "烟熏"), ("Organic", "有机"), ("Hand-made", "手工"), ("Gift Box", "礼盒装")]
STATES = ["WI", "IA", "MN", "MI", "OH", "KS", "NE", "MO", "IL", "IN"]
HEADER = ["Handle", "Title", "Body (HTML)", "Vendor", "Type", "Tags", "Published", "Option1 Name", "Option1 Value",
          "Variant SKU", "Variant Grams", "Variant Inventory Qty", "Variant Price", "Variant Compare At Price",
          "Image Src", "Variant Weight Unit", "Status", "Title (zh-Hans)", "Body (HTML) (zh-Hans)", "HS Code",
          "Country of Origin", "Origin State", "Tax Category"]


def generate(path: Path, variants: int, per_product: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        p = 0
        while rows < variants:
            en, zh, tax, hs = rng.choice(NOUNS)
            aen, azh = rng.choice(ADJ)
            state = rng.choice(STATES)
            handle = f"{aen}-{en}-{p}".lower().replace(" ", "-")
            for v in range(min(per_product, variants - rows)):
                size = (v + 1) * 4
                first = v == 0
                w.writerow([
                    handle, f"{aen} {en} #{p}" if first else "",
                    f"<p>{aen} {en} from a family farm in {state}. <span style='color:red'>Small batch.</span></p>" if first else "",
                    f"Farm {p % 500}" if first else "", "Food" if first else "", f"{en.lower()}, {zh}" if first else "",
                    "TRUE" if first else "", "Size" if first else "", f"{size} oz", f"B{p}-{v}",
                    f"{size * 28.3495:.3f}", str(rng.randint(0, 300)), f"{rng.randint(5, 120)}.{rng.randint(0, 99):02d}",
                    "", f"https://cdn.example.com/{p}.jpg" if first else "", "oz", "active" if first else "",
                    f"美国{azh}{zh} {p}号" if first else "",
                    f"<p>来自美国{state}州家庭农场的{azh}{zh}，小批量生产。</p>" if first else "",
                    hs, "US", state if first else "", tax if first else "",
                ])
                rows += 1
            p += 1
    return rows


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variants", type=int, default=100_000)
    ap.add_argument("--per-product", type=int, default=3)
    ap.add_argument("--reimport", action="store_true", help="also time re-importing the same file (no changes)")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="heartland-bench-"))
    if not os.environ.get("DATABASE_URL"):
        os.environ["HEARTLAND_VAR_DIR"] = str(tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heartland.settings")
    # Production settings: with DEBUG on, Django also records every query's SQL.
    os.environ.setdefault("DJANGO_DEBUG", "False")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    os.environ.setdefault("HUEY_IMMEDIATE", "1")
    django.setup()
    # The app's modules load models, so they are imported only once the settings above are
    # chosen (a bench flag) and Django is set up.
    from heartland.catalog.importers.shopify import import_shopify_csv
    from heartland.merchants.services import onboard_merchant

    call_command("migrate", verbosity=0)
    csv_path = tmp / "products.csv"
    t = time.perf_counter()
    n = generate(csv_path, args.variants, args.per_product)
    print(f"generated {n:,} variant rows ({csv_path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t:.1f}s")
    slug = f"bench-{int(time.time())}"
    merchant, _, _ = onboard_merchant(slug=slug, name="Bench Farm", email=f"{slug}@bench.example", state="WI", approved=True)
    rss_before = peak_rss_mb()
    errors: list = []
    t, cpu = time.perf_counter(), time.process_time()
    with csv_path.open("rb") as f:
        summary = import_shopify_csv(merchant=merchant, binary=f, on_errors=errors.extend)
    elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
    db = connection.vendor
    print(f"database: {db}  rows: {summary.rows_seen:,}  products created: {summary.products_created:,}  "
          f"variants created: {summary.variants_created:,}  rejected: {summary.rows_rejected}")
    print(f"import: {elapsed:.1f}s wall, {cpu:.1f}s CPU  →  {summary.rows_seen / elapsed:,.0f} rows/s")
    print(f"peak RSS: {peak_rss_mb():.0f} MB (before the import: {rss_before:.0f} MB)")
    if args.reimport:
        t, cpu = time.perf_counter(), time.process_time()
        with csv_path.open("rb") as f:
            again = import_shopify_csv(merchant=merchant, binary=f)
        elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
        print(f"re-import (no changes: {not again.changed}): {elapsed:.1f}s wall, {cpu:.1f}s CPU → "
              f"{again.rows_seen / elapsed:,.0f} rows/s; peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
