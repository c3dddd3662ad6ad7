"""The search index (one row per listed product) and the zero-result log.

`SearchDocument` holds the facet/filter/sort columns (narrow, for speed); `SearchText`
(same primary key) what a result shows and the analyzed text (space-joined tokens, see
`analysis.py`). A search never joins the catalog. Beside them, created by the migration for the
database in use:

* SQLite — `search_fts` (FTS5 over the four token columns, external content = SearchText)
  and `search_frag` (FTS5 `trigram` over `haystack`), kept in sync by triggers;
* PostgreSQL — a `tsv` column on SearchDocument, written with each row (`to_tsvector('simple',
  …)` of SearchText's four token columns, weights A–D), with a GIN index; and a `pg_trgm` GIN
  index on SearchText's `haystack`.

Only listed products have a row: active, approved merchant, at least one variant, sellable in
at least one market (`sell_<market>` says which). The rows are written only by
`heartland.search.indexing`.

SQLite note: a migration that alters SearchText makes Django rebuild it, which drops the
triggers; `manage.py reindex` (and `backends.ensure_schema`) puts them back.
"""
from django.db import models

# The markets the landed-cost rules know; one column each.
from heartland.landedcost import MARKETS as MARKET_CODES  # noqa: F401 (re-exported)


class ProductIdField(models.BigIntegerField):
    """The product id as primary key; on SQLite declared INTEGER so it is the rowid (the FTS
    tables' content_rowid, and one b-tree lookup instead of two)."""

    def db_type(self, connection):
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)


class SearchDocument(models.Model):
    """One listed product's filter, facet and sort columns.

    Narrow (about 60 bytes of numbers a row; on PostgreSQL plus the `tsv` column, inline when
    under ~2 kB) so `search_doc_facets` covers every facet column; what a result shows and the
    analyzed text are in `SearchText`, same primary key.
    """

    product_id = ProductIdField(primary_key=True)
    merchant_id = models.BigIntegerField()
    category_id = models.BigIntegerField(null=True, blank=True)
    parent_category_id = models.BigIntegerField(null=True, blank=True,
                                                help_text="Top-level category (the category itself if top-level). "
                                                          "Facets and filters derive it from category_id.")
    origin_state = models.CharField(max_length=2, blank=True)
    min_price_usd = models.DecimalField(max_digits=12, decimal_places=2)
    price_cents = models.BigIntegerField(help_text="min_price_usd in cents: what filters, buckets and sorts "
                                                   "compare (integers are cheaper than numerics).")
    in_stock = models.BooleanField(default=False)
    created_at = models.DateTimeField(help_text="The product's creation time (sort: newest).")
    sell_cn = models.BooleanField(default=False)
    sell_hk = models.BooleanField(default=False)
    sell_jp = models.BooleanField(default=False)
    sell_kr = models.BooleanField(default=False)
    sell_sg = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["created_at"], name="search_doc_created"),
            # Browsing's order (in stock, newest) with every filter and facet column: a bounded
            # browse walks it and stops after 10,001 rows that pass the filters, never touching
            # the table (docs/search.md, *Bounded counts*).
            models.Index(fields=["in_stock", "created_at", "category_id", "merchant_id", "origin_state", "price_cents",
                                 "sell_cn", "sell_hk", "sell_jp", "sell_kr", "sell_sg"],
                         name="search_doc_browse"),
            models.Index(fields=["price_cents", "sell_cn", "sell_hk", "sell_jp", "sell_kr", "sell_sg", "in_stock",
                                 "category_id", "merchant_id", "origin_state"],
                         name="search_doc_price"),
            models.Index(fields=["category_id"], name="search_doc_category"),
            models.Index(fields=["merchant_id"], name="search_doc_merchant"),
            models.Index(fields=["origin_state"], name="search_doc_state"),
            models.Index(fields=["category_id", "merchant_id", "origin_state", "in_stock", "price_cents",
                                 "sell_cn", "sell_hk", "sell_jp", "sell_kr", "sell_sg"],
                         name="search_doc_facets"),
        ]

    def __str__(self) -> str:
        return f"search document {self.product_id}"

    def sellable_in(self, code: str) -> bool:
        return bool(getattr(self, f"sell_{code.lower()}", False))


class SearchText(models.Model):
    """What a result shows (titles in each script, handle, merchant) and the analyzed text
    (space-joined tokens, see analysis.py) the full-text index covers: `search_fts` and
    `search_frag` on SQLite, the generated `tsv` column on PostgreSQL."""

    product_id = ProductIdField(primary_key=True)
    merchant_slug = models.CharField(max_length=60)
    merchant_name = models.CharField(max_length=200)
    handle = models.CharField(max_length=255)
    title_en = models.CharField(max_length=255)
    title_zh_hans = models.CharField(max_length=255, blank=True)
    title_zh_hant = models.CharField(max_length=255, blank=True)
    title_tokens = models.TextField(blank=True)
    tags_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)
    extra_tokens = models.TextField(blank=True)
    haystack = models.TextField(blank=True, help_text="Normalized titles and tags (substring fallback).")
    indexed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.product_id}: {self.title_en}"


class ZeroResultQuery(models.Model):
    """A query that found nothing in a market: what shoppers want and nobody sells (yet)."""

    query = models.CharField(max_length=200, help_text="Normalized (NFKC, Simplified, lowercase).")
    market = models.CharField(max_length=2)
    count = models.PositiveIntegerField(default=1)
    first_seen = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField()

    class Meta:
        ordering = ["-count", "-last_seen"]
        constraints = [models.UniqueConstraint(fields=["query", "market"], name="search_zero_result_unique")]
        indexes = [models.Index(fields=["market", "-count"], name="search_zero_market_count")]
        verbose_name = "zero-result query"

    def __str__(self) -> str:
        return f"{self.market}: {self.query} ×{self.count}"
