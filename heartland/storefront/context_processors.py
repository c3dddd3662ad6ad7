from django.conf import settings
from django.urls import translate_url

from heartland.catalog.text import market_name, script
from heartland.core.middleware import STAFF_PREFIXES
from heartland.markets.current import all_markets, current_market


def storefront(request):
    if request.path.startswith(STAFF_PREFIXES):
        return {}
    market = current_market(request)
    path = request.get_full_path()
    languages = [{"code": code, "name": name, "url": translate_url(path, code)} for code, name in settings.LANGUAGES]
    return {
        "market": market,
        "market_label": market_name(market),
        "markets": [{"code": m.code, "name": market_name(m), "currency": m.currency} for m in all_markets()],
        "script": script(),
        "languages": languages,
    }
