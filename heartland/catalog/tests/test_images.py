"""Product images as a phone receives them: WebP copies at phone widths, offered through srcset."""
from __future__ import annotations

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from heartland.catalog.models import ProductImage
from heartland.catalog.services import VariantInput, add_image, delete_image, save_product, save_variant
from heartland.catalog.tests.factories import make_merchant
from heartland.core.errors import DomainError
from heartland.inventory.services import ensure_default_warehouse, set_stock
from heartland.markets.models import FxRate

pytestmark = pytest.mark.django_db


def _picture(fmt: str, size: tuple[int, int], mode: str = "RGB") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size, (200, 120, 40, 100) if mode == "RGBA" else (200, 120, 40)).save(buf, fmt)
    return buf.getvalue()


def _rendition_sizes(image: ProductImage) -> list[tuple[int, int, str]]:
    out = []
    for r in image.renditions:
        with default_storage.open(r["name"]) as f, Image.open(f) as pic:
            out.append((*pic.size, pic.format))
    return out


@pytest.fixture
def product(django_capture_on_commit_callbacks):
    FxRate.objects.create(base="USD", quote="CNY", rate=Decimal("7.1"), valid_from=timezone.now() - timedelta(hours=1),
                          source="test")
    with django_capture_on_commit_callbacks(execute=True):
        merchant = make_merchant(slug="cedar-farm", state="IA")
        product = save_product(merchant=merchant, fields={
            "handle": "smoked-jerky", "title_en": "Smoked Jerky", "title_zh_hans": "烟熏牛肉干", "status": "active"})
        variant = save_variant(product=product, data=VariantInput(price_usd=Decimal("12"), grams=Decimal("250"),
                                                                  hs_code="02102000", tax_category="food"))
        set_stock(variant=variant, warehouse=ensure_default_warehouse(merchant=merchant), on_hand=5)
    return product


def test_a_jpeg_upload_gets_webp_copies_at_phone_widths(product):
    image = add_image(product=product, upload=ContentFile(_picture("JPEG", (1200, 900)), name="jerky.jpg"))
    assert [r["width"] for r in image.renditions] == [240, 480, 800]
    assert _rendition_sizes(image) == [(240, 180, "WEBP"), (480, 360, "WEBP"), (800, 600, "WEBP")]
    assert image.renditions[0]["name"].endswith("-240.webp")


def test_a_small_png_is_never_enlarged_and_keeps_its_transparency(product):
    image = add_image(product=product, upload=ContentFile(_picture("PNG", (300, 300), "RGBA"), name="jar.png"))
    assert _rendition_sizes(image) == [(240, 240, "WEBP")]
    tiny = add_image(product=product, upload=ContentFile(_picture("PNG", (120, 80)), name="tiny.png"))
    assert _rendition_sizes(tiny) == [(120, 80, "WEBP")]
    with default_storage.open(image.renditions[0]["name"]) as f, Image.open(f) as pic:
        assert pic.mode == "RGBA"


def test_card_and_product_page_offer_the_webp_copies_in_a_srcset(client, product, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = add_image(product=product, upload=ContentFile(_picture("JPEG", (1000, 1000)), name="jerky.jpg"),
                          alt_text="Jerky")
    urls = {r["width"]: default_storage.url(r["name"]) for r in image.renditions}

    page = client.get(reverse("storefront:product", args=["cedar-farm", "smoked-jerky"])).content.decode()
    source = re.search(r'<picture><source type="image/webp" srcset="([^"]+)" sizes="[^"]+"><img src="([^"]+)"', page)
    assert source, "the product gallery has no WebP srcset"
    assert source.group(1) == f"{urls[240]} 240w, {urls[480]} 480w, {urls[800]} 800w"
    assert source.group(2) == image.image.url  # the JPEG stays the fallback
    assert 'width="1000" height="1000"' in page  # the box is reserved before the image arrives

    home = client.get("/").content.decode()
    card = re.search(r'<li class="card-p">.*?</li>', home, re.S).group(0)
    assert f'srcset="{urls[240]} 240w, {urls[480]} 480w"' in card  # a card never needs the 800 px copy
    assert f'src="{image.thumbnail.url}"' in card


def test_an_imported_image_with_only_a_source_url_is_shown_as_before(client, product):
    ProductImage.objects.create(product=product, src_url="https://cdn.example.com/jerky.jpg")
    page = client.get(reverse("storefront:product", args=["cedar-farm", "smoked-jerky"])).content.decode()
    assert '<picture><img src="https://cdn.example.com/jerky.jpg"' in page
    assert "srcset" not in page


@pytest.mark.parametrize("content", [b"<?php system($_GET['c']); ?>", _picture("JPEG", (50, 50))[:60],
                                     b"GIF89a" + b"\x00" * 40])
def test_a_broken_or_hostile_file_is_refused_and_leaves_no_copies(product, content, settings):
    with pytest.raises(DomainError) as err:
        add_image(product=product, upload=ContentFile(content, name="evil.jpg"))
    assert err.value.code == "not_an_image"
    assert not ProductImage.objects.exists()
    assert not (settings.MEDIA_ROOT / "products").exists()


def test_images_stored_before_renditions_get_them_from_the_command(product):
    image = add_image(product=product, upload=ContentFile(_picture("JPEG", (900, 600)), name="old.jpg"))
    for r in image.renditions:
        default_storage.delete(r["name"])
    ProductImage.objects.filter(pk=image.pk).update(renditions=[])
    remote = ProductImage.objects.create(product=product, src_url="https://cdn.example.com/a.jpg")
    out = io.StringIO()
    call_command("image_renditions", stdout=out)
    image.refresh_from_db()
    assert _rendition_sizes(image) == [(240, 160, "WEBP"), (480, 320, "WEBP"), (800, 533, "WEBP")]
    assert "1 images given WebP renditions, 0 skipped" in out.getvalue()
    remote.refresh_from_db()
    assert remote.renditions == []


def test_deleting_an_image_deletes_its_copies(product, django_capture_on_commit_callbacks):
    image = add_image(product=product, upload=ContentFile(_picture("JPEG", (800, 800)), name="gone.jpg"))
    names = [image.image.name, image.thumbnail.name] + [r["name"] for r in image.renditions]
    with django_capture_on_commit_callbacks(execute=True):
        delete_image(image=image)
    assert not any(default_storage.exists(n) for n in names)
