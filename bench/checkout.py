#!/usr/bin/env python
"""Benchmark: completed checkouts per second through the real HTTP views under gunicorn.

16 concurrent shoppers (threads, keep-alive connections) each loop: add a hot item (limited
stock) and a plentiful one from a second farm to the cart → open checkout → submit
consignee + identity → follow the signed redirect to the sandbox cashier → pay. Notices are
delivered in-process (HUEY_IMMEDIATE), so a completed checkout is an order in state *paid*.
With --until placed a shopper stops once the order is placed (stock held, payment opened):
what Heartland's own servers do, without the sandbox provider's gateway, cashier and notice.
The rate is over the run, or over the time the hot item lasted if it sold out. At the end the
stock is checked: units sold + held must never exceed the stock (oversell 0); give a small
--hot-stock to make it sell out.

    python bench/checkout.py [--seconds 30] [--shoppers 16] [--workers 5] [--hot-stock 1000] [--until placed]
                             [--hot-only]

--hot-only: every shopper buys only the hot item, so every stock hold updates the same row —
the contention point; the run shows how far one item's row goes.
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/heartland_checkout_bench \
        REDIS_URL=redis://127.0.0.1:6379/1 python bench/checkout.py

With no DATABASE_URL it runs on a fresh SQLite database in a temporary directory.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PORT = 8765
STEPS: dict[str, list[float]] = {}  # step → latencies (list.append is atomic under the GIL)


def setup_env(tmp: Path) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "heartland.settings", "DJANGO_DEBUG": "False",
           "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-" + "k" * 50),
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_SECURE_SSL_REDIRECT": "False",
           "HEARTLAND_ALLOW_LOCAL_KEYS": "True", "HEARTLAND_SANDBOX_ENABLED": "True", "HUEY_IMMEDIATE": "True",
           "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
           "HEARTLAND_VAR_DIR": str(tmp), "HEARTLAND_STATIC_ROOT": str(tmp / "static")}
    os.environ.update(env)
    return env


def seed(shoppers: int, hot_stock: int):
    import django

    django.setup()
    from datetime import date, timedelta
    from decimal import Decimal
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command
    from django.utils import timezone
    from stdnum.cn import ric

    from heartland.accounts.models import User
    from heartland.checkout.tests.factories import sellable
    from heartland.markets.models import FxRate
    from heartland.merchants.services import onboard_merchant

    call_command("migrate", verbosity=0)
    # DEBUG off reads hashed static names from collectstatic's manifest, as in production.
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp = secrets.token_hex(3)
    FxRate.objects.get_or_create(base="USD", quote="CNY", valid_from=timezone.now() - timedelta(minutes=5),
                                 defaults={"rate": Decimal("7.1032"), "source": "bench"})
    a, _, _ = onboard_merchant(slug=f"bench-honey-{stamp}", name="Bench Honey", email=f"a{stamp}@bench.example",
                               state="KS", approved=True)
    b, _, _ = onboard_merchant(slug=f"bench-cheese-{stamp}", name="Bench Cheese", email=f"b{stamp}@bench.example",
                               state="WI", approved=True)
    hot = sellable(a, f"hot-honey-{stamp}", price="18.00", stock=hot_stock)
    plenty = sellable(b, f"cheddar-{stamp}", price="25.00", stock=1_000_000, hs="04069000", tax="food")
    store = import_module(settings.SESSION_ENGINE).SessionStore
    people = []
    for i in range(shoppers):
        user = User.objects.create_user(email=f"shopper{i}-{stamp}@bench.example", password=None)
        session = store()
        session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        # A fresh identity per shopper and run: the yearly RMB 26,000 limit counts paid orders by
        # ID number across runs on the same database.
        born = date(1960, 1, 1) + timedelta(days=secrets.randbelow(365 * 40))
        body = f"110105{born:%Y%m%d}{secrets.randbelow(1000):03d}"
        people.append({"session": session.session_key, "csrf": secrets.token_hex(16),
                       "id": body + ric.calc_check_digit(body + "0")})  # it ignores the last character
    return hot, plenty, people


def server_cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) used so far by gunicorn's master and its live workers (/proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return total


class Shopper(threading.Thread):
    def __init__(self, person, hot_id, plenty_id, deadline, results, until="paid", hot_only=False):
        super().__init__(daemon=True)
        self.until, self.hot_only = until, hot_only
        self.p, self.hot, self.plenty, self.deadline, self.results = person, hot_id, plenty_id, deadline, results
        self.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        self.cookie = f"sessionid={person['session']}; csrftoken={person['csrf']}"

    def req(self, method, path, data=None, step="other"):
        started = time.perf_counter()
        try:
            return self._req(method, path, data)
        finally:
            STEPS.setdefault(step, []).append(time.perf_counter() - started)

    def _req(self, method, path, data=None):
        body = urlencode(data) if data is not None else None
        headers = {"Cookie": self.cookie, "Host": "127.0.0.1", "Referer": f"http://127.0.0.1:{PORT}/"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.p["csrf"]
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                return resp.status, resp.getheader("Location") or "", resp.read().decode("utf-8", "replace")
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        raise RuntimeError("connection failed")

    def checkout_once(self) -> str:
        for variant in (self.hot,) if self.hot_only else (self.hot, self.plenty):
            self.req("POST", "/cart/add/", {"variant": variant, "quantity": 1, "csrfmiddlewaretoken": self.p["csrf"]},
                     step="add to cart")
        status, location, page = self.req("GET", "/checkout/", step="checkout page")
        match = re.search(r'name="key" value="([^"]+)"', page)
        if not match:
            return "no_form"
        form = {"csrfmiddlewaretoken": self.p["csrf"], "key": match.group(1), "name": "张伟", "phone": "13812345678",
                "region": "四川省", "city": "成都市", "district": "武侯区", "street": "人民南路四段1号",
                "postcode": "610041", "real_name": "张伟", "id_number": self.p["id"], "service_level": "standard",
                "agree": "on"}
        status, location, page = self.req("POST", "/checkout/", form, step="submit")
        if status != 302:
            if "售罄" in page or "仅剩" in page:
                return "sold_out"
            found = re.search(r'(id="checkout-refused"|class="errorlist")[^>]*>(.{0,160})', page, re.S)
            return "refused: " + (re.sub(r"<[^>]+>", " ", found.group(2)).strip()[:80] if found else str(status))
        if self.until == "placed":
            return "placed"
        for _ in range(3):  # through the signed gateway redirect to the cashier
            if "/cashier/" in location:
                break
            status, location, _ = self.req("GET", urlsplit(location).path + "?" + urlsplit(location).query,
                                           step="gateway redirect")
        status, location, _ = self.req("POST", urlsplit(location).path, {
            "csrfmiddlewaretoken": self.p["csrf"], "action": "pay", "payer_name": "张伟",
            "payer_id_number": self.p["id"]}, step="pay (cashier + notice)")
        return "paid" if status in (200, 302) else f"pay_{status}"

    def run(self):
        while time.perf_counter() < self.deadline:
            t = time.perf_counter()
            try:
                outcome = self.checkout_once()
            except Exception as exc:  # count, keep going
                outcome = f"error_{type(exc).__name__}"
            self.results.append((outcome, time.perf_counter() - t, time.perf_counter()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--shoppers", type=int, default=16)
    ap.add_argument("--workers", type=int, default=5)
    ap.add_argument("--hot-stock", type=int, default=1000)
    ap.add_argument("--until", choices=["paid", "placed"], default="paid",
                    help="paid: the whole journey (default); placed: stop once the order is placed (stock "
                         "held, payment opened) — the payment provider's own pages and the notice are left out")
    ap.add_argument("--hot-only", action="store_true",
                    help="every shopper buys only the hot item: all holds take the same stock row (the contention "
                         "point), and each order is 3 requests")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="heartland-checkout-bench-"))
    env = setup_env(tmp)
    hot, plenty, people = seed(args.shoppers, args.hot_stock)
    from django.db import connection

    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "heartland.wsgi", "-w", str(args.workers), "-b", f"127.0.0.1:{PORT}",
         "--log-level", "warning", "--timeout", "120"], cwd=ROOT, env=env, start_new_session=True)
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=2).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        results: list = []
        deadline = time.perf_counter() + args.seconds
        threads = [Shopper(p, hot.pk, plenty.pk, deadline, results, args.until, args.hot_only) for p in people]
        cpu_before = server_cpu_seconds(server.pid)
        started = time.perf_counter()
        [t.start() for t in threads]
        [t.join() for t in threads]
        elapsed = time.perf_counter() - started
        server_cpu = server_cpu_seconds(server.pid) - cpu_before
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    from heartland.inventory.models import StockLevel
    from heartland.orders.models import Order

    paid = [d for o, d, _ in results if o == args.until]
    # Once the hot item is sold out no checkout can complete: the rate is over the time it lasted.
    window = elapsed
    if paid and any(o == "sold_out" for o, _, _ in results):
        window = max(end for o, _, end in results if o == args.until) - started
    outcomes: dict[str, int] = {}
    for o, _, _ in results:
        outcomes[o] = outcomes.get(o, 0) + 1
    level = StockLevel.objects.get(variant=hot)
    sold = args.hot_stock - level.on_hand
    paid_orders = Order.objects.filter(status="paid", merchant_orders__lines__variant=hot).distinct().count()
    oversold = max(0, sold + level.reserved - args.hot_stock) + max(0, paid_orders - args.hot_stock)
    print(f"database: {connection.vendor}; gunicorn workers: {args.workers}; shoppers: {args.shoppers}"
          f"{' (hot item only)' if args.hot_only else ''}; {elapsed:.1f}s")
    print(f"outcomes: {outcomes}")
    print(f"completed ({args.until}) checkouts: {len(paid)} in {window:.1f}s → {len(paid) / window:.1f} checkouts/s; "
          f"latency p50 {statistics.median(paid) * 1000:.0f} ms, "
          f"p95 {sorted(paid)[int(len(paid) * 0.95) - 1] * 1000:.0f} ms" if paid else "no checkout completed")
    if paid:
        print(f"server CPU (gunicorn master + workers, user + system): {server_cpu:.1f} s over the run → "
              f"{server_cpu / len(paid) * 1000:.0f} ms per {args.until} checkout (every request of the run counted)")
    for step, times in STEPS.items():
        times.sort()
        print(f"  {step:24s} {len(times):6d} requests  p50 {times[len(times) // 2] * 1000:6.0f} ms  "
              f"p95 {times[int(len(times) * 0.95) - 1] * 1000:6.0f} ms")
    print(f"hot item: stock {args.hot_stock}, sold {sold}, held {level.reserved}, paid orders {paid_orders}; "
          f"oversold: {oversold}")


if __name__ == "__main__":
    main()
