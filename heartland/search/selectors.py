"""Product search for the storefront (and `manage.py search`): one code path.

`search_products(...)` → `SearchResult` (ranked hits, total, facets with counts, pagination)
and `autocomplete(...)` → suggestions. Bad input never raises: it is clamped or ignored and
`SearchResult.notes` says what was done (e.g. "page_clamped", "unknown_sort").

Ranking: the backend's relevance (bm25 / ts_rank, title over tags over body over extra)
× 1.5 when in stock × 2 when a several-word query appears in a title as typed (its characters
or words in a row). Browsing (no query) ranks in-stock first, then newest. See docs/search.md.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import math
import re
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal, InvalidOperation
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction

from heartland.catalog.models import Category
from heartland.landedcost.money import Money, format_money
from heartland.markets.models import Market
from heartland.markets.pricing import rate_for
from heartland.merchants.models import Merchant

from . import analysis
from .backends import MatchSQL, backend_for
from .models import MARKET_CODES, SearchDocument, SearchText
from .query import evaluate, substrings, without_substrings

log = logging.getLogger(__name__)

SORTS = ("relevance", "price_asc", "price_desc", "newest")
FACETS = ("category", "subcategory", "state", "merchant", "in_stock", "price")
DEFAULT_MARKET = "CN"
MAX_PER_PAGE = 100
MAX_PAGE = 1000
MERCHANT_FACET_LIMIT = 30
AUTOCOMPLETE_CANDIDATES = 500   # PostgreSQL: matches ranked for a suggestion list
IN_STOCK_BOOST = 1.5
EXACT_TITLE_BOOST = 2.0
# Price buckets: these USD amounts, converted at the market's rate and rounded to a "nice"
# number in its currency (¥100, ¥200, ¥500 … for CNY).
PRICE_ANCHORS_USD = (Decimal(10), Decimal(25), Decimal(50), Decimal(100), Decimal(250))
# Counts and facets are exact up to this many matches; above it the total is a lower bound
# ("10,000+") and facets are counted over the best 10,000 candidates (docs/search.md, *Bounded
# counts*). settings.HEARTLAND_SEARCH_EXACT_COUNT_LIMIT overrides it.
EXACT_COUNT_LIMIT = 10_000


def exact_count_limit() -> int:
    return max(1, int(getattr(settings, "HEARTLAND_SEARCH_EXACT_COUNT_LIMIT", EXACT_COUNT_LIMIT)))


class FacetValue(NamedTuple):
    value: str
    label_en: str
    label_zh: str
    count: int


@dataclass
class Hit:
    product_id: int
    handle: str
    merchant: str
    merchant_name: str
    title_en: str
    title_zh_hans: str
    title_zh_hant: str
    score: float
    min_price_usd: Decimal
    in_stock: bool
    category_id: int | None = None
    origin_state: str = ""

    @property
    def titles(self) -> dict[str, str]:
        return {"en": self.title_en, "zh-hans": self.title_zh_hans, "zh-hant": self.title_zh_hant}

    def as_dict(self) -> dict:
        return {"product_id": self.product_id, "handle": self.handle, "merchant": self.merchant,
                "merchant_name": self.merchant_name, "title": self.title_zh_hans or self.title_en,
                "title_en": self.title_en, "title_zh_hans": self.title_zh_hans, "title_zh_hant": self.title_zh_hant,
                "score": round(self.score, 6), "min_price_usd": str(self.min_price_usd), "in_stock": self.in_stock}


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int                      # exact, or the bound when total_is_lower_bound
    facets: dict[str, list[FacetValue]]
    page: int
    pages: int
    per_page: int
    query: str                      # normalized
    market: str
    currency: str
    sort: str
    notes: list[str] = field(default_factory=list)   # what was clamped or ignored, and why
    fallback: bool = False          # found only by a later, looser pass (pinyin phrases, word parts)
    # Nothing found, and the query finds nothing in the market without the shopper's filters
    # either: a demand signal for the zero-result log (services.log_zero_result). Only worked
    # out when asked (search_products(log_zero=True)); browsing is never one.
    zero_result: bool = False
    # More than exact_count_limit() matches: `total` is the bound ("10,000+"), the facets count the
    # best `total` candidates, and pages stop there.
    total_is_lower_bound: bool = False


# --- small caches (Django's cache: shared on Redis, cleared between tests) ---------------------------
CACHE_SECONDS = 60


def _categories() -> dict[int, tuple[str, str, str, int, int | None]]:
    """{id: (slug, English name, Chinese name, id of its top-level category, parent id)}."""
    found = cache.get("search:categories")
    if found is None:
        rows = {pk: (slug, en, zh, parent) for pk, slug, en, zh, parent in
                Category.objects.values_list("pk", "slug", "name_en", "name_zh_hans", "parent_id")}
        found = {}
        for pk, (slug, en, zh, parent) in rows.items():
            top, seen = pk, 0
            while rows.get(top, (None,) * 4)[3] is not None and seen < 10:
                top, seen = rows[top][3], seen + 1
            found[pk] = (slug, en, zh, top, parent)
        cache.set("search:categories", found, CACHE_SECONDS)
    return found


def _descendants(tree: dict[int, tuple], root: int) -> set[int]:
    """A category and every category under it."""
    children: dict[int, list[int]] = {}
    for pk, row in tree.items():
        children.setdefault(row[4], []).append(pk)
    out, todo = set(), [root]
    while todo:
        pk = todo.pop()
        if pk not in out:
            out.add(pk)
            todo.extend(children.get(pk, []))
    return out


def _merchants() -> dict[int, tuple[str, str]]:
    found = cache.get("search:merchants")
    if found is None:
        found = {pk: (slug, name) for pk, slug, name in Merchant.objects.values_list("pk", "slug", "trading_name")}
        cache.set("search:merchants", found, CACHE_SECONDS)
    return found


def _market_and_rate(code: str) -> tuple[Market | None, Decimal | None]:
    """The market and its USD rate in force (effective, with margin), cached briefly."""
    key = f"search:market:{code}"
    found = cache.get(key)
    if found is None:
        market = Market.objects.filter(code=code).first()
        rate = rate_for(market) if market else None
        found = (market, rate.effective if rate else None)
        cache.set(key, found, 30)
    return found


BROWSE_FACETS_SECONDS = 60


def index_generation() -> int:
    """Bumped by every index write (`services.bump_index_generation`): browse facet counts
    cached under an older one are stale."""
    return cache.get_or_set("search:generation", 1, None)


def _browse_key(code: str, filters: list[str], params: list, bounds: list[float] | None, facets: bool,
                sort: str) -> str:
    raw = repr((code, filters, params, bounds, facets, sort, exact_count_limit(), index_generation()))
    return "search:browse:" + hashlib.sha1(raw.encode()).hexdigest()


# --- input cleaning ----------------------------------------------------------------------------------
def _market(market, notes: list[str]) -> tuple[Market | None, Decimal | None]:
    code = market.code if isinstance(market, Market) else str(market or DEFAULT_MARKET).strip().upper()[:2]
    found, rate = _market_and_rate(code) if code in MARKET_CODES else (None, None)
    if found is None:
        notes.append(f"unknown_market:{str(market)[:10]}")
        found, rate = _market_and_rate(DEFAULT_MARKET)
    if isinstance(market, Market) and found is not None and market.pk == found.pk:
        found = market
    return found, rate


def _int(value, default: int, low: int, high: int, name: str, notes: list[str]) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        notes.append(f"{name}_invalid")
        return default
    if number < low or number > high:
        notes.append(f"{name}_clamped")
        return max(low, min(high, number))
    return number


def _price(value, name: str, notes: list[str]) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        notes.append(f"{name}_invalid")
        return None
    if not amount.is_finite() or amount < 0:
        notes.append(f"{name}_invalid")
        return None
    return amount


def _nice(amount: Decimal) -> Decimal:
    """The 1-2-5 number nearest (on a log scale) to amount: 72.5 → 100, 181 → 200, 362 → 500."""
    if amount <= 0:
        return Decimal(1)
    exp = math.floor(math.log10(amount))
    best, best_d = Decimal(1), None
    for e in (exp - 1, exp, exp + 1):
        for m in (1, 2, 5):
            cand = Decimal(m) * (Decimal(10) ** e)
            d = abs(math.log10(cand) - math.log10(amount))
            if best_d is None or d < best_d:
                best, best_d = cand, d
    return best


def price_buckets(rate: Decimal) -> list[Decimal]:
    """Bucket boundaries in the market's currency for a USD→currency rate."""
    out: list[Decimal] = []
    for anchor in PRICE_ANCHORS_USD:
        b = _nice(anchor * rate)
        if b > 0 and (not out or b > out[-1]):
            out.append(b)
    return out


def _cents(usd: Decimal) -> int:
    """A USD bound as whole cents, rounded up: for integer prices, price < ceil(x) ⟺ price < x."""
    return int(min(usd * 100, Decimal(10**15)).to_integral_value(rounding=ROUND_CEILING))


def _money_label(amount: Decimal, market: Market) -> str:
    try:
        text = format_money(Money(amount, market.currency), market.locale)
    except Exception:  # noqa: BLE001 — a label must never break a search
        return f"{amount:,} {market.currency}"
    return re.sub(r"[.,]0+(?=\D*$)", "", text)


# --- the query ---------------------------------------------------------------------------------------
def _order(sort: str, browse: bool) -> str:
    if sort == "price_asc":
        return "price ASC, id ASC"
    if sort == "price_desc":
        return "price DESC, id ASC"
    if sort == "newest":
        return "created DESC, id DESC"
    if browse:
        return "stock DESC, created DESC, id DESC"
    return "score DESC, id ASC"


@dataclass
class _Query:
    match: MatchSQL
    filters: list[str]
    params: list
    title_phrase: object
    browse: bool

    @property
    def where(self) -> str:
        return " AND ".join(self.match.where + self.filters) or "1=1"


def _score_sql(q: _Query, backend) -> tuple[str, list]:
    """relevance × in-stock boost × exact-title boost, over the document row `d`."""
    score = f"CAST(({q.match.score_sql}) AS REAL) * (CASE WHEN d.in_stock THEN {IN_STOCK_BOOST} ELSE 1.0 END)"
    params = list(q.match.score_params)
    if q.title_phrase is not None and not q.browse:
        cond, cond_params = backend.in_title(q.title_phrase)
        score += f" * (CASE WHEN {cond} THEN {EXACT_TITLE_BOOST} ELSE 1.0 END)"
        params += cond_params
    return score, params


def _price_ranges(bounds_usd: list | None, column: str) -> list[tuple[str, list]]:
    """(SQL condition on `column`, params) per price bucket: under the first bound, between
    each two, from the last; none without bounds."""
    edges = [None, *bounds_usd, None] if bounds_usd else []
    ranges: list[tuple[str, list]] = []
    for low, high in zip(edges, edges[1:]):
        cond, cond_params = [], []
        if low is not None:
            cond.append(f"{column} >= %s")
            cond_params.append(low)
        if high is not None:
            cond.append(f"{column} < %s")
            cond_params.append(high)
        ranges.append((" AND ".join(cond), cond_params))
    return ranges


def _page(q: _Query, backend, *, sort: str, limit: int, offset: int) -> list[tuple[int, float]]:
    """A browsing page (no text query): (product id, score) by the sort's index."""
    score, score_params = _score_sql(q, backend)
    sql = (f"SELECT d.product_id AS id, {score} AS score, d.price_cents AS price, d.created_at AS created, "
           f"d.in_stock AS stock FROM {q.match.from_sql} WHERE {q.where} "
           f"ORDER BY {_order(sort, True)} LIMIT %s OFFSET %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, score_params + q.match.params + q.params + [limit, offset])
        return [(int(pid), float(sc or 0.0)) for pid, sc, *_ in cursor.fetchall()]


_HIT_COLUMNS = ("d.product_id AS id, d.category_id AS cat, d.merchant_id AS mid, "
                "d.origin_state AS st, d.in_stock AS stock, d.price_cents AS price, d.created_at AS created")


def _bounded(q: _Query, *, extra: str = "", order: str, bound: int, kept_order: str = "id DESC") -> str:
    """`hits`: at most bound + 1 matches, in an order the index gives without reading the rest
    (`order`: SQLite FTS5 newest first; PostgreSQL the GIN bitmap's table order; browsing the
    sort's own index); `kept`: the first `bound` of them, what facets count and pages show.
    `(SELECT COUNT(*) FROM hits) > bound` says the total is a lower bound."""
    order_sql = f" ORDER BY {order}" if order else ""
    return (f"hits AS MATERIALIZED (SELECT {_HIT_COLUMNS}{extra} FROM {q.match.from_sql} WHERE {q.where}"
            f"{order_sql} LIMIT {bound + 1}), "
            f"kept AS MATERIALIZED (SELECT * FROM hits ORDER BY {kept_order} LIMIT {bound})")


def _facet_select(bounds_usd: list | None) -> tuple[str, str, list, int]:
    """The facet GROUP BY over `kept`, the matched-count row (kind 2, a UNION ALL to append),
    their params and the number of price buckets."""
    ranges = _price_ranges(bounds_usd, "price")
    sums, sum_params = "", []
    for cond, cond_params in ranges:
        sums += f", COUNT(*) FILTER (WHERE {cond})"
        sum_params += cond_params
    blanks = ", NULL" * len(ranges)
    sql = (f"SELECT 0 AS kind, cat, mid, st, stock, COUNT(*) AS n{sums}, NULL AS pid, NULL AS score "
           f"FROM kept GROUP BY cat, mid, st, stock")
    # Last in the UNION (PostgreSQL types its NULLs from the branches before it).
    counted = f" UNION ALL SELECT 2, NULL, NULL, NULL, NULL, COUNT(*){blanks}, NULL, NULL FROM hits"
    return sql, counted, sum_params, len(ranges)


def _split_rows(rows: list[tuple], n_ranges: int) -> tuple[list[tuple], list[int] | None, list, int]:
    """(facet rows, price bucket counts, page rows (pos, id, score), matched count ≤ bound + 1)."""
    facet_rows, page_rows, matched = [], [], 0
    for row in rows:
        if row[0] == 0:
            facet_rows.append(row[1:])
        elif row[0] == 2:
            matched = int(row[5] or 0)
        else:
            page_rows.append((int(row[5]), int(row[-2]), float(row[-1] or 0.0)))
    buckets = [sum(int(r[5 + i] or 0) for r in facet_rows) for i in range(n_ranges)] if n_ranges else None
    page_rows.sort()
    return [r[:5] for r in facet_rows], buckets, page_rows, matched


def _text_pass(q: _Query, backend, *, sort: str, limit: int, offset: int, bounds_usd: list | None, bound: int
               ) -> tuple[list[tuple], list[int] | None, list[tuple[int, float]], bool]:
    """One statement for a text query: at most bound + 1 matches, as the index gives them
    (`_bounded`), then the facet GROUP BY over the first `bound` and the ranked page. Returns
    (facet rows, price bucket counts, page, whether there were more than `bound` matches)."""
    order = _order(sort, False)
    score, score_params = _score_sql(q, backend)
    facet_sql, counted_sql, sum_params, n_ranges = _facet_select(bounds_usd)
    if backend.rank_cap:
        # PostgreSQL: the matches without their tsvector; rank only the best candidates (or the
        # page, for price and date sorts), joined back for it.
        doc = "search_searchdocument"
        with_sql = "WITH " + _bounded(q, order=q.match.candidate_order, bound=bound) + ", "
        params = q.match.params + q.params
        if sort == "relevance":
            cap = max(backend.rank_cap, offset + limit)
            with_sql += (f"top AS (SELECT id FROM kept ORDER BY stock DESC, created DESC, id DESC LIMIT {cap}), "
                         f"ranked AS (SELECT d.product_id AS id, {score} AS score FROM top JOIN {doc} d "
                         f"ON d.product_id = top.id ORDER BY score DESC, id ASC LIMIT %s OFFSET %s), "
                         f"page AS (SELECT id, score, ROW_NUMBER() OVER (ORDER BY score DESC, id ASC) AS pos FROM ranked) ")
            params += score_params + [limit, offset]
        else:
            with_sql += (f"top AS (SELECT id, price, created FROM kept ORDER BY {order} LIMIT %s OFFSET %s), "
                         f"page AS (SELECT top.id AS id, {score} AS score, ROW_NUMBER() OVER (ORDER BY "
                         f"{', '.join('top.' + part for part in order.split(', '))}) AS pos "
                         f"FROM top JOIN {doc} d ON d.product_id = top.id) ")
            params += [limit, offset] + score_params
    else:
        # SQLite: bm25() is computed with the match, for each candidate.
        with_sql = ("WITH " + _bounded(q, extra=f", {score} AS score", order=q.match.candidate_order, bound=bound)
                    + f", page AS (SELECT id, score, ROW_NUMBER() OVER (ORDER BY {order}) AS pos "
                    f"FROM kept ORDER BY {order} LIMIT %s OFFSET %s) ")
        params = score_params + q.match.params + q.params + [limit, offset]
    blanks = ", NULL" * n_ranges
    sql = (with_sql + facet_sql + f" UNION ALL SELECT 1, NULL, NULL, NULL, NULL, pos{blanks}, id, score FROM page"
           + counted_sql)
    params += sum_params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    facet_rows, buckets, page_rows, matched = _split_rows(rows, n_ranges)
    return facet_rows, buckets, [(pid, score) for _, pid, score in page_rows], matched > bound


def _facet_rows(q: _Query, bounds_usd: list[float] | None, *, sort: str, bound: int
                ) -> tuple[tuple[list[tuple], list[int] | None], bool]:
    """Browsing (no text query; a text query's facets come with `_text_pass`): the first
    bound + 1 products in the sort's order, read by its index (`_bounded`), and one GROUP BY
    over the first `bound` of them: (category, merchant, state, in stock, count) rows, from
    which the total and every facet are summed, and the count per price bucket. Returns them
    and whether there were more than `bound`."""
    facet_sql, counted_sql, sum_params, n_ranges = _facet_select(bounds_usd)
    order = _order(sort, True)
    sql = "WITH " + _bounded(q, order=order, bound=bound, kept_order=order) + " " + facet_sql + counted_sql
    with connection.cursor() as cursor:
        cursor.execute(sql, q.match.params + q.params + sum_params)
        rows = cursor.fetchall()
    facet_rows, buckets, _page_rows, matched = _split_rows(rows, n_ranges)
    return (facet_rows, buckets), matched > bound


def _count(q: _Query, bound: int) -> int:
    """How many match, counting no further than bound + 1."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM {q.match.from_sql} WHERE {q.where} LIMIT {bound + 1}) c",
                       q.match.params + q.params)
        return int(cursor.fetchone()[0])


def _facets(facet_rows: tuple[list[tuple], list[int] | None], market: Market, buckets: list[Decimal] | None
            ) -> tuple[int, dict[str, list[FacetValue]]]:
    rows, prices = facet_rows
    total = 0
    counts: dict[str, dict] = {k: {} for k in ("category", "subcategory", "merchant", "state", "in_stock")}
    cat_counts, sub_counts, merchant_counts = counts["category"], counts["subcategory"], counts["merchant"]
    state_counts, stock_counts = counts["state"], counts["in_stock"]
    for cat, merchant_id, st, stock, n in rows:
        total += n
        sub_counts[cat] = sub_counts.get(cat, 0) + n
        merchant_counts[merchant_id] = merchant_counts.get(merchant_id, 0) + n
        state_counts[st] = state_counts.get(st, 0) + n
        key = "1" if stock else "0"
        stock_counts[key] = stock_counts.get(key, 0) + n
    prices = prices or []
    out: dict[str, list[FacetValue]] = {}
    names = _categories()
    for cat, n in sub_counts.items():  # roll categories up to their top level
        top = names[cat][3] if cat in names else None
        if top is not None:
            cat_counts[top] = cat_counts.get(top, 0) + n
    for kind in ("category", "subcategory"):
        values = [FacetValue(names[k][0], names[k][1], names[k][2], n)
                  for k, n in counts[kind].items() if k in names]
        out[kind] = sorted(values, key=lambda v: (-v.count, v.label_en))
    states = []
    for key, n in counts["state"].items():
        if key:
            en, zh = analysis.US_STATES.get(key, (key, key))
            states.append(FacetValue(key, en, zh, n))
    out["state"] = sorted(states, key=lambda v: (-v.count, v.label_en))
    top = sorted(counts["merchant"].items(), key=lambda kv: -kv[1])[:MERCHANT_FACET_LIMIT * 2]
    merchants = _merchants()
    values = [FacetValue(merchants[k][0], merchants[k][1], merchants[k][1], n) for k, n in top if k in merchants]
    out["merchant"] = sorted(values, key=lambda v: (-v.count, v.value))[:MERCHANT_FACET_LIMIT]
    stock = counts["in_stock"]
    out["in_stock"] = [FacetValue(v, en, zh, stock[v]) for v, en, zh in
                       (("1", "In stock", "有货"), ("0", "Out of stock", "暂时缺货")) if stock.get(v)]
    out["price"] = []
    for i, n in enumerate(prices):
        if not n:
            continue
        low = buckets[i - 1] if i else None
        high = buckets[i] if i < len(buckets) else None
        if low is None:
            value, en, zh = f"-{high}", f"Under {_money_label(high, market)}", f"{_money_label(high, market)}以下"
        elif high is None:
            value, en, zh = f"{low}-", f"{_money_label(low, market)} and above", f"{_money_label(low, market)}以上"
        else:
            label = f"{_money_label(low, market)} – {_money_label(high, market)}"
            value, en, zh = f"{low}-{high}", label, label
        out["price"].append(FacetValue(value, en, zh, n))
    return total, out


def _guard():
    """Inside a transaction, run the search in a savepoint: if a query fails, the caller's
    transaction is still usable (PostgreSQL aborts it otherwise). Outside one, nothing — a
    search must not open a write transaction (SQLite's BEGIN IMMEDIATE takes the write lock)."""
    return transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()


def _empty_facets() -> dict[str, list[FacetValue]]:
    return {k: [] for k in FACETS}


# --- search_products, step by step -------------------------------------------------------------------
@dataclass
class _Filters:
    """The conditions on the document row `d`: the market's (always) and the shopper's filters."""
    where: list[str]
    params: list = field(default_factory=list)
    narrowed: bool = False  # a shopper's filter applies: finding nothing may be its doing
    selective: bool = False  # a filter few products pass (one merchant): browse by its index

    def narrow(self, condition: str, *params) -> None:
        self.where.append(condition)
        self.params.extend(params)
        self.narrowed = True


@dataclass
class _Search:
    """One call's cleaned inputs, shared by its steps."""
    backend: object
    market: Market
    parsed: analysis.ParsedQuery
    filters: _Filters
    browse: bool                     # no words to search: list every sellable product
    sort: str
    page: int
    per_page: int
    facets: bool
    buckets: list[Decimal] | None    # price facet bounds in the market's currency
    bounds_usd: list[int] | None     # the same bounds in USD cents
    notes: list[str]

    def query(self, node, substring_texts: list[str]) -> _Query:
        return _Query(self.backend.match(node, substring_texts, None), self.filters.where, self.filters.params,
                      self.parsed.title_phrase, self.browse)


@dataclass
class _Found:
    total: int
    facets: dict[str, list[FacetValue]]
    ranked: list[tuple[int, float]]  # (product id, score) of the page shown
    page: int
    fallback: bool = False
    lower: bool = False              # more matches than the bound: total is the bound


def _as_text(query) -> str:
    if isinstance(query, str):
        return query
    return "" if query is None else str(query)


def _known_sort(sort: str, notes: list[str]) -> str:
    if sort in SORTS:
        return sort
    notes.append("unknown_sort")
    return "relevance"


def _filter_category(filters: _Filters, category: str | None, notes: list[str]) -> None:
    """The category and every category under it."""
    if not category:
        return
    tree = _categories()
    cat = next((pk for pk, row in tree.items() if row[0] == str(category)[:80]), None)
    if cat is None:
        notes.append("unknown_category")
        return
    family = sorted(_descendants(tree, cat))
    filters.narrow(f"d.category_id IN ({', '.join(['%s'] * len(family))})", *family)


def _filter_state(filters: _Filters, state: str | None, notes: list[str]) -> None:
    if not state:
        return
    code = str(state).strip().upper()
    if code in analysis.US_STATES:
        filters.narrow("d.origin_state = %s", code)
    else:
        notes.append("unknown_state")


def _filter_merchant(filters: _Filters, merchant: str | None) -> None:
    """An unknown merchant matches nothing."""
    if not merchant:
        return
    merchant_id = Merchant.objects.filter(slug=str(merchant)[:60]).values_list("pk", flat=True).first()
    filters.narrow("d.merchant_id = %s", merchant_id if merchant_id is not None else -1)
    filters.selective = True


def _filter_price(filters: _Filters, price_min, price_max, rate: Decimal | None, notes: list[str]) -> None:
    """Bounds in the market's currency, compared in USD cents at the rate in force."""
    low, high = _price(price_min, "price_min", notes), _price(price_max, "price_max", notes)
    if (low is not None or high is not None) and rate is None:
        notes.append("price_filter_ignored_no_rate")
        return
    if low is not None and high is not None and low > high:
        low, high = high, low
        notes.append("price_range_swapped")
    if low is not None:
        filters.narrow("d.price_cents >= %s", _cents(low / rate))
    if high is not None:
        filters.narrow("d.price_cents < %s", _cents(high / rate))


def _filters(backend, market: Market, rate: Decimal | None, *, browse: bool, category, state, merchant, in_stock,
             price_min, price_max, notes: list[str]) -> _Filters:
    filters = _Filters([backend.sellable(market.code, text=not browse)])
    _filter_category(filters, category, notes)
    _filter_state(filters, state, notes)
    _filter_merchant(filters, merchant)
    if in_stock:
        filters.narrow("d.in_stock")
    _filter_price(filters, price_min, price_max, rate, notes)
    return filters


def _page_in_range(s: _Search, total: int) -> int:
    """The page asked for, or the last one when it is past the end (and the notes say so)."""
    last = math.ceil(total / s.per_page)
    if total and s.page > last:
        s.notes.append("page_clamped")
        return last
    return s.page


def _count_and_facets(s: _Search, q: _Query) -> tuple[int, dict[str, list[FacetValue]], bool]:
    """(total up to the bound, facets, whether there are more than the bound)."""
    bound = exact_count_limit()
    if not s.facets:
        n = _count(q, bound)
        return min(n, bound), _empty_facets(), n > bound
    rows, more = _facet_rows(q, s.bounds_usd, sort=s.sort, bound=bound)
    total, facet_values = _facets(rows, s.market, s.buckets)
    return total, facet_values, more


def _browse(s: _Search) -> _Found:
    """No words: every sellable product that passes the filters. Counts and facets (over the
    first `exact_count_limit()` in the sort's order) are cached under the index generation; the
    page is read by the sort's index."""
    q = s.query(None, [])
    q.match.from_sql = s.backend.browse_from(s.sort, selective=s.filters.selective)
    key = _browse_key(s.market.code, s.filters.where, s.filters.params, s.bounds_usd, s.facets, s.sort)
    counted = cache.get(key)
    if counted is None:
        counted = _count_and_facets(s, q)
        cache.set(key, counted, BROWSE_FACETS_SECONDS)
    total, facet_values, more = counted
    page = _page_in_range(s, total)
    offset = (page - 1) * s.per_page
    limit = min(s.per_page, total - offset)  # pages stop at the bound, as a text query's do
    ranked = _page(q, s.backend, sort=s.sort, limit=limit, offset=offset) if limit > 0 else []
    return _Found(total, facet_values, ranked, page, lower=more)


def _search_words(s: _Search) -> _Found:
    """Words first; then pinyin syllables in a row; then word parts (see ParsedQuery.passes):
    the first pass that finds anything answers, and `fallback` says when it was not the first."""
    found, q = _Found(0, _empty_facets(), [], s.page), None
    bound = exact_count_limit()
    for index, node in enumerate(s.parsed.passes):
        q = s.query(without_substrings(node), substrings(node))
        rows, bucket_counts, ranked, more = _text_pass(q, s.backend, sort=s.sort, limit=s.per_page,
                                                       offset=(s.page - 1) * s.per_page, bounds_usd=s.bounds_usd,
                                                       bound=bound)
        total, facet_values = _facets((rows, bucket_counts), s.market, s.buckets)
        found = _Found(total, facet_values, ranked, s.page, lower=more)
        if total:
            found.fallback = index > 0
            break
    page = _page_in_range(s, found.total)
    if page != s.page:
        found.page = page
        found.ranked = _text_pass(q, s.backend, sort=s.sort, limit=s.per_page, offset=(page - 1) * s.per_page,
                                  bounds_usd=s.bounds_usd, bound=bound)[2]
    if not s.facets:
        found.facets = _empty_facets()
    return found


def _finds_nothing_unfiltered(s: _Search) -> bool:
    """Would the query find nothing in the market without the shopper's filters? (Found
    something only because of a filter: not a demand signal.) A failed count says no."""
    if not s.filters.narrowed:
        return True
    plain = _Query(s.backend.match(s.parsed.match, [], None), [s.backend.sellable(s.market.code)], [], None, False)
    try:
        with _guard():
            return _count(plain, 0) == 0
    except DatabaseError:
        return False


def _no_results(text: str, market: Market | None, *, per_page: int, sort: str, notes: list[str]) -> SearchResult:
    return SearchResult([], 0, _empty_facets(), 1, 0, per_page, text, market.code if market else "",
                        market.currency if market else "", sort, notes)


def search_products(query: str = "", *, market="CN", category: str | None = None, state: str | None = None,
                    merchant: str | None = None, price_min: Decimal | None = None, price_max: Decimal | None = None,
                    in_stock: bool = False, sort: str = "relevance", page: int = 1, per_page: int = 24,
                    log_zero: bool = True, facets: bool = True) -> SearchResult:
    """Search (or browse, with an empty query) the products sellable in `market`.

    Filters: `category` (slug, children included), `state` (US state of origin), `merchant`
    (slug), `price_min`/`price_max` (in the market's currency, converted to USD at the rate in
    force), `in_stock`. Facets are counted over the filtered results: category (top level),
    subcategory, state, merchant, in_stock, price (buckets in the market's currency);
    `facets=False` skips them (a page that only lists products: home, a merchant's page).
    `log_zero` works out whether the search is one for the zero-result log
    (`SearchResult.zero_result`; `services.log_zero_result` writes it).
    """
    notes: list[str] = []
    mkt, rate = _market(market, notes)
    parsed = analysis.parse_query(_as_text(query))
    notes.extend(parsed.notes)
    sort = _known_sort(sort, notes)
    per_page = _int(per_page, 24, 1, MAX_PER_PAGE, "per_page", notes)
    page = _int(page, 1, 1, MAX_PAGE, "page", notes)
    if mkt is None:  # no markets at all (an empty database)
        return _no_results(parsed.text, None, per_page=per_page, sort=sort, notes=notes + ["no_market"])

    backend = backend_for()
    browse = not parsed.text or parsed.only_stopwords
    filters = _filters(backend, mkt, rate, browse=browse, category=category, state=state, merchant=merchant,
                       in_stock=in_stock, price_min=price_min, price_max=price_max, notes=notes)
    buckets = price_buckets(rate) if rate else None
    bounds_usd = [_cents(b / rate) for b in buckets] if buckets else None
    if not browse and parsed.empty:
        notes.append("no_searchable_words")
        return _no_results(parsed.text, mkt, per_page=per_page, sort=sort, notes=notes)

    s = _Search(backend, mkt, parsed, filters, browse, sort, page, per_page, bool(facets), buckets, bounds_usd, notes)
    try:
        with _guard():
            found = _browse(s) if browse else _search_words(s)
    except DatabaseError:
        log.exception("search failed for %r", parsed.text)
        notes.append("search_error")
        return _no_results(parsed.text, mkt, per_page=per_page, sort=sort, notes=notes)
    zero_result = bool(log_zero) and not browse and found.total == 0 and _finds_nothing_unfiltered(s)
    return SearchResult(hits=_hits(found.ranked), total=found.total, facets=found.facets,
                        page=found.page if found.total else 1, pages=math.ceil(found.total / per_page),
                        per_page=per_page, query=parsed.text, market=mkt.code, currency=mkt.currency, sort=sort,
                        notes=notes, fallback=found.fallback, zero_result=zero_result,
                        total_is_lower_bound=found.lower)


_HIT_FIELDS = ("product_id", "handle", "merchant_slug", "merchant_name", "title_en", "title_zh_hans", "title_zh_hant")


def _hits(ranked: list[tuple[int, float]]) -> list[Hit]:
    if not ranked:
        return []
    ids = [p for p, _ in ranked]
    texts = {r["product_id"]: r for r in SearchText.objects.filter(product_id__in=ids).values(*_HIT_FIELDS)}
    docs = {r["product_id"]: r for r in SearchDocument.objects.filter(product_id__in=ids)
            .values("product_id", "min_price_usd", "in_stock", "category_id", "origin_state")}
    out = []
    for pid, score in ranked:
        t, d = texts.get(pid), docs.get(pid)
        if t is None or d is None:  # re-indexed away between the two reads
            continue
        out.append(Hit(product_id=pid, handle=t["handle"], merchant=t["merchant_slug"], merchant_name=t["merchant_name"],
                       title_en=t["title_en"], title_zh_hans=t["title_zh_hans"], title_zh_hant=t["title_zh_hant"],
                       score=score, min_price_usd=d["min_price_usd"], in_stock=bool(d["in_stock"]),
                       category_id=d["category_id"], origin_state=d["origin_state"]))
    return out


def autocomplete(prefix: str, *, market="CN", limit: int = 8) -> list[dict]:
    """Products whose title or tags match what has been typed so far (Chinese prefix, pinyin
    prefix, pinyin initials, English prefix), best first, one per title.

    Each: {"text", "product_id", "handle", "merchant", "title_en", "title_zh_hans", "title_zh_hant"};
    `text` is the title in the market's language.
    """
    notes: list[str] = []
    if not isinstance(prefix, str):
        return []
    limit = _int(limit, 8, 1, 20, "limit", notes)
    parsed = analysis.parse_query(prefix[:100], prefix=True)
    if parsed.empty:
        return []
    mkt, _rate = _market(market, notes)
    if mkt is None:
        return []
    backend = backend_for()
    columns = ("title", "tags")
    sell = backend.sellable(mkt.code)
    if backend.rank_cap:
        # PostgreSQL: weight labels (title, tags) would make GIN recheck every candidate, so
        # match anywhere (the first 2,000 matches: a short prefix matches a lot), rank the
        # newest in-stock 500 of them, keep those matching in title or tags (on their tokens).
        match = backend.match(parsed.match, [], None)
        score = match.score_sql.replace("d.", "m.")
        sql = (f"WITH hits AS MATERIALIZED (SELECT d.product_id AS id, d.in_stock AS stock, d.created_at AS created "
               f"FROM {match.from_sql} WHERE {' AND '.join(match.where + [sell])} LIMIT {AUTOCOMPLETE_CANDIDATES * 4}), "
               f"top AS (SELECT id FROM hits ORDER BY stock DESC, created DESC, id DESC LIMIT {AUTOCOMPLETE_CANDIDATES}) "
               f"SELECT m.product_id, CAST(({score}) AS REAL) * (CASE WHEN m.in_stock THEN {IN_STOCK_BOOST} ELSE 1.0 END) "
               f"AS score FROM top JOIN search_searchdocument m ON m.product_id = top.id "
               f"ORDER BY score DESC, m.product_id ASC LIMIT %s")
        params = match.params + match.score_params + [limit * 5]
    else:
        # SQLite: the newest AUTOCOMPLETE_CANDIDATES * 4 matches in title or tags (FTS5 stops
        # there), ranked.
        match = backend.match(parsed.match, [], columns)
        score = f"CAST(({match.score_sql}) AS REAL) * (CASE WHEN d.in_stock THEN {IN_STOCK_BOOST} ELSE 1.0 END)"
        sql = (f"SELECT id, score FROM (SELECT d.product_id AS id, {score} AS score FROM {match.from_sql} "
               f"WHERE {' AND '.join(match.where + [sell])} ORDER BY {match.candidate_order or 'd.product_id DESC'} "
               f"LIMIT {AUTOCOMPLETE_CANDIDATES * 4}) c ORDER BY score DESC, id ASC LIMIT %s")
        params = match.score_params + match.params + [limit * 3]
    try:
        pinned = backend.rank_cap and not connection.in_atomic_block
        with (transaction.atomic() if pinned else _guard()), connection.cursor() as cursor:
            if pinned:
                # (Only in a transaction of our own: SET LOCAL would outlive the search in the
                # caller's.) The planner guesses that scanning the table finds 2,000 matches soon; reading
                # every tsvector to test it is far slower than the GIN bitmap: keep the bitmap.
                cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(sql, params)
            ranked = [pid for pid, _ in cursor.fetchall()]
            texts = {r[0]: r for r in SearchText.objects.filter(product_id__in=ranked).values_list(
                "product_id", "handle", "merchant_slug", "title_en", "title_zh_hans", "title_zh_hant",
                "title_tokens", "tags_tokens")}
    except DatabaseError:
        log.exception("autocomplete failed for %r", parsed.text)
        return []
    if backend.rank_cap:
        texts = {pid: r for pid, r in texts.items()
                 if evaluate(parsed.match, {"title": r[6].split(), "tags": r[7].split()}, columns=columns)}
    texts = {pid: r[:6] for pid, r in texts.items()}
    rows = [texts[pid] for pid in ranked if pid in texts]
    lang = (mkt.language or "").lower()
    out, seen = [], set()
    for pid, handle, merchant_slug, en, hans, hant in rows:
        if lang == "zh-hant":
            text = hant or hans or en
        elif lang == "zh-hans" or analysis.is_han(parsed.text[:1]):
            text = hans or en
        else:
            text = en or hans
        if text in seen:
            continue
        seen.add(text)
        out.append({"text": text, "product_id": pid, "handle": handle, "merchant": merchant_slug, "title_en": en,
                    "title_zh_hans": hans, "title_zh_hant": hant})
        if len(out) >= limit:
            break
    return out
