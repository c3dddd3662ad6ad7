"""Property: whatever a merchant's catalog holds, export → import changes nothing."""
from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heartland.catalog.field_rules import TAX_CATEGORIES
from heartland.catalog.importers.shopify import import_shopify_csv
from heartland.catalog.importers.shopify_export import export_shopify_csv

from .factories import make_merchant

pytestmark = pytest.mark.django_db

# Text a merchant might type: Latin, CJK, punctuation that CSV must quote, newlines.
text = st.text(
    alphabet=st.sampled_from(list("abcXYZ 019,\"'\n;&<>é") + list("牛肉干花旗参蜂蜜枫糖浆乾")),
    min_size=1, max_size=30,
).map(str.strip).filter(bool)
price = st.decimals(min_value=0, max_value=99999, places=2, allow_nan=False, allow_infinity=False).map(str)
grams = st.decimals(min_value=0, max_value=50000, places=3, allow_nan=False, allow_infinity=False).map(str)


@st.composite
def catalogs(draw):
    n_products = draw(st.integers(1, 4))
    rows = []
    sku_counter = 0
    for p in range(n_products):
        handle = f"p-{p}-" + draw(st.sampled_from(["jerky", "ginseng", "蜂蜜", "syrup"]))
        n_variants = draw(st.integers(1, 3))
        values = draw(st.lists(text, min_size=n_variants, max_size=n_variants, unique_by=lambda s: " ".join(s.split()))
                      )
        for v in range(n_variants):
            sku_counter += 1
            row = {
                "Handle": handle, "Option1 Value": values[v], "Variant Price": draw(price), "Variant Grams": draw(grams),
                "Variant SKU": draw(st.sampled_from(["", f"SKU-{sku_counter}"])),
                "Variant Inventory Qty": str(draw(st.integers(0, 500))),
                "HS Code": draw(st.sampled_from(["", "12112011", "040900", "3304990029"])),
                "Tax Category": draw(st.sampled_from(TAX_CATEGORIES)),
            }
            if v == 0:
                row.update({"Title": draw(text), "Body (HTML)": "<p>" + draw(text) + "</p>", "Tags": draw(text),
                            "Option1 Name": "Size", "Title (zh-Hans)": draw(text),
                            "Status": draw(st.sampled_from(["active", "draft", "archived"])),
                            "Origin State": draw(st.sampled_from(["", "WI", "IA"]))})
            rows.append(row)
    return rows


HEADER = ["Handle", "Title", "Body (HTML)", "Tags", "Option1 Name", "Option1 Value", "Variant SKU", "Variant Grams",
          "Variant Inventory Qty", "Variant Price", "Status", "Title (zh-Hans)", "HS Code", "Origin State", "Tax Category"]


def _csv(rows) -> io.BytesIO:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=HEADER)
    w.writeheader()
    w.writerows(rows)
    return io.BytesIO(buf.getvalue().encode())


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=catalogs())
def test_export_then_import_is_a_no_op_for_any_catalog(rows):
    merchant = make_merchant()
    errors = []
    first = import_shopify_csv(merchant=merchant, binary=_csv(rows), on_errors=errors.extend)
    assert errors == []
    assert first.variants_created == len(rows)
    exported = io.StringIO()
    export_shopify_csv(merchant=merchant, out=exported)
    again = import_shopify_csv(merchant=merchant, binary=io.BytesIO(exported.getvalue().encode()), on_errors=errors.extend)
    assert errors == []
    assert not again.changed, again
    second_export = io.StringIO()
    export_shopify_csv(merchant=merchant, out=second_export)
    assert second_export.getvalue() == exported.getvalue()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=catalogs())
def test_reimporting_any_file_is_a_no_op(rows):
    merchant = make_merchant()
    import_shopify_csv(merchant=merchant, binary=_csv(rows))
    again = import_shopify_csv(merchant=merchant, binary=_csv(rows))
    assert not again.changed and again.rows_rejected == 0
