"""Order side effects: e-mail (sent on commit) and the expiry sweep. Each safe to run twice."""
from django.core.mail import send_mail
from django.template.loader import render_to_string
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

SUBJECTS = {
    "paid": ("Order {number} is paid", "订单 {number} 已付款"),
    "refunded": ("Order {number} is refunded", "订单 {number} 已退款"),
    "cancelled": ("Order {number} is cancelled", "订单 {number} 已取消"),
}


@db_task(retries=3, retry_delay=30)
def send_order_email(order_id: int, kind: str) -> None:
    from .models import Order

    order = Order.objects.select_related("user").prefetch_related("merchant_orders__merchant__memberships__user",
                                                                  "merchant_orders__lines").get(pk=order_id)
    en, zh = SUBJECTS[kind]
    send_mail(f"{zh.format(number=order.number)} / {en.format(number=order.number)}",
              render_to_string("orders/email/shopper.txt", {"order": order, "kind": kind}),
              None, [order.user.email])
    if kind in ("paid", "refunded"):
        for mo in order.merchant_orders.all():
            emails = [m.user.email for m in mo.merchant.memberships.all()]
            if emails:
                send_mail(f"Heartland order {mo.number}: {kind}",
                          render_to_string("orders/email/merchant.txt", {"mo": mo, "kind": kind}), None, emails)


@db_periodic_task(crontab(minute="*"))
def expire_unpaid_orders() -> int:
    """Orders whose stock hold ran out: ask the provider once more, then cancel."""
    from heartland.inventory.services import expired_references, release_reservations

    from . import states
    from .models import Order
    from .payment import sync_payment
    from .services import expire_order

    done = 0
    refs = expired_references()
    orders = Order.objects.in_bulk(refs, field_name="number")
    for number in refs:
        order = orders.get(number)
        if order is None or order.status != states.PENDING_PAYMENT:
            if order is None or order.status in states.FINAL:
                release_reservations(reference=number)
            continue
        sync_payment(order)  # a payment whose notice was lost still counts
        order.refresh_from_db()
        if order.status == states.PENDING_PAYMENT:
            expire_order(order=order)
            done += 1
    return done
