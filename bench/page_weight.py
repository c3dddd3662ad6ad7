#!/usr/bin/env python
"""Page weight and browser numbers of the shopper pages on a phone.

Seeds the demo (like `make demo`, without the demo orders) on a scratch SQLite database,
starts it — by default under gunicorn with DEBUG off, static files by WhiteNoise after
collectstatic, as in production — and loads the home page and a product page cold in
Debian's Chromium through Playwright, as a phone (390×844 CSS px, device scale 3, mobile
Chrome user agent, zh-CN) on Lighthouse's "slow 4G" profile (150 ms RTT, 1.6 Mbps down,
750 kbps up, CPU 4× slower; the network applied through DevTools with Lighthouse's own
adjustment: 562.5 ms request latency, 1.47 Mbps down, 675 kbps up).

For each page it prints the median over --runs cold loads of First Contentful Paint, Largest
Contentful Paint, and the bytes transferred (compressed, with headers) per type: HTML, CSS,
JS, images, fonts — once for the first screen, once after scrolling the whole page (lazy
images). Screenshots go to bench/out/page_weight/.

    python bench/page_weight.py                      # production-like: gunicorn, DEBUG off
    python bench/page_weight.py --server runserver   # what `make run` serves (DEBUG on)

The figures are indicative: other work on the machine shares the CPU.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "page_weight"
PORT = 8797
CHROMIUM = os.environ.get("HEARTLAND_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/130.0.0.0 Mobile Safari/537.36")
# Lighthouse's mobile "slow 4G" and how it applies it through DevTools (throttling.devtools*).
RTT_MS, DOWN_KBPS, UP_KBPS = 150, 1.6 * 1024, 750
LATENCY_MS = RTT_MS * 3.75
DOWN_BPS = DOWN_KBPS * 0.9 * 1024 / 8
UP_BPS = UP_KBPS * 0.9 * 1024 / 8
CPU_SLOWDOWN = 4
KINDS = ["HTML", "CSS", "JS", "images", "fonts", "other"]
RESOURCE_KIND = {"Document": "HTML", "Stylesheet": "CSS", "Script": "JS", "Image": "images", "Font": "fonts"}

# Registered before any page script: keeps the last largest-contentful-paint candidate.
LCP_PROBE = """
window.__lcp = 0;
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__lcp = e.startTime; })
  .observe({type: 'largest-contentful-paint', buffered: true});
"""


def app():
    """gunicorn's app factory (`page_weight:app()`): Heartland, with /media/ served from disk.

    Production serves media from a web server or a CDN (docs/operations.md); WhiteNoise stands
    in for it here so that the product images reach the browser with DEBUG off.
    """
    from django.conf import settings
    from whitenoise import WhiteNoise

    from heartland.wsgi import application

    served = WhiteNoise(application, max_age=3600)
    served.add_files(str(settings.MEDIA_ROOT), prefix=settings.MEDIA_URL)
    return served


def _run(cmd: list[str], env: dict) -> None:
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def _wait_up(proc: subprocess.Popen) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            sys.exit("the server stopped before answering")
        try:
            c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            c.request("GET", "/healthz")
            c.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("the server did not answer")


def _product_path() -> str:
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    c.request("GET", "/", headers={"Host": "127.0.0.1"})
    html = c.getresponse().read().decode()
    match = re.search(r'<li class="card-p">\s*<a href="([^"]+)"', html)
    if not match:
        sys.exit("no product card on the home page")
    return match.group(1)


def _load(browser, url: str, shot: Path | None) -> dict:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True,
                                  has_touch=True, user_agent=PHONE_UA, locale="zh-CN")
    page = context.new_page()
    page.add_init_script(LCP_PROBE)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": LATENCY_MS,
                                                  "downloadThroughput": DOWN_BPS, "uploadThroughput": UP_BPS})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    kinds: dict[str, str] = {}
    sizes: dict[str, float] = {}
    headers: dict[str, dict] = {}
    cdp.on("Network.requestWillBeSent", lambda e: kinds.__setitem__(e["requestId"], RESOURCE_KIND.get(e.get("type"), "other")))
    cdp.on("Network.responseReceived", lambda e: headers.__setitem__(
        e["response"]["url"], {k.lower(): v for k, v in e["response"]["headers"].items()}))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))

    def totals() -> dict[str, int]:
        out = dict.fromkeys(KINDS, 0)
        for rid, size in sizes.items():
            out[kinds.get(rid, "other")] += int(size)
        return out

    page.goto(url, wait_until="load", timeout=120_000)
    page.wait_for_load_state("networkidle", timeout=120_000)
    page.wait_for_timeout(500)
    fcp = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {startTime: 0}).startTime")
    lcp = page.evaluate("window.__lcp")
    first = totals()
    if shot:
        page.screenshot(path=str(shot))
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    for _ in range(20):  # step down so that every lazy image enters the viewport
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(100)
    page.wait_for_load_state("networkidle", timeout=120_000)
    page.wait_for_timeout(500)
    scrolled = totals()
    if shot and page.locator(".grid-p").count():
        page.locator(".grid-p").screenshot(path=str(shot.with_name(shot.stem + "-cards.png")))
    images = sorted({url.rsplit("/", 1)[-1] for url, h in headers.items()
                     if h.get("content-type", "").startswith("image/")})
    context.close()
    return {"fcp": fcp, "lcp": lcp, "first": first, "scrolled": scrolled, "headers": headers, "images": images}


def _kb(n: float) -> str:
    return f"{n / 1024:.1f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--server", choices=["gunicorn", "runserver"], default="gunicorn")
    ap.add_argument("--runs", type=int, default=3, help="cold loads per page (the median is printed)")
    ap.add_argument("--scratch", default="", help="keep the scratch database and files in this folder")
    args = ap.parse_args()
    scratch = Path(args.scratch or tempfile.mkdtemp(prefix="hl-weight-"))
    scratch.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update({"HEARTLAND_VAR_DIR": str(scratch / "var"), "HEARTLAND_MEDIA_ROOT": str(scratch / "media"),
                "HEARTLAND_STATIC_ROOT": str(scratch / "static"), "HEARTLAND_ALLOW_LOCAL_KEYS": "True",
                "PYTHONPATH": str(ROOT / "bench")})
    py = sys.executable
    if not (scratch / "var" / "heartland.sqlite3").exists():
        print(f"seeding the demo in {scratch} …", flush=True)
        _run([py, "manage.py", "migrate", "--no-input"], env)
        # Tasks (the search index) run in process, as `make demo`'s worker would run them.
        _run([py, "manage.py", "seed_demo", "--no-orders"], {**env, "HUEY_IMMEDIATE": "True"})
    if args.server == "gunicorn":
        env.update({"DJANGO_DEBUG": "False", "DJANGO_SECRET_KEY": env.get("DJANGO_SECRET_KEY", "w" * 50),
                    "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DJANGO_SECURE_SSL_REDIRECT": "False",
                    "DJANGO_SESSION_COOKIE_SECURE": "False", "DJANGO_CSRF_COOKIE_SECURE": "False",
                    "DJANGO_SECURE_HSTS_SECONDS": "0"})
        _run([py, "manage.py", "collectstatic", "--no-input", "--clear"], env)
        cmd = [py, "-m", "gunicorn", "page_weight:app()", "-w", "2", "-b", f"127.0.0.1:{PORT}",
               "--log-level", "warning"]
    else:
        cmd = [py, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"]
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_up(server)
        pages = {"home": "/", "product": _product_path()}
        from playwright.sync_api import sync_playwright

        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            base = f"http://127.0.0.1:{PORT}"
            _load(browser, base + "/", None)  # warm the server's own caches (not the browser's)
            print(f"\n{args.server}: phone 390×844 @3x, slow 4G (Lighthouse), CPU {CPU_SLOWDOWN}× slower; "
                  f"median of {args.runs} cold loads; KB transferred (compressed, with headers)")
            print(f"{'page':8} {'FCP ms':>7} {'LCP ms':>7} | " + " ".join(f"{k:>7}" for k in KINDS)
                  + f" {'total':>7} | scrolled: {'images':>7} {'total':>7}")
            for name, path in pages.items():
                runs = [_load(browser, base + path, OUT / f"{args.server}-{name}.png" if i == 0 else None)
                        for i in range(args.runs)]
                med = statistics.median
                first = {k: med(r["first"][k] for r in runs) for k in KINDS}
                scrolled = {k: med(r["scrolled"][k] for r in runs) for k in KINDS}
                print(f"{name:8} {med(r['fcp'] for r in runs):7.0f} {med(r['lcp'] for r in runs):7.0f} | "
                      + " ".join(f"{_kb(first[k]):>7}" for k in KINDS) + f" {_kb(sum(first.values())):>7} | "
                      + f"          {_kb(scrolled['images']):>7} {_kb(sum(scrolled.values())):>7}")
                print(f"    {len(runs[0]['images'])} images: {', '.join(runs[0]['images'])[:150]}")
                for url, h in runs[0]["headers"].items():
                    if url.startswith(base) and (url == base + path or "/static/" in url):
                        print(f"    {url[len(base):][:70]:70} {h.get('content-encoding', '-'):5} "
                              f"{h.get('cache-control', '-')}")
            browser.close()
        print(f"\nscreenshots: {OUT}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
        if not args.scratch:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
