"""The e-mails an order change sends: Huey tasks queued on commit by ``services``. Each safe
to run twice."""
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_noop
from huey.contrib.djhuey import db_task

from .models import Order

SUBJECTS = {
    "paid": gettext_noop("Order %(number)s is paid"),
    "refunded": gettext_noop("Order %(number)s is refunded"),
    "cancelled": gettext_noop("Order %(number)s is cancelled"),
}


def _subject(kind: str, number: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(SUBJECTS[kind]) % {"number": number}


@db_task(retries=3, retry_delay=30)
def send_order_email(order_id: int, kind: str) -> None:
    order = Order.objects.select_related("user").prefetch_related("merchant_orders__merchant__memberships__user",
                                                                  "merchant_orders__lines").get(pk=order_id)
    # Shoppers read Chinese first and English after it, in the subject as in the body.
    send_mail(f"{_subject(kind, order.number, 'zh-hans')} / {_subject(kind, order.number, 'en')}",
              render_to_string("orders/email/shopper.txt", {"order": order, "kind": kind}),
              None, [order.user.email])
    if kind in ("paid", "refunded"):
        for mo in order.merchant_orders.all():
            emails = [m.user.email for m in mo.merchant.memberships.all()]
            if emails:
                send_mail(f"Heartland order {mo.number}: {kind}",
                          render_to_string("orders/email/merchant.txt", {"mo": mo, "kind": kind}), None, emails)
