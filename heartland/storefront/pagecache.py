"""The anonymous shopper's page cache: what is stored, under which key, and when it goes stale.

A page is the same for every anonymous shopper with the same **language** (URL prefix),
**market** (`?market=`, else the `hl_market` cookie, else CN), host and full path + query, until
something it shows changes. Such changes bump one **generation** counter (the `PageGeneration`
row) when their transaction commits (`receivers.py`); every key holds the generation read
*before* the page was rendered, so a bump retires every stored page at once.

Each process reads the generation from the database at most once per
`HEARTLAND_PAGE_CACHE_CHECK_SECONDS` (1 s); a process that bumps it sees its own bump at once.
So a change reaches every worker within that interval. Bodies live in the default cache when it
is shared (Redis: one render serves every worker) and, in front of it, in a per-process
local-memory store (the only one in the embedded default); both under the same key and expiry.

Staleness bounds (docs/performance.md, "Page cache"):
* product, variant, image, category, merchant, market, FX rate or rule edition saved, a stock
  level saved, a reservation that makes a variant cross zero, the search index written: ≤ 1 s;
* what changes without a write the cache hears of (a rate whose `valid_from` arrives, the "N
  left" count moved by a checkout that leaves stock above zero): ≤ `PAGE_SECONDS` (60 s);
  a page rendered within `SETTLE_SECONDS` of a bump is kept only `SETTLE_PAGE_SECONDS`, so the
  per-process caches below this one (rates 60 s, rule edition 30 s) cannot pin an old answer.
"""
from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import F
from django.test.signals import setting_changed
from django.utils import timezone

from heartland.markets.current import COOKIE as MARKET_COOKIE
from heartland.markets.current import DEFAULT as DEFAULT_MARKET
from heartland.markets.fx import forget_rates
from heartland.markets.models import Market

from .models import PageGeneration

PAGE_SECONDS = 60
SETTLE_SECONDS = 60
SETTLE_PAGE_SECONDS = 5
# The pages served from the cache (url names in the storefront namespace). A search or category
# listing whose query found nothing is not stored (the view logs each such query: `page_cache_skip`).
CACHED_PAGES = frozenset({"home", "search", "category", "product", "merchant"})


def enabled() -> bool:
    return bool(getattr(settings, "HEARTLAND_PAGE_CACHE", True))


def check_seconds() -> float:
    return float(getattr(settings, "HEARTLAND_PAGE_CACHE_CHECK_SECONDS", 1.0))


@dataclass(frozen=True)
class Generation:
    value: int
    changed_at: datetime
    markets: frozenset[str]
    currencies: frozenset[str]


_lock = threading.Lock()
_seen: Generation | None = None
_checked_at = 0.0
_local_store: LocMemCache | None = None
# Bumped when settings change (tests): pages stored under other settings, in this process's store
# or a shared one, are never looked up again. Production never changes settings at run time.
_settings_epoch = 0


def _read() -> Generation:
    row = PageGeneration.objects.filter(pk=1).values_list("value", "changed_at").first()
    if row is None:
        row = (0, timezone.now())
    markets = list(Market.objects.values_list("code", "currency"))
    return Generation(value=row[0], changed_at=row[1], markets=frozenset(c for c, _ in markets),
                      currencies=frozenset(cur for _, cur in markets))


def current() -> Generation:
    """The generation this process serves, re-read from the database at most every check_seconds()."""
    global _seen, _checked_at
    now = time.monotonic()
    seen = _seen
    if seen is not None and now - _checked_at < check_seconds():
        return seen
    fresh = _read()
    with _lock:
        if _seen is not None and fresh.value != _seen.value:
            # Another process changed something: forget what this process memoised below the page
            # (the rate in force), so the pages it renders now use what was committed.
            for currency in fresh.currencies:
                forget_rates("USD", currency)
        _seen, _checked_at = fresh, now
    return fresh


def forget_seen() -> None:
    """Read the generation again on the next request (tests; a process that just bumped)."""
    global _seen, _checked_at
    with _lock:
        _seen, _checked_at = None, 0.0


def bump() -> None:
    """Retire every cached page: now if outside a transaction, else once it commits."""
    transaction.on_commit(_bump_now, robust=True)


def _bump_now() -> None:
    updated = PageGeneration.objects.filter(pk=1).update(value=F("value") + 1, changed_at=timezone.now())
    if not updated:
        PageGeneration.objects.get_or_create(pk=1, defaults={"value": 2, "changed_at": timezone.now()})
    forget_seen()


def _local() -> LocMemCache:
    global _local_store
    if _local_store is None:
        _local_store = LocMemCache("heartland-pages", {"TIMEOUT": PAGE_SECONDS, "OPTIONS": {"MAX_ENTRIES": 2000}})
    return _local_store


def _shared():
    """The default cache when it is shared between processes (Redis), else None."""
    return None if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache") else caches["default"]


def get(key: str) -> dict | None:
    """This process's copy first, then the shared cache (kept here for what is left of its time)."""
    entry = _local().get(key)
    if entry is not None:
        return entry
    shared = _shared()
    entry = shared.get(key) if shared is not None else None
    if entry is not None:
        left = entry["expires"] - time.time()
        if left >= 1:
            _local().set(key, entry, int(left))
    return entry


def put(key: str, entry: dict, seconds: int) -> None:
    entry["expires"] = time.time() + seconds
    _local().set(key, entry, seconds)
    shared = _shared()
    if shared is not None:
        shared.set(key, entry, seconds)


def market_code(request, generation: Generation) -> str:
    """The market the page will be rendered for (markets.current without the session: a shopper
    with a session cookie is never served from the cache)."""
    code = str(request.GET.get("market") or request.COOKIES.get(MARKET_COOKIE) or DEFAULT_MARKET).upper()
    if code in generation.markets:
        return code
    if DEFAULT_MARKET in generation.markets:
        return DEFAULT_MARKET
    return min(generation.markets) if generation.markets else DEFAULT_MARKET


def language(request) -> str:
    from django.utils.translation import get_language_from_path

    return get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def key(request, generation: Generation, *, market: str | None = None, variant: str = "") -> str:
    """The key of the page this request asks for. ``market``: the market the view priced for (a
    shopper with a session), else the anonymous request's own; ``variant``: another kind of stored
    page for the same URL (fragments.py: the product page shared by shoppers with a session)."""
    raw = "\n".join((variant, request.scheme, request.get_host(), request.path, request.META.get("QUERY_STRING", ""),
                     language(request), market or market_code(request, generation)))
    digest = hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()[:40]
    return f"page:{generation.value}.{_settings_epoch}:{digest}"


def forget_pages(**kwargs) -> None:
    """Drop this process's pages and generation and stop using the shared store's (settings
    changed: e.g. between tests)."""
    global _settings_epoch
    _settings_epoch += 1
    if _local_store is not None:
        _local_store.clear()
    forget_seen()


setting_changed.connect(forget_pages, dispatch_uid="storefront_pagecache_settings")


def page_seconds(generation: Generation) -> int:
    settling = (timezone.now() - generation.changed_at).total_seconds() < SETTLE_SECONDS
    return SETTLE_PAGE_SECONDS if settling else PAGE_SECONDS
