"""Writing the index: which products are listed, and their documents.

A product is listed in a market when it is active, its merchant is approved, it has at least
one variant, and one of its variants can be sold there whatever the price
(`markets.pricing.market_restrictions`: positive list, prohibitions such as American ginseng
in China, missing HS code, closed market). A product listed nowhere has no document.

`index_products(ids)` brings the documents of those products in line with the catalog (create,
update or delete) — safe to run any number of times, in any order. `rebuild()` walks the whole
catalog in batches (`manage.py reindex`). Both read the catalog in a handful of queries per
batch and write with one upsert per chunk.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, connections, transaction
from django.db.models import F, Sum
from django.utils import timezone

from heartland.catalog.models import Category, Product, ProductStatus, Variant
from heartland.inventory.models import StockLevel
from heartland.markets.models import Market
from heartland.markets.pricing import market_restrictions
from heartland.merchants.models import MerchantStatus

from . import analysis
from .backends import backend_for, create_schema
from .models import MARKET_CODES, SearchDocument, SearchText
from .services import bump_index_generation
from .signals import index_written

BATCH_SIZE = 1000
_VARIANT_FIELDS = ("product_id", "price_usd", "hs_code", "tax_category", "country_of_origin", "grams",
                   "unit_content", "unit_content_uom", "abv", "requires_shipping")


@dataclass
class IndexContext:
    """What stays the same across the batches of one run: markets, categories, and the
    sellability of each distinct kind of variant (the restriction rules are per HS code,
    tax category, origin, weight and content, so a catalogue has few distinct kinds)."""

    markets: list[Market] = field(default_factory=list)
    categories: dict[int, Category] = field(default_factory=dict)
    _sellable: dict[tuple, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "IndexContext":
        categories = {c.pk: c for c in Category.objects.all()}
        return cls(markets=list(Market.objects.all()), categories=categories)

    def sellable(self, variant_row: dict) -> frozenset[str]:
        key = tuple(variant_row[k] for k in _VARIANT_FIELDS[2:])
        found = self._sellable.get(key)
        if found is None:
            probe = Variant(**{k: variant_row[k] for k in _VARIANT_FIELDS[2:]}, price_usd=Decimal(1))
            reasons = market_restrictions(probe, self.markets)
            found = self._sellable[key] = frozenset(code for code, why in reasons.items() if not why)
        return found

    def top_category(self, category_id: int | None) -> Category | None:
        category = self.categories.get(category_id) if category_id else None
        seen = 0
        while category is not None and category.parent_id and seen < 10:
            category = self.categories.get(category.parent_id, category)
            seen += 1
        return category


def build_documents(product_ids: Iterable[int], ctx: IndexContext) -> list[tuple[SearchDocument, SearchText]]:
    """Documents for the listed products among `product_ids` (unlisted ones are left out)."""
    ids = list(product_ids)
    if not ids:
        return []
    products = list(
        Product.objects.filter(pk__in=ids, status=ProductStatus.ACTIVE, merchant__status=MerchantStatus.APPROVED)
        .values("id", "merchant_id", "merchant__slug", "merchant__trading_name", "merchant__state", "handle",
                "title_en", "title_zh_hans", "title_zh_hant", "description_en", "description_zh_hans", "tags",
                "category_id", "origin_state", "created_at")
    )
    if not products:
        return []
    listed_ids = [p["id"] for p in products]
    variants: dict[int, list[dict]] = defaultdict(list)
    for row in Variant.objects.filter(product_id__in=listed_ids).values(*_VARIANT_FIELDS):
        variants[row["product_id"]].append(row)
    stock = dict(
        StockLevel.objects.filter(variant__product_id__in=listed_ids, on_hand__gt=F("reserved"))
        .values("variant__product_id").annotate(n=Sum(F("on_hand") - F("reserved")))
        .values_list("variant__product_id", "n")
    )
    docs = []
    for p in products:
        rows = variants.get(p["id"])
        if not rows:
            continue
        markets: set[str] = set()
        for row in rows:
            markets |= ctx.sellable(row)
        if not markets:
            continue
        category = ctx.categories.get(p["category_id"]) if p["category_id"] else None
        top = ctx.top_category(p["category_id"])
        state = p["origin_state"] or p["merchant__state"] or ""
        extra = [analysis.state_words(state), p["merchant__trading_name"]]
        for c in {category, top} - {None}:
            extra.append(f"{c.name_en} {c.name_zh_hans}")
        text = analysis.analyze_document(
            title_zh=p["title_zh_hans"], title_en=p["title_en"], tags=p["tags"],
            description_zh=p["description_zh_hans"], description_en=p["description_en"], extra=tuple(extra),
        )
        min_price = min(r["price_usd"] for r in rows)
        docs.append((SearchDocument(
            product_id=p["id"], merchant_id=p["merchant_id"], category_id=p["category_id"],
            parent_category_id=top.pk if top else None, origin_state=state[:2],
            min_price_usd=min_price,
            price_cents=int((min_price * 100).to_integral_value()),
            in_stock=stock.get(p["id"], 0) > 0,
            created_at=p["created_at"], **{f"sell_{code.lower()}": code in markets for code in MARKET_CODES},
        ), SearchText(
            product_id=p["id"], merchant_slug=p["merchant__slug"], merchant_name=p["merchant__trading_name"][:200],
            handle=p["handle"], title_en=p["title_en"], title_zh_hans=p["title_zh_hans"],
            title_zh_hant=p["title_zh_hant"], title_tokens=text.title, tags_tokens=text.tags, body_tokens=text.body,
            extra_tokens=text.extra, haystack=text.haystack,
        )))
    return docs


_DOC_FIELDS = SearchDocument._meta.concrete_fields
_TEXT_FIELDS = SearchText._meta.concrete_fields


def _upsert_sql(model, extra: tuple = ()) -> str:
    """INSERT … ON CONFLICT DO UPDATE, rewriting a row only when something in it changed (an
    unchanged product costs no new row version and no index work). `extra` are the backend's
    computed columns: (column, SQL expression with %s per source field, source fields)."""
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    cols = [f.column for f in model._meta.concrete_fields]
    all_cols = cols + [c for c, _, _ in extra]
    values = ["%s"] * len(cols) + [expr for _, expr, _ in extra]
    updates = ", ".join(f"{qn(c)} = EXCLUDED.{qn(c)}" for c in all_cols if c != "product_id")
    compared = [c for c in all_cols if c not in ("product_id", "indexed_at")]
    mine = ", ".join(f"{table}.{qn(c)}" for c in compared)
    theirs = ", ".join(f"EXCLUDED.{qn(c)}" for c in compared)
    return (f"INSERT INTO {table} ({', '.join(qn(c) for c in all_cols)}) VALUES ({', '.join(values)}) "
            f"ON CONFLICT (product_id) DO UPDATE SET {updates} WHERE ({mine}) IS DISTINCT FROM ({theirs})")


def _row(obj, fields, now, extra: tuple = (), source=None) -> list:
    out = [f.get_db_prep_save(now if f.name == "indexed_at" else getattr(obj, f.attname), connection)
           for f in fields]
    for _, _, sources in extra:
        out.extend(getattr(source, name) for name in sources)
    return out


def _write(docs: list[tuple[SearchDocument, SearchText]], delete_ids: Iterable[int]) -> int:
    """Delete, then upsert (a concurrent run over the same products cannot collide), in one
    transaction. Returns how many rows really changed: an unchanged document is not rewritten,
    and the cached browse facets survive (a paid order that leaves a product in stock changes
    nothing here)."""
    delete_ids = list(delete_ids)
    extra = backend_for().doc_extra_columns
    changed = 0
    with transaction.atomic():
        for start in range(0, len(delete_ids), 500):
            part = delete_ids[start:start + 500]
            changed += SearchDocument.objects.filter(product_id__in=part).delete()[0]
            changed += SearchText.objects.filter(product_id__in=part).delete()[0]
        if docs:
            now = timezone.now()
            with connection.cursor() as cursor:
                cursor.executemany(_upsert_sql(SearchText), [_row(t, _TEXT_FIELDS, now) for _, t in docs])
                changed += cursor.rowcount if cursor.rowcount >= 0 else len(docs)  # unknown: assume all
                cursor.executemany(_upsert_sql(SearchDocument, extra),
                                   [_row(d, _DOC_FIELDS, now, extra, t) for d, t in docs])
                changed += cursor.rowcount if cursor.rowcount >= 0 else len(docs)
        if changed:  # cached browse facets are stale: now, and again once others can see it
            bump_index_generation()
            transaction.on_commit(bump_index_generation)
            index_written.send(sender=index_products)  # pages that read the index, once committed
    return changed


def index_products(product_ids: Iterable[int], ctx: IndexContext | None = None) -> int:
    """Bring the documents of these products in line with the catalog. Returns how many are listed."""
    ids = sorted({int(i) for i in product_ids if i is not None})
    if not ids:
        return 0
    ctx = ctx or IndexContext.load()
    listed = 0
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start:start + BATCH_SIZE]
        docs = build_documents(chunk, ctx)
        keep = {d.product_id for d, _ in docs}
        _write(docs, [i for i in chunk if i not in keep])
        listed += len(docs)
    return listed


@dataclass
class RebuildReport:
    products: int = 0
    listed: int = 0
    seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return self.products / self.seconds if self.seconds else 0.0


def _id_ranges(batch_size: int) -> list[tuple[int, int]]:
    """The catalog's product ids cut into (after, upto] ranges of `batch_size` products."""
    ranges, last, count = [], 0, 0
    for pk in Product.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=20_000):
        count += 1
        if count == batch_size:
            ranges.append((last, pk))
            last, count = pk, 0
    if count:
        ranges.append((last, pk))
    return ranges


_CTX: IndexContext | None = None  # a rebuild's context, inherited by its worker processes


def _index_range(bounds: tuple[int, int]) -> tuple[int, int]:
    """Index the products with after < id <= upto, deleting documents of those no longer
    listed (one transaction). Returns (products read, products listed)."""
    after, upto = bounds
    chunk = list(Product.objects.filter(pk__gt=after, pk__lte=upto).values_list("pk", flat=True))
    docs = build_documents(chunk, _CTX) if chunk else []
    keep = {d.product_id for d, _ in docs}
    stale = list(SearchDocument.objects.filter(product_id__gt=after, product_id__lte=upto)
                 .exclude(product_id__in=keep).values_list("product_id", flat=True))
    _write(docs, stale)
    return len(chunk), len(docs)


def _worker_start() -> None:
    """In a freshly forked worker: never touch the parent's database connection."""
    for conn in connections.all(initialized_only=True):
        conn.connection = None  # the parent closed its own before forking; open a new one here


def default_jobs() -> int:
    """Worker processes for a rebuild: one per core, except where the database cannot be
    shared between processes (an in-memory SQLite database, as in tests)."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def rebuild(*, batch_size: int = BATCH_SIZE, jobs: int = 1,
            progress: Callable[[RebuildReport], None] | None = None) -> RebuildReport:
    """Re-index the whole catalog in batches of product ids, deleting documents of products
    that are gone or no longer listed. Each batch is its own transaction; with `jobs` > 1 the
    batches are shared among that many worker processes (analysis is CPU-bound Python).

    When the index is empty (a first build), the backend may drop its secondary indexes for
    the load and build them once at the end (`bulk_load`): much faster than maintaining them
    row by row, and nobody can be searching an empty index. Every rebuild starts by putting
    back any index a crashed run left missing."""
    global _CTX
    started = time.monotonic()
    backend = backend_for()
    create_schema()
    backend.ensure_indexes()
    backend.analyze_catalog()
    bulk = not SearchDocument.objects.exists()
    if bulk:
        backend.begin_bulk_load()
    _CTX = IndexContext.load()
    report = RebuildReport()
    ranges = _id_ranges(batch_size)
    jobs = max(1, min(jobs, len(ranges) or 1))
    if connection.in_atomic_block:  # workers could not see this transaction's rows; keep it open
        jobs = 1
    try:
        if jobs == 1:
            results = map(_index_range, ranges)
            pool = None
        else:
            analysis.analyze_document(title_zh="花旗参", title_en="ginseng", tags="", description_zh="",
                                      description_en="", extra=())  # dictionaries loaded once, shared by fork
            connections.close_all()
            pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_start)
            results = pool.imap_unordered(_index_range, ranges)
        try:
            for read, listed in results:
                report.products += read
                report.listed += listed
                if progress:
                    report.seconds = time.monotonic() - started
                    progress(report)
        finally:
            if pool is not None:
                pool.close()
                pool.join()
        top = ranges[-1][1] if ranges else 0
        gone = SearchDocument.objects.filter(product_id__gt=top)
        _write([], list(gone.values_list("product_id", flat=True)))
    finally:
        _CTX = None
        if bulk:
            backend.end_bulk_load()
    with connection.cursor() as cursor:
        backend.optimize(cursor)
    bump_index_generation()
    index_written.send(sender=rebuild)
    report.seconds = time.monotonic() - started
    return report
