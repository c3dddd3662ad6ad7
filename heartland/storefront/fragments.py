"""Product pages for shoppers the page cache does not serve — signed in, with a cart, or who chose
a market (all three have a session): one rendering shared by all of them, per page, market,
language and signed-in-or-not, with each shopper's own CSRF token put in when served.

Such a page differs from the anonymous one only in what the key holds (the market may come from
the session; "My orders" instead of "Sign in") and in the CSRF token. The page is rendered with a
random marker as its token (the view puts it in the context as ``csrf_token``, which every
``{% csrf_token %}`` and ``{{ csrf_token }}`` reads) and the marker is replaced with the shopper's
own token when served, so every shopper gets their own and forms work without JavaScript. A
request with messages waiting (shown once, personal) is rendered afresh and not stored.

Keys hold the page generation read before rendering, so a stored page is retired by the same
commits that retire cached anonymous pages, within the same bounds (`pagecache` docstring).
"""
from __future__ import annotations

import secrets

from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control

from . import pagecache

# Per process; stored with each page, so a page rendered by another process is still recognised.
_MARKER = "hl-csrf-" + secrets.token_hex(16)


def marker() -> str:
    return _MARKER


def shareable(request) -> bool:
    """A GET of a shopper with a session, page caching on, no messages waiting."""
    if not pagecache.enabled() or getattr(request, "page_cache_candidate", False) or request.method != "GET":
        return False
    return not len(get_messages(request))  # counting does not mark them shown


def key(request, *, market_code: str, generation: pagecache.Generation) -> str:
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return pagecache.key(request, generation, market=market_code,
                         variant="shared-product:" + ("signed-in" if signed_in else "guest"))


def get(request, *, market_code: str) -> tuple[str, dict | None]:
    """(the key to store under, the stored entry or None)."""
    k = key(request, market_code=market_code, generation=pagecache.current())
    return k, pagecache.get(k)


def put(k: str, html: str) -> dict:
    entry = {"html": html, "marker": _MARKER}
    pagecache.put(k, entry, pagecache.page_seconds(pagecache.current()))
    return entry


def serve(request, entry: dict) -> HttpResponse:
    """The stored page with this shopper's CSRF token in place of the marker; private."""
    html = entry["html"].replace(entry["marker"], get_token(request))
    response = HttpResponse(html)
    patch_cache_control(response, private=True)
    return response
