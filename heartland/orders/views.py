"""Shopper order pages: my orders, an order's detail and timeline, cancel before shipping."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from heartland.core.errors import DomainError

from . import selectors, services, signals, states
from .billing import redirect_to_payment
from .models import Order, RefundStatus

# What a shopper sees of a refund (a refused attempt is ours to retry or resolve: still on its way).
REFUND_LABELS = {
    RefundStatus.PENDING: gettext_noop("On its way back to you"),
    RefundStatus.FAILED: gettext_noop("On its way back to you"),
    RefundStatus.SUCCEEDED: gettext_noop("Refunded"),
    RefundStatus.RESOLVED: gettext_noop("Refunded by our support team"),
}


@login_required(login_url="/accounts/login/")
def order_list(request):
    return render(request, "orders/list.html", {"orders": selectors.orders_for_shopper(user=request.user)[:100]})


@login_required(login_url="/accounts/login/")
def order_detail(request, number):
    order = selectors.order_for_shopper(user=request.user, number=number)
    timeline = [{"event": e, "label": _(states.label(e.to_status))} for e in order.events.all()]
    refunds = [{"refund": r, "label": _(REFUND_LABELS[r.status])} for r in order.refunds.all()]
    extras: dict[int, list] = {}
    for _receiver, answer in signals.order_page.send(sender=Order, order=order, request=request):
        for part_id, html in (answer or {}).items():
            extras.setdefault(part_id, []).append(html)
    parts = [{"part": mo, "extras": extras.get(mo.pk, []),
              # The farm's part after payment: accepted, shipped, customs, delivered, refunded.
              "timeline": [{"event": e, "label": _(states.label(e.to_status))} for e in mo.events.all()
                           if e.to_status not in (states.PENDING_PAYMENT, states.PAID) and e.to_status != e.from_status]}
             for mo in order.merchant_orders.all()]
    return render(request, "orders/detail.html", {
        "order": order, "timeline": timeline, "status_label": _(states.label(order.status)), "refunds": refunds,
        "parts": parts,
        "can_cancel": services.shopper_can_cancel(order),
        "reason": _(order.reason) if order.reason else "",
    })


@login_required(login_url="/accounts/login/")
@require_POST
def cancel(request, number):
    order = get_object_or_404(Order, user=request.user, number=number)
    try:
        services.cancel_by_shopper(order=order, user=request.user)
        messages.success(request, _("The order is cancelled."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("orders:detail", number=number)


@login_required(login_url="/accounts/login/")
@require_POST
def pay(request, number):
    """Pay (again) for a pending order: the same payment, a fresh link to the cashier."""
    order = get_object_or_404(Order, user=request.user, number=number)
    if order.status != states.PENDING_PAYMENT:
        return redirect("orders:detail", number=number)
    return redirect_to_payment(request, order)
