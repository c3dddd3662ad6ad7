"""Order transitions — the only way an order's state changes. Each is checked against
states.TRANSITIONS, written with an OrderEvent, and its side effects (e-mail, refunds
to the provider) sent on commit."""
from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from heartland.core.crypto import decrypt
from heartland.core.errors import DomainError
from heartland.inventory.services import convert_reservations, release_reservations, reserve, return_converted
from heartland.payments.identity import same_person

from . import signals, states
from .billing import close_payment
from .models import BUYER_ID_RESIDENT, MerchantOrder, Order, OrderEvent, OrderLine, OrderRefund
from .notifications import send_order_email
from .placement import over_annual_limit
from .refunds import owe_partial_refund, owe_refund

log = logging.getLogger(__name__)

# Why an order stopped, stored on the order and its events as the English msgid; pages and
# e-mails translate it (heartland/locale/).
LATE_PAYMENT = gettext_noop("Paid after the order was cancelled; the payment is refunded.")
PAYER_NOT_BUYER = gettext_noop("The payer is not the buyer: cross-border orders must be paid by the person who placed "
                               "them (GACC Announcement 194/2018); the payment is refunded.")
SOLD_OUT_WHILE_PAYING = gettext_noop("Sold out while you were paying; the payment is refunded.")
PAYMENT_NOT_COMPLETED = gettext_noop("Payment was not completed.")
CANCELLED_BY_SHOPPER = gettext_noop("Cancelled by the shopper.")
NOT_PAID_IN_TIME = gettext_noop("Not paid in time.")
OVER_ANNUAL_LIMIT = gettext_noop("This payment would take the buyer past China's annual limit for cross-border "
                                 "purchases; the payment is refunded.")


def _move(obj, *, to: str, event: str, by=None, reason: str = "") -> None:
    """Move an Order or MerchantOrder (already locked) and record it."""
    try:
        states.check(obj.status, to, event)
    except states.IllegalTransition as exc:
        raise DomainError("illegal_transition", str(exc)) from None
    order = obj if isinstance(obj, Order) else obj.order
    from_status = obj.status
    OrderEvent.objects.create(order=order, merchant_order=obj if isinstance(obj, MerchantOrder) else None,
                              from_status=from_status, to_status=to, event=event, by=by, reason=reason)
    obj.status = to
    fields = ["status", "updated_at"]
    if reason and to in (states.CANCELLED, states.REFUNDED):
        obj.reason = reason
        fields.append("reason")
    if isinstance(obj, Order) and to == states.PAID:
        obj.paid_at = timezone.now()
        fields.append("paid_at")
    obj.save(update_fields=fields)
    if isinstance(obj, MerchantOrder):  # the apps above (customs, fulfillment) hear of it on commit
        part = obj
        signals.part_moving.send(sender=MerchantOrder, merchant_order=part, from_status=from_status, to_status=to,
                                 event=event)
        transaction.on_commit(lambda: signals.part_moved.send(
            sender=MerchantOrder, merchant_order=part, from_status=from_status, to_status=to, event=event))


def _move_parts(order: Order, *, to: str, event: str, by=None, reason: str = "", skip_final: bool = False) -> None:
    """Lock each of the order's merchant parts and move it (the caller moves the order itself,
    before or after, as its flow needs). ``skip_final`` leaves parts already in a final state."""
    for mo in order.merchant_orders.select_for_update():
        if skip_final and mo.status in states.FINAL:
            continue
        _move(mo, to=to, event=event, by=by, reason=reason)


def _locked(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


def _notify(order: Order, kind: str) -> None:
    transaction.on_commit(lambda: send_order_email(order.pk, kind))


def identity_matches(order: Order, *, payer_name: str, payer_id_number: str) -> bool:
    """GACC Announcement 194/2018: the payer must be the orderer — ``payments.identity.same_person``,
    the one rule. Only a mainland (CN) order names an orderer by resident ID; other markets'
    orders may be paid by anyone."""
    if order.buyer_id_type != BUYER_ID_RESIDENT:
        return True
    return same_person(order.buyer_name, decrypt(order.buyer_id_encrypted), payer_name, payer_id_number)


@transaction.atomic
def record_payment(*, order: Order, payer_name: str, payer_id_number: str) -> Order:
    """The provider says the order is paid. Idempotent: a paid (or later) order is left alone.

    A payer who is not the buyer stops the order before customs and refunds it; so does a payment
    that would take a mainland buyer past the annual limit (checked again now, against what the
    buyer has paid meanwhile), and stock that was released while the shopper was paying and is
    gone now.
    """
    if order.market == "CN" and order.buyer_id_hash:
        # One buyer's payments are applied one at a time (rows locked in id order, so two never
        # wait for each other): the limit check below sees every earlier payment of theirs.
        list(Order.objects.select_for_update().filter(buyer_id_hash=order.buyer_id_hash, market="CN")
             .order_by("pk").values_list("pk", flat=True))
    order = _locked(order)
    if order.status == states.CANCELLED:
        # The money came after the order was given up (its hold expired): give it back.
        reason = LATE_PAYMENT
        OrderEvent.objects.create(order=order, from_status=order.status, to_status=order.status,
                                  event="late_payment", reason=reason)
        owe_refund(order=order, reason=reason, late=True)
        return order
    if order.status != states.PENDING_PAYMENT:
        return order
    if not identity_matches(order, payer_name=payer_name, payer_id_number=payer_id_number):
        _refund_whole(order, event="identity_mismatch", reason=PAYER_NOT_BUYER)
        return order
    if over_annual_limit(order):
        _refund_whole(order, event="annual_limit", reason=OVER_ANNUAL_LIMIT)
        return order
    converted = convert_reservations(reference=order.number)
    if converted == 0:
        # The hold expired before the money arrived: hold again, or give the money back.
        try:
            # The parts in their default order (newest first), each part's lines by id.
            lines = [(line.variant, line.quantity) for line in
                     OrderLine.objects.filter(merchant_order__order=order).select_related("variant")
                     .order_by("-merchant_order__created_at", "-merchant_order_id", "id")]
            with transaction.atomic():
                reserve(reference=order.number, lines=lines)
                convert_reservations(reference=order.number)
        except DomainError:
            _refund_whole(order, event="stock", reason=SOLD_OUT_WHILE_PAYING)
            return order
    _move(order, to=states.PAID, event="payment")
    _move_parts(order, to=states.PAID, event="payment")
    _notify(order, "paid")
    return order


def _refund_whole(order: Order, *, event: str, reason: str, by=None) -> None:
    """Refund every part not already given back (order locked): each part's refund is what that
    part leaves to give back, so a part a farm refunded earlier is never refunded twice."""
    if order.status == states.PENDING_PAYMENT:
        # Paid money arrived for an order that cannot go on: pretend the payment moved it
        # to paid for the record, then refund.
        _move(order, to=states.PAID, event="payment", reason="")
        _move_parts(order, to=states.PAID, event="payment")
        release_reservations(reference=order.number)
    else:
        return_converted(reference=order.number)
    for mo in order.merchant_orders.select_for_update().order_by("pk"):
        if mo.status in states.FINAL:
            continue
        _move(mo, to=states.REFUNDED, event=event, by=by, reason=reason)
        owe_refund(order=order, part=mo, reason=reason)
    _move(order, to=states.REFUNDED, event=event, by=by, reason=reason)
    _notify(order, "refunded")


@transaction.atomic
def record_payer_not_buyer(*, order: Order) -> Order:
    """Paid by someone else: stopped before customs; the payment is refunded by the payments app."""
    order = _locked(order)
    if order.status != states.PENDING_PAYMENT:
        return order
    release_reservations(reference=order.number)
    for step, event in ((states.PAID, "payment"), (states.REFUNDED, "identity_mismatch")):
        _move_parts(order, to=step, event=event, reason=PAYER_NOT_BUYER if step == states.REFUNDED else "")
        _move(order, to=step, event=event, reason=PAYER_NOT_BUYER if step == states.REFUNDED else "")
    _notify(order, "refunded")
    return order


@transaction.atomic
def record_payment_failed(*, order: Order, reason: str = "") -> Order:
    order = _locked(order)
    if order.status == states.PENDING_PAYMENT:
        release_reservations(reference=order.number)
        _move_parts(order, to=states.CANCELLED, event="payment_failed", reason=reason)
        _move(order, to=states.CANCELLED, event="payment_failed", reason=reason or PAYMENT_NOT_COMPLETED)
    return order


def shopper_can_cancel(order: Order) -> bool:
    """Until a farm accepts its part, the shopper may cancel (after that, a return is the way)."""
    return order.status in states.CANCELLABLE_BY_SHOPPER and all(
        mo.status in states.CANCELLABLE_BY_SHOPPER or mo.status in (states.REFUNDED, states.CANCELLED)
        for mo in order.merchant_orders.all())


@transaction.atomic
def cancel_by_shopper(*, order: Order, user, reason: str = "") -> Order:
    """Before any farm has accepted its part, the shopper may cancel; what was paid and not yet
    given back is refunded, part by part."""
    order = _locked(order)
    if order.user_id != user.pk:
        raise DomainError("not_found", _("No such order."))
    if not shopper_can_cancel(order):
        raise DomainError("too_late", _("A farm has already accepted this order, so it can no longer be cancelled."))
    reason = reason or CANCELLED_BY_SHOPPER
    if order.status == states.PENDING_PAYMENT:
        release_reservations(reference=order.number)
        _move_parts(order, to=states.CANCELLED, event="shopper", by=user, reason=reason)
        _move(order, to=states.CANCELLED, event="shopper", by=user, reason=reason)
        close_payment(order)
        _notify(order, "cancelled")
    else:
        _refund_whole(order, event="shopper", reason=reason, by=user)
    return order


@transaction.atomic
def merchant_accept(*, merchant_order: MerchantOrder, by) -> MerchantOrder:
    mo = MerchantOrder.objects.select_for_update().get(pk=merchant_order.pk)
    _move(mo, to=states.ACCEPTED, event="merchant", by=by)
    return mo


@transaction.atomic
def merchant_cancel(*, merchant_order: MerchantOrder, by, reason: str) -> MerchantOrder:
    """The merchant cannot fulfil its part: that part is refunded; if nothing is left, so is the order."""
    if not (reason or "").strip():
        raise DomainError("reason_required", "Tell the shopper why you cancel.")
    order = _locked(merchant_order.order)
    mo = MerchantOrder.objects.select_for_update().get(pk=merchant_order.pk)
    _move(mo, to=states.REFUNDED, event="merchant", by=by, reason=reason)
    return_converted(reference=order.number, merchant_id=mo.merchant_id)
    owe_refund(order=order, part=mo, reason=reason)
    if all(m.status in (states.REFUNDED, states.CANCELLED) for m in order.merchant_orders.all()):
        _move(order, to=states.REFUNDED, event="merchant", by=by, reason=reason)
    _notify(order, "refunded")
    return mo


@transaction.atomic
def expire_order(*, order: Order) -> Order:
    """Its stock hold ran out and no payment came: cancel (the provider is asked first)."""
    order = _locked(order)
    if order.status != states.PENDING_PAYMENT:
        return order
    release_reservations(reference=order.number)
    _move_parts(order, to=states.CANCELLED, event="expiry", reason=NOT_PAID_IN_TIME)
    _move(order, to=states.CANCELLED, event="expiry", reason=NOT_PAID_IN_TIME)
    close_payment(order)
    return order


@transaction.atomic
def move_part(*, merchant_order: MerchantOrder, to: str, event: str, by=None, reason: str = "") -> MerchantOrder:
    """Move one farm's part for the apps above orders — fulfillment (shipped, delivered), customs
    (declared, held, rejected, released), an operator (declared again, refunded after a final
    rejection). Idempotent: a part already in ``to`` is left alone (a repeated receipt or tracking
    event). Refunded: its stock comes back and its money is owed back (``refunds.owe_refund``);
    when no part is left, the order is refunded too."""
    if to == states.REFUNDED and not (reason or "").strip():
        raise DomainError("reason_required", "Say why the part is refunded (the shopper sees it).")
    order = _locked(merchant_order.order)
    mo = MerchantOrder.objects.select_for_update().get(pk=merchant_order.pk)
    if mo.status == to:
        return mo
    _move(mo, to=to, event=event, by=by, reason=reason)
    if to == states.REFUNDED:
        return_converted(reference=order.number, merchant_id=mo.merchant_id)
        owe_refund(order=order, part=mo, reason=reason)
        if all(m.status in (states.REFUNDED, states.CANCELLED) for m in order.merchant_orders.all()):
            _move(order, to=states.REFUNDED, event=event, by=by, reason=reason)
        _notify(order, "refunded")
    return mo


@transaction.atomic
def refund_return(*, merchant_order: MerchantOrder, amount, limit_value, reason: str, key: str, by=None
                  ) -> MerchantOrder:
    """A return received: refund ``amount`` of the farm's part (all of what it has left, or some),
    give the buyer back ``limit_value`` of the annual CBEC allowance, and record it. A part
    refunded to the last cent is refunded (its own state); otherwise it stays delivered.
    Idempotent per ``key`` (e.g. ``return:<id>``). The caller returns resellable stock."""
    if not (reason or "").strip():
        raise DomainError("reason_required", "Say why the money goes back (the shopper sees it).")
    order = _locked(merchant_order.order)
    mo = MerchantOrder.objects.select_for_update().get(pk=merchant_order.pk)
    if mo.status not in (states.DELIVERED, states.COMPLETED) and not OrderRefund.objects.filter(key=key).exists():
        raise DomainError("not_returnable", "Only a delivered part can be refunded for a return.")
    refund = owe_partial_refund(order=order, part=mo, amount=amount, limit_value=limit_value, reason=reason, key=key)
    OrderEvent.objects.get_or_create(order=order, merchant_order=mo, event="return", reason=reason,
                                     from_status=mo.status, to_status=mo.status, defaults={"by": by})
    owed = OrderRefund.objects.filter(merchant_order=mo).aggregate(s=Sum("amount"))["s"]
    if refund is not None and owed >= mo.total and mo.status == states.DELIVERED:
        _move(mo, to=states.REFUNDED, event="return", by=by, reason=reason)
        if all(m.status in (states.REFUNDED, states.CANCELLED) for m in order.merchant_orders.all()):
            _move(order, to=states.REFUNDED, event="return", by=by, reason=reason)
    _notify(order, "refunded")
    return mo
