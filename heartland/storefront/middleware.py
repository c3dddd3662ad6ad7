"""Serve anonymous shoppers' pages from the page cache (`pagecache.py`), with HTTP validators.

Placed early (after SecurityMiddleware and RefuseNulMiddleware): a hit loads no session, no
user, resolves no URL and renders no template. Only GET/HEAD, without a session cookie, a
pending-messages cookie, an Authorization header or an htmx header, ever look the cache up; a page
is stored only when the view rendered one of `CACHED_PAGES` with status 200, set no cookie, left
the session empty, never asked for a CSRF token (a page that embeds one is never stored) and did
not set `request.page_cache_skip` (a search that found nothing: each one is logged).

Headers on a cacheable page: a strong `ETag` (SHA-256 of the body), `Last-Modified` (when it was
rendered), `Cache-Control: public, max-age=0, must-revalidate` (anyone may keep it but must ask
again before each use: a 304 costs a lookup, and no cache adds its own staleness), and
`Vary: Cookie` (the `hl_market` cookie picks the market; a CDN should key on path + query +
that cookie and pass through any request carrying `sessionid` or `messages`).
"""
from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

from . import pagecache

CACHE_CONTROL = "public, max-age=0, must-revalidate"
_SKIPPED_HEADERS = frozenset({"vary", "cache-control", "etag", "last-modified", "expires", "set-cookie",
                              "content-length", "date"})
_ATTR = "_heartland_page_cache"  # (key, generation) of a request that may be stored


def _bypass(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return True
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return True
    meta = request.META
    return "HTTP_HX_REQUEST" in meta or "HTTP_AUTHORIZATION" in meta


def _etag_matches(request, etag: str) -> bool:
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    if header.strip() == "*":
        return True
    # Weak comparison, as RFC 9110 asks for If-None-Match.
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    return etag in tags


def _not_modified(request, etag: str, last_modified: float) -> bool:
    if "HTTP_IF_NONE_MATCH" in request.META:
        return _etag_matches(request, etag)
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and int(last_modified) <= since


def _validators(response, etag: str, last_modified: float) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = CACHE_CONTROL
    response["Vary"] = "Cookie"


def _answer(request, entry: dict):
    etag, last_modified = entry["etag"], entry["last_modified"]
    if _not_modified(request, etag, last_modified):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(b"" if request.method == "HEAD" else entry["body"], status=200)
        for name, value in entry["headers"]:
            response[name] = value
        if request.method == "HEAD":
            response["Content-Length"] = str(len(entry["body"]))
    _validators(response, etag, last_modified)
    response["X-Page-Cache"] = "hit"
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not pagecache.enabled() or _bypass(request):
            return self.get_response(request)
        generation = pagecache.current()
        key = pagecache.key(request, generation)  # get_host() refuses a host not allowed
        entry = pagecache.get(key)
        if entry is not None:
            return _answer(request, entry)
        setattr(request, _ATTR, (key, generation))
        response = self.get_response(request)
        return self._keep(request, response, key, generation)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Templates leave the CSRF token out of a page that may be cached (csrf.js fills it in).
        if getattr(request, _ATTR, None) is not None and _cacheable_url(request):
            request.page_cache_candidate = True
        return None

    def _keep(self, request, response, key, generation):
        if not getattr(request, "page_cache_candidate", False):
            return response
        if not _storable(request, response):
            patch_cache_control(response, private=True)
            response["X-Page-Cache"] = "bypass"
            return response
        body = response.content
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        last_modified = time.time()
        headers = [(k, v) for k, v in response.items() if k.lower() not in _SKIPPED_HEADERS]
        pagecache.put(key, {"body": body, "headers": headers, "etag": etag, "last_modified": last_modified},
                      pagecache.page_seconds(generation))
        if _not_modified(request, etag, last_modified):
            response = HttpResponseNotModified()
        _validators(response, etag, last_modified)
        response["X-Page-Cache"] = "miss"
        return response


def _cacheable_url(request) -> bool:
    match = request.resolver_match
    return match is not None and match.namespace == "storefront" and match.url_name in pagecache.CACHED_PAGES


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(request, "page_cache_skip", False):  # e.g. a search that found nothing (logged each time)
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page asked for a CSRF token
        return False
    if "private" in response.get("Cache-Control", "") or "no-store" in response.get("Cache-Control", ""):
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    if session is not None and (session.modified or not session.is_empty()):
        return False
    messages = getattr(request, "_messages", None)
    return not (messages is not None and len(messages))
