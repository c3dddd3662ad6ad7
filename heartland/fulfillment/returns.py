"""Returns — the writes: a shopper asks, the farm accepts (a return shipment is booked with the
carrier) or refuses, the parcel is received (the carrier's delivery or the farm's word), the farm
confirms what came back and the shopper is refunded (``orders.services.refund_return``) while
resellable units go back on the shelf (``inventory.services.restock_returned``).

Keyword-only; one transaction each; every step is a ``ReturnEvent`` checked against ``states.py``.
Messages a shopper may see are English msgids translated for the request's language; the farm's
are English (the portal is English).
"""
from __future__ import annotations

import io
import logging
import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from PIL import ImageOps

from heartland.catalog.services import validate_image
from heartland.core.errors import DomainError
from heartland.inventory.services import restock_returned
from heartland.landedcost.money import quantize
from heartland.orders import services as order_services
from heartland.orders import states as order_states
from heartland.orders.models import MerchantOrder
from heartland.orders.refunds import refundable

from . import return_selectors, states
from .carriers import Address, BookingRequest, Carrier, CarrierError, ContentLine, Parcel, TrackingUpdate, get_carrier
from .models import Return, ReturnEvent, ReturnLine, ReturnPhoto, ReturnShipment, ReturnTrackingEvent
from .rules.returns import LineShare, RefundAmounts, refund_for
from .services import TrackingResult, store_tracking

logger = logging.getLogger("heartland.fulfillment")

MAX_PHOTOS = 5
MAX_PHOTO_SIDE = 2000
MAX_REASON = 2000
# What the shopper reads beside the refund (translated on the order page).
RETURN_REFUND_REASON = gettext_noop("Goods returned to the farm: refunded.")


def _record(ret: Return, *, to: str, event: str, by=None, reason: str = "") -> None:
    """Move a locked return and write its audit row."""
    try:
        states.check(ret.status, to, event)
    except states.IllegalTransition as exc:
        raise DomainError("illegal_transition", str(exc)) from None
    ReturnEvent.objects.create(return_request=ret, from_status=ret.status, to_status=to, event=event, by=by,
                               reason=reason)
    ret.status = to
    ret.save(update_fields=["status", "updated_at"])


def _locked(ret: Return) -> Return:
    return Return.objects.select_for_update().select_related("merchant_order__order", "merchant_order__merchant").get(
        pk=ret.pk)


# --- the shopper asks ---------------------------------------------------------------------------------
def _clean_quantities(offer: return_selectors.ReturnOffer, quantities: Mapping[int, object]) -> list[tuple]:
    by_id = {r.line.pk: r for r in offer.lines}
    chosen = []
    for line_id, raw in quantities.items():
        if raw in (None, "", 0, "0"):
            continue
        row = by_id.get(int(line_id)) if str(line_id).isdigit() else None
        if row is None:
            raise DomainError("line_unknown", _("That item is not in this parcel."), field="lines")
        try:
            units = int(str(raw))
        except ValueError:
            raise DomainError("quantity_invalid", _("Give each quantity as a whole number."), field="lines") from None
        if units < 0:
            raise DomainError("quantity_invalid", _("Give each quantity as a whole number."), field="lines")
        if units > row.available:
            raise DomainError("too_many", _("At most %(n)s of “%(item)s” can be returned.")
                              % {"n": row.available, "item": row.line.title_en}, field="lines")
        if units:
            chosen.append((row.line, units))
    if not chosen:
        raise DomainError("nothing_chosen", _("Choose what you are sending back."), field="lines")
    return chosen


def _photo_content(upload, n: int) -> tuple[bytes, str, str, int, int]:
    """Checked like a product image (Pillow, size and pixel limits), re-encoded — which drops its
    metadata (a phone photo's location) and anything appended to the file — and scaled down."""
    try:
        image, _ext = validate_image(upload)
    except DomainError as exc:
        if exc.code == "image_too_large":
            raise DomainError(exc.code, _("Photo %(n)s is too large.") % {"n": n}, field="photos") from None
        raise DomainError(exc.code, _("Photo %(n)s is not an image we can read (use JPEG, PNG, WebP or GIF).")
                          % {"n": n}, field="photos") from None
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() or image.mode == "P" else "RGB")
    image.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
    fmt, ext, content_type = ("PNG", "png", "image/png") if image.mode == "RGBA" else ("JPEG", "jpg", "image/jpeg")
    buf = io.BytesIO()
    image.save(buf, fmt, **({"quality": 85} if fmt == "JPEG" else {"optimize": True}))
    return buf.getvalue(), ext, content_type, image.width, image.height


def request_return(*, merchant_order: MerchantOrder, user, quantities: Mapping[int, object], reason: str,
                   unused: bool, photos: Sequence = (), now: datetime | None = None) -> Return:
    """The shopper asks to send back ``quantities`` ({order line id: units}) of a delivered part of
    their own order, within the market's window, confirming the goods are unused."""
    reason = (reason or "").strip()
    with transaction.atomic():
        mo = MerchantOrder.objects.select_for_update().select_related("order", "merchant").get(pk=merchant_order.pk)
        if mo.order.user_id != getattr(user, "pk", None):
            raise DomainError("not_yours", _("This order is not yours."))
        offer = return_selectors.return_offer(mo, now=now)
        if not offer.open:
            raise DomainError("not_returnable", _(offer.refusal))
        chosen = _clean_quantities(offer, quantities)
        if not reason:
            raise DomainError("reason_required", _("Tell the farm why you are sending it back."), field="reason")
        if len(reason) > MAX_REASON:
            raise DomainError("reason_too_long", _("Keep the reason under %(n)s characters.") % {"n": MAX_REASON},
                              field="reason")
        if not unused:
            raise DomainError("unused_required", _("Only unused goods can be returned: confirm they are unused."),
                              field="unused")
        if len(photos) > MAX_PHOTOS:
            raise DomainError("photos_too_many", _("At most %(n)s photos.") % {"n": MAX_PHOTOS}, field="photos")
        encoded = [_photo_content(upload, n) for n, upload in enumerate(photos, start=1)]
        window = offer.window
        ret = Return.objects.create(
            merchant_order=mo, requested_by=user, status=states.NEW, reason=reason, unused_confirmed=True,
            window_days=window.days, window_starts=window.starts, window_kind=window.kind,
            window_source=window.source, window_closes_at=offer.closes_at)
        ReturnLine.objects.bulk_create(ReturnLine(return_request=ret, order_line=line, quantity=units)
                                       for line, units in chosen)
        for content, ext, content_type, width, height in encoded:
            photo = ReturnPhoto(return_request=ret, content_type=content_type, width=width, height=height)
            photo.image.save(f"{os.urandom(16).hex()}.{ext}", ContentFile(content), save=False)
            photo.save()
        _record(ret, to=states.REQUESTED, event="shopper", by=user)
    return ret


# --- the farm decides ---------------------------------------------------------------------------------
def refuse_return(*, return_request: Return, by, reason: str, event: str = "merchant") -> Return:
    """The farm (or an operator) refuses a return asked for, or one received with nothing to refund."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError("reason_required", "Say why (the shopper reads it).", field="reason")
    with transaction.atomic():
        ret = _locked(return_request)
        _record(ret, to=states.REFUSED, event=event, by=by, reason=reason[:2000])
        ret.refusal_reason = reason[:2000]
        ret.save(update_fields=["refusal_reason", "updated_at"])
    return ret


def cancel_return(*, return_request: Return, by, reason: str) -> Return:
    """An operator's override: the return stops (it was asked for by mistake, settled elsewhere…)."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError("reason_required", "Say why (the shopper reads it).", field="reason")
    with transaction.atomic():
        ret = _locked(return_request)
        _record(ret, to=states.CANCELLED, event="operator", by=by, reason=reason[:2000])
    return ret


def accept_return(*, return_request: Return, by, carrier: str | None = None) -> Return:
    """The farm accepts; the return shipment is then booked with the carrier. If the carrier does
    not book it, the return stays accepted with the carrier's answer (``booking_error``): the farm
    books again, or takes the parcel back its own way and marks it received."""
    with transaction.atomic():
        ret = _locked(return_request)
        _record(ret, to=states.ACCEPTED, event="merchant", by=by)
    book_return_shipment(return_request=ret, carrier=carrier)
    ret.refresh_from_db()
    return ret


def _parcel_weight(ret: Return) -> Decimal:
    """An estimate (the carrier weighs the parcel): the outbound weight times the share of units going
    back, at least 100 g."""
    mo = ret.merchant_order
    shipment = getattr(mo, "shipment", None)
    total_units = sum(line.quantity for line in mo.lines.all()) or 1
    back = sum(line.quantity for line in ret.lines.all())
    outbound = shipment.weight_kg if shipment is not None else Decimal("1.000")
    return max((outbound * back / total_units).quantize(Decimal("0.001")), Decimal("0.100"))


def return_booking_request(ret: Return) -> BookingRequest:
    mo, order = ret.merchant_order, ret.merchant_order.order
    merchant = mo.merchant
    shopper = Address(name=order.consignee_name, phone=order.consignee_phone, lines=(order.consignee_address,),
                      city=" ".join(x for x in (order.consignee_city, order.consignee_district) if x),
                      region=order.consignee_region, postcode=order.consignee_postcode,
                      country=order.consignee_country)
    farm = Address(name=merchant.contact_name or merchant.trading_name, company=merchant.legal_name,
                   phone=merchant.contact_phone,
                   lines=tuple(x for x in (merchant.address_line1, merchant.address_line2) if x),
                   city=merchant.city, region=merchant.state, postcode=merchant.zip_code, country="US")
    contents = tuple(
        ContentLine(description=f"Returned goods: {rl.order_line.title_en}", hs_code=rl.order_line.hs_code,
                    quantity=rl.quantity, value_usd=rl.order_line.unit_price_usd * rl.quantity,
                    origin=(rl.order_line.variant.country_of_origin if rl.order_line.variant else "US") or "US")
        for rl in ret.lines.select_related("order_line__variant").order_by("id"))
    shipment = getattr(mo, "shipment", None)
    return BookingRequest(reference=f"{mo.number}-R{ret.pk}",
                          service_level=shipment.service_level if shipment else order.service_level,
                          shipper=shopper, consignee=farm, parcels=(Parcel(_parcel_weight(ret)),), contents=contents)


def book_return_shipment(*, return_request: Return, carrier: str | None = None) -> ReturnShipment | None:
    """Book the parcel going back (from the consignee to the farm) and tell the shopper its waybill.
    None when the carrier did not book it (its answer is kept on the return for the farm)."""
    with transaction.atomic():
        ret = _locked(return_request)
        if ret.status != states.ACCEPTED or ReturnShipment.objects.filter(return_request=ret).exists():
            raise DomainError("not_bookable", "Only an accepted return without a return shipment can be booked.")
        try:
            provider: Carrier = get_carrier(carrier)
            booking = provider.book(return_booking_request(ret))
        except CarrierError as exc:
            logger.warning("return %s not booked: %s", ret.pk, exc)
            ret.booking_error = f"The carrier did not book the return: {exc}"[:300]
            ret.save(update_fields=["booking_error", "updated_at"])
            return None
        try:
            with transaction.atomic():
                shipment = ReturnShipment.objects.create(
                    return_request=ret, carrier=provider.code, tracking_number=booking.tracking_number,
                    carrier_reference=booking.carrier_reference, label=booking.label, booked_at=timezone.now())
                _record(ret, to=states.SHIPPING, event="carrier",
                        reason=f"{provider.code} {booking.tracking_number}")
                ret.booking_error = ""
                ret.save(update_fields=["booking_error", "updated_at"])
        except Exception:
            try:
                provider.cancel(booking.tracking_number)
            except CarrierError:
                logger.exception("return booking %s not recorded and not cancelled", booking.tracking_number)
            raise
    return shipment


# --- the parcel arrives --------------------------------------------------------------------------------
def mark_received(*, return_request: Return, by) -> Return:
    """The farm has the parcel (brought back without our label, or before the carrier said so)."""
    with transaction.atomic():
        ret = _locked(return_request)
        if ret.status == states.RECEIVED:
            return ret
        _record(ret, to=states.RECEIVED, event="merchant", by=by)
    return ret


def record_return_tracking(*, carrier: str, updates: Sequence[TrackingUpdate]) -> TrackingResult:
    """The carrier's events for return parcels, each stored once; a delivery means the farm has it."""

    def delivered(shipment, update) -> None:
        ret = Return.objects.select_for_update().get(pk=shipment.return_request_id)
        if ret.status == states.SHIPPING:
            _record(ret, to=states.RECEIVED, event="carrier", reason=f"{carrier} {update.tracking_number}")

    return store_tracking(carrier=carrier, updates=updates, shipments=ReturnShipment, events=ReturnTrackingEvent,
                          on_delivered=delivered)


# --- the farm confirms: refund and restock ----------------------------------------------------------------
def refund_amounts(ret: Return, received: Mapping[int, int]) -> RefundAmounts:
    """What a return refunds for ``received`` ({return line id: units that came back}): the goods
    and their share of the tax the shopper paid (CBEC: a return within the window is not taxed)."""
    lines = list(ret.lines.select_related("order_line"))
    before = return_selectors.units_refunded([rl.order_line_id for rl in lines], exclude_return=ret.pk)
    currency = ret.merchant_order.order.currency
    return refund_for([LineShare(goods=rl.order_line.goods, tax=rl.order_line.total_tax,
                                 quantity=rl.order_line.quantity, refunded_before=before.get(rl.order_line_id, 0),
                                 returned=received.get(rl.pk, 0)) for rl in lines], currency)


def confirm_return(*, return_request: Return, by, counts: Mapping[int, tuple[int, int]],
                   event: str = "merchant") -> Return:
    """The farm says what came back and what it can sell again ({return line id: (received,
    resellable)}): the shopper is refunded for what came back, resellable units go back in stock.
    Once: a return already refunded is left as it is (the same receipt twice refunds once)."""
    with transaction.atomic():
        ret = _locked(return_request)
        if ret.status == states.REFUNDED:
            return ret
        if ret.status != states.RECEIVED:
            raise DomainError("not_received", "Confirm what came back once the parcel has arrived.")
        lines = list(ret.lines.select_related("order_line__variant").order_by("id"))
        received: dict[int, int] = {}
        resellable: dict[int, int] = {}
        for rl in lines:
            got, good = counts.get(rl.pk, (0, 0))
            if not all(isinstance(x, int) and not isinstance(x, bool) for x in (got, good)):
                raise DomainError("count_invalid", "Give whole numbers of units.", field="counts")
            if not 0 <= got <= rl.quantity:
                raise DomainError("count_invalid", f"“{rl.order_line.title_en}”: between 0 and {rl.quantity} "
                                                   "units came back.", field="counts")
            if not 0 <= good <= got:
                raise DomainError("count_invalid", f"“{rl.order_line.title_en}”: resellable units are at most "
                                                   "the units that came back.", field="counts")
            received[rl.pk], resellable[rl.pk] = got, good
        if not any(received.values()):
            raise DomainError("nothing_received", "Nothing came back: refuse the return with a reason instead.",
                              field="counts")
        mo, order = ret.merchant_order, ret.merchant_order.order
        amounts = refund_amounts(ret, received)
        amount = min(amounts.amount, refundable(order=order, part=mo))
        if amount <= 0:
            raise DomainError("nothing_left", "Nothing of this part is left to refund.")
        limit_value = min(amounts.goods, amount) if order.market == "CN" else quantize(Decimal(0), order.currency)
        for rl in lines:
            rl.received, rl.resellable = received[rl.pk], resellable[rl.pk]
        ReturnLine.objects.bulk_update(lines, ["received", "resellable"])
        restock_returned(merchant=mo.merchant,
                         items=[(rl.order_line.variant, resellable[rl.pk]) for rl in lines
                                if rl.order_line.variant is not None and resellable[rl.pk]])
        order_services.refund_return(merchant_order=mo, amount=amount, limit_value=limit_value,
                                     reason=RETURN_REFUND_REASON, key=f"return:{ret.pk}", by=by)
        _record(ret, to=states.REFUNDED, event=event, by=by,
                reason=f"refunded {amount} {order.currency}; back in stock: {sum(resellable.values())}")
        ret.refund_amount, ret.refund_tax, ret.limit_value = amount, min(amounts.tax, amount), limit_value
        ret.save(update_fields=["refund_amount", "refund_tax", "limit_value", "updated_at"])
    return ret


def part_may_be_returned(mo: MerchantOrder) -> bool:
    return mo.status in (order_states.DELIVERED, order_states.COMPLETED)
