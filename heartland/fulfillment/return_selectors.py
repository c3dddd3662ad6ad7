"""Reads for returns: what a shopper may still send back of a farm's part, and the returns a
shopper or a farm may see — a shopper only their own orders' returns, a farm only its parts'."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_noop

from heartland.orders import states as order_states
from heartland.orders.models import MerchantOrder, OrderEvent, OrderLine

from . import states
from .models import Return, ReturnLine, ReturnPhoto, ReturnTrackingEvent, Shipment
from .rules.returns import ReturnWindow, window_for

# Why a part cannot be returned (English msgids; the shopper sees them translated).
NOT_DELIVERED = gettext_noop("Goods can be returned once they are delivered.")
NO_RETURNS_HERE = gettext_noop("Returns are not offered for this market.")
WINDOW_CLOSED = gettext_noop("The return window has closed.")
NOTHING_LEFT = gettext_noop("Everything in this parcel is already being returned.")


@dataclass(frozen=True)
class ReturnableLine:
    line: OrderLine
    bought: int
    taken: int          # units in returns that are open or refunded

    @property
    def available(self) -> int:
        return max(self.bought - self.taken, 0)


@dataclass(frozen=True)
class ReturnOffer:
    """What the shopper may send back of one part now, and until when (or why not)."""

    window: ReturnWindow | None
    opened_at: datetime | None
    closes_at: datetime | None
    lines: tuple[ReturnableLine, ...]
    refusal: str = ""   # an English msgid: why not (empty: a return may be asked for)

    @property
    def open(self) -> bool:
        return not self.refusal


def window_start(merchant_order: MerchantOrder, window: ReturnWindow) -> datetime | None:
    """When the window opened: customs' release (a mainland part) or the delivery."""
    target = order_states.RELEASED if window.starts == "released" else order_states.DELIVERED
    event = OrderEvent.objects.filter(merchant_order=merchant_order, to_status=target).order_by("at", "pk").first()
    if event is not None:
        return event.at
    if window.starts == "delivered":
        return Shipment.objects.filter(merchant_order=merchant_order).values_list("delivered_at", flat=True).first()
    return None


def units_taken(merchant_order: MerchantOrder) -> dict[int, int]:
    """{order line id: units in this part's returns that are open or refunded}."""
    rows = (ReturnLine.objects.filter(return_request__merchant_order=merchant_order,
                                      return_request__status__in=states.OPEN | {states.REFUNDED})
            .values("order_line_id").annotate(n=Sum("quantity")))
    return {r["order_line_id"]: r["n"] for r in rows}


def units_refunded(line_ids: Iterable[int], *, exclude_return: int | None = None) -> dict[int, int]:
    """{order line id: units earlier refunded returns gave money back for}."""
    qs = ReturnLine.objects.filter(order_line_id__in=list(line_ids), return_request__status=states.REFUNDED)
    if exclude_return is not None:
        qs = qs.exclude(return_request_id=exclude_return)
    return {r["order_line_id"]: r["n"] or 0 for r in qs.values("order_line_id").annotate(n=Sum("received"))}


def return_offer(merchant_order: MerchantOrder, *, now: datetime | None = None) -> ReturnOffer:
    now = now or timezone.now()
    window = window_for(merchant_order.order.market, timezone.localdate(now))
    taken = units_taken(merchant_order)
    lines = tuple(ReturnableLine(line=line, bought=line.quantity, taken=taken.get(line.pk, 0))
                  for line in merchant_order.lines.order_by("id"))
    if window is None:
        return ReturnOffer(None, None, None, lines, NO_RETURNS_HERE)
    if merchant_order.status not in (order_states.DELIVERED, order_states.COMPLETED):
        return ReturnOffer(window, None, None, lines, NOT_DELIVERED)
    opened = window_start(merchant_order, window)
    if opened is None:
        return ReturnOffer(window, None, None, lines, NOT_DELIVERED)
    closes = window.closes(opened)
    if now > closes:
        return ReturnOffer(window, opened, closes, lines, WINDOW_CLOSED)
    if not any(line.available for line in lines):
        return ReturnOffer(window, opened, closes, lines, NOTHING_LEFT)
    return ReturnOffer(window, opened, closes, lines)


def _with_details(qs: QuerySet[Return]) -> QuerySet[Return]:
    return qs.select_related("merchant_order__order", "merchant_order__merchant", "shipment").prefetch_related(
        Prefetch("lines", queryset=ReturnLine.objects.select_related("order_line").order_by("id")),
        "photos", "events")


def returns_for_parts(part_ids: Iterable[int]) -> dict[int, list[Return]]:
    found: dict[int, list[Return]] = {}
    for ret in _with_details(Return.objects.filter(merchant_order_id__in=list(part_ids)).order_by("created_at", "pk")):
        found.setdefault(ret.merchant_order_id, []).append(ret)
    return found


def return_for_shopper(*, user, pk: int) -> Return:
    """One of the shopper's own returns (404 for anyone else's)."""
    return get_object_or_404(_with_details(Return.objects.filter(merchant_order__order__user=user)), pk=pk)


def returns_for_merchant(*, merchant, status: str = "") -> QuerySet[Return]:
    qs = _with_details(Return.objects.filter(merchant_order__merchant=merchant))
    return qs.filter(status=status) if status else qs


def return_for_merchant(*, merchant, pk: int) -> Return:
    """One return of the farm's own parts (404 for another farm's)."""
    return get_object_or_404(returns_for_merchant(merchant=merchant), pk=pk)


def photo_of(ret: Return, photo_pk: int) -> ReturnPhoto:
    return get_object_or_404(ReturnPhoto, return_request=ret, pk=photo_pk)


def return_events(ret: Return) -> list[ReturnTrackingEvent]:
    shipment = getattr(ret, "shipment", None)
    return list(shipment.events.order_by("-occurred_at", "-id")) if shipment else []


def part_for_shopper(*, user, number: str) -> MerchantOrder:
    """A farm's part of one of the shopper's own orders (404 otherwise)."""
    return get_object_or_404(MerchantOrder.objects.select_related("order", "merchant"), number=number,
                             order__user=user)
