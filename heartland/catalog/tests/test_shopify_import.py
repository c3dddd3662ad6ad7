"""The Shopify CSV importer, rule by rule, as a merchant uploading a file would see it."""
from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from heartland.catalog.importers import shopify
from heartland.catalog.importers.shopify import FileRefused, import_shopify_csv
from heartland.catalog.importers.shopify_export import export_shopify_csv
from heartland.catalog.models import Product, ProductImage, Variant
from heartland.catalog.signals import products_bulk_written
from heartland.inventory.models import StockLevel
from heartland.inventory.services import reserve, set_stock_many
from heartland.markets.models import FxRate
from heartland.search.selectors import search_products

from .factories import make_merchant

pytestmark = pytest.mark.django_db

HEADER = [
    "Handle", "Title", "Body (HTML)", "Vendor", "Type", "Tags", "Published", "Option1 Name", "Option1 Value",
    "Option2 Name", "Option2 Value", "Variant SKU", "Variant Grams", "Variant Inventory Qty", "Variant Price",
    "Variant Compare At Price", "Image Src", "Image Position", "Image Alt Text", "Variant Weight Unit", "Status",
    "Title (zh-Hans)", "Body (HTML) (zh-Hans)", "HS Code", "Country of Origin", "Origin State", "Tax Category",
]


def csv_bytes(rows: list[dict], header: list[str] = HEADER, bom: bool = False) -> io.BytesIO:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, extrasaction="raise")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    data = buf.getvalue().encode("utf-8")
    return io.BytesIO((b"\xef\xbb\xbf" if bom else b"") + data)


JERKY = [
    {"Handle": "beef-jerky", "Title": "Iowa Beef Jerky", "Body (HTML)": "<p>Smoked <b>slowly</b>.</p><script>alert(1)</script>",
     "Vendor": "Prairie Smokehouse", "Tags": "jerky, 牛肉干", "Published": "TRUE", "Option1 Name": "Size",
     "Option1 Value": "4 oz", "Option2 Name": "Flavor", "Option2 Value": "Original", "Variant SKU": "JRK-4-O",
     "Variant Grams": "113.398", "Variant Inventory Qty": "40", "Variant Price": "9.99", "Variant Compare At Price": "12",
     "Image Src": "https://cdn.example.com/jerky.jpg", "Image Position": "1", "Image Alt Text": "Jerky",
     "Variant Weight Unit": "oz", "Status": "active", "Title (zh-Hans)": "爱荷华牛肉干",
     "Body (HTML) (zh-Hans)": "<p>慢火烟熏的牛肉干</p>", "HS Code": "1602.50.90", "Country of Origin": "US",
     "Origin State": "IA", "Tax Category": "food"},
    {"Handle": "beef-jerky", "Option1 Value": "8 oz", "Option2 Value": "Original", "Variant SKU": "JRK-8-O",
     "Variant Grams": "226.796185", "Variant Inventory Qty": "25", "Variant Price": "17.50", "HS Code": "16025090",
     "Image Src": "https://cdn.example.com/jerky-2.jpg", "Image Position": "2"},
    {"Handle": "beef-jerky", "Image Src": "https://cdn.example.com/jerky-3.jpg", "Image Position": "3", "Image Alt Text": "Bag"},
]


def run(merchant, data, **kw):
    errors = []
    summary = import_shopify_csv(merchant=merchant, binary=data, on_errors=errors.extend, **kw)
    return summary, errors


def test_multi_row_product_with_variants_images_and_extra_columns():
    merchant = make_merchant()
    summary, errors = run(merchant, csv_bytes(JERKY))
    assert errors == []
    assert (summary.products_created, summary.variants_created) == (1, 2)
    product = Product.objects.get(merchant=merchant, handle="beef-jerky")
    assert product.title_zh_hans == "爱荷华牛肉干"
    assert product.title_zh_hant == "愛荷華牛肉乾"
    assert "<script>" not in product.description_en and "<b>slowly</b>" in product.description_en
    assert product.origin_state == "IA" and product.status == "active"
    assert product.option_names == ["Size", "Flavor"]
    v4, v8 = product.variants.order_by("position")
    assert (v4.sku, v4.price_usd, v4.compare_at_price_usd) == ("JRK-4-O", Decimal("9.99"), Decimal("12.00"))
    assert v8.grams == Decimal("226.796")  # grams whatever the display unit says
    assert v4.weight_unit == "oz"
    assert v4.hs_code == "16025090" and v4.tax_category == "food" and v8.tax_category == "food"
    assert StockLevel.objects.get(variant=v8).on_hand == 25
    assert list(product.images.values_list("src_url", flat=True)) == [
        "https://cdn.example.com/jerky.jpg", "https://cdn.example.com/jerky-2.jpg", "https://cdn.example.com/jerky-3.jpg"]


def test_reimporting_the_same_file_changes_nothing():
    merchant = make_merchant()
    run(merchant, csv_bytes(JERKY))
    before = list(Variant.objects.values_list("pk", "updated_at"))
    product_stamp = Product.objects.get().updated_at
    summary, errors = run(merchant, csv_bytes(JERKY))
    assert errors == []
    assert not summary.changed
    assert (summary.products_unchanged, summary.variants_unchanged) == (1, 2)
    assert list(Variant.objects.values_list("pk", "updated_at")) == before
    assert Product.objects.get().updated_at == product_stamp
    assert ProductImage.objects.count() == 3


def test_edited_file_updates_by_handle_and_sku():
    merchant = make_merchant()
    run(merchant, csv_bytes(JERKY))
    edited = [dict(r) for r in JERKY]
    edited[0]["Title"] = "Iowa Beef Jerky — Original"
    edited[1]["Variant Price"] = "18.25"
    edited[1]["Option1 Value"] = "8 ounces"  # options change, SKU identifies the variant
    summary, errors = run(merchant, csv_bytes(edited))
    assert errors == []
    assert (summary.products_updated, summary.variants_updated, summary.variants_created) == (1, 1, 0)
    v = Variant.objects.get(sku="JRK-8-O")
    assert (v.price_usd, v.option1) == (Decimal("18.25"), "8 ounces")
    assert Product.objects.get().title_en == "Iowa Beef Jerky — Original"


def test_variants_without_sku_are_matched_by_options():
    merchant = make_merchant()
    rows = [{"Handle": "honey", "Title": "Raw Honey", "Option1 Name": "Size", "Option1 Value": "12 oz", "Variant Price": "11"},
            {"Handle": "honey", "Option1 Value": "2 lb", "Variant Price": "24"}]
    run(merchant, csv_bytes(rows))
    rows[1]["Variant Price"] = "26"
    summary, errors = run(merchant, csv_bytes(rows))
    assert errors == [] and summary.variants_updated == 1 and summary.variants_created == 0
    assert Variant.objects.get(option1="2 lb").price_usd == Decimal("26.00")


def test_product_without_options_gets_default_title():
    merchant = make_merchant()
    rows = [{"Handle": "candle", "Title": "Soy Candle", "Option1 Name": "Title", "Option1 Value": "Default Title", "Variant Price": "18"}]
    run(merchant, csv_bytes(rows))
    v = Variant.objects.get()
    assert v.option1 == "Default Title" and v.options_label == ""


def test_bad_rows_are_reported_and_others_imported():
    merchant = make_merchant()
    rows = [
        {"Handle": "a", "Title": "A", "Option1 Value": "x", "Variant SKU": "S1", "Variant Price": "1.00"},
        {"Handle": "a", "Option1 Value": "y", "Variant SKU": "S2", "Variant Price": "twelve"},
        {"Handle": "b", "Title": "B", "Option1 Value": "x", "Variant SKU": "S1", "Variant Price": "2"},
        {"Handle": "c", "Title": "C", "Option1 Value": "x", "Variant Price": "3", "Tax Category": "fireworks"},
        {"Handle": "c", "Option1 Value": "y", "Variant Price": "3"},
        {"Handle": "d", "Title": "D", "Option1 Value": "x", "Variant Price": "4", "HS Code": "12AB"},
        {"Handle": "d", "Option1 Value": "z", "Variant Price": "5", "Country of Origin": "XX"},
        {"Handle": "e", "Title": "E", "Option1 Value": "x", "Variant Price": "6"},
    ]
    summary, errors = run(merchant, csv_bytes(rows))
    by_row = {e.row_number: e for e in errors}
    assert set(by_row) == {3, 4, 5, 6, 7, 8}
    assert by_row[3].column == "Variant Price" and "twelve" in by_row[3].reason
    assert by_row[4].column == "Variant SKU" and "already used by product 'a'" in by_row[4].reason
    assert by_row[5].column == "Tax Category" and "fireworks" in by_row[5].reason
    assert "fix row 5" in by_row[6].reason
    assert by_row[7].column == "HS Code"
    assert by_row[8].column == "Country of Origin"
    # d had no readable variant row, so it is not created either.
    assert sorted(Product.objects.values_list("handle", flat=True)) == ["a", "e"]
    assert summary.rows_rejected == 6
    # Row 4 was the only row of product b: b is not created at all.
    assert not Product.objects.filter(handle="b").exists()


def test_duplicate_sku_within_a_product_and_duplicate_options():
    merchant = make_merchant()
    rows = [
        {"Handle": "a", "Title": "A", "Option1 Value": "x", "Variant SKU": "S1", "Variant Price": "1"},
        {"Handle": "a", "Option1 Value": "y", "Variant SKU": "S1", "Variant Price": "1"},
        {"Handle": "a", "Option1 Value": "x", "Variant SKU": "S3", "Variant Price": "1"},
    ]
    _, errors = run(merchant, csv_bytes(rows))
    assert [(e.row_number, e.column) for e in errors] == [(3, "Variant SKU"), (4, "Option1 Value")]
    assert Variant.objects.count() == 1


def test_bom_reordered_unknown_and_missing_columns():
    merchant = make_merchant()
    header = ["Variant Price", "Mystery (product.metafields.custom.x)", "Title", "Handle", "Option1 Value"]
    rows = [{"Variant Price": "5", "Mystery (product.metafields.custom.x)": "?", "Title": "Pecans", "Handle": "pecans",
             "Option1 Value": "1 lb"}]
    summary, errors = run(merchant, csv_bytes(rows, header=header, bom=True))
    assert errors == [] and summary.products_created == 1
    assert summary.ignored_columns == ["Mystery (product.metafields.custom.x)"]
    p = Product.objects.get(handle="pecans")
    p.title_zh_hans = "碧根果"
    p.save()
    # A file without the zh-Hans column leaves the Chinese title alone.
    run(merchant, csv_bytes(rows, header=header))
    assert Product.objects.get(handle="pecans").title_zh_hans == "碧根果"


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"Name,Price\nfoo,1\n", "not a Shopify product CSV"),
    (b"PK\x03\x04\x00\x00binary", "binary"),
    ("Handle,Title\nx,Caf\u00e9\n".encode("latin-1"), "not UTF-8"),
    (b"Handle,Title\n", "no products"),
    (b"Handle,Title,Handle\nx,y,z\n", "appears twice"),
])
def test_files_that_are_not_product_csvs_are_refused_whole(data, message):
    merchant = make_merchant()
    with pytest.raises(FileRefused, match=message):
        import_shopify_csv(merchant=merchant, binary=io.BytesIO(data))
    assert Product.objects.count() == 0


def test_bad_encoding_late_in_the_file_writes_nothing():
    merchant = make_merchant()
    good = csv_bytes([{"Handle": f"p{i}", "Title": f"P{i}", "Variant Price": "1"} for i in range(2500)]).getvalue()
    with pytest.raises(FileRefused):
        import_shopify_csv(merchant=merchant, binary=io.BytesIO(good + "p9,Caf\u00e9,,,,,,,,,,,,,1\n".encode("cp1252")),
                           batch_rows=100)
    assert Product.objects.count() == 0


def test_dry_run_writes_nothing_but_counts():
    merchant = make_merchant()
    summary, errors = run(merchant, csv_bytes(JERKY), dry_run=True)
    assert summary.products_created == 1 and summary.variants_created == 2
    assert Product.objects.count() == 0 and StockLevel.objects.count() == 0


def test_unapproved_merchant_imports_as_draft():
    merchant = make_merchant(approved=False)
    summary, _ = run(merchant, csv_bytes(JERKY))
    assert Product.objects.get().status == "draft"
    assert any("not approved" in n for n in summary.notes)


def test_published_false_without_status_is_draft_and_archived_status_kept():
    merchant = make_merchant()
    rows = [{"Handle": "a", "Title": "A", "Published": "FALSE", "Variant Price": "1"},
            {"Handle": "b", "Title": "B", "Status": "archived", "Variant Price": "1"},
            {"Handle": "c", "Title": "C", "Published": "maybe", "Variant Price": "1"}]
    _, errors = run(merchant, csv_bytes(rows))
    assert dict(Product.objects.values_list("handle", "status")) == {"a": "draft", "b": "archived"}
    assert errors[0].column == "Published"


def test_export_then_import_is_a_no_op():
    merchant = make_merchant()
    run(merchant, csv_bytes(JERKY))
    out = io.StringIO()
    export_shopify_csv(merchant=merchant, out=out)
    summary, errors = run(merchant, io.BytesIO(out.getvalue().encode()))
    assert errors == [] and not summary.changed


def test_merchants_do_not_share_skus_or_handles():
    a, b = make_merchant(), make_merchant()
    run(a, csv_bytes(JERKY))
    summary, errors = run(b, csv_bytes(JERKY))
    assert errors == [] and summary.products_created == 1
    assert Product.objects.filter(handle="beef-jerky").count() == 2
    assert Variant.objects.filter(merchant=a).count() == 2


def test_batches_split_products_correctly():
    merchant = make_merchant()
    rows = []
    for p in range(30):
        for v in range(3):
            row = {"Handle": f"p{p}", "Option1 Value": f"v{v}", "Variant SKU": f"P{p}-V{v}", "Variant Price": f"{p}.{v}0"}
            if v == 0:
                row["Title"] = f"Product {p}"
            rows.append(row)
    summary, errors = run(merchant, csv_bytes(rows), batch_rows=7)
    assert errors == [] and summary.products_created == 30 and summary.variants_created == 90


def test_imported_products_become_searchable(django_capture_on_commit_callbacks):
    FxRate.objects.create(base="USD", quote="HKD", rate=Decimal("7.8"), valid_from=timezone.now(), source="test")
    merchant = make_merchant()
    with django_capture_on_commit_callbacks(execute=True):
        run(merchant, csv_bytes(JERKY))
    hits = search_products("牛肉干", market="HK").hits
    assert [h.handle for h in hits] == ["beef-jerky"]


def test_a_stock_count_below_what_buyers_hold_rejects_that_row_and_imports_the_rest():
    merchant = make_merchant()
    run(merchant, csv_bytes(JERKY))
    small = Variant.objects.get(sku="JRK-4-O")
    reserve(reference="HL-TEST-1", lines=[(small, 30)])  # 30 of the 40 are in shoppers' checkouts
    recount = [dict(JERKY[0], **{"Variant Inventory Qty": "12", "Variant Price": "10.49"}),
               dict(JERKY[1], **{"Variant Inventory Qty": "60"})]
    summary, errors = run(merchant, csv_bytes(recount))
    assert [(e.row_number, e.column, e.value) for e in errors] == [(2, "Variant Inventory Qty", "12")]
    assert errors[0].reason == "30 units are reserved for buyers' checkouts; stock cannot go below that"
    small.refresh_from_db()
    level = StockLevel.objects.get(variant=small)
    assert (level.on_hand, level.reserved, small.price_usd) == (40, 30, Decimal("9.99"))  # nothing of the row
    assert StockLevel.objects.get(variant__sku="JRK-8-O").on_hand == 60  # the other row went in
    assert summary.rows_rejected == 1 and summary.notes == []  # no quiet "kept at" note any more
    # The batch ran twice (the second time without row 2), and counts once.
    assert (summary.variants_updated, summary.variants_unchanged, summary.products_unchanged) == (0, 1, 1)


def _spy_on_stock(monkeypatch, before=None) -> list[list[tuple[str, int]]]:
    """Record each call the importer makes to inventory's set_stock_many, as (SKU, count) pairs;
    `before` runs ahead of the first call (a buyer acting while the importer decides)."""
    calls: list[list[tuple[str, int]]] = []

    def spy(*, warehouse, counts):
        counts = list(counts)
        if before is not None and not calls:
            before()
        calls.append(sorted((v.sku, n) for v, n in counts))
        return set_stock_many(warehouse=warehouse, counts=counts)

    monkeypatch.setattr(shopify, "set_stock_many", spy)
    return calls


def test_the_importer_writes_stock_through_inventory_one_call_per_batch(monkeypatch):
    merchant = make_merchant()
    calls = _spy_on_stock(monkeypatch)
    run(merchant, csv_bytes(JERKY))  # new variants: their first counts
    recount = [dict(JERKY[0], **{"Variant Inventory Qty": "41"}), JERKY[1]]
    summary, errors = run(merchant, csv_bytes(recount))  # existing variants: the file's counts
    assert errors == [] and calls == [[("JRK-4-O", 40), ("JRK-8-O", 25)], [("JRK-4-O", 41), ("JRK-8-O", 25)]]
    assert StockLevel.objects.get(variant__sku="JRK-4-O").on_hand == 41


def test_a_buyer_holding_units_while_the_batch_is_decided_rejects_the_row_not_the_import(monkeypatch):
    """The units held are read when the stock is written (locked), not before: a checkout that
    reserves between the importer's read and its write still wins, and the row is rejected."""
    merchant = make_merchant()
    run(merchant, csv_bytes(JERKY))
    small = Variant.objects.get(sku="JRK-4-O")
    calls = _spy_on_stock(monkeypatch, before=lambda: reserve(reference="HL-TEST-2", lines=[(small, 35)]))
    recount = [dict(JERKY[0], **{"Variant Inventory Qty": "20"}), dict(JERKY[1], **{"Variant Price": "18.00"})]
    summary, errors = run(merchant, csv_bytes(recount))
    assert [(e.row_number, e.reason) for e in errors] == [
        (2, "35 units are reserved for buyers' checkouts; stock cannot go below that")]
    assert len(calls) == 2  # refused, then the batch again without row 2
    assert StockLevel.objects.get(variant=small).on_hand == 40
    assert Variant.objects.get(sku="JRK-8-O").price_usd == Decimal("18.00")
    assert (summary.products_updated, summary.variants_updated, summary.variants_unchanged) == (1, 1, 0)


def test_search_hears_of_the_products_that_changed_stock_included():
    merchant = make_merchant()
    heard: list[list[int]] = []

    def listener(sender, product_ids, **kwargs):
        heard.append(product_ids)

    products_bulk_written.connect(listener, dispatch_uid="test_importer_listener")
    try:
        run(merchant, csv_bytes(JERKY))
        product = Product.objects.get(merchant=merchant)
        run(merchant, csv_bytes(JERKY))  # nothing changed: nothing to re-index
        run(merchant, csv_bytes([JERKY[0], dict(JERKY[1], **{"Variant Inventory Qty": "0"})]))  # a count changed
    finally:
        products_bulk_written.disconnect(dispatch_uid="test_importer_listener")
    assert heard == [[product.pk], [product.pk]]
