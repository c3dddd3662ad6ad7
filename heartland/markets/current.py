"""Which market the shopper is in: chosen once, remembered (session and a year-long cookie)."""
from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from heartland.markets.models import Market

COOKIE = "hl_market"
DEFAULT = "CN"
_CACHE_KEY = "markets:all"


def all_markets() -> list[Market]:
    markets = cache.get(_CACHE_KEY)
    if markets is None:
        markets = list(Market.objects.all())
        cache.set(_CACHE_KEY, markets, 60)
    return markets


_MEMO_ATTR = "_heartland_current_market"  # (code, market) of this request


def current_market(request) -> Market:
    code = (request.GET.get("market") or request.session.get("market") or request.COOKIES.get(COOKIE) or DEFAULT)
    # The view and the context processor both ask: resolve once per request. Keyed by the
    # code, so a market remembered (or a session changed) later in the request is seen.
    memo = getattr(request, _MEMO_ATTR, None)
    if memo is not None and memo[0] == code:
        return memo[1]
    market = _resolve(code)
    setattr(request, _MEMO_ATTR, (code, market))
    return market


def _resolve(code) -> Market:
    markets = {m.code: m for m in all_markets()}
    if not markets:
        raise ImproperlyConfigured("No markets: run `manage.py migrate` (it seeds CN, HK, JP, KR and SG).")
    return markets.get(str(code).upper()) or markets.get(DEFAULT) or next(iter(markets.values()))


def remember(request, response, code: str) -> bool:
    markets = {m.code for m in all_markets()}
    code = (code or "").upper()
    if code not in markets:
        return False
    request.session["market"] = code
    response.set_cookie(COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure())
    return True
