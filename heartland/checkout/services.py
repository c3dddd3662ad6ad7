"""Writes for carts and checkout. Submit locks the quote, holds stock and opens the payment."""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from heartland.catalog import text
from heartland.catalog.models import Variant
from heartland.catalog.selectors import visible_variant_ids
from heartland.core.crypto import encrypt, lookup_hash
from heartland.core.errors import DomainError
from heartland.core.i18n import gettext_format_lazy
from heartland.inventory.selectors import stock_by_variant
from heartland.inventory.services import SoldOut
from heartland.markets.models import Market
from heartland.markets.pricing import price_for
from heartland.orders.models import BUYER_ID_BY_MARKET, Order
from heartland.orders.placement import annual_used, place_order

from .models import MAX_LINE_QUANTITY, Address, BuyerIdentity, Cart, CartLine
from .validation import Consignee

CART_TOKEN = "cart_token"


# --- carts --------------------------------------------------------------------------------
def cart_for_request(request, *, create: bool = False) -> Cart | None:
    """The signed-in shopper's cart, else the visitor's (a token kept in the session, which
    survives the session-key change at sign-in so the carts can be merged)."""
    if request.user.is_authenticated:
        if create:
            return Cart.objects.get_or_create(user=request.user)[0]
        return Cart.objects.filter(user=request.user).first()
    token = request.session.get(CART_TOKEN)
    if token is None:
        if not create:
            return None
        token = request.session[CART_TOKEN] = secrets.token_urlsafe(24)
    if create:
        return Cart.objects.get_or_create(session_key=token)[0]
    return Cart.objects.filter(session_key=token).first()


def _check_quantity(quantity: int) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= MAX_LINE_QUANTITY:
        raise DomainError("quantity", gettext_format_lazy(gettext_noop("Quantity must be between 1 and %(max)s."),
                                                          max=MAX_LINE_QUANTITY))
    return quantity


@transaction.atomic
def add_to_cart(*, cart: Cart, variant: Variant, quantity: int = 1) -> None:
    _check_quantity(quantity)
    if not visible_variant_ids([variant.pk]):
        raise DomainError("unavailable", _("This product is not for sale."))
    _upsert_line(cart.pk, variant.pk, quantity)
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())


def _upsert_line(cart_id: int, variant_id: int, quantity: int) -> None:
    """Add ``quantity`` of a variant to a cart: one statement, new line or not; quantities add
    up to at most MAX_LINE_QUANTITY, and two racing requests for the same variant both count
    (the unique (cart, variant) decides)."""
    table = CartLine._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (cart_id, variant_id, quantity, added_at) VALUES (%s, %s, %s, %s) "
            f"ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = CASE "
            f"WHEN {table}.quantity + EXCLUDED.quantity > %s THEN %s ELSE {table}.quantity + EXCLUDED.quantity END",
            [cart_id, variant_id, quantity, connection.ops.adapt_datetimefield_value(timezone.now()),
             MAX_LINE_QUANTITY, MAX_LINE_QUANTITY])


@transaction.atomic
def set_line_quantity(*, cart: Cart, line_id: int, quantity: int) -> None:
    line = CartLine.objects.select_for_update().filter(cart=cart, pk=line_id).first()
    if line is None:
        raise DomainError("not_found", _("That item is no longer in your cart."))
    if quantity == 0:
        line.delete()
        return
    line.quantity = _check_quantity(quantity)
    line.save(update_fields=["quantity"])


@transaction.atomic
def merge_carts(*, source: Cart, into: Cart) -> None:
    """Sign-in: the anonymous cart's lines join the account's cart (quantities add up)."""
    if source.pk == into.pk:
        return
    for line in source.lines.select_for_update():
        _upsert_line(into.pk, line.variant_id, line.quantity)
    source.delete()


# --- quota --------------------------------------------------------------------------------
FORM_EXPIRED = _("This checkout form has expired; reload the page.")


# --- submit -------------------------------------------------------------------------------
@dataclass
class LineProblem:
    variant_id: int
    message: str  # in the shopper's language


@dataclass
class CheckoutRefused(Exception):
    code: str
    message: str  # in the shopper's language
    lines: list[LineProblem] = field(default_factory=list)

    def __str__(self) -> str:
        return str(self.message)


def new_idempotency_key() -> str:
    return secrets.token_urlsafe(24)


def cart_lines(cart: Cart) -> list[CartLine]:
    """The cart's lines, oldest first, with their variants, products and farms (one query)."""
    return list(cart.lines.select_related("variant__product__merchant").order_by("added_at", "id"))


def submit_checkout(*, user, cart: Cart, market: Market, consignee: Consignee, real_name: str, id_number: str,
                    idempotency_key: str, service_level: str | None = None, save_address: bool = True,
                    lines: list[CartLine] | None = None, key_unused: bool = False) -> Order:
    """Lock the quote and create the order, holding its stock. The same key always gives the same order.

    ``real_name``/``id_number``: in CN the orderer's real name and resident ID (required); in KR the
    recipient's name and Personal Customs Clearance Code; elsewhere the consignee's name and "".
    ``lines``: the cart's lines as ``cart_lines`` read them in this request (read here otherwise);
    ``key_unused``: the caller has just found no order with this key (looked up otherwise) — a
    twin request that wins the race meanwhile is still caught by the key's unique constraint."""
    if consignee.country != market.code:
        raise DomainError("country", _("The delivery address must be in the market you shop in."), field="name")
    if not idempotency_key or len(idempotency_key) > 64:
        raise DomainError("idempotency", FORM_EXPIRED)
    if not key_unused:
        existing = Order.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            if existing.user_id != user.pk:
                raise DomainError("idempotency", FORM_EXPIRED)
            return existing
    lines = [(line.variant, line.quantity) for line in (cart_lines(cart) if lines is None else lines)]
    if not lines:
        raise CheckoutRefused("empty", _("Your cart is empty."))
    # Unpublished lines are refused now; stock is checked where it is taken (``reserve``, one
    # conditional UPDATE per line), and a line it cannot hold is named below.
    visible = visible_variant_ids(v.pk for v, _ in lines)
    if len(visible) < len({v.pk for v, _ in lines}):
        raise CheckoutRefused("cart_changed", _("Some items changed; check your cart."), cart_problems(lines))
    if market.code == "CN" and not id_number:
        raise DomainError("id_number", _("Enter the 18-character resident ID number."), field="id_number")
    if service_level is not None and service_level not in (market.service_levels or ["standard"]):
        raise DomainError("service_level", _("Choose one of the delivery options offered."), field="service_level")
    id_hash = lookup_hash(id_number) if id_number else ""
    quote = price_for(lines, market, service_level=service_level, annual_used=annual_used(id_hash=id_hash, market=market))
    if not quote.available:
        raise CheckoutRefused(quote.unavailable.code, quote.unavailable.message)
    if quote.indicative:
        raise CheckoutRefused("stale_rate", _("Today's exchange rate is not in yet; checkout opens when it is."))
    if not quote.allowed:
        problems = [LineProblem(lines[r.line][0].pk if r.line is not None else 0, text.reason_message(r))
                    for r in quote.reasons]
        first = quote.reasons[0]
        raise CheckoutRefused(first.code, text.reason_message(first), problems)
    try:
        with transaction.atomic():
            # The address book and the cart first, the order (its stock holds last) after: a hold
            # locks its stock row until the commit, and a popular item's row is where shoppers
            # queue, so nothing else runs between the holds and the commit. All or nothing.
            if save_address:
                _remember(user=user, consignee=consignee, real_name=real_name, id_number=id_number, id_hash=id_hash,
                          id_type=BUYER_ID_BY_MARKET.get(market.code, ""))
            cart.lines.all().delete()
            order = place_order(user=user, market=market, consignee=consignee, real_name=real_name, id_number=id_number,
                                id_hash=id_hash, idempotency_key=idempotency_key, quote=quote, lines=lines)
    except SoldOut:  # nothing was written: name the lines short of stock, as the cart shows them
        problems = cart_problems(lines)
        raise CheckoutRefused("cart_changed", _("Some items changed; check your cart."),
                              problems or [LineProblem(0, _("Sold out."))]) from None
    except IntegrityError:
        existing = Order.objects.filter(idempotency_key=idempotency_key, user=user).first()
        if existing is not None:  # a double click that lost the race to its twin
            return existing
        raise
    return order


def cart_problems(lines) -> list[LineProblem]:
    """Lines that became unsellable since they were added: unpublished, or not enough stock."""
    visible = visible_variant_ids(v.pk for v, _ in lines)
    stock = stock_by_variant(variant_ids=[v.pk for v, _ in lines])
    out = []
    for variant, qty in lines:
        if variant.pk not in visible:
            out.append(LineProblem(variant.pk, _("No longer for sale.")))
        elif stock.get(variant.pk, 0) < qty:
            left = max(stock.get(variant.pk, 0), 0)
            out.append(LineProblem(variant.pk, gettext_format_lazy(gettext_noop("Only %(left)s left."), left=left) if left
                                   else _("Sold out.")))
    return out


def _remember(*, user, consignee: Consignee, real_name: str, id_number: str, id_hash: str, id_type: str) -> None:
    exists = Address.objects.filter(user=user, country=consignee.country, name=consignee.name, phone=consignee.phone,
                                    street=consignee.street, postcode=consignee.postcode).exists()
    if not exists:
        first = not Address.objects.filter(user=user).exists()
        Address.objects.create(user=user, country=consignee.country, name=consignee.name, phone=consignee.phone,
                               region=consignee.region, city=consignee.city, district=consignee.district,
                               street=consignee.street, postcode=consignee.postcode, is_default=first)
    if not id_number or not id_type:
        return
    known = BuyerIdentity.objects.filter(user=user, id_number_hash=id_hash).values_list("real_name", flat=True).first()
    if known is None:
        saved, created = BuyerIdentity.objects.get_or_create(
            user=user, id_number_hash=id_hash,
            defaults={"real_name": real_name, "id_number_encrypted": encrypt(id_number), "id_type": id_type})
        known = real_name if created else saved.real_name
    if known != real_name:
        BuyerIdentity.objects.filter(user=user, id_number_hash=id_hash).exclude(real_name=real_name).update(
            real_name=real_name)
