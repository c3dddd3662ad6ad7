"""`manage.py seed_demo`: a believable demo marketplace (run by `make demo`).

Creates an operator, the Midwest businesses in `heartland.demo.data` (approved,
each with an owner login), their products, variants, stock and generated images — all
through the merchant, catalog and inventory services, so the same sanitizing, script
derivation and checks apply as for a merchant typing in the portal.

Safe to run again: a merchant whose slug exists and a product whose (merchant, handle)
exists are left alone, and passwords are only set on accounts that have none.
"""
from __future__ import annotations

import io
import os
import re
import time
from collections import Counter
from datetime import datetime
from datetime import time as dtime
from datetime import timezone as dt_timezone
from decimal import Decimal
from functools import lru_cache

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from heartland.accounts.models import User
from heartland.catalog.models import Category, Product, ProductKind, ProductStatus
from heartland.catalog.services import VariantInput, add_image, save_product, save_variant
from heartland.core.errors import DomainError
from heartland.demo.data import (
    CATEGORY_STYLE,
    DEFAULT_PASSWORD,
    MERCHANTS,
    OPERATOR_EMAIL,
    PASSWORD_ENV,
)
from heartland.demo.orders import SHOPPER_EMAIL, Seeded, seed_orders
from heartland.inventory.services import ensure_default_warehouse, set_stock
from heartland.markets.fx import add_rate
from heartland.merchants.models import Merchant
from heartland.merchants.services import onboard_merchant

MERCHANT_EXTRA_FIELDS = (
    "legal_name", "ein", "address_line1", "city", "zip_code", "contact_name", "contact_phone", "kind",
    "story", "story_zh_hans",
)
BASE_URL = "http://127.0.0.1:8000"


def owner_email(slug: str) -> str:
    return f"owner@{slug}.example"


def demo_password() -> str:
    return os.environ.get(PASSWORD_ENV) or DEFAULT_PASSWORD


# Illustrative USD rates for the demo (close to late-2026 levels; operators load real ones).
DEMO_RATES = {"CNY": "7.1032", "HKD": "7.7810", "JPY": "151.20", "KRW": "1398.50", "SGD": "1.3420"}

# Typical strength by HS heading for the demo's drinks: bourbon (2208), wine (2204).
ABV_BY_HS = {"2208": Decimal("45.00"), "2204": Decimal("13.50")}


class Command(BaseCommand):
    help = (
        "Seed the demo marketplace: an operator (operator@heartland.localhost), Midwest merchants "
        "with owner logins (owner@<slug>.example), bilingual products, stock and generated images. "
        f"Passwords come from ${PASSWORD_ENV} (default '{DEFAULT_PASSWORD}') and are set only on "
        "accounts that have none. Idempotent: existing merchants and products are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-images", action="store_true", help="Skip generating product images.")
        parser.add_argument("--no-orders", action="store_true",
                            help="Skip the demo shopper's orders (they need committed transactions: the sandboxes "
                                 "answer on commit).")

    def handle(self, *args, **options):
        started = time.monotonic()
        password = demo_password()
        categories = {c.slug: c for c in Category.objects.select_related("parent")}
        needed = {p["category"] for m in MERCHANTS for p in m["products"]}
        missing = sorted(needed - categories.keys())
        if missing:
            raise CommandError(f"Categories missing: {', '.join(missing)}. Run `manage.py migrate` first.")
        stats: Counter = Counter()
        painter = None if options["no_images"] else ProductPainter()
        # Hash the demo password once (PBKDF2 is slow on purpose) and give every demo account
        # that has no password the same encoded value.
        hashed = _LazyHash(password)

        operator = self._operator(hashed, stats)
        for spec in MERCHANTS:
            with transaction.atomic():
                self._seed_merchant(spec, operator=operator, hashed=hashed, categories=categories,
                                    painter=painter, stats=stats)

        stats["fx_rates"] = self._fx_rates()
        demo_orders = Seeded(skipped=True) if options["no_orders"] else seed_orders(
            hashed_password=hashed.value, base_url=BASE_URL)
        elapsed = time.monotonic() - started
        out = self.stdout
        out.write(self.style.SUCCESS(
            f"Demo seeded in {elapsed:.1f}s: {stats['merchants']} merchants, {stats['products']} products, "
            f"{stats['variants']} variants, {stats['images']} images created "
            f"({stats['merchants_existing']} merchants and {stats['products_existing']} products already there)."
        ))
        if stats["products_failed"]:
            out.write(self.style.WARNING(f"{stats['products_failed']} products could not be created (see above)."))
        if painter is not None and not painter.has_cjk:
            out.write(self.style.WARNING(
                "No CJK font found (install fonts-noto-cjk): images carry English titles only."))
        shown = ", ".join(f"{owner_email(m['slug'])}" for m in MERCHANTS[:3])
        out.write("")
        out.write("Log in with:")
        out.write(f"  operator:  {OPERATOR_EMAIL} / {password}   (admin: {BASE_URL}/admin/)")
        out.write(f"  merchants: {shown} … / {password}   (portal: {BASE_URL}/portal/)")
        out.write(f"  shopper:   {SHOPPER_EMAIL} / {password}   ({demo_orders.orders or 'its'} orders in every state: "
                  f"{BASE_URL}/orders/)")
        out.write(f"  every merchant owner is owner@<slug>.example; slugs: "
                  f"{', '.join(m['slug'] for m in MERCHANTS)}")

    # --- exchange rates ---------------------------------------------------------------------
    @staticmethod
    def _fx_rates() -> int:
        """Today's demo rates (once a day), so every market shows prices."""
        midnight = datetime.combine(datetime.now(dt_timezone.utc).date(), dtime(0), tzinfo=dt_timezone.utc)
        added = 0
        for quote_currency, rate in DEMO_RATES.items():
            _, created = add_rate(base="USD", quote=quote_currency, rate=Decimal(rate), valid_from=midnight,
                                  source="Heartland demo rates (illustrative, not a market fixing)")
            added += created
        return added

    # --- accounts ---------------------------------------------------------------------------
    def _operator(self, hashed: "_LazyHash", stats: Counter) -> User:
        user = User.objects.filter(email__iexact=OPERATOR_EMAIL).first()
        if user is None:
            user = User.objects.create_superuser(email=OPERATOR_EMAIL, password=None, full_name="Heartland Operator")
            user.password = hashed.value
            user.save(update_fields=["password"])
            stats["users"] += 1
            return user
        changed = []
        if not (user.is_staff and user.is_superuser and user.is_active):
            user.is_staff = user.is_superuser = user.is_active = True
            changed += ["is_staff", "is_superuser", "is_active"]
        if not user.has_usable_password():
            user.password = hashed.value
            changed.append("password")
        if changed:
            user.save(update_fields=changed)
        return user

    # --- one merchant, in one transaction ---------------------------------------------------
    def _seed_merchant(self, spec, *, operator, hashed, categories, painter, stats) -> None:
        merchant = Merchant.objects.filter(slug=spec["slug"]).first()
        email = owner_email(spec["slug"])
        if merchant is None:
            merchant, _owner, _ = onboard_merchant(
                slug=spec["slug"], name=spec["name"], email=email, state=spec["state"], approved=True,
                by=operator, extra={k: spec[k] for k in MERCHANT_EXTRA_FIELDS},
            )
            stats["merchants"] += 1
        else:
            stats["merchants_existing"] += 1
        owner = User.objects.filter(email__iexact=email).first()
        if owner is not None and not owner.has_usable_password():
            owner.password = hashed.value
            owner.save(update_fields=["password"])

        warehouse = ensure_default_warehouse(merchant=merchant)
        existing = set(Product.objects.filter(merchant=merchant).values_list("handle", flat=True))
        for index, item in enumerate(spec["products"]):
            if item["handle"] in existing:
                stats["products_existing"] += 1
                continue
            try:
                with transaction.atomic():
                    self._seed_product(item, index=index, merchant=merchant, warehouse=warehouse,
                                       categories=categories, painter=painter, stats=stats)
            except DomainError as exc:
                stats["products_failed"] += 1
                self.stderr.write(f"  {merchant.slug}/{item['handle']}: skipped ({exc.message})")

    def _seed_product(self, item, *, index, merchant, warehouse, categories, painter, stats) -> None:
        status = item.get("status", ProductStatus.ACTIVE)
        if status == ProductStatus.ACTIVE and not merchant.is_approved:
            status = ProductStatus.DRAFT  # an operator suspended it since: do not try to publish
        kind = item.get("kind", ProductKind.PHYSICAL)
        category = categories[item["category"]]
        product = save_product(merchant=merchant, fields={
            "handle": item["handle"],
            "title_en": item["title_en"],
            "title_zh_hans": item["title_zh_hans"],
            "description_en": item["description_en"],
            "description_zh_hans": item["description_zh_hans"],
            "vendor": merchant.trading_name,
            "category": category,
            "kind": kind,
            "tags": item["tags"],
            "status": status,
            "origin_state": merchant.state,
            "option1_name": item.get("option1_name") or "Title",
        })
        stats["products"] += 1
        is_service = kind == ProductKind.SERVICE
        for v in item["variants"]:
            variant = save_variant(product=product, data=VariantInput(
                price_usd=Decimal(v.price),
                compare_at_price_usd=Decimal(v.compare_at) if v.compare_at else None,
                option1=v.option,
                sku=v.sku,
                grams=Decimal(0 if is_service else v.grams),
                hs_code="" if is_service else item.get("hs_code", ""),
                country_of_origin="US",
                tax_category=item["tax_category"],
                requires_shipping=not is_service,
                # What one unit holds, where an import tax depends on it: the cream's net
                # weight, the bottle's strength.
                unit_content=Decimal(v.grams) if item["tax_category"] == "cosmetics" else None,
                unit_content_uom="g" if item["tax_category"] == "cosmetics" else "",
                abv=ABV_BY_HS.get(item.get("hs_code", "")[:4]),
            ))
            set_stock(variant=variant, warehouse=warehouse, on_hand=v.stock)
            stats["variants"] += 1
        if painter is None:
            return
        top = category.parent or category
        colour, motif = CATEGORY_STYLE.get(top.slug, ((110, 110, 110), "jar"))
        alt = f"{item['title_en']} / {item['title_zh_hans']}"
        for shot in range(2 if index % 2 == 0 else 1):
            jpeg = painter.render(title_zh=item["title_zh_hans"], title_en=item["title_en"],
                                 maker=f"{merchant.trading_name} · {merchant.city or merchant.state}, {merchant.state}",
                                 colour=colour, motif=motif, layout=shot)
            add_image(product=product, upload=ContentFile(jpeg, name=f"{item['handle']}-{shot + 1}.jpg"), alt_text=alt)
            stats["images"] += 1


class _LazyHash:
    def __init__(self, password: str) -> None:
        self.password = password
        self._value: str | None = None

    @property
    def value(self) -> str:
        if self._value is None:
            self._value = make_password(self.password)
        return self._value


# --- images ---------------------------------------------------------------------------------
CJK_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-{weight}.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-{weight}.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-{weight}.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-{weight}.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/PingFang.ttc",
)
SIZE = 800
_TOKEN = re.compile(r"[A-Za-z0-9&'’.,:;!?%+\-/()#×]+|\s+|.")


@lru_cache(maxsize=None)
def _cjk_face(weight: str) -> tuple[str, int] | None:
    """(path, index) of an installed CJK font, preferring the Simplified Chinese face of a TTC."""
    for pattern in CJK_FONT_FILES:
        path = pattern.format(weight=weight)
        if not os.path.exists(path):
            continue
        best = 0
        for index in range(10):
            try:
                name = " ".join(ImageFont.truetype(path, 12, index=index).getname())
            except OSError:
                break
            if " SC" in name:
                best = index
                break
        return path, best
    return None


@lru_cache(maxsize=None)
def _font(weight: str, size: int):
    face = _cjk_face(weight) or _cjk_face("Regular")
    if face is not None:
        return ImageFont.truetype(face[0], size, index=face[1])
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError, ImportError):
        return ImageFont.load_default()


def _shade(colour, factor: float):
    if factor >= 1:
        return tuple(int(c + (255 - c) * (factor - 1)) for c in colour)
    return tuple(int(c * factor) for c in colour)


class ProductPainter:
    """Draws an 800×800 product picture: category colour, a motif and the bilingual title."""

    def __init__(self) -> None:
        self.has_cjk = _cjk_face("Regular") is not None

    def render(self, *, title_zh: str, title_en: str, maker: str, colour, motif: str, layout: int = 0) -> bytes:
        if layout == 0:
            top, bottom = _shade(colour, 1.35), _shade(colour, 0.85)
        else:
            top, bottom = (250, 246, 236), (238, 230, 214)
        mask = Image.linear_gradient("L").resize((SIZE, SIZE))
        image = Image.composite(Image.new("RGB", (SIZE, SIZE), bottom), Image.new("RGB", (SIZE, SIZE), top), mask)
        draw = ImageDraw.Draw(image)

        if layout == 0:
            self._motif(draw, motif, 400, 285, 190, fill=(252, 248, 238), accent=_shade(colour, 0.6))
            draw.rounded_rectangle((40, 530, 760, 770), radius=28, fill=(255, 255, 255))
            self._pill(draw, "USA · 美国原产" if self.has_cjk else "Made in USA", colour)
            text_top, text_colour = 548, _shade(colour, 0.45)
        else:
            pale = _shade(colour, 1.75)
            for row in range(4):
                for col in range(4):
                    self._motif(draw, motif, 100 + col * 200, 80 + row * 130, 42, fill=pale, accent=_shade(colour, 1.4))
            draw.rounded_rectangle((40, 420, 760, 770), radius=28, fill=colour)
            text_top, text_colour = 450, (255, 255, 255)
        y = text_top
        if self.has_cjk:
            y = self._text(draw, title_zh, y, weight="Bold", sizes=(50, 44, 38, 32), fill=text_colour, max_lines=2)
            y += 10
        y = self._text(draw, title_en, y, weight="Regular", sizes=(30, 26, 22), fill=text_colour, max_lines=2)
        self._text(draw, maker, max(y + 8, 720 if layout == 0 else 715), weight="Regular", sizes=(22, 18),
                   fill=_shade(text_colour, 0.8) if layout == 0 else (245, 240, 230), max_lines=1)
        buf = io.BytesIO()
        image.save(buf, "JPEG", quality=92)
        return buf.getvalue()

    # text ------------------------------------------------------------------------------------
    @staticmethod
    def _wrap(draw, text: str, font, width: int) -> list[str]:
        """Greedy wrap at spaces (Chinese titles use them between phrases); a phrase wider
        than a line is broken between characters / Latin words."""
        def fits(s: str) -> bool:
            return draw.textlength(s, font=font) <= width

        lines, line = [], ""
        for word in text.split():
            candidate = f"{line} {word}" if line else word
            if fits(candidate):
                line = candidate
                continue
            if line:
                lines.append(line)
                line = ""
            if fits(word):
                line = word
                continue
            for token in _TOKEN.findall(word):
                if line and not fits(line + token):
                    lines.append(line)
                    line = token
                else:
                    line += token
        if line:
            lines.append(line)
        return lines

    def _text(self, draw, text, y, *, weight, sizes, fill, max_lines, width=660) -> int:
        for size in sizes:
            font = _font(weight, size)
            lines = self._wrap(draw, text, font, width)
            if len(lines) <= max_lines:
                break
        if len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = lines[-1][:-1] + "…"
        for line in lines:
            draw.text((SIZE // 2, y), line, font=font, fill=fill, anchor="ma")
            y += int(size * 1.3)
        return y

    def _pill(self, draw, label: str, colour) -> None:
        font = _font("Bold", 24)
        w = int(draw.textlength(label, font=font))
        draw.rounded_rectangle((36, 32, 36 + w + 36, 76), radius=22, fill=(255, 255, 255))
        draw.text((54, 54), label, font=font, fill=_shade(colour, 0.5), anchor="lm")

    # motifs -------------------------------------------------------------------------------
    @staticmethod
    def _motif(draw, motif: str, cx: int, cy: int, r: int, *, fill, accent) -> None:
        def box(x0, y0, x1, y1):
            return (cx + x0 * r, cy + y0 * r, cx + x1 * r, cy + y1 * r)

        if motif == "strips":
            for i, dx in enumerate((-0.55, 0, 0.55)):
                x, top = cx + dx * r, cy - r * (0.8 - 0.1 * i)
                draw.polygon([(x - 0.18 * r, top), (x + 0.2 * r, top + 0.08 * r),
                              (x + 0.14 * r, cy + 0.85 * r), (x - 0.22 * r, cy + 0.78 * r)], fill=fill)
                draw.line([(x - 0.05 * r, top + 0.2 * r), (x - 0.02 * r, cy + 0.6 * r)], fill=accent, width=max(2, r // 30))
        elif motif == "root":
            draw.ellipse(box(-0.22, -0.9, 0.22, 0.35), fill=fill)
            for (x0, y0, x1, y1) in ((-0.1, 0.2, -0.55, 0.9), (0.1, 0.2, 0.5, 0.95), (0, 0.3, 0.05, 1.0)):
                draw.line([(cx + x0 * r, cy + y0 * r), (cx + x1 * r, cy + y1 * r)], fill=fill, width=max(3, r // 9))
            for k in range(4):
                yy = cy + (-0.6 + 0.25 * k) * r
                draw.arc((cx - 0.2 * r, yy - 0.05 * r, cx + 0.2 * r, yy + 0.05 * r), 0, 180, fill=accent, width=max(1, r // 40))
        elif motif == "berries":
            for (dx, dy) in ((-0.45, 0.1), (0.1, -0.35), (0.45, 0.25), (-0.05, 0.45), (-0.35, -0.45), (0.5, -0.5)):
                rr = 0.32
                draw.ellipse(box(dx - rr, dy - rr, dx + rr, dy + rr), fill=fill, outline=accent, width=max(1, r // 40))
                draw.ellipse(box(dx - 0.14, dy - 0.2, dx - 0.04, dy - 0.1), fill=accent)
        elif motif == "grains":
            for k in range(22):
                dx, dy = ((k * 37) % 17) / 8.5 - 1, ((k * 53) % 19) / 9.5 - 1
                draw.ellipse(box(dx * 0.85 - 0.09, dy * 0.85 - 0.2, dx * 0.85 + 0.09, dy * 0.85 + 0.2), fill=fill)
        elif motif == "jar":
            draw.rounded_rectangle(box(-0.6, -0.55, 0.6, 0.95), radius=max(4, r // 5), fill=fill)
            draw.rectangle(box(-0.5, -0.85, 0.5, -0.55), fill=accent)
            draw.rectangle(box(-0.6, -0.05, 0.6, 0.45), fill=accent)
        elif motif == "wedge":
            draw.polygon([(cx - r, cy + 0.7 * r), (cx + r, cy + 0.7 * r), (cx + 0.7 * r, cy - 0.8 * r)], fill=fill)
            for (dx, dy, rr) in ((0.2, 0.2, 0.14), (0.55, -0.2, 0.09), (-0.35, 0.45, 0.1), (0.6, 0.45, 0.07)):
                draw.ellipse(box(dx - rr, dy - rr, dx + rr, dy + rr), fill=accent)
        elif motif == "bottle":
            draw.rounded_rectangle(box(-0.38, -0.25, 0.38, 1.0), radius=max(4, r // 8), fill=fill)
            draw.rectangle(box(-0.13, -0.85, 0.13, -0.2), fill=fill)
            draw.rectangle(box(-0.16, -1.0, 0.16, -0.8), fill=accent)
            draw.rectangle(box(-0.38, 0.2, 0.38, 0.6), fill=accent)
        elif motif == "capsules":
            for (dx, dy) in ((-0.45, -0.3), (0.35, 0.05), (-0.2, 0.55)):
                draw.rounded_rectangle(box(dx - 0.45, dy - 0.18, dx + 0.45, dy + 0.18), radius=max(3, int(0.18 * r)), fill=fill)
                draw.rounded_rectangle(box(dx, dy - 0.18, dx + 0.45, dy + 0.18), radius=max(3, int(0.18 * r)), fill=accent)
        elif motif == "tin":
            draw.ellipse(box(-0.85, -0.85, 0.85, 0.85), fill=fill)
            draw.ellipse(box(-0.6, -0.6, 0.6, 0.6), outline=accent, width=max(2, r // 25))
            draw.ellipse(box(-0.15, -0.15, 0.15, 0.15), fill=accent)
        elif motif == "flame":
            draw.rounded_rectangle(box(-0.45, -0.2, 0.45, 1.0), radius=max(3, r // 12), fill=fill)
            draw.line([(cx, cy - 0.2 * r), (cx, cy - 0.4 * r)], fill=accent, width=max(2, r // 40))
            draw.ellipse(box(-0.14, -0.85, 0.14, -0.38), fill=(255, 196, 64))
        else:  # barn
            draw.polygon([(cx - 0.85 * r, cy - 0.1 * r), (cx, cy - 0.85 * r), (cx + 0.85 * r, cy - 0.1 * r),
                          (cx + 0.85 * r, cy + 0.9 * r), (cx - 0.85 * r, cy + 0.9 * r)], fill=fill)
            draw.rectangle(box(-0.3, 0.25, 0.3, 0.9), outline=accent, width=max(2, r // 25))
            draw.line([(cx - 0.3 * r, cy + 0.25 * r), (cx + 0.3 * r, cy + 0.9 * r)], fill=accent, width=max(2, r // 25))
            draw.line([(cx + 0.3 * r, cy + 0.25 * r), (cx - 0.3 * r, cy + 0.9 * r)], fill=accent, width=max(2, r // 25))
