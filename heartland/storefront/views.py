"""Consumer pages (简体中文 by default). Thin: read the market, call selectors, render."""
from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from heartland.catalog import text
from heartland.catalog.models import Category
from heartland.markets.current import current_market, remember
from heartland.markets.pricing import delivery_options, market_restrictions, price_for, prices_for, rate_for
from heartland.search.selectors import autocomplete, search_products
from heartland.search.services import log_zero_result

from . import fragments, selectors

SORTS = ("relevance", "price_asc", "price_desc", "newest")


def _decimal(value: str | None) -> Decimal | None:
    try:
        number = Decimal((value or "").strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() and number >= 0 else None


def _cards(hits, market, rate):
    """Hits → cards with the product's all-in price in the shopper's currency."""
    found = selectors.products_for_cards([h.product_id for h in hits])
    shown = [(hit, found[hit.product_id]) for hit in hits if hit.product_id in found]
    # A product is priced at its cheapest variant; one without any is "nothing for sale" (no lines).
    quotes = prices_for([c.cheapest or () for _, c in shown], market, rate=rate)
    return [{"product": c.product, "title": text.product_title(c.product), "quote": quote, "image": c.image,
             "in_stock": hit.in_stock} for (hit, c), quote in zip(shown, quotes)]


def _listing(request, *, category: Category | None = None, template: str = "storefront/listing.html", extra=None):
    market = current_market(request)
    q = request.GET.get("q", "")[:200]
    sort = request.GET.get("sort", "relevance" if q else "newest")
    sort = sort if sort in SORTS else "relevance"
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    result = search_products(
        q, market=market, category=category.slug if category else (request.GET.get("category") or None),
        state=request.GET.get("state") or None, merchant=request.GET.get("merchant") or None,
        price_min=_decimal(request.GET.get("min")), price_max=_decimal(request.GET.get("max")),
        in_stock=request.GET.get("in_stock") == "1", sort=sort, page=page,
    )
    if result.zero_result:
        log_zero_result(query=result.query, market=result.market)
        request.page_cache_skip = True  # the next shopper's search is logged too
    rate = rate_for(market)
    context = {
        "q": q, "sort": sort, "sorts": SORTS, "result": result, "cards": _cards(result.hits, market, rate),
        "category": category, "category_label": text.category_name(category) if category else "",
        "filters": {k: request.GET.get(k, "") for k in ("state", "merchant", "min", "max", "in_stock", "category")},
        "no_rate": rate is None,
        **(extra or {}),
    }
    if request.htmx and request.htmx.target == "results":
        return render(request, "storefront/_results.html", context)
    return render(request, template, context)


def home(request):
    market = current_market(request)
    newest = search_products("", market=market, sort="newest", per_page=8, log_zero=False, facets=False)
    rate = rate_for(market)
    categories = selectors.top_categories()
    return render(request, "storefront/home.html", {
        "categories": [{"category": c, "label": text.category_name(c)} for c in categories],
        "farms": [{"merchant": m, "story": text.merchant_story(m)} for m in selectors.featured_merchants()],
        "cards": _cards(newest.hits, market, rate),
        "no_rate": rate is None,
    })


def search(request):
    return _listing(request)


def category(request, slug):
    try:
        cat = Category.objects.select_related("parent").get(slug=slug)
    except Category.DoesNotExist:
        raise Http404("No such category")
    return _listing(request, category=cat)


def suggest(request):
    market = current_market(request)
    prefix = request.GET.get("q", "")[:50]
    items = [{"title": text.localized(s["title_en"], s["title_zh_hans"], s["title_zh_hant"]), "handle": s["handle"],
              "merchant": s["merchant"]} for s in (autocomplete(prefix, market=market, limit=8) if prefix.strip() else [])]
    if request.htmx:
        return render(request, "storefront/_suggest.html", {"items": items, "prefix": prefix})
    return JsonResponse({"suggestions": items}, json_dumps_params={"ensure_ascii": False})


def _variant_choice(product, request):
    variants = list(product.variants.all())
    try:
        wanted = int(request.GET.get("variant", "0"))
    except ValueError:
        wanted = 0
    return next((v for v in variants if v.pk == wanted), variants[0] if variants else None), variants


def _price_context(product, variant, market):
    rate = rate_for(market)
    quote = price_for(variant, market, rate=rate) if variant else None
    restrictions = market_restrictions(variant, [market]).get(market.code, ()) if variant else ()
    stock = sum(s.on_hand - s.reserved for s in variant.stock_levels.all()) if variant else 0
    return {
        "quote": quote, "variant": variant, "restrictions": [text.reason_message(r) for r in restrictions],
        "refusals": [text.reason_message(r) for r in (quote.reasons if quote and quote.quote else ())],
        "delivery": delivery_options(variant, market, rate=rate) if variant and quote and quote.available else [],
        "in_stock": stock > 0, "stock": stock,
        "sellable": bool(variant and quote and quote.allowed and not restrictions),
    }


def product(request, merchant, handle):
    market = current_market(request)
    partial = bool(request.htmx and request.htmx.target == "price-box")
    # Shoppers the page cache does not serve (signed in, a cart) share one rendering per product
    # page, market, language and signed-in-or-not, with their own CSRF token put in (fragments.py).
    shared = not partial and fragments.shareable(request)
    if shared:
        shared_key, entry = fragments.get(request, market_code=market.code)
        if entry is not None:
            return fragments.serve(request, entry)
    item = selectors.product_for_page(merchant_slug=merchant, handle=handle)
    variant, variants = _variant_choice(item, request)
    context = {
        "product": item, "title": text.product_title(item), "description": text.product_description(item),
        "summary": text.product_summary(item), "variants": variants, "images": list(item.images.all()),
        "story": text.merchant_story(item.merchant),
        "category_label": text.category_name(item.category) if item.category else "",
        **_price_context(item, variant, market),
    }
    if partial:
        return render(request, "storefront/_price_box.html", context)
    context["structured_data"] = _json_for_script(_product_jsonld(request, item, context, market))
    if shared:
        context["csrf_token"] = fragments.marker()  # every token on the page, filled in when served
        return fragments.serve(request, fragments.put(
            shared_key, render_to_string("storefront/product.html", context, request)))
    return render(request, "storefront/product.html", context)


_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def _json_for_script(data: dict) -> str:
    """JSON safe inside <script>: a merchant's "</script>" in a title cannot end the element."""
    return json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)


def _product_jsonld(request, item, context, market) -> dict:
    quote = context["quote"]
    data = {
        "@context": "https://schema.org", "@type": "Product", "name": context["title"],
        "description": context["summary"], "sku": context["variant"].sku if context["variant"] else "",
        "brand": {"@type": "Brand", "name": item.merchant.trading_name},
        "image": [request.build_absolute_uri(i.url) for i in context["images"] if i.url],
        "countryOfOrigin": "US",
    }
    if quote is not None and quote.available and quote.total is not None:
        data["offers"] = {
            "@type": "Offer", "priceCurrency": quote.currency, "price": str(quote.total),
            "availability": "https://schema.org/InStock" if context["in_stock"] and context["sellable"]
            else "https://schema.org/OutOfStock",
            "url": request.build_absolute_uri(request.path),
            "seller": {"@type": "Organization", "name": item.merchant.trading_name},
        }
    return data


def merchant_page(request, slug):
    market = current_market(request)
    merchant = selectors.merchant_for_page(slug=slug)
    result = search_products("", market=market, merchant=merchant.slug, sort="newest", per_page=48, log_zero=False,
                             facets=False)
    return render(request, "storefront/merchant.html", {
        "merchant": merchant, "story": text.merchant_story(merchant),
        "cards": _cards(result.hits, market, rate_for(market)), "result": result,
    })


@require_POST
def set_market(request):
    target = request.POST.get("next") or reverse("storefront:home")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = reverse("storefront:home")
    response = HttpResponseRedirect(target)
    if not remember(request, response, request.POST.get("market", "")):
        response = HttpResponseRedirect(target)
    return response


def risk_notice(request):
    return render(request, "storefront/risk_notice.html", {"page_title": _("Cross-border shopping notice")})
