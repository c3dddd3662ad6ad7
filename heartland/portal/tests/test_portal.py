"""The merchant portal as merchants use it, and what it refuses to show anyone else."""
from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from heartland.catalog.models import ImportJob, ImportRowError, Product, ProductImage, Variant
from heartland.catalog.tests.factories import make_merchant, make_product, make_user
from heartland.inventory.models import StockLevel
from heartland.inventory.services import ensure_default_warehouse
from heartland.merchants.models import Merchant

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return make_user(email="owner@a.example")


@pytest.fixture
def merchant(owner):
    m = make_merchant(slug="a-farm", owner=owner)
    ensure_default_warehouse(merchant=m)
    return m


@pytest.fixture
def other_merchant():
    other_owner = make_user(email="owner@b.example")
    return make_merchant(slug="b-farm", owner=other_owner), other_owner


def _png(size=(64, 48), color=(200, 30, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    return buf.getvalue()


def _all_pages(merchant):
    product = make_product(merchant=merchant, sku="A-1")
    variant = product.variants.get()
    image = ProductImage.objects.create(product=product, src_url="https://cdn.example.com/a.jpg")
    job = ImportJob.objects.create(merchant=merchant, original_name="a.csv", file="imports/a.csv")
    err = ImportRowError.objects.create(job=job, row_number=2, reason="bad", row={"handle": "x"})
    s = merchant.slug
    get_pages = [
        ("portal:dashboard", [s]), ("portal:application", [s]), ("portal:product_list", [s]),
        ("portal:product_new", [s]), ("portal:product_edit", [s, product.pk]), ("portal:variant_new", [s, product.pk]),
        ("portal:variant_edit", [s, product.pk, variant.pk]), ("portal:imports", [s]),
        ("portal:import_detail", [s, job.pk]), ("portal:import_fix_row", [s, job.pk, err.pk]),
        ("portal:export_csv", [s]),
    ]
    post_pages = [
        ("portal:variant_delete", [s, product.pk, variant.pk]), ("portal:image_upload", [s, product.pk]),
        ("portal:image_delete", [s, product.pk, image.pk]), ("portal:product_edit", [s, product.pk]),
        ("portal:application", [s]), ("portal:imports", [s]), ("portal:import_fix_row", [s, job.pk, err.pk]),
    ]
    return get_pages, post_pages


def test_no_merchant_page_is_visible_or_writable_to_another_merchant(client, merchant, other_merchant):
    _, intruder = other_merchant
    get_pages, post_pages = _all_pages(merchant)
    client.force_login(intruder)
    for name, args in get_pages:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    before = (Product.objects.count(), Variant.objects.count(), ProductImage.objects.count(),
              list(Product.objects.values_list("title_en", flat=True)))
    for name, args in post_pages:
        r = client.post(reverse(name, args=args), {"title_en": "hacked", "price_usd": "1", "submit": "1", "handle": "x",
                                                   "image": SimpleUploadedFile("a.png", _png())})
        assert r.status_code == 404, name
    after = (Product.objects.count(), Variant.objects.count(), ProductImage.objects.count(),
             list(Product.objects.values_list("title_en", flat=True)))
    assert before == after


def test_member_sees_every_page_and_anonymous_is_sent_to_login(client, merchant, owner):
    get_pages, _ = _all_pages(merchant)
    for name, args in get_pages:
        r = client.get(reverse(name, args=args))
        assert r.status_code == 302 and "/accounts/login/" in r["Location"], name
    client.force_login(owner)
    for name, args in get_pages:
        assert client.get(reverse(name, args=args)).status_code == 200, name


def test_product_of_another_merchant_is_404_even_under_own_slug(client, merchant, owner, other_merchant):
    foreign = make_product(merchant=other_merchant[0])
    client.force_login(owner)
    assert client.get(reverse("portal:product_edit", args=[merchant.slug, foreign.pk])).status_code == 404


def test_apply_then_submit_from_the_portal(client):
    user = make_user()
    client.force_login(user)
    r = client.post(reverse("portal:apply"), {
        "legal_name": "Prairie Smokehouse LLC", "trading_name": "Prairie Smokehouse", "ein": "42-1234567",
        "kind": "food_maker", "address_line1": "1 Main St", "city": "Ames", "state": "IA", "zip_code": "50010",
        "contact_name": "Joe", "contact_email": "joe@prairie.example", "contact_phone": "515-294-4111"})
    merchant = Merchant.objects.get()
    assert r.status_code == 302 and merchant.status == "draft"
    client.post(reverse("portal:application", args=[merchant.slug]), {"submit": "1", **{
        f: getattr(merchant, f) for f in ("legal_name", "trading_name", "ein", "kind", "address_line1", "city", "state",
                                           "zip_code", "contact_name", "contact_email", "contact_phone")}})
    merchant.refresh_from_db()
    assert merchant.status == "submitted"


def test_apply_shows_field_errors(client):
    client.force_login(make_user())
    r = client.post(reverse("portal:apply"), {"legal_name": "X", "trading_name": "X", "state": "ZZ", "ein": "1", "kind": "farm"})
    assert r.status_code == 200
    assert "Select a valid choice" in r.content.decode() and "9 digits" in r.content.decode()
    assert not Merchant.objects.exists()


def test_save_and_submit_of_an_incomplete_application_says_it_saved_but_did_not_submit(client):
    user = make_user()
    m = make_merchant(approved=False, owner=user)  # no EIN, address or contact: not complete
    client.force_login(user)
    fields = {f: getattr(m, f) for f in ("legal_name", "trading_name", "kind", "city", "state")}
    r = client.post(reverse("portal:application", args=[m.slug]), {**fields, "story": "Three generations of bees.",
                                                                     "submit": "1"}, follow=True)
    m.refresh_from_db()
    assert m.story == "Three generations of bees." and m.status == "draft"
    page = r.content.decode()
    assert "Saved, but not submitted" in page and "Three generations of bees." in page


def test_unapproved_merchant_cannot_publish(client):
    user = make_user()
    m = make_merchant(approved=False, owner=user)
    client.force_login(user)
    r = client.post(reverse("portal:product_new", args=[m.slug]), {"title_en": "Jerky", "kind": "physical", "status": "active"})
    assert r.status_code == 200 and "Only approved merchants can publish" in r.content.decode()
    r = client.post(reverse("portal:product_new", args=[m.slug]), {"title_en": "Jerky", "kind": "physical", "status": "draft"})
    assert r.status_code == 302 and Product.objects.get().status == "draft"


def test_create_product_with_variant_stock_and_sanitized_chinese_text(client, merchant, owner):
    client.force_login(owner)
    r = client.post(reverse("portal:product_new", args=[merchant.slug]), {
        "title_en": "Wisconsin Ginseng Slices", "title_zh_hans": "威斯康星花旗参切片", "kind": "physical",
        "status": "active", "description_en": '<p onclick="steal()">Roots <img src=x onerror=alert(1)><script>x()</script></p>',
        "origin_state": "WI", "tags": "ginseng, 花旗参, ginseng"})
    product = Product.objects.get()
    assert r.status_code == 302
    assert product.handle == "wisconsin-ginseng-slices" and product.title_zh_hant == "威斯康星花旗參切片"
    assert "onclick" not in product.description_en and "script" not in product.description_en
    assert "onerror" not in product.description_en
    assert product.tags == "ginseng, 花旗参"
    wh = merchant.warehouses.get()
    r = client.post(reverse("portal:variant_new", args=[merchant.slug, product.pk]), {
        "option1": "2 oz", "sku": "GS-2", "price_usd": "39.00", "grams": "56.7", "weight_unit": "oz",
        "hs_code": "1211.20.11", "country_of_origin": "us", "tax_category": "agricultural", f"wh_{wh.pk}": "12"})
    assert r.status_code == 302
    v = Variant.objects.get()
    assert (v.hs_code, v.country_of_origin, v.price_usd) == ("12112011", "US", Decimal("39.00"))
    assert StockLevel.objects.get(variant=v).on_hand == 12
    # A second variant with the same SKU is refused with a reason.
    r = client.post(reverse("portal:variant_new", args=[merchant.slug, product.pk]), {
        "option1": "4 oz", "sku": "GS-2", "price_usd": "70", "grams": "113", "weight_unit": "oz",
        "country_of_origin": "US", "tax_category": "agricultural", f"wh_{wh.pk}": "1"})
    assert r.status_code == 200 and "already used" in r.content.decode()
    assert Variant.objects.count() == 1


def test_variant_form_rejects_bad_hs_code_and_negative_stock(client, merchant, owner):
    product = make_product(merchant=merchant)
    wh = merchant.warehouses.get()
    client.force_login(owner)
    r = client.post(reverse("portal:variant_new", args=[merchant.slug, product.pk]), {
        "option1": "big", "price_usd": "5", "grams": "1", "weight_unit": "g", "hs_code": "12",
        "country_of_origin": "US", "tax_category": "general", f"wh_{wh.pk}": "-3"})
    body = r.content.decode()
    assert r.status_code == 200 and "6 to 10 digits" in body and "greater than or equal to 0" in body


def test_image_upload_is_validated_and_thumbnailed(client, merchant, owner):
    product = make_product(merchant=merchant)
    client.force_login(owner)
    url = reverse("portal:image_upload", args=[merchant.slug, product.pk])
    client.post(url, {"image": SimpleUploadedFile("root.png", _png((1200, 900)), content_type="image/png"), "alt_text": "Roots"})
    img = ProductImage.objects.get()
    assert (img.width, img.height) == (1200, 900)
    with Image.open(img.thumbnail.path) as thumb:
        assert max(thumb.size) == 400
    r = client.post(url, {"image": SimpleUploadedFile("evil.png", b"<?php system($_GET['c']); ?>", content_type="image/png")},
                    follow=True)
    assert "not an image we can read" in r.content.decode()
    assert ProductImage.objects.count() == 1


def test_oversized_image_is_refused(client, merchant, owner, settings):
    settings.HEARTLAND_MAX_IMAGE_BYTES = 1000
    product = make_product(merchant=merchant)
    client.force_login(owner)
    r = client.post(reverse("portal:image_upload", args=[merchant.slug, product.pk]),
                    {"image": SimpleUploadedFile("big.png", _png((400, 400), (1, 2, 3)) + b"\0" * 2000)}, follow=True)
    assert "at most" in r.content.decode() and not ProductImage.objects.exists()


CSV = ("Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price,Variant Inventory Qty,Tax Category\n"
       "honey,Raw Honey,Size,12 oz,H-12,11.00,5,agricultural\n"
       "honey,,,2 lb,H-32,abc,3,\n"
       "syrup,Maple Syrup,Size,1 qt,M-1,24,2,food\n")


def test_csv_upload_runs_in_background_reports_rows_and_fixes_one(client, merchant, owner, django_capture_on_commit_callbacks):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("portal:imports", args=[merchant.slug]),
                        {"file": SimpleUploadedFile("products.csv", CSV.encode(), content_type="text/csv")})
    job = ImportJob.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"/imports/{job.pk}/")
    assert (job.status, job.products_created, job.variants_created, job.rows_rejected) == ("done", 2, 2, 1)
    page = client.get(r["Location"]).content.decode()
    assert "Variant Price" in page and "abc" in page and "Fix this row" in page
    err = job.row_errors.get()
    fix_url = reverse("portal:import_fix_row", args=[merchant.slug, job.pk, err.pk])
    form_page = client.get(fix_url).content.decode()
    assert 'value="abc"' in form_page
    r = client.post(fix_url, {**err.row, "price": "nope"})
    assert r.status_code == 200 and "not a price" in r.content.decode()
    r = client.post(fix_url, {**err.row, "price": "29.50"})
    assert r.status_code == 302
    assert Variant.objects.get(sku="H-32").price_usd == Decimal("29.50")
    err.refresh_from_db()
    assert err.fixed_at is not None


def test_upload_of_a_non_csv_is_refused_and_shown(client, merchant, owner, django_capture_on_commit_callbacks):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("portal:imports", args=[merchant.slug]),
                        {"file": SimpleUploadedFile("photo.csv", _png(), content_type="text/csv")})
    r = client.get(r["Location"])
    assert "refused" in r.content.decode() and "binary" in r.content.decode()
    assert ImportJob.objects.get().status == "refused" and not Product.objects.exists()


def test_import_progress_fragment_polls_until_done(client, merchant, owner):
    job = ImportJob.objects.create(merchant=merchant, original_name="a.csv", file="imports/a.csv", size_bytes=100,
                                   bytes_done=40, status="running", rows_seen=10)
    client.force_login(owner)
    url = reverse("portal:import_detail", args=[merchant.slug, job.pk])
    r = client.get(url, HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in r.content.decode() and 'aria-valuenow="40"' in r.content.decode()
    ImportJob.objects.filter(pk=job.pk).update(status="done")
    r = client.get(url, HTTP_HX_REQUEST="true")
    assert r["HX-Refresh"] == "true"


def test_product_list_search_and_status_filter(client, merchant, owner):
    make_product(merchant=merchant, title_en="Beef Jerky", title_zh_hans="牛肉干", sku="J-1")
    make_product(merchant=merchant, title_en="Cherry Jam", status="draft")
    client.force_login(owner)
    url = reverse("portal:product_list", args=[merchant.slug])
    assert "Beef Jerky" in client.get(url, {"q": "牛肉"}).content.decode()
    assert "Cherry Jam" not in client.get(url, {"q": "牛肉"}).content.decode()
    assert "Beef Jerky" in client.get(url, {"q": "J-1"}).content.decode()
    body = client.get(url, {"status": "draft"}).content.decode()
    assert "Cherry Jam" in body and "Beef Jerky" not in body


def test_export_download_is_the_merchants_own_catalog(client, merchant, owner, other_merchant):
    make_product(merchant=merchant, title_en="Our Honey", sku="OH-1")
    make_product(merchant=other_merchant[0], title_en="Their Cheese", sku="TC-1")
    client.force_login(owner)
    r = client.get(reverse("portal:export_csv", args=[merchant.slug]))
    body = b"".join(r.streaming_content).decode()
    assert body.startswith("Handle,Title,") and "Our Honey" in body and "Their Cheese" not in body
