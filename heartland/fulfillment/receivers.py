"""What fulfillment listens to: a mainland part released by customs gets the delivery the
carrier reported while it waited; the shopper's order page asks what to show under each farm's
part (the parcel's tracking, the returns and the way to ask for one)."""
from __future__ import annotations

from django.template.loader import render_to_string

from heartland.orders import states
from heartland.orders.signals import order_page, part_moved

from . import return_selectors, selectors, services
from . import states as return_states
from .text import milestone_label


def on_part_moved(sender, merchant_order, from_status, to_status, event, **kwargs) -> None:
    if to_status == states.RELEASED:
        services.apply_pending_delivery(merchant_order=merchant_order)


def _tracking_context(tracking):
    if tracking is None:
        return None
    return {"t": tracking, "status_label": milestone_label(tracking.status),
            "events": [{"e": e, "label": milestone_label(e.code)} for e in tracking.events]}


def _return_context(ret):
    shipment = getattr(ret, "shipment", None)
    return {"r": ret, "label": return_states.label(ret.status), "shipment": shipment,
            "shipment_label": milestone_label(shipment.status) if shipment else ""}


def on_order_page(sender, order, request, **kwargs) -> dict[int, str]:
    """{part id: html} — the tracking and returns of each farm's part, in the request's language."""
    parts = list(order.merchant_orders.all())
    returns = return_selectors.returns_for_parts(mo.pk for mo in parts)
    answer = {}
    for mo in parts:
        tracking = selectors.tracking_for(mo) if mo.status not in (states.PENDING_PAYMENT, states.PAID,
                                                                   states.ACCEPTED, states.CANCELLED) else None
        offer = return_selectors.return_offer(mo) if mo.status in (states.DELIVERED, states.COMPLETED) else None
        mine = returns.get(mo.pk, [])
        if tracking is None and not mine and (offer is None or not offer.open):
            continue
        answer[mo.pk] = render_to_string("fulfillment/order_part.html", {
            "mo": mo, "tracking": _tracking_context(tracking), "offer": offer if offer and offer.open else None,
            "returns": [_return_context(r) for r in mine]}, request=request)
    return answer


def connect() -> None:
    part_moved.connect(on_part_moved, dispatch_uid="fulfillment.apply_pending_delivery")
    order_page.connect(on_order_page, dispatch_uid="fulfillment.order_page")
