"""The e-mails an order change sends: Huey tasks queued on commit by ``services``. Each safe
to run twice."""
from django.core.mail import send_mail
from django.template.loader import render_to_string
from huey.contrib.djhuey import db_task

from .models import Order

SUBJECTS = {
    "paid": ("Order {number} is paid", "订单 {number} 已付款"),
    "refunded": ("Order {number} is refunded", "订单 {number} 已退款"),
    "cancelled": ("Order {number} is cancelled", "订单 {number} 已取消"),
}


@db_task(retries=3, retry_delay=30)
def send_order_email(order_id: int, kind: str) -> None:
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
