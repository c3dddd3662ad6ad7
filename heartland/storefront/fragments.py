"""The product page's body for shoppers the page cache does not serve (signed in, a cart, a
session): rendered once per product, variant, market and language, and shared by all of them.

What a body shows is what an anonymous shopper's page shows (`pagecache.py`): prices, stock, the
market's taxes and rules, the product's text — nothing of the shopper. The shopper's own parts
(name, "My orders", the market form, their CSRF token, messages) live in the frame around it,
rendered on every request. The add-to-cart form's CSRF token is stored as a random marker and
replaced with the shopper's own token when the body is served, so every shopper gets their own
token and a page works without JavaScript.

Keys hold the page generation read before rendering, so a body is retired by the same commits
that retire cached pages, within the same bounds (`pagecache` docstring); the market in the key is
the one the view priced for (from the shopper's session, cookie or `?market=`).
"""
from __future__ import annotations

import hashlib
import secrets

from django.middleware.csrf import get_token

from . import pagecache

# Per process; stored with each body, so a body rendered by another process is still recognised.
_MARKER = "hl-csrf-" + secrets.token_hex(16)


def marker() -> str:
    return _MARKER


def key(request, *, market_code: str, generation: pagecache.Generation) -> str:
    raw = "\n".join(("product-body", request.scheme, request.get_host(), request.path,
                     request.META.get("QUERY_STRING", ""), pagecache.language(request), market_code))
    digest = hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()[:40]
    return f"fragment:{generation.value}:{digest}"


def get(request, *, market_code: str) -> tuple[str, dict | None]:
    """(the key to store under, the stored entry or None). Entries are dicts of the page's parts."""
    generation = pagecache.current()
    k = key(request, market_code=market_code, generation=generation)
    return k, pagecache.get(k)


def put(k: str, entry: dict) -> None:
    entry["marker"] = _MARKER
    pagecache.put(k, entry, pagecache.page_seconds(pagecache.current()))


def personal(request, body: str, stored_marker: str) -> str:
    """The stored body with this shopper's CSRF token in place of the marker."""
    return body.replace(stored_marker, get_token(request)) if stored_marker in body else body
