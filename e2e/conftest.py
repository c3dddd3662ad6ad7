"""Browser tests: real headless Chromium (Debian's) driven by Playwright.

Without Chromium the tests skip with a loud message; with HEARTLAND_REQUIRE_BROWSER=1
(set by .ci/run) a missing browser is a failure instead.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("HEARTLAND_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
OUT = Path(__file__).resolve().parent.parent / "test-results" / "e2e"



def _unavailable_reason() -> str | None:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (apt-get install -y chromium fonts-noto-cjk)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _unavailable_reason()
    if reason:
        message = f"\n\n!!!!!!!! BROWSER TESTS NOT RUN: {reason} !!!!!!!!\n"
        sys.stderr.write(message)
        if os.environ.get("HEARTLAND_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # make around it are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def shots(request):
    """Save a full-page screenshot: shots(page, "name") → test-results/e2e/<test>/<nn>-name.png"""
    folder = OUT / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 1000))

    def take(page, name: str) -> Path:
        path = folder / f"{next(counter):02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take

