"""Shopify product CSV import: streaming, batched, idempotent.

Rows of one product (same Handle, consecutive) form a group. Groups are collected into
batches of about BATCH_ROWS rows; each batch is read from the database in a handful of
queries, decided in Python, and written in one transaction with bulk statements. A bad
row is reported (row number, column, reason) and every other row is imported. If a
batch's write fails (a concurrent edit, say), it is retried one product at a time so
one product's failure cannot lose another's rows. Stock is written by inventory, the one
writer of stock, under set_stock's rules: a count below the units buyers hold rejects that
row (the batch is decided again without it).

The file is the truth for every column it has: a blank cell clears an optional field;
a column the file does not have leaves that field alone.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import IO, Any

from django.db import DatabaseError, IntegrityError, reset_queries, transaction

from heartland.core.bulk import insert_rows
from heartland.core.chinese import to_traditional_cached
from heartland.core.html import sanitize_html
from heartland.inventory.services import MAX_STOCK, StockRefused, ensure_default_warehouse, set_stock_many
from heartland.merchants.models import Merchant
from heartland.merchants.validators import normalize_state

from ..field_rules import (
    PRODUCT_STATUSES,
    WEIGHT_UNITS,
    RuleError,
    handle_from_title,
    normalize_tags,
    parse_country,
    parse_grams,
    parse_handle,
    parse_hs_code,
    parse_money,
    parse_tax_category,
    parse_unit_content,
)
from ..models import Category, Product, ProductImage, Variant
from ..signals import products_bulk_written
from .shopify_format import COLUMNS, FileRefused, Header, read_rows, scan

BATCH_ROWS = 1000
DEFAULT_TITLE = "Default Title"

__all__ = ["FileRefused", "ImportSummary", "RowError", "import_shopify_csv"]


@dataclass
class RowError:
    row_number: int
    column: str
    value: str
    reason: str
    handle: str = ""
    row: dict[str, str] = field(default_factory=dict)

    def as_text(self) -> str:
        where = f"row {self.row_number}" + (f", column '{self.column}'" if self.column else "")
        return f"{where}: {self.reason}"


@dataclass
class ImportSummary:
    rows_seen: int = 0
    rows_total: int = 0
    products_created: int = 0
    products_updated: int = 0
    products_unchanged: int = 0
    variants_created: int = 0
    variants_updated: int = 0
    variants_unchanged: int = 0
    rows_rejected: int = 0
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.products_created or self.products_updated or self.variants_created or self.variants_updated)


class _Reject(Exception):
    def __init__(self, key: str, value: str, reason: str) -> None:
        super().__init__(reason)
        self.column = COLUMNS.get(key, key)
        self.value = value
        self.reason = reason


def _bool(key: str, value: str) -> bool:
    text = value.strip().lower()
    if text in ("true", "yes", "1", "y"):
        return True
    if text in ("false", "no", "0", "n"):
        return False
    raise _Reject(key, value, f"'{value}' is not TRUE or FALSE")


def _rule(key: str, value: str, fn: Callable[[str], Any]) -> Any:
    try:
        return fn(value)
    except RuleError as exc:
        raise _Reject(key, value, str(exc)) from None


def _clip(key: str, value: str, limit: int) -> str:
    value = value.strip()
    if len(value) > limit:
        raise _Reject(key, value[:40] + "…", f"is longer than {limit} characters")
    return value


# --- parsing rows into wanted field values -------------------------------------------------
def parse_product_fields(raw: dict[str, str], header: Header, categories: dict[str, int]) -> dict[str, Any]:
    """Product-level fields from a product's first row; only columns the file has."""
    has = header.has
    out: dict[str, Any] = {"title_en": _clip("title", raw["title"], 255)}
    if has("body"):
        out["description_en"] = sanitize_html(raw["body"])
    if has("title_zh"):
        out["title_zh_hans"] = _clip("title_zh", raw["title_zh"], 255)
    if has("body_zh"):
        out["description_zh_hans"] = sanitize_html(raw["body_zh"])
    if has("vendor"):
        out["vendor"] = _clip("vendor", raw["vendor"], 255)
    if has("type"):
        out["shopify_type"] = _clip("type", raw["type"], 255)
    if has("product_category"):
        text = _clip("product_category", raw["product_category"], 500)
        out["shopify_category"] = text
        out["category_id"] = _match_category(text, categories)
    if has("tags"):
        out["tags"] = normalize_tags(raw["tags"])
    if has("seo_title"):
        out["seo_title"] = _clip("seo_title", raw["seo_title"], 255)
    if has("seo_description"):
        out["seo_description"] = _clip("seo_description", raw["seo_description"], 500)
    if has("origin_state"):
        value = raw["origin_state"].strip()
        if value:
            try:
                value = normalize_state(value)
            except Exception:
                raise _Reject("origin_state", value, f"'{value}' is not a US state code (e.g. WI)") from None
        out["origin_state"] = value
    status = raw.get("status", "").strip().lower() if has("status") else ""
    if status:
        if status not in PRODUCT_STATUSES:
            raise _Reject("status", raw["status"], "Status must be active, draft or archived")
        out["status"] = status
    elif has("published") and raw["published"].strip():
        out["status"] = "active" if _bool("published", raw["published"]) else "draft"
    for n in (1, 2, 3):
        key = f"option{n}_name"
        if has(key):
            out[key] = _clip(key, raw[key], 255)
    return out


def _match_category(text: str, categories: dict[str, int]) -> int | None:
    """Shopify's taxonomy path ('Food … > Meat > Jerky') → our category, by the most specific part."""
    if not text:
        return None
    for part in reversed([p.strip().lower() for p in text.split(">")]):
        if part in categories:
            return categories[part]
    return None


@dataclass
class WantedVariant:
    row_number: int
    raw: dict[str, str]
    options: tuple[str, str, str]
    sku: str
    fields: dict[str, Any]
    quantity: int | None


def parse_variant_fields(raw: dict[str, str], header: Header, product_tax_category: str | None) -> WantedVariant:
    has = header.has
    options = tuple(raw.get(f"option{n}", "").strip() for n in (1, 2, 3))
    for n, value in enumerate(options, 1):
        if len(value) > 255:
            raise _Reject(f"option{n}", value[:40], "option value is longer than 255 characters")
    if not any(options):
        options = (DEFAULT_TITLE, "", "")
    sku = _clip("sku", raw.get("sku", ""), 255)
    fields: dict[str, Any] = {}
    price = raw.get("price", "").strip()
    if not price:
        raise _Reject("price", "", "Variant Price is required")
    fields["price_usd"] = _rule("price", price, lambda v: parse_money(v, field="price"))
    if has("compare_at"):
        text = raw["compare_at"].strip()
        fields["compare_at_price_usd"] = _rule("compare_at", text, lambda v: parse_money(v, field="compare-at price")) if text else None
    if has("grams"):
        fields["grams"] = _rule("grams", raw["grams"], parse_grams)
    if has("weight_unit"):
        unit = raw["weight_unit"].strip().lower() or "g"
        if unit not in WEIGHT_UNITS:
            raise _Reject("weight_unit", raw["weight_unit"], "weight unit must be g, kg, lb or oz")
        fields["weight_unit"] = unit
    if has("unit_measure"):
        try:
            fields["unit_content"], fields["unit_content_uom"] = parse_unit_content(
                raw["unit_measure"], raw.get("unit_measure_unit", ""))
        except RuleError as exc:
            raise _Reject("unit_measure", raw["unit_measure"], str(exc)) from None
    if has("barcode"):
        fields["barcode"] = _clip("barcode", raw["barcode"], 64)
    if has("hs_code"):
        text = raw["hs_code"].strip()
        fields["hs_code"] = _rule("hs_code", text, parse_hs_code) if text else ""
    if has("country"):
        text = raw["country"].strip()
        fields["country_of_origin"] = _rule("country", text, parse_country) if text else "US"
    own_tax = raw.get("tax_category", "").strip() if has("tax_category") else ""
    if own_tax:
        fields["tax_category"] = _rule("tax_category", own_tax, parse_tax_category)
    elif product_tax_category:
        fields["tax_category"] = product_tax_category
    elif has("tax_category"):
        fields["tax_category"] = "general"
    if has("requires_shipping") and raw["requires_shipping"].strip():
        fields["requires_shipping"] = _bool("requires_shipping", raw["requires_shipping"])
    if has("taxable") and raw["taxable"].strip():
        fields["taxable"] = _bool("taxable", raw["taxable"])
    if has("variant_image"):
        fields["image_src"] = _clip("variant_image", raw["variant_image"], 1000)
    quantity = None
    if has("inventory_qty") and raw["inventory_qty"].strip():
        text = raw["inventory_qty"].strip()
        try:
            quantity = int(Decimal(text)) if Decimal(text) == int(Decimal(text)) else None
        except Exception:
            quantity = None
        if quantity is None:
            raise _Reject("inventory_qty", text, "inventory quantity must be a whole number")
        if quantity < 0 or quantity > MAX_STOCK:
            raise _Reject("inventory_qty", text, f"inventory quantity must be between 0 and {MAX_STOCK:,}")
    return WantedVariant(row_number=0, raw=raw, options=options, sku=sku, fields=fields, quantity=quantity)


def _is_variant_row(raw: dict[str, str]) -> bool:
    return any(raw.get(k, "").strip() for k in ("option1", "option2", "option3", "sku", "price"))


# --- the importer ------------------------------------------------------------------------
@dataclass
class _Group:
    handle: str
    rows: list[tuple[int, dict[str, str]]]


@dataclass
class _Existing:
    """What one batch found in the database (read once, before deciding)."""

    products: dict[str, Any]
    variants_by_product: dict[int, list[Variant]] = field(default_factory=dict)
    images_by_product: dict[int, dict[str, ProductImage]] = field(default_factory=dict)
    sku_owner: dict[str, str] = field(default_factory=dict)  # SKU → handle of the product that has it


@dataclass
class _Tally:
    """What one batch did, added to the summary once its transaction committed: a batch that
    is undone and run again (a refused count, a concurrent edit) counts once."""

    products_created: int = 0
    products_updated: int = 0
    products_unchanged: int = 0
    variants_created: int = 0
    variants_updated: int = 0
    variants_unchanged: int = 0
    demoted: int = 0  # active products saved as draft: the merchant is not approved


@dataclass
class _Plan:
    """What one batch will write, decided in Python before the first write."""

    new_products: list[Any] = field(default_factory=list)
    changed_products: dict[int, Any] = field(default_factory=dict)
    product_changed_fields: set[str] = field(default_factory=set)
    new_variants: list[tuple[Any, Any, int]] = field(default_factory=list)  # (product, variant, first stock)
    with_new_variants: set[int] = field(default_factory=set)  # id() of products given a new variant
    changed_variants: list[Any] = field(default_factory=list)
    variant_changed_fields: set[str] = field(default_factory=set)
    stock_counts: list[tuple[Any, int, int]] = field(default_factory=list)  # (existing variant, count, row number)
    new_images: list[tuple[Any, Any]] = field(default_factory=list)
    changed_images: list[Any] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # filled in while writing
    created: set[int] = field(default_factory=set)  # ids of the new products
    touched: set[int] = field(default_factory=set)  # ids of existing products whose own rows changed
    restocked: set[int] = field(default_factory=set)  # ids of products whose stock count changed
    tally: _Tally = field(default_factory=_Tally)


@dataclass
class _ProductRows:
    """Bookkeeping while one product's rows are read."""

    by_sku: dict[str, Any]
    by_options: dict[tuple[str, str, str], Any]
    images: dict[str, Any]
    next_position: int
    pending_images: dict[str, Any] = field(default_factory=dict)
    seen_skus: dict[str, int] = field(default_factory=dict)
    seen_options: dict[tuple[str, str, str], int] = field(default_factory=dict)


class _CountsRefused(Exception):
    """Inventory refused some rows' stock counts (below what buyers hold): the batch is undone
    and decided again with those rows rejected."""

    def __init__(self, reasons: dict[int, str]) -> None:
        super().__init__(f"stock refused for rows {sorted(reasons)}")
        self.reasons = reasons  # row number → reason


class _Importer:
    def __init__(self, *, merchant: Merchant, header: Header, summary: ImportSummary,
                 on_errors: Callable[[list[RowError]], None] | None) -> None:
        self.merchant = merchant
        self.header = header
        self.summary = summary
        self.on_errors = on_errors
        self.warehouse = ensure_default_warehouse(merchant=merchant)
        self.categories: dict[str, int] = {}
        for cat in Category.objects.all():
            for name in (cat.slug, cat.name_en, cat.name_zh_hans):
                self.categories.setdefault(name.strip().lower(), cat.pk)
        self.demoted = 0
        self.refused_counts: dict[int, str] = {}  # row number → why inventory refused its stock count

    # batches ---------------------------------------------------------------------------
    def run_batch(self, groups: list[_Group]) -> None:
        """One batch in one transaction. A count inventory refuses undoes the batch, which is
        decided again with that row rejected; a failed write (a concurrent edit) is retried one
        product at a time so one product's failure cannot lose another's rows."""
        reset_queries()  # with DEBUG on, Django keeps every query's SQL; a long import must not
        while True:
            try:
                with transaction.atomic():
                    plan = self._process(groups)
            except _CountsRefused as exc:
                self.refused_counts.update(exc.reasons)  # new rows each time, so this ends
                continue
            except (IntegrityError, DatabaseError):
                if len(groups) > 1:
                    for group in groups:
                        self.run_batch([group])
                    return
                group = groups[0]
                self._report([self._error(n, raw, "", "", "could not be saved (it changed while importing); "
                                          "import again", group.handle) for n, raw in group.rows])
                return
            break
        self._count(plan.tally)
        self._report(plan.errors)

    def _count(self, tally: _Tally) -> None:
        for name in ("products_created", "products_updated", "products_unchanged", "variants_created",
                     "variants_updated", "variants_unchanged"):
            setattr(self.summary, name, getattr(self.summary, name) + getattr(tally, name))
        self.demoted += tally.demoted

    def _report(self, errors: list[RowError]) -> None:
        self.summary.rows_rejected += len(errors)
        if errors and self.on_errors:
            self.on_errors(errors)

    def _error(self, row_number: int, raw: dict[str, str], column: str, value: str, reason: str, handle: str) -> RowError:
        return RowError(row_number=row_number, column=column, value=value, reason=reason, handle=handle, row=raw)

    def _process(self, groups: list[_Group]) -> _Plan:
        """One batch: read what exists, decide everything in Python, write, say what changed."""
        existing = self._read(groups)
        plan = _Plan()
        for group in groups:
            decided = self._decide_product(group, existing, plan)
            if decided is None:
                continue
            product, tax_category = decided
            self._decide_rows(group, product, tax_category, existing, plan)
            self._drop_if_no_variant(group, product, existing, plan)
        self._write_products(plan)
        self._write_variants(plan)
        self._write_stock(plan)
        self._write_images(plan)
        self._announce(groups, existing, plan)
        return plan

    # reading -----------------------------------------------------------------------------
    def _read(self, groups: list[_Group]) -> _Existing:
        """What the batch touches, in four queries: products by handle, their variants and
        images, and the merchant's SKUs in the file. (Stock is read by inventory as it writes.)"""
        handles = {g.handle for g in groups}
        existing = _Existing(products={p.handle: p for p in
                                       Product.objects.filter(merchant=self.merchant, handle__in=handles)})
        if existing.products:
            ids = [p.pk for p in existing.products.values()]
            for v in Variant.objects.filter(product_id__in=ids):
                existing.variants_by_product.setdefault(v.product_id, []).append(v)
            for img in ProductImage.objects.filter(product_id__in=ids).exclude(src_url=""):
                existing.images_by_product.setdefault(img.product_id, {})[img.src_url] = img
        skus = {raw.get("sku", "").strip() for g in groups for _, raw in g.rows} - {""}
        if skus:
            existing.sku_owner.update(Variant.objects.filter(merchant=self.merchant, sku__in=skus)
                                      .values_list("sku", "product__handle"))
        return existing

    # deciding: products ------------------------------------------------------------------
    def _decide_product(self, group: _Group, existing: _Existing, plan: _Plan) -> tuple[Any, str | None] | None:
        """The group's product as its title row wants it (new, changed or as it is), with the
        tax category its variants inherit; None (and every row of the group rejected) when the
        title row is wrong."""
        handle, rows = group.handle, group.rows
        product = existing.products.get(handle)
        first_number, first_raw = rows[0]
        product_row = next(((n, r) for n, r in rows if r.get("title", "").strip()), None)
        tax_category: str | None = None
        try:
            if product_row is None and product is None:
                raise _Reject("title", "", f"no product with handle '{handle}' exists yet; "
                                           "the first row of a new product needs a Title")
            if product_row is not None:
                first_number, first_raw = product_row
                wanted = parse_product_fields(first_raw, self.header, self.categories)
                if self.header.has("tax_category") and first_raw.get("tax_category", "").strip():
                    tax_category = _rule("tax_category", first_raw["tax_category"], parse_tax_category)
                product = self._apply_product(handle, product, wanted, existing, plan)
        except _Reject as exc:
            plan.errors.append(self._error(first_number, first_raw, exc.column, exc.value, exc.reason, handle))
            plan.errors.extend(self._error(n, raw, "", "", f"product '{handle}' was not imported: "
                                           f"fix row {first_number} first", handle)
                               for n, raw in rows if n != first_number)
            return None
        return product, tax_category

    def _apply_product(self, handle: str, product, wanted: dict[str, Any], existing: _Existing, plan: _Plan):
        """A new product (a plain namespace until inserted), or the existing one with the fields
        that differ set and recorded."""
        merchant = self.merchant
        if wanted.get("status") == "active" and not merchant.is_approved:
            wanted["status"] = "draft"
            plan.tally.demoted += 1
        # Traditional Chinese is derived, and only when the Simplified text changed.
        for src, dst in (("title_zh_hans", "title_zh_hant"), ("description_zh_hans", "description_zh_hant")):
            if src in wanted and (product is None or getattr(product, src) != wanted[src]):
                wanted[dst] = to_traditional_cached(wanted[src])
        if product is None:
            wanted.setdefault("status", "active" if merchant.is_approved else "draft")
            if not wanted.get("option1_name"):
                wanted["option1_name"] = "Title"
            # New rows are plain namespaces until inserted (model instances cost ~40 µs each).
            product = SimpleNamespace(pk=None, merchant_id=merchant.pk, handle=handle, **wanted)
            plan.new_products.append(product)
            existing.products[handle] = product
            return product
        diff = [k for k, v in wanted.items() if getattr(product, k) != v]
        if diff:
            for k in diff:
                setattr(product, k, wanted[k])
            if product.pk and product.pk not in plan.changed_products:
                plan.changed_products[product.pk] = product
            plan.product_changed_fields.update(diff)
        return product

    # deciding: rows (variants, stock counts, images) -------------------------------------
    def _decide_rows(self, group: _Group, product, tax_category: str | None, existing: _Existing,
                     plan: _Plan) -> None:
        """Each row of the group: a variant (new, changed or as it is) with its stock count,
        and/or an image; a row that breaks a rule is rejected alone, before anything of it is
        applied."""
        known = existing.variants_by_product.get(product.pk, []) if product.pk else []
        state = _ProductRows(
            by_sku={v.sku: v for v in known if v.sku},
            by_options={(v.option1, v.option2, v.option3): v for v in known},
            images=existing.images_by_product.get(product.pk, {}) if product.pk else {},
            next_position=len(known) + 1,
        )
        first_number = group.rows[0][0]
        for n, raw in group.rows:
            try:
                if _is_variant_row(raw):
                    self._decide_variant(n, raw, group.handle, product, tax_category, state, existing, plan)
                elif not raw.get("image_src", "").strip() and n != first_number:
                    raise _Reject("", "", "row has neither variant (option, SKU, price) nor image data")
                src = raw.get("image_src", "").strip()
                if src:
                    self._decide_image(product, raw, src, state, plan)
            except _Reject as exc:
                plan.errors.append(self._error(n, raw, exc.column, exc.value, exc.reason, group.handle))

    def _decide_variant(self, n: int, raw: dict[str, str], handle: str, product, tax_category: str | None,
                        state: _ProductRows, existing: _Existing, plan: _Plan) -> None:
        wv = parse_variant_fields(raw, self.header, tax_category)
        variant = self._match_variant(wv, handle, state, existing)
        if n in self.refused_counts:  # inventory refused this row's count in an earlier try of the batch
            raise _Reject("inventory_qty", raw.get("inventory_qty", "").strip(), self.refused_counts[n])
        if wv.sku:
            state.seen_skus[wv.sku] = n
            existing.sku_owner[wv.sku] = handle
        state.seen_options[wv.options] = n
        wanted = dict(wv.fields)
        wanted["option1"], wanted["option2"], wanted["option3"] = wv.options
        wanted["sku"] = wv.sku if (wv.sku or variant is None) else variant.sku
        if variant is None:
            wanted.setdefault("tax_category", "general")
            variant = SimpleNamespace(merchant_id=self.merchant.pk, position=state.next_position, **wanted)
            state.next_position += 1
            plan.new_variants.append((product, variant, wv.quantity if wv.quantity is not None else 0))
            plan.with_new_variants.add(id(product))
            state.by_options[wv.options] = variant
            if wv.sku:
                state.by_sku[wv.sku] = variant
            return
        diff = [k for k, v in wanted.items() if getattr(variant, k) != v]
        if diff:
            old_options = (variant.option1, variant.option2, variant.option3)
            if old_options != wv.options:
                state.by_options.pop(old_options, None)
                state.by_options[wv.options] = variant
            for k in diff:
                setattr(variant, k, wanted[k])
            plan.changed_variants.append(variant)
            plan.variant_changed_fields.update(diff)
        else:
            plan.tally.variants_unchanged += 1
        if wv.quantity is not None:
            plan.stock_counts.append((variant, wv.quantity, n))

    @staticmethod
    def _match_variant(wv: WantedVariant, handle: str, state: _ProductRows, existing: _Existing):
        """The existing variant a row speaks of (by SKU, else by options), or None for a new
        one; a row whose SKU or options clash with another row or product is rejected."""
        if wv.sku:
            if wv.sku in state.seen_skus:
                raise _Reject("sku", wv.sku, f"SKU '{wv.sku}' appears twice in this product "
                                            f"(row {state.seen_skus[wv.sku]})")
            owner = existing.sku_owner.get(wv.sku)
            if owner is not None and owner != handle:
                raise _Reject("sku", wv.sku, f"SKU '{wv.sku}' is already used by product '{owner}'")
        if wv.options in state.seen_options:
            raise _Reject("option1", " / ".join(o for o in wv.options if o),
                          f"another row of this product (row {state.seen_options[wv.options]}) has the same options")
        variant = state.by_sku.get(wv.sku) if wv.sku else None
        holder = state.by_options.get(wv.options)
        if variant is None and holder is not None:
            if wv.sku and holder.sku:
                raise _Reject("sku", wv.sku, "these options belong to another variant of this "
                              f"product (SKU {holder.sku})")
            return holder
        if variant is not None and holder is not None and holder is not variant:
            raise _Reject("option1", " / ".join(o for o in wv.options if o),
                          "these options belong to another variant of this product"
                          + (f" (SKU {holder.sku})" if holder.sku else ""))
        return variant

    @staticmethod
    def _decide_image(product, raw: dict[str, str], src: str, state: _ProductRows, plan: _Plan) -> None:
        """A row's image: new, changed (position, alt text) or as it is."""
        if len(src) > 1000 or not src.lower().startswith(("http://", "https://")):
            raise _Reject("image_src", src[:60], "Image Src must be an http(s) address")
        position_text = raw.get("image_position", "").strip()
        try:
            position = int(position_text) if position_text else None
        except ValueError:
            raise _Reject("image_position", position_text, "Image Position must be a whole number") from None
        alt = raw.get("image_alt", "").strip()[:500]
        image = state.images.get(src) or state.pending_images.get(src)
        if image is None:
            image = SimpleNamespace(pk=None, src_url=src, alt_text=alt,
                                    position=position or (len(state.images) + len(state.pending_images) + 1))
            state.pending_images[src] = image
            plan.new_images.append((product, image))
        elif image.pk:
            if (position and image.position != position) or image.alt_text != alt:
                image.position = position or image.position
                image.alt_text = alt
                if not any(image is c for c in plan.changed_images):
                    plan.changed_images.append(image)

    def _drop_if_no_variant(self, group: _Group, product, existing: _Existing, plan: _Plan) -> None:
        """A new product none of whose variant rows could be read is not created."""
        if product.pk is not None or id(product) in plan.with_new_variants:
            return
        plan.new_products[:] = [p for p in plan.new_products if p is not product]
        del existing.products[group.handle]
        rejected = {e.row_number for e in plan.errors}
        plan.errors.extend(self._error(n, raw, "", "", f"product '{group.handle}' has no valid variant row",
                                       group.handle) for n, raw in group.rows if n not in rejected)
        plan.new_images[:] = [(p, i) for p, i in plan.new_images if p is not product]

    # writing -----------------------------------------------------------------------------
    @staticmethod
    def _write_products(plan: _Plan) -> None:
        """Insert the new products; update the changed ones (only the fields that changed)."""
        if plan.new_products:
            ids = insert_rows(Product, [{k: v for k, v in vars(p).items() if k != "pk"} for p in plan.new_products])
            for p, pk in zip(plan.new_products, ids):
                p.pk = pk
            plan.created = set(ids)
            plan.tally.products_created += len(ids)
        if plan.changed_products:
            Product.objects.bulk_update(list(plan.changed_products.values()),
                                        sorted(plan.product_changed_fields | {"updated_at"}), batch_size=500)
            plan.touched.update(plan.changed_products)
            plan.tally.products_updated += len(plan.changed_products)

    @staticmethod
    def _write_variants(plan: _Plan) -> None:
        """Insert the new variants; update the changed ones. An existing product that gained or
        changed a variant counts as updated."""
        if plan.new_variants:
            for product, variant, _ in plan.new_variants:
                variant.product_id = product.pk
            ids = insert_rows(Variant, [vars(v) for _, v, _ in plan.new_variants])
            for (_, v, _), pk in zip(plan.new_variants, ids):
                v.pk = pk
            plan.tally.variants_created += len(ids)
        if plan.changed_variants:
            Variant.objects.bulk_update(plan.changed_variants, sorted(plan.variant_changed_fields | {"updated_at"}),
                                        batch_size=500)
            plan.tally.variants_updated += len(plan.changed_variants)
        for product_id in [v.product_id for _, v, _ in plan.new_variants] + [v.product_id for v in plan.changed_variants]:
            if product_id not in plan.touched and product_id not in plan.created:
                plan.touched.add(product_id)
                plan.tally.products_updated += 1

    def _write_stock(self, plan: _Plan) -> None:
        """Through inventory, the one writer of stock, in one call: the new variants' first
        counts and the file's counts of existing ones. A count inventory refuses (below what
        buyers hold) undoes the batch (_CountsRefused) to decide it again with that row rejected."""
        counts = [(v, qty) for _, v, qty in plan.new_variants] + [(v, qty) for v, qty, _ in plan.stock_counts]
        try:
            written = set(set_stock_many(warehouse=self.warehouse, counts=counts))
        except StockRefused as exc:
            reasons = {n: exc.refused[v.pk].message.rstrip(".") for v, _, n in plan.stock_counts if v.pk in exc.refused}
            if len(reasons) < len(exc.refused):
                raise  # a count the importer had checked already: a bug, not a row to reject
            raise _CountsRefused(reasons) from None
        plan.restocked = {v.product_id for v, _, _ in plan.stock_counts if v.pk in written}

    @staticmethod
    def _write_images(plan: _Plan) -> None:
        if plan.new_images:
            insert_rows(ProductImage, [{"product_id": p.pk, "src_url": i.src_url, "position": i.position,
                                        "alt_text": i.alt_text} for p, i in plan.new_images])
        if plan.changed_images:
            ProductImage.objects.bulk_update(plan.changed_images, ["position", "alt_text"], batch_size=500)

    # saying what changed -----------------------------------------------------------------
    def _announce(self, groups: list[_Group], existing: _Existing, plan: _Plan) -> None:
        """Count the products left as they were, and tell listeners (search) which products
        changed, stock included: bulk writes send no model signals."""
        changed = plan.created | plan.touched | plan.restocked
        if changed:
            products_bulk_written.send(sender=type(self), product_ids=sorted(changed))
        unchanged = {g.handle for g in groups} - {p.handle for p in plan.new_products}
        plan.tally.products_unchanged += sum(
            1 for h in unchanged if h in existing.products and existing.products[h].pk not in plan.touched
        )


def import_shopify_csv(
    *,
    merchant: Merchant,
    binary: IO[bytes],
    dry_run: bool = False,
    on_errors: Callable[[list[RowError]], None] | None = None,
    on_progress: Callable[[ImportSummary], None] | None = None,
    batch_rows: int = BATCH_ROWS,
) -> ImportSummary:
    """Import a Shopify product CSV for `merchant` from a binary, seekable stream.

    Raises FileRefused (and writes nothing) when the file is not a product CSV.
    Rejected rows go to `on_errors` in batches; `on_progress` is called after each batch.
    """
    result = scan(binary)
    summary = ImportSummary(rows_total=result.rows, dry_run=dry_run, ignored_columns=result.header.ignored)

    def body() -> None:
        importer = _Importer(merchant=merchant, header=result.header, summary=summary, on_errors=on_errors)
        batch: list[_Group] = []
        batch_size = 0
        current: _Group | None = None
        for row_number, raw in read_rows(binary, result.header):
            summary.rows_seen += 1
            handle_text = raw.get("handle", "").strip()
            try:
                if handle_text:
                    handle = parse_handle(handle_text)
                elif raw.get("title", "").strip():
                    handle = handle_from_title(raw["title"])
                else:
                    raise RuleError("row has no Handle (and no Title to make one from)")
            except RuleError as exc:
                importer._report([RowError(row_number, COLUMNS["handle"], handle_text, str(exc), handle_text, raw)])
                continue
            if current is not None and current.handle == handle:
                current.rows.append((row_number, raw))
            else:
                if batch_size >= batch_rows:
                    importer.run_batch(batch)
                    if on_progress:
                        on_progress(summary)
                    batch, batch_size = [], 0
                current = _Group(handle=handle, rows=[(row_number, raw)])
                batch.append(current)
            batch_size += 1
        if batch:
            importer.run_batch(batch)
        if importer.demoted:
            summary.notes.append(
                f"{importer.demoted} product(s) saved as draft: your business is not approved yet, "
                "so nothing can be published. Import again once approved to publish them."
            )
        if on_progress:
            on_progress(summary)

    if dry_run:
        with transaction.atomic():
            body()
            transaction.set_rollback(True)
    else:
        body()
    return summary
