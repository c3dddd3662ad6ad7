from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import override

from heartland.catalog.text import market_name, script
from heartland.core.middleware import STAFF_PREFIXES
from heartland.markets.current import all_markets, current_market


def _language_urls(request) -> list[dict]:
    """This page in each language: translate_url's answers, with the URL resolved once (the
    request's own match) instead of once per language."""
    path = request.get_full_path()
    match = getattr(request, "resolver_match", None)
    if match is None or request.path != request.path_info or not match.url_name:
        return [{"code": code, "name": name, "url": translate_url(path, code)} for code, name in settings.LANGUAGES]
    parsed = urlsplit(path)
    view = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    out = []
    for code, name in settings.LANGUAGES:
        with override(code):
            try:
                url = urlunsplit((parsed.scheme, parsed.netloc, reverse(view, args=match.args, kwargs=match.kwargs),
                                  parsed.query, parsed.fragment))
            except NoReverseMatch:
                url = path
        out.append({"code": code, "name": name, "url": url})
    return out


def storefront(request):
    if request.path.startswith(STAFF_PREFIXES):
        return {}
    market = current_market(request)
    return {
        "market": market,
        "market_label": market_name(market),
        "markets": [{"code": m.code, "name": market_name(m), "currency": m.currency} for m in all_markets()],
        "script": script(),
        "languages": _language_urls(request),
    }
