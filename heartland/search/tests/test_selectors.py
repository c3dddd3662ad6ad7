"""search_products and autocomplete over the seeded demo catalogue: filters, facets, sorting,
pagination, bad input, the zero-result log (the selector's verdict, the service's count, and the
storefront's search pages that use both)."""
from __future__ import annotations

import time
from decimal import Decimal

import pytest
from django.urls import reverse

from heartland.catalog.models import Product
from heartland.search.models import SearchDocument, ZeroResultQuery
from heartland.search.selectors import autocomplete, price_buckets, search_products
from heartland.search.services import log_zero_result

from .conftest import make_listed_product

DRAFT_OR_ARCHIVED = {"bourbon-barrel-aged-maple-syrup", "cherry-pit-heat-pack", "popcorn-gift-set-seasonings",
                     "wisconsin-ginseng-harvest-tour"}
GINSENG_ROOTS = {"american-ginseng-slices", "whole-american-ginseng-roots", "ginseng-root-tea-bags",
                 "american-ginseng-gift-box", "ginseng-prongs-fibers"}


def shopper_search(query, **kwargs):
    """A search as the storefront runs it for a shopper: the selector, then the zero-result log."""
    result = search_products(query, **kwargs)
    if result.zero_result:
        log_zero_result(query=result.query, market=result.market)
    return result


def all_handles(market, **kw):
    result = search_products("", market=market, per_page=100, log_zero=False, **kw)
    assert result.total <= 100
    return [h.handle for h in result.hits]


def test_browse_lists_exactly_the_sellable_products(catalog):
    for code in ("CN", "HK", "JP", "KR", "SG"):
        result = search_products("", market=code, per_page=100)
        expected = SearchDocument.objects.filter(**{f"sell_{code.lower()}": True}).count()
        assert result.total == expected == len(result.hits) > 0, code
        assert result.query == "" and result.pages == 1 and result.market == code
        found = {h.handle for h in result.hits}
        assert not found & DRAFT_OR_ARCHIVED
        facets = result.facets
        for name in ("category", "state", "in_stock", "price"):
            assert sum(v.count for v in facets[name]) == result.total, (code, name)
        assert sum(v.count for v in facets["subcategory"]) == result.total
    cn = set(all_handles("CN"))
    assert not cn & GINSENG_ROOTS and "american-ginseng-capsules" in cn
    assert GINSENG_ROOTS <= set(all_handles("HK"))


def test_hits_carry_what_a_result_page_shows(catalog):
    result = search_products("枫糖浆", market="CN")
    hit = result.hits[0]
    assert hit.merchant == "middlefield-sugarbush" and hit.title_zh_hans and hit.title_en and hit.title_zh_hant
    assert hit.titles["zh-hant"] == hit.title_zh_hant and isinstance(hit.min_price_usd, Decimal)
    assert hit.score > 0 and isinstance(hit.in_stock, bool)
    assert result.currency == "CNY" and result.query == "枫糖浆"


def test_category_filter_includes_children_and_facets_name_them(catalog):
    result = search_products("", market="CN", category="honey-syrups", per_page=100)
    assert result.total > 0
    subs = {v.value for v in result.facets["subcategory"]}
    assert subs <= {"honey", "maple-syrup"} and "honey" in subs
    assert [v.value for v in result.facets["category"]] == ["honey-syrups"]
    honey = search_products("", market="CN", category="honey", per_page=100)
    assert 0 < honey.total < result.total
    label = next(v for v in result.facets["category"])
    assert (label.label_en, label.label_zh) == ("Honey and syrups", "蜂蜜与糖浆")


def test_state_merchant_and_stock_filters(catalog):
    wi = search_products("", market="HK", state="wi", per_page=100)
    assert wi.total and {v.value for v in wi.facets["state"]} == {"WI"}
    assert ("WI", "Wisconsin", "威斯康星") == wi.facets["state"][0][:3]
    honey = search_products("", market="CN", merchant="flint-hills-honey", per_page=100)
    assert honey.total == 6 and {h.merchant for h in honey.hits} == {"flint-hills-honey"}
    assert honey.facets["merchant"][0].label_en == "Flint Hills Honey Co."
    in_stock = search_products("蜂蜜", market="CN", in_stock=True)
    everything = search_products("蜂蜜", market="CN")
    stocked = {v.value: v.count for v in everything.facets["in_stock"]}
    assert in_stock.total == stocked["1"] == everything.total - stocked["0"] and stocked["0"] >= 1  # sunflower honey
    assert all(h.in_stock for h in in_stock.hits)
    assert search_products("", market="CN", merchant="no-such-merchant").total == 0


def test_price_facets_and_filters_are_in_the_market_currency(catalog):
    result = search_products("", market="CN", per_page=100)
    buckets = result.facets["price"]
    assert buckets[0].value.startswith("-") and buckets[0].label_en.startswith("Under ¥")
    assert "¥" in buckets[0].label_zh and "以下" in buckets[0].label_zh
    for bucket in buckets:
        low, _, high = bucket.value.partition("-")
        filtered = search_products("", market="CN", per_page=100,
                                   price_min=Decimal(low) if low else None, price_max=Decimal(high) if high else None)
        assert filtered.total == bucket.count, bucket
    jp = search_products("", market="JP", per_page=100)
    assert jp.currency == "JPY" and "￥" in jp.facets["price"][0].label_en
    assert price_buckets(Decimal("7.25")) == [Decimal(100), Decimal(200), Decimal(500), Decimal(1000), Decimal(2000)]


def test_sorting(catalog):
    asc = search_products("", market="HK", sort="price_asc", per_page=100).hits
    assert [h.min_price_usd for h in asc] == sorted(h.min_price_usd for h in asc)
    desc = search_products("", market="HK", sort="price_desc", per_page=100).hits
    assert [h.min_price_usd for h in desc] == sorted((h.min_price_usd for h in desc), reverse=True)
    newest = search_products("", market="HK", sort="newest", per_page=100).hits
    created = dict(Product.objects.values_list("pk", "created_at"))
    assert [created[h.product_id] for h in newest] == sorted((created[h.product_id] for h in newest), reverse=True)
    ranked = search_products("蜂蜜", market="HK").hits
    assert [h.score for h in ranked] == sorted((h.score for h in ranked), reverse=True)


def test_pagination(catalog):
    first = search_products("", market="HK", per_page=10)
    second = search_products("", market="HK", per_page=10, page=2)
    assert first.pages == second.pages == -(-first.total // 10)
    assert not {h.product_id for h in first.hits} & {h.product_id for h in second.hits}
    last = search_products("", market="HK", per_page=10, page=999)
    assert last.page == first.pages and "page_clamped" in last.notes and last.hits
    all_ids = []
    for page in range(1, first.pages + 1):
        all_ids += [h.product_id for h in search_products("", market="HK", per_page=10, page=page).hits]
    assert len(all_ids) == len(set(all_ids)) == first.total


@pytest.mark.parametrize("kwargs, note", [
    ({"page": 0}, "page_clamped"),
    ({"page": -5}, "page_clamped"),
    ({"page": "abc"}, "page_invalid"),
    ({"per_page": 10**6}, "per_page_clamped"),
    ({"per_page": 0}, "per_page_clamped"),
    ({"sort": "cheapest"}, "unknown_sort"),
    ({"price_min": Decimal("-5")}, "price_min_invalid"),
    ({"price_max": "lots"}, "price_max_invalid"),
    ({"price_min": Decimal("NaN")}, "price_min_invalid"),
    ({"market": "XX"}, "unknown_market:XX"),
    ({"market": None}, None),
    ({"category": "no-such-category"}, "unknown_category"),
    ({"state": "ZZ"}, "unknown_state"),
    ({"query": "蜂蜜" * 5000}, "query_truncated:200"),
    ({"query": "!!! ??? 🙂"}, "no_searchable_words"),
    ({"query": None}, None),
    ({"query": 12345}, None),
])
def test_bad_input_never_raises(catalog, kwargs, note):
    kwargs = dict(kwargs)
    query = kwargs.pop("query", "蜂蜜")
    result = search_products(query, log_zero=False, **kwargs)
    if note:
        assert note in result.notes
    assert result.page >= 1 and result.per_page >= 1


def test_price_range_upside_down_is_swapped(catalog):
    result = search_products("", market="CN", price_min=Decimal(200), price_max=Decimal(100))
    assert "price_range_swapped" in result.notes
    assert result.total == search_products("", market="CN", price_min=Decimal(100), price_max=Decimal(200)).total


def test_common_words_alone_browse(catalog):
    result = shopper_search("美国", market="CN")
    assert result.total == search_products("", market="CN").total and "only_common_words" in result.notes
    assert not result.zero_result and not ZeroResultQuery.objects.exists()


def test_zero_results_are_logged_normalized_and_counted(catalog):
    assert search_products("火星土豆", market="CN").zero_result
    assert not ZeroResultQuery.objects.exists()  # the selector only says so; the service logs it
    shopper_search("火星土豆", market="CN")
    shopper_search("火星土豆", market="CN")
    shopper_search("火星土豆", market="HK")
    assert not shopper_search("  火星土豆 ", market="CN", log_zero=False).zero_result
    cn = ZeroResultQuery.objects.get(query="火星土豆", market="CN")
    assert cn.count == 2 and cn.last_seen >= cn.first_seen
    assert ZeroResultQuery.objects.get(query="火星土豆", market="HK").count == 1
    shopper_search("火星土豆乾", market="CN")  # Traditional: logged in Simplified
    assert ZeroResultQuery.objects.filter(query="火星土豆干").exists()
    # Found only outside CN: a zero in CN is logged (ginseng roots cannot be sold there).
    shopper_search("花旗参须", market="CN")
    assert ZeroResultQuery.objects.filter(query="花旗参须", market="CN").exists()
    # Zero because of a filter, while the query finds products: not a demand signal.
    assert shopper_search("蜂蜜", market="CN", price_min=Decimal(100000)).total == 0
    assert not ZeroResultQuery.objects.filter(query="蜂蜜").exists()
    assert shopper_search("", market="CN", merchant="nobody").total == 0
    assert not ZeroResultQuery.objects.filter(query="").exists()


def test_the_storefront_search_pages_log_what_shoppers_did_not_find(client, catalog):
    search = reverse("storefront:search")
    assert client.get(search, {"q": "火星土豆", "market": "HK"}).status_code == 200
    client.get(search, {"q": "火星土豆", "market": "HK"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    client.get(reverse("storefront:category", args=["honey"]), {"q": "火星土豆", "market": "HK"})
    assert ZeroResultQuery.objects.get(query="火星土豆", market="HK").count == 3
    client.get(search, {"q": "蜂蜜", "min": "100000", "market": "HK"})  # nothing only because of the filter
    client.get(search, {"q": "", "market": "HK"})
    client.get(reverse("storefront:home"), {"market": "HK"})
    assert list(ZeroResultQuery.objects.values_list("query", "market")) == [("火星土豆", "HK")]


def test_substring_fallback_for_word_parts(catalog):
    result = search_products("berry", market="HK")
    assert result.fallback and result.total
    handles = {h.handle for h in result.hits}
    assert "wisconsin-dried-cranberries" in handles and "elderberry-gummies" in handles


def test_autocomplete(catalog):
    def texts(prefix, market="HK"):
        return autocomplete(prefix, market=market)

    assert texts("") == [] and texts("   ") == [] and texts("x") == []
    for prefix in ("牛肉", "牛", "niur", "niurou", "nrg", "jerk", "beef je"):
        found = texts(prefix)
        assert found and "牛肉" in found[0]["title_zh_hans"], prefix
        assert any("牛肉乾" in s["text"] for s in found[:3]), prefix  # HK reads Traditional
    maple = autocomplete("枫糖", market="CN")
    assert maple and all("枫糖" in s["title_zh_hans"] for s in maple)
    assert maple[0]["text"] == maple[0]["title_zh_hans"]
    ginseng = autocomplete("花旗", market="CN")
    assert [s["handle"] for s in ginseng] == ["american-ginseng-capsules"]
    assert len(autocomplete("蜂", market="CN", limit=3)) == 3
    assert autocomplete(None) == []
    honey = autocomplete("蜂", market="CN")
    assert honey and all("蜂" in s["title_zh_hans"] for s in honey)
    assert autocomplete("蜂", market="nowhere") == honey  # an unknown market suggests as the default one (CN)
    started = time.perf_counter()
    for prefix in ("n", "ni", "niu", "niur", "牛", "牛肉", "f", "fe", "fen", "蜂", "ch", "che"):
        autocomplete(prefix, market="CN")
    assert (time.perf_counter() - started) / 12 < 0.05


def test_facets_can_be_skipped_and_browse_counts_follow_the_index(catalog, django_capture_on_commit_callbacks):
    plain = search_products("", market="HK", facets=False, per_page=5)
    full = search_products("", market="HK", per_page=5)
    assert plain.total == full.total and all(v == [] for v in plain.facets.values()) and full.facets["category"]
    assert [h.product_id for h in plain.hits] == [h.product_id for h in full.hits]
    with django_capture_on_commit_callbacks(execute=True):
        make_listed_product(handle="test-new-honey", title_en="Brand New Honey")
    assert search_products("", market="HK", per_page=5).total == full.total + 1  # not a stale cached count
