#!/usr/bin/env python
"""Benchmark: requests/s of the shopper pages (home, product, category, merchant, search) under gunicorn.

It seeds a fresh demo catalogue (`migrate` + `seed_demo --no-orders` + `reindex`): in a temporary
HEARTLAND_VAR_DIR on SQLite, or on PostgreSQL + Redis when DATABASE_URL / REDIS_URL are set —
then the database named there is dropped and created again and the Redis db flushed. It
refuses a database that holds orders (it is not a scratch database) unless --reuse, which
benchmarks the database as it is without seeding.

Then it starts gunicorn (DJANGO_DEBUG=False, --workers, default 2 per core) and loads each page
with wrk (16 connections, --seconds each, browsers' Accept-Encoding), and prints requests/s,
p50/p99 latency, the share of the "bare view" figure (a second gunicorn serving one Django
view with no middleware and no database: bench/_pages_bare.py) and the HTML size.

--cpu-ms N renders each page N times in this process with Django's test client (anonymous,
warm, page cache off) and prints the median CPU milliseconds (time.process_time) and SQL queries
per page.
--profile FILE writes cProfile stats of each page (FILE.home, FILE.product, FILE.category,
FILE.merchant, FILE.search; read them with `python -m pstats FILE.home`) and prints the top of each.
--no-page-cache sets HEARTLAND_PAGE_CACHE=0 for gunicorn: the uncached pages.

Figures are indicative on a shared machine; compare runs on the same machine only.

    python bench/pages.py                         # SQLite, wrk, 15 s per page
    python bench/pages.py --cpu-ms 50 --no-http   # CPU and queries per page only
    python bench/pages.py --cpu-ms 30 --profile /tmp/pages.prof --no-http
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pages_bench REDIS_URL=redis://127.0.0.1:6379/5 \\
        python bench/pages.py --no-page-cache
"""
from __future__ import annotations

import argparse
import atexit
import cProfile
import gzip
import http.client
import io
import os
import pstats
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PORT = 8771
BARE_PORT = 8772
SHOPPER_EMAIL = "shopper@heartland.localhost"
SHOPPER_PASSWORD = "heartland-demo"
ACCEPT_ENCODING = "gzip, deflate, br"
BASE_ENV = dict(os.environ)  # before the in-process measurements change it (page cache off)


def _env(args, var_dir: str) -> dict[str, str]:
    env = {
        "DJANGO_DEBUG": "False", "DJANGO_SECRET_KEY": "bench-pages-" + "k" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "DJANGO_SECURE_SSL_REDIRECT": "False",
        "DJANGO_SESSION_COOKIE_SECURE": "False", "DJANGO_CSRF_COOKIE_SECURE": "False",
        "DJANGO_SECURE_HSTS_SECONDS": "0", "HEARTLAND_ALLOW_LOCAL_KEYS": "True",
        "HEARTLAND_STATIC_ROOT": str(Path(var_dir) / "static"), "HEARTLAND_MEDIA_ROOT": str(Path(var_dir) / "media"),
        "HEARTLAND_DEMO_PASSWORD": SHOPPER_PASSWORD,
    }
    if not os.environ.get("DATABASE_URL"):
        env["HEARTLAND_VAR_DIR"] = var_dir
    if args.no_page_cache:
        env["HEARTLAND_PAGE_CACHE"] = "0"
    return env


def _manage(env: dict[str, str], *argv: str) -> None:
    subprocess.run([sys.executable, "manage.py", *argv], cwd=ROOT, env={**BASE_ENV, **env}, check=True,
                   stdout=subprocess.DEVNULL if argv[0] == "collectstatic" else None)


def _prepare_postgres(url: str, reuse: bool) -> bool:
    """Drop and create the database of DATABASE_URL (refusing one with orders). True → seed it."""
    import psycopg
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name or ""):
        sys.exit(f"refusing database name {name!r}")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if exists:
        with psycopg.connect(url) as conn:
            has_table = conn.execute("SELECT to_regclass('orders_order')").fetchone()[0]
            orders = conn.execute("SELECT COUNT(*) FROM orders_order").fetchone()[0] if has_table else 0
        if reuse:
            return False
        if orders:
            sys.exit(f"database {name} holds {orders} orders: not a scratch database. Point DATABASE_URL at "
                     "another one, or pass --reuse to benchmark it as it is (nothing is dropped).")
    elif reuse:
        sys.exit(f"--reuse: database {name} does not exist")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return True


def _flush_redis(url: str) -> None:
    import redis
    redis.Redis.from_url(url).flushdb()


def _wait(port: int, path: str = "/") -> None:
    for _ in range(150):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", path, headers={"Host": "127.0.0.1"})
            c.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"gunicorn on port {port} did not answer")


def _gunicorn(app: str, port: int, workers: int, env: dict[str, str], chdir: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "gunicorn", app, "-w", str(workers), "-k", "sync",
                             "-b", f"127.0.0.1:{port}", "--log-level", "warning", "--chdir", str(chdir)],
                            cwd=ROOT, env={**BASE_ENV, **env}, start_new_session=True)


def _stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def _wrk(port: int, path: str, seconds: int, connections: int, cookie: str = "") -> dict:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", f"Accept-Encoding: {ACCEPT_ENCODING}",
           "-H", "Host: 127.0.0.1"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(cmd + [f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def ms(label: str) -> float:
        m = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)] if m else float("nan")
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p50": ms("50%"), "p99": ms("99%"), "non2xx": int(bad.group(1)) if bad else 0,
            "socket_errors": errors.group(1) if errors else ""}


def _fetch(port: int, path: str, cookie: str = "") -> tuple[int, int, int]:
    """(status, raw HTML bytes, gzip bytes): gzip as served when the server compresses, else gzip -6 of it."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": "127.0.0.1", "Accept-Encoding": "gzip"}
    if cookie:
        headers["Cookie"] = cookie
    conn.request("GET", path, headers=headers)
    resp = conn.getresponse()
    body = resp.read()
    if resp.getheader("Content-Encoding") == "gzip":
        return resp.status, len(gzip.decompress(body)), len(body)
    return resp.status, len(body), len(gzip.compress(body, 6))


# --- in process ---------------------------------------------------------------------------------
def _django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ["HEARTLAND_PAGE_CACHE"] = "0"   # CPU figures are of the uncached page
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heartland.settings")
    sys.path.insert(0, str(ROOT))
    import django
    django.setup()


def _pages() -> list[tuple[str, str]]:
    """(name, path) of each page benchmarked, picked from the seeded catalogue."""
    from django.urls import reverse

    from heartland.catalog.models import Category, Product
    from heartland.catalog.selectors import VISIBLE
    from heartland.merchants.models import Merchant, MerchantStatus

    product = (Product.objects.filter(VISIBLE).select_related("merchant")
               .order_by("merchant__slug", "handle").first())
    if product is None:
        sys.exit("no visible product: is the catalogue seeded?")
    # The farm with the most products on sale (its page shows the most cards).
    from django.db.models import Count, Q
    merchant = (Merchant.objects.filter(status=MerchantStatus.APPROVED)
                .annotate(n=Count("products", filter=Q(products__status="active"))).order_by("-n", "slug").first())
    # The top-level category holding the most visible products, its subcategories' included.
    parents = dict(Category.objects.values_list("pk", "parent_id"))
    counts: dict[int, int] = {}
    for pk in Product.objects.filter(VISIBLE).values_list("category_id", flat=True):
        while pk is not None and parents.get(pk) is not None:
            pk = parents[pk]
        if pk is not None:
            counts[pk] = counts.get(pk, 0) + 1
    category = Category.objects.get(pk=max(sorted(counts), key=lambda pk: counts[pk]))
    return [
        ("home", reverse("storefront:home")),
        ("product", reverse("storefront:product", args=[product.merchant.slug, product.handle])),
        ("category", reverse("storefront:category", args=[category.slug])),
        ("merchant", reverse("storefront:merchant", args=[merchant.slug])),
        ("search 蜂蜜", reverse("storefront:search") + "?q=" + quote("蜂蜜")),
    ]


def _shopper_cookie() -> str:
    """Log the demo shopper in (creating it when seed_demo --no-orders did not) → 'sessionid=…'."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    User = get_user_model()
    if not User.objects.filter(email__iexact=SHOPPER_EMAIL).exists():
        User.objects.create_user(email=SHOPPER_EMAIL, password=SHOPPER_PASSWORD)
    client = Client()
    if not client.login(username=SHOPPER_EMAIL, password=SHOPPER_PASSWORD):
        sys.exit(f"could not log {SHOPPER_EMAIL} in with the demo password")
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _cpu_ms(pages: list[tuple[str, str]], n: int) -> list[tuple[str, float, int, int]]:
    """(name, median CPU ms per render, queries per render, status) — anonymous, warm. The median,
    not the mean: other processes on the machine disturb some renders."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_ACCEPT_ENCODING=ACCEPT_ENCODING)
    out = []
    for name, path in pages:
        client.get(path)  # warm: templates, translations, small caches
        with CaptureQueriesContext(connection) as ctx:
            status = client.get(path).status_code
        queries = len(ctx.captured_queries)
        times = []
        for _ in range(n):
            start = time.process_time()
            client.get(path)
            times.append(time.process_time() - start)
        out.append((name, statistics.median(times) * 1000, queries, status))
    return out


def _profile(pages: list[tuple[str, str]], n: int, prefix: str) -> None:
    from django.test import Client

    client = Client()
    for name, path in pages:
        client.get(path)
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(n):
            client.get(path)
        prof.disable()
        prof.dump_stats(f"{prefix}.{name.split()[0]}")
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(30)
        print(f"\n--- profile: {name} ({n} renders) → {prefix}.{name.split()[0]}\n{buf.getvalue()}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=int, default=15, help="wrk duration per page")
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 2), help="gunicorn sync workers")
    ap.add_argument("--cpu-ms", type=int, default=0, metavar="N", help="render each page N times in process")
    ap.add_argument("--profile", default="", metavar="FILE", help="cProfile each page in process (FILE.<page>)")
    ap.add_argument("--no-http", action="store_true", help="skip gunicorn and wrk")
    ap.add_argument("--no-page-cache", action="store_true", help="HEARTLAND_PAGE_CACHE=0 for the served pages")
    ap.add_argument("--reuse", action="store_true", help="benchmark the database as it is (no drop, no seeding)")
    ap.add_argument("--var-dir", default="", help="SQLite: use (and keep) this directory instead of a temporary one")
    args = ap.parse_args()
    if not args.no_http and not shutil.which("wrk"):
        print("\n" + "!" * 72 + "\n!!  wrk is not installed: `apt-get install wrk` (or run with --no-http)\n"
              + "!" * 72, file=sys.stderr)
        sys.exit(2)

    database_url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    scratch = args.var_dir or tempfile.mkdtemp(prefix="hl-pages-")
    if not args.var_dir:
        atexit.register(shutil.rmtree, scratch, True)
    env = _env(args, scratch)
    if database_url:
        seed = _prepare_postgres(database_url, args.reuse)
    else:
        seed = not (args.reuse and (Path(scratch) / "heartland.sqlite3").exists())
        if seed and (Path(scratch) / "heartland.sqlite3").exists():
            sys.exit(f"{scratch} already holds a database: give --reuse or an empty --var-dir")
    if redis_url:
        _flush_redis(redis_url)
    if seed:
        _manage(env, "migrate", "--noinput", "-v", "0")
        _manage(env, "seed_demo", "--no-orders")
        _manage(env, "reindex")   # the search index the listings read (its tasks do not run here)
    _manage(env, "collectstatic", "--noinput")
    _django(env)
    pages = _pages()
    cookie = _shopper_cookie()
    db = "postgresql" if database_url else f"sqlite ({scratch})"
    print(f"database: {db}; cache: {'redis' if redis_url else 'locmem'}; cpus: {os.cpu_count()}")
    print("pages: " + ", ".join(f"{name} {path}" for name, path in pages))

    if args.cpu_ms:
        print(f"\nIn process, anonymous, warm, page cache off: median of {args.cpu_ms} renders")
        print(f"{'page':<14}{'CPU ms':>9}{'queries':>9}{'status':>8}")
        for name, ms, queries, status in _cpu_ms(pages, args.cpu_ms):
            print(f"{name:<14}{ms:>9.1f}{queries:>9}{status:>8}")
    if args.profile:
        _profile(pages, max(args.cpu_ms, 20), args.profile)
    if args.no_http:
        return

    bare = _gunicorn("_pages_bare:application", BARE_PORT, args.workers, env, ROOT / "bench")
    server = _gunicorn("heartland.wsgi", PORT, args.workers, env, ROOT)
    rows = []
    try:
        _wait(BARE_PORT)
        _wait(PORT, "/healthz")
        base = _wrk(BARE_PORT, "/", args.seconds, args.connections)
        rows.append(("bare view", base, _fetch(BARE_PORT, "/")))
        _stop(bare)
        runs = [(name, path, "") for name, path in pages]
        runs.append(("product, signed in", pages[1][1], cookie))
        for name, path, cookie_header in runs:
            for _ in range(2 * args.workers):  # each worker (most likely) renders it once before wrk starts
                _fetch(PORT, path, cookie_header)
            rows.append((name, _wrk(PORT, path, args.seconds, args.connections, cookie_header),
                         _fetch(PORT, path, cookie_header)))
    finally:
        if bare.poll() is None:
            _stop(bare)
        _stop(server)
    print(f"\ngunicorn: {args.workers} sync workers; wrk: {args.connections} connections, {args.seconds}s per page; "
          f"page cache {'off (HEARTLAND_PAGE_CACHE=0)' if args.no_page_cache else 'as configured'}")
    print(f"{'page':<20}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'% bare':>8}{'HTML gz':>9}{'HTML raw':>10}  notes")
    for name, r, (status, raw, gz) in rows:
        notes = [f"HTTP {status}"] if status != 200 else []
        if r["non2xx"]:
            notes.append(f"{r['non2xx']} non-2xx")
        if r["socket_errors"]:
            notes.append("socket errors " + r["socket_errors"])
        print(f"{name:<20}{r['rps']:>9.0f}{r['p50']:>9.1f}{r['p99']:>9.1f}{r['rps'] / base['rps'] * 100:>7.1f}%"
              f"{gz:>9}{raw:>10}  {'; '.join(notes)}")
    print("Indicative: other processes share this machine's CPUs; compare runs made on the same machine.")


if __name__ == "__main__":
    main()
