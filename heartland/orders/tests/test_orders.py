"""Orders end to end through the real views: cart → checkout → sandbox cashier → signed
notice → order paid; the payer-is-not-the-buyer refund; cancelling; the merchant's inbox;
faults between the steps."""
from __future__ import annotations

import re
from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from heartland.catalog.tests.factories import make_user
from heartland.checkout.tests.factories import BUYER_ID, BUYER_NAME, CONSIGNEE, OTHER_ID, rates, shopper, two_farms
from heartland.inventory.models import Reservation, StockLevel
from heartland.merchants.models import MemberRole, Membership
from heartland.orders import services, states
from heartland.orders.models import Order, OrderEvent
from heartland.orders.tasks import expire_unpaid_orders
from heartland.payments.models import Payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    rates()
    honey, cheese = two_farms()
    return {"honey": honey, "cheese": cheese, "buyer": shopper()}


def _checkout(client, world, *, key_from_page=True, captured=None):
    client.force_login(world["buyer"])
    client.post(reverse("checkout:add"), {"variant": world["honey"].pk, "quantity": 2})
    client.post(reverse("checkout:add"), {"variant": world["cheese"].pk, "quantity": 1})
    page = client.get(reverse("checkout:checkout")).content.decode()
    key = page.split('name="key" value="')[1].split('"')[0]
    data = {"key": key, **CONSIGNEE, "real_name": BUYER_NAME, "id_number": BUYER_ID, "service_level": "standard",
            "agree": "on"}
    r = client.post(reverse("checkout:checkout"), data)
    return r, data


def cashier(client, response) -> str:
    """Follow the signed redirect through the sandbox gateway to its cashier page."""
    location = response["Location"]
    for _ in range(3):
        if "/pay/sandbox/cashier/" in location:
            return location
        location = client.get(location)["Location"]
    raise AssertionError(f"no cashier at the end of {response['Location']}")


def _pay(client, cashier_url, *, name=BUYER_NAME, id_number=BUYER_ID, capture):
    with capture(execute=True):
        r = client.post(cashier_url, {"action": "pay", "payer_name": name, "payer_id_number": id_number})
    return r


def test_shopper_pays_once_for_two_farms_and_each_merchant_sees_its_part(client, world,
                                                                          django_capture_on_commit_callbacks):
    r, _ = _checkout(client, world)
    assert r.status_code == 302 and "/pay/sandbox/" in r["Location"]
    order = Order.objects.get()
    assert order.status == states.PENDING_PAYMENT and StockLevel.objects.get(variant=world["honey"]).reserved == 2
    url = cashier(client, r)
    assert f"{order.total:,}" in client.get(url).content.decode()
    _pay(client, url, capture=django_capture_on_commit_callbacks)
    order.refresh_from_db()
    assert order.status == states.PAID and order.paid_at is not None
    assert {mo.status for mo in order.merchant_orders.all()} == {states.PAID}
    honey_level = StockLevel.objects.get(variant=world["honey"])
    assert (honey_level.on_hand, honey_level.reserved) == (8, 0)
    detail = client.get(reverse("orders:detail", args=[order.number])).content.decode()
    assert "已付款" in detail and "1101**********002X" in detail and BUYER_ID not in detail
    assert any(order.number in m.subject for m in mail.outbox)
    # The honey farm sees its part — never the buyer's ID — and not the cheese farm's.
    owner = make_user(email="owner@sunflower.example")
    Membership.objects.create(user=owner, merchant=world["honey"].product.merchant, role=MemberRole.OWNER)
    client.force_login(owner)
    inbox = client.get(reverse("portal:orders", args=["sunflower-honey"])).content.decode()
    honey_part = order.merchant_orders.get(merchant__slug="sunflower-honey")
    cheese_part = order.merchant_orders.get(merchant__slug="dairy-state-cheese")
    assert honey_part.number in inbox and cheese_part.number not in inbox
    page = client.get(reverse("portal:order_detail", args=["sunflower-honey", honey_part.number])).content.decode()
    assert "Raw Honey" in page and BUYER_ID not in page and BUYER_ID[:6] + "19" not in page
    assert client.get(reverse("portal:order_detail", args=["sunflower-honey", cheese_part.number])).status_code == 404
    client.post(reverse("portal:order_detail", args=["sunflower-honey", honey_part.number]), {"action": "accept"})
    honey_part.refresh_from_db()
    assert honey_part.status == states.ACCEPTED


def test_payer_who_is_not_the_buyer_ends_refunded_with_the_reason(client, world, django_capture_on_commit_callbacks):
    r, _ = _checkout(client, world)
    _pay(client, cashier(client, r), name="李娜", id_number=OTHER_ID, capture=django_capture_on_commit_callbacks)
    order = Order.objects.get()
    assert order.status == states.REFUNDED and order.reason == services.PAYER_NOT_BUYER  # the msgid
    assert StockLevel.objects.get(variant=world["honey"]).reserved == 0
    assert StockLevel.objects.get(variant=world["honey"]).on_hand == 10
    payment = Payment.objects.get(purpose_reference=order.number)
    assert payment.status == "refunded"
    url = reverse("orders:detail", args=[order.number])
    said = {prefix: client.get(prefix + url).content.decode() for prefix in ("", "/zh-hant", "/en")}
    assert "已退款" in said[""] and "支付人与订购人不一致，订单已停止并全额退款。" in said[""]
    assert "已退款" in said["/zh-hant"] and "支付人與訂購人不一致，訂單已停止並全額退款。" in said["/zh-hant"]
    assert "Refunded" in said["/en"] and "The payer is not the buyer" in said["/en"]
    # The shopper's e-mail: Simplified Chinese, then English (the order does not record a language).
    shopper_mail = next(m for m in mail.outbox if m.to == [world["buyer"].email])
    assert shopper_mail.subject == f"订单 {order.number} 已退款 / Order {order.number} is refunded"
    zh, en = shopper_mail.body.split(f"Hello {BUYER_NAME},")
    assert f"{BUYER_NAME}，您好：" in zh and f"您的订单 {order.number} 已退款：支付人与订购人不一致" in zh
    assert f"Your order {order.number} is refunded: The payer is not the buyer" in en
    assert not re.search("[\u4e00-\u9fff]", en.replace(BUYER_NAME, ""))


def test_paid_e_mail_to_the_shopper_in_chinese_then_english(client, world, django_capture_on_commit_callbacks):
    r, _ = _checkout(client, world)
    _pay(client, cashier(client, r), capture=django_capture_on_commit_callbacks)
    order = Order.objects.get()
    shopper_mail = next(m for m in mail.outbox if m.to == [world["buyer"].email])
    assert shopper_mail.subject == f"订单 {order.number} 已付款 / Order {order.number} is paid"
    assert shopper_mail.body.startswith(f"{BUYER_NAME}，您好：\n\n您的订单 {order.number} 已付款，共 {order.total} "
                                        f"{order.currency}（含跨境综合税 {order.total_tax}）。商家发货后我们会再通知您。")
    assert (f"Hello {BUYER_NAME},\n\nYour order {order.number} is paid: {order.total} {order.currency} including "
            f"{order.total_tax} cross-border tax.") in shopper_mail.body


def test_reasons_stored_the_old_bilingual_way_are_rewritten_to_their_msgid(client, world):
    """Migration 0003: 'English / 中文' reasons become the English msgid, shown in the page's language."""
    migration = import_module("heartland.orders.migrations.0003_reasons_as_msgids")
    _checkout(client, world)
    order = Order.objects.get()
    old = f"{services.PAYER_NOT_BUYER} / 支付人与订购人不一致，订单已停止并全额退款。"
    Order.objects.filter(pk=order.pk).update(status=states.REFUNDED, reason=old)
    order.merchant_orders.update(reason="Cancelled by the shopper. / 买家取消订单。")
    event = order.events.filter(merchant_order=None).get()
    OrderEvent.objects.filter(pk=event.pk).update(reason="Not paid in time. / 超时未支付，订单已取消。")
    typed = order.merchant_orders.first()
    typed.reason = "Out of stock / back in May"  # a merchant's own words, no Chinese: left alone
    typed.save()
    migration.english_half(django_apps, None)
    order.refresh_from_db()
    event.refresh_from_db()
    typed.refresh_from_db()
    assert (order.reason, event.reason) == (services.PAYER_NOT_BUYER, services.NOT_PAID_IN_TIME)
    assert typed.reason == "Out of stock / back in May"
    assert set(order.merchant_orders.exclude(pk=typed.pk).values_list("reason", flat=True)) == {
        services.CANCELLED_BY_SHOPPER}
    url = reverse("orders:detail", args=[order.number])
    said = {prefix: client.get(prefix + url).content.decode() for prefix in ("", "/zh-hant", "/en")}
    assert "支付人与订购人不一致" in said[""] and "超时未支付，订单已取消。" in said[""] and " / " not in said[""]
    assert "支付人與訂購人不一致" in said["/zh-hant"] and "超時未支付，訂單已取消。" in said["/zh-hant"]
    assert "The payer is not the buyer" in said["/en"] and "Not paid in time." in said["/en"]
    assert "支付" not in said["/en"]


def test_another_shopper_cannot_see_or_cancel_the_order(client, world, django_capture_on_commit_callbacks):
    _checkout(client, world)
    order = Order.objects.get()
    client.force_login(shopper("nosy@example.cn"))
    assert client.get(reverse("orders:detail", args=[order.number])).status_code == 404
    assert client.post(reverse("orders:cancel", args=[order.number])).status_code == 404
    order.refresh_from_db()
    assert order.status == states.PENDING_PAYMENT


def test_cancel_before_paying_releases_stock(client, world):
    _checkout(client, world)
    order = Order.objects.get()
    client.post(reverse("orders:cancel", args=[order.number]))
    order.refresh_from_db()
    assert order.status == states.CANCELLED
    assert StockLevel.objects.get(variant=world["honey"]).reserved == 0


def test_cancel_after_paying_refunds_and_restocks(client, world, django_capture_on_commit_callbacks):
    r, _ = _checkout(client, world)
    _pay(client, cashier(client, r), capture=django_capture_on_commit_callbacks)
    order = Order.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("orders:cancel", args=[order.number]))
    order.refresh_from_db()
    assert order.status == states.REFUNDED
    assert Payment.objects.get(purpose_reference=order.number).status == "refunded"
    assert StockLevel.objects.get(variant=world["honey"]).on_hand == 10


def test_double_submit_makes_one_order_and_one_payment(client, world):
    r1, data = _checkout(client, world)
    r2 = client.post(reverse("checkout:checkout"), data)
    assert Order.objects.count() == 1 and Payment.objects.count() == 1
    assert r1["Location"].split("?")[0] == r2["Location"].split("?")[0] or "/orders/" in r2["Location"]


def test_process_killed_between_reserving_and_paying_loses_nothing(client, world):
    """The shopper never pays (the process serving them died): the hold expires, the order is
    cancelled, the stock is back — nothing sold, nothing charged."""
    _checkout(client, world)
    order = Order.objects.get()
    Reservation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    Payment.objects.update(expires_at=timezone.now() - timedelta(minutes=30))
    assert expire_unpaid_orders.call_local() == 1
    order.refresh_from_db()
    assert order.status == states.CANCELLED and StockLevel.objects.get(variant=world["honey"]).reserved == 0
    assert Payment.objects.get().status in ("closed", "failed")


def test_crash_between_notice_and_order_update_is_recovered(client, world, monkeypatch,
                                                            django_capture_on_commit_callbacks):
    """The order update fails right after the payment is recorded: the order stays pending
    (nothing half-written) until the periodic sync replays the paid payment."""
    from heartland.orders import services as order_services

    r, _ = _checkout(client, world)
    real = order_services.convert_reservations
    calls = {"n": 0}

    def crash_once(**kw):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("worker killed")
        return real(**kw)

    monkeypatch.setattr(order_services, "convert_reservations", crash_once)
    try:
        _pay(client, cashier(client, r), capture=django_capture_on_commit_callbacks)
    except RuntimeError:
        pass
    order = Order.objects.get()
    assert order.status == states.PENDING_PAYMENT and StockLevel.objects.get(variant=world["honey"]).on_hand == 10
    payment = Payment.objects.get()
    assert payment.status == "paid"  # the money is recorded …
    from heartland.orders.receivers import on_paid as _on_paid

    _on_paid(Payment, payment=payment)  # … and the replay (sync task / retry) finishes the order once
    _on_paid(Payment, payment=payment)
    order.refresh_from_db()
    assert order.status == states.PAID
    assert StockLevel.objects.get(variant=world["honey"]).on_hand == 8  # sold once, not twice


def test_payment_after_the_order_expired_is_refunded(client, world, django_capture_on_commit_callbacks):
    r, _ = _checkout(client, world)
    order = Order.objects.get()
    from heartland.orders.services import expire_order

    with django_capture_on_commit_callbacks(execute=False):
        expire_order(order=order)  # cancelled, but the provider close is not sent (it was down)
    payment = Payment.objects.get()
    from heartland.orders.receivers import on_paid as _on_paid
    from heartland.payments import services as payment_services

    payment_services  # the shopper paid in the other tab anyway; the provider says so:
    payment.status = "paid"
    payment.payer_name = BUYER_NAME
    from heartland.core.crypto import encrypt

    payment.payer_id_number_encrypted = encrypt(BUYER_ID)
    payment.paid_at = timezone.now()
    payment.save()
    with django_capture_on_commit_callbacks(execute=True):
        _on_paid(Payment, payment=payment)
    order.refresh_from_db()
    assert order.status == states.CANCELLED
    assert order.events.filter(event="late_payment").exists()
