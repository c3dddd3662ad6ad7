"""What search writes besides the index (which `indexing.py` writes): the zero-result log and
the small caches the selectors keep.

`selectors.py` only reads. A search that found nothing says so (`SearchResult.zero_result`);
whoever ran it on a shopper's behalf logs it here.
"""
from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import MARKET_CODES, ZeroResultQuery

log = logging.getLogger(__name__)


def log_zero_result(*, query: str, market: str) -> None:
    """Count a query that found nothing in a market (upsert with F() + 1: safe when shoppers race).
    Never raises: the log must not cost the shopper their results."""
    query = (query or "")[:200]
    if not query:
        return
    now = timezone.now()
    try:
        with transaction.atomic():
            updated = ZeroResultQuery.objects.filter(query=query, market=market).update(count=F("count") + 1, last_seen=now)
            if updated:
                return
            try:
                with transaction.atomic():
                    ZeroResultQuery.objects.create(query=query, market=market, count=1, last_seen=now)
            except IntegrityError:  # someone else created it first
                ZeroResultQuery.objects.filter(query=query, market=market).update(count=F("count") + 1, last_seen=now)
    except DatabaseError:
        log.warning("could not log zero-result query %r", query, exc_info=True)


def bump_index_generation() -> None:
    """Every index write that changes a row bumps it: browse counts cached under an older
    generation (`selectors.index_generation`) are no longer used."""
    try:
        cache.incr("search:generation")
    except ValueError:
        cache.set("search:generation", 2, None)


def clear_caches() -> None:
    """Drop the selectors' cached category and merchant labels and market rates, and the browse counts."""
    cache.delete_many(["search:categories", "search:merchants", *(f"search:market:{c}" for c in MARKET_CODES)])
    bump_index_generation()
