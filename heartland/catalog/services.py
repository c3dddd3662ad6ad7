"""Writes for the catalog: products, variants and images.

The importer, the portal forms and the demo seed all come through here (or through
`prepare_product_fields`, for the importer's bulk path), so sanitizing, script
derivation and publishing rules live in one place.
"""
from __future__ import annotations

import io
import os
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageOps, UnidentifiedImageError

from heartland.core.chinese import to_traditional
from heartland.core.errors import DomainError
from heartland.core.html import sanitize_html
from heartland.merchants.models import Merchant

from .field_rules import (
    RuleError,
    handle_from_title,
    normalize_tags,
    parse_country,
    parse_handle,
    parse_hs_code,
    parse_tax_category,
)
from .models import Product, ProductImage, ProductStatus, Variant


def prepare_product_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Sanitize merchant HTML, derive Traditional Chinese, normalize tags. Pure."""
    out = dict(fields)
    if "description_en" in out:
        out["description_en"] = sanitize_html(out["description_en"])
    if "description_zh_hans" in out:
        out["description_zh_hans"] = sanitize_html(out["description_zh_hans"])
        out["description_zh_hant"] = to_traditional(out["description_zh_hans"])
    if "title_zh_hans" in out:
        out["title_zh_hant"] = to_traditional(out["title_zh_hans"])
    if "tags" in out:
        out["tags"] = normalize_tags(out["tags"])
    return out


def check_can_publish(*, merchant: Merchant, status: str) -> None:
    if status == ProductStatus.ACTIVE and not merchant.is_approved:
        raise DomainError(
            "merchant_not_approved",
            "Only approved merchants can publish products; save it as a draft until Heartland approves you.",
            field="status",
        )


def unique_handle(*, merchant: Merchant, title: str, exclude_pk: int | None = None) -> str:
    root = handle_from_title(title)
    handle, n = root, 2
    qs = Product.objects.filter(merchant=merchant)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(handle=handle).exists():
        handle, n = f"{root}-{n}", n + 1
    return handle


@transaction.atomic
def save_product(*, merchant: Merchant, fields: dict[str, Any], product: Product | None = None) -> Product:
    """Create or update a product from already-validated form fields."""
    fields = prepare_product_fields(fields)
    check_can_publish(merchant=merchant, status=fields.get("status", product.status if product else "draft"))
    if product is not None and product.merchant_id != merchant.pk:
        raise DomainError("not_found", "No such product.")
    handle = fields.pop("handle", "") or (product.handle if product else "")
    if handle:
        try:
            handle = parse_handle(handle)
        except RuleError as exc:
            raise DomainError("handle", str(exc), field="handle")
        clash = Product.objects.filter(merchant=merchant, handle=handle)
        if product is not None:
            clash = clash.exclude(pk=product.pk)
        if clash.exists():
            raise DomainError("handle_taken", f"You already have a product with handle '{handle}'.", field="handle")
    else:
        handle = unique_handle(merchant=merchant, title=fields.get("title_en", ""))
    if product is None:
        product = Product(merchant=merchant)
    product.handle = handle
    for key, value in fields.items():
        setattr(product, key, value)
    product.save()
    return product


@dataclass
class VariantInput:
    price_usd: Decimal
    option1: str = ""
    option2: str = ""
    option3: str = ""
    sku: str = ""
    compare_at_price_usd: Decimal | None = None
    grams: Decimal = Decimal("0")
    weight_unit: str = "g"
    barcode: str = ""
    hs_code: str = ""
    country_of_origin: str = "US"
    tax_category: str = "general"
    requires_shipping: bool = True
    unit_content: Decimal | None = None
    unit_content_uom: str = ""
    abv: Decimal | None = None


def _validate_variant(data: VariantInput) -> None:
    try:
        if data.hs_code:
            data.hs_code = parse_hs_code(data.hs_code)
        data.country_of_origin = parse_country(data.country_of_origin or "US")
        data.tax_category = parse_tax_category(data.tax_category or "general")
    except RuleError as exc:
        raise DomainError("variant_invalid", str(exc))
    if data.price_usd is None or data.price_usd < 0:
        raise DomainError("price", "Price must be zero or more.", field="price_usd")
    if data.compare_at_price_usd is not None and data.compare_at_price_usd < 0:
        raise DomainError("price", "Compare-at price must be zero or more.", field="compare_at_price_usd")
    if (data.unit_content is None) != (not data.unit_content_uom):
        raise DomainError("unit_content", "Give both the content per unit and its unit (g, ml or pieces).",
                          field="unit_content")
    if data.abv is not None and not (0 <= data.abv <= 100):
        raise DomainError("abv", "Alcohol by volume is a percentage from 0 to 100.", field="abv")


@transaction.atomic
def save_variant(*, product: Product, data: VariantInput, variant: Variant | None = None) -> Variant:
    _validate_variant(data)
    if not (data.option1 or data.option2 or data.option3):
        data.option1 = "Default Title"
    sku = (data.sku or "").strip()
    if sku:
        clash = Variant.objects.filter(merchant_id=product.merchant_id, sku=sku)
        if variant is not None:
            clash = clash.exclude(pk=variant.pk)
        other = clash.select_related("product").first()
        if other is not None:
            raise DomainError("sku_taken", f"SKU '{sku}' is already used by '{other.product.title_en}'.", field="sku")
    same_options = Variant.objects.filter(product=product, option1=data.option1, option2=data.option2, option3=data.option3)
    if variant is not None:
        same_options = same_options.exclude(pk=variant.pk)
    if same_options.exists():
        raise DomainError("options_taken", "Another variant of this product has the same options.", field="option1")
    if variant is None:
        variant = Variant(product=product, merchant_id=product.merchant_id,
                          position=(product.variants.count() + 1))
    elif variant.product_id != product.pk:
        raise DomainError("not_found", "No such variant.")
    for key, value in data.__dict__.items():
        setattr(variant, key, value if key != "sku" else sku)
    variant.save()
    return variant


@transaction.atomic
def delete_variant(*, variant: Variant) -> None:
    if variant.product.variants.count() <= 1:
        raise DomainError("last_variant", "A product needs at least one variant; archive the product instead.")
    variant.delete()


# --- images -----------------------------------------------------------------------------
ALLOWED_IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
THUMBNAIL_SIZE = (400, 400)
# WebP copies for phones' `srcset`: a card on a 3× screen takes 480, the product page 800.
RENDITION_WIDTHS = (240, 480, 800)
WEBP_QUALITY = 78


def validate_image(upload) -> tuple[Any, str]:
    """Open an upload with Pillow and check it really is an image we accept.

    Returns (PIL image, extension). Raises DomainError with a reason a person understands.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > settings.HEARTLAND_MAX_IMAGE_BYTES:
        limit = settings.HEARTLAND_MAX_IMAGE_BYTES // (1024 * 1024)
        raise DomainError("image_too_large", f"Images may be at most {limit} MB.", field="image")
    data = upload.read()
    if len(data) > settings.HEARTLAND_MAX_IMAGE_BYTES:
        raise DomainError("image_too_large", "That image file is too large.", field="image")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > settings.HEARTLAND_MAX_IMAGE_PIXELS:
            raise DomainError("image_too_big", "That image has too many pixels.", field="image")
        image.load()
    except DomainError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise DomainError("not_an_image", "That file is not an image we can read (use JPEG, PNG, WebP or GIF).", field="image")
    fmt = image.format or ""
    if fmt not in ALLOWED_IMAGE_FORMATS:
        raise DomainError("image_format", f"{fmt or 'This'} images are not accepted; use JPEG, PNG, WebP or GIF.", field="image")
    return image, ALLOWED_IMAGE_FORMATS[fmt]


def _encode(image, fmt: str, **kwargs) -> bytes:
    buf = io.BytesIO()
    image.save(buf, fmt, **kwargs)
    return buf.getvalue()


def make_renditions(image) -> list[tuple[int, int, bytes]]:
    """WebP copies of a (decoded, validated) Pillow image at RENDITION_WIDTHS, never wider than
    the original: one at the original width when it is narrower than them all. Pure."""
    widths = [w for w in RENDITION_WIDTHS if w <= image.width] or [image.width]
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() or image.mode == "P" else "RGB")
    out = []
    for width in widths:
        height = max(1, round(image.height * width / image.width))
        copy = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
        out.append((width, height, _encode(copy, "WEBP", quality=WEBP_QUALITY, method=4)))
    return out


def _store_renditions(record: ProductImage, image, stem: str) -> None:
    """Saves the renditions next to the original and lists them on the record (not saved)."""
    storage = record.image.storage
    folder = os.path.dirname(record.image.name)
    renditions = []
    for width, height, data in make_renditions(image):
        name = storage.save(f"{folder}/{stem}-{width}.webp", ContentFile(data))
        renditions.append({"width": width, "height": height, "name": name})
    record.renditions = renditions


@transaction.atomic
def add_image(*, product: Product, upload, alt_text: str = "") -> ProductImage:
    """Validate, re-encode (dropping metadata and anything hidden in the file) and thumbnail."""
    image, ext = validate_image(upload)
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() or image.mode == "P" else "RGB")
    fmt = "PNG" if image.mode == "RGBA" else "JPEG"
    ext = "png" if fmt == "PNG" else "jpg"
    full = _encode(image, fmt, **({"quality": 88} if fmt == "JPEG" else {"optimize": True}))
    thumb = image.copy()
    thumb.thumbnail(THUMBNAIL_SIZE)
    thumb_bytes = _encode(thumb, fmt, **({"quality": 82} if fmt == "JPEG" else {"optimize": True}))
    position = (product.images.count() or 0) + 1
    record = ProductImage(product=product, position=position, alt_text=alt_text[:500],
                          width=image.width, height=image.height)
    stem = os.urandom(6).hex()
    record.image.save(f"{stem}.{ext}", ContentFile(full), save=False)
    record.thumbnail.save(f"{stem}-thumb.{ext}", ContentFile(thumb_bytes), save=False)
    _store_renditions(record, image, stem)
    record.save()
    return record


def store_renditions(*, image: ProductImage) -> bool:
    """(Re)make the WebP renditions of an uploaded image from its stored original.

    For images stored before renditions existed (`manage.py image_renditions`). An image that
    only has a src_url, or whose file is missing or unreadable, is left as it is: False.
    """
    if not image.image:
        return False
    try:
        with image.image.open("rb") as f:
            picture = Image.open(io.BytesIO(f.read()))
            picture.load()
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError):
        return False
    old = [r["name"] for r in image.renditions]
    stem = os.path.splitext(os.path.basename(image.image.name))[0]
    for name in old:  # the same names are written again
        image.image.storage.delete(name)
    _store_renditions(image, picture, stem)
    image.save(update_fields=["renditions"])
    return True


@transaction.atomic
def delete_image(*, image: ProductImage) -> None:
    storage = image.image.storage
    files = [(f.storage, f.name) for f in (image.image, image.thumbnail) if f]
    files += [(storage, r["name"]) for r in image.renditions]
    image.delete()
    for store, name in files:
        transaction.on_commit(lambda store=store, name=name: store.delete(name))
