#!/usr/bin/env python
"""Benchmark: requests/s of the storefront search page under gunicorn.

Run it after `bench/search.py` on the same database (it seeds and indexes the catalogue):
the SQLite scratch directory via --var-dir, or PostgreSQL via DATABASE_URL (the database
`heartland_search_bench` that bench/search.py created). 16 client threads with keep-alive
connections fetch /search/?q=… for a fixed mix of queries (Chinese, pinyin, initials,
English, facets) for --seconds, then it prints requests/s and p50/p95 latency.

    python bench/search.py --var-dir /tmp/hl-search && python bench/search_http.py --var-dir /tmp/hl-search
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/heartland_search_bench python bench/search_http.py
"""
from __future__ import annotations

import argparse
import http.client
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PORT = 8766
QUERIES = ["牛肉干", "niurougan", "nrg", "beef jerky", "花旗参", "huaqishen", "蜂蜜", "fengmi", "maple syrup",
           "枫糖浆", "碧根果", "野米", "cheese", "奶酪", "蔓越莓干", "jerky 牛肉", "ＢＥＥＦ", "有机 蜂蜜",
           "牛肉乾", "candle"]
FILTERS = ["", "&state=IA", "&sort=price_asc", "&in_stock=1", "&min=50&max=300"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--workers", type=int, default=5)
    ap.add_argument("--var-dir", default="", help="the SQLite scratch directory bench/search.py used")
    args = ap.parse_args()
    env = {**os.environ, "DJANGO_DEBUG": "False", "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "b" * 50),
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DJANGO_SECURE_SSL_REDIRECT": "False",
           "HEARTLAND_ALLOW_LOCAL_KEYS": "True"}
    if args.var_dir:
        env["HEARTLAND_VAR_DIR"] = args.var_dir
    elif not os.environ.get("DATABASE_URL"):
        sys.exit("give --var-dir (SQLite) or DATABASE_URL (PostgreSQL) of a database bench/search.py filled")
    # DEBUG off serves hashed static names: collect them (into a scratch directory unless given).
    env.setdefault("HEARTLAND_STATIC_ROOT", str(Path(tempfile.gettempdir()) / "heartland-search-http-static"))
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "heartland.wsgi", "-w", str(args.workers),
                               "-b", f"127.0.0.1:{PORT}", "--log-level", "warning"], cwd=ROOT, env=env,
                              start_new_session=True)
    try:
        for _ in range(100):
            try:
                c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
                c.request("GET", "/healthz")
                c.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        paths = [f"/search/?q={quote(q)}{f}" for q in QUERIES for f in FILTERS]
        latencies: list[float] = []
        errors = [0]
        lock = threading.Lock()
        deadline = time.perf_counter() + args.seconds

        def client(offset: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            i = offset
            while time.perf_counter() < deadline:
                path = paths[i % len(paths)]
                i += 7
                t = time.perf_counter()
                try:
                    conn.request("GET", path, headers={"Host": "127.0.0.1", "Cookie": "hl_market=CN"})
                    resp = conn.getresponse()
                    resp.read()
                    ok = resp.status == 200
                except (OSError, http.client.HTTPException):
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                    ok = False
                with lock:
                    if ok:
                        latencies.append(time.perf_counter() - t)
                    else:
                        errors[0] += 1

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        start = time.perf_counter()
        [t.start() for t in threads]
        [t.join() for t in threads]
        elapsed = time.perf_counter() - start
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    latencies.sort()
    db = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    print(f"database: {db}; gunicorn workers: {args.workers}; clients: {args.clients}; {elapsed:.1f}s")
    if latencies:
        print(f"search page: {len(latencies) / elapsed:.1f} requests/s; p50 {statistics.median(latencies) * 1000:.0f} ms, "
              f"p95 {latencies[int(len(latencies) * 0.95) - 1] * 1000:.0f} ms; errors {errors[0]}")
    else:
        print(f"no successful request; errors {errors[0]}")


if __name__ == "__main__":
    main()
