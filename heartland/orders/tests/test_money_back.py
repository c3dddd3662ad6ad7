"""No money goes missing: refunds per farm's part (exactly what is left), failed refunds that stay
visible and are retried until they succeed or an operator resolves them, cancelling only until a
farm accepts, the annual limit checked again when the money arrives, and one payer = buyer rule."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from heartland.checkout.tests.factories import BUYER_ID, BUYER_NAME, OTHER_ID, prior_order, rates, shopper, two_farms
from heartland.core.crypto import encrypt
from heartland.inventory.models import StockLevel
from heartland.orders import refunds, services, states
from heartland.orders.models import MerchantOrder, Order, OrderRefund, RefundStatus
from heartland.orders.placement import annual_used
from heartland.orders.tasks import retry_refunds
from heartland.payments import identity
from heartland.payments.models import Payment
from heartland.payments.provider import ProviderError, RefundResult
from heartland.payments.sandbox_client import SandboxProvider

from .test_orders import _checkout, _pay, cashier

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    rates()
    honey, cheese = two_farms()
    return {"honey": honey, "cheese": cheese, "buyer": shopper()}


def _paid_order(client, world, capture) -> Order:
    r, _ = _checkout(client, world)
    _pay(client, cashier(client, r), capture=capture)
    order = Order.objects.get()
    assert order.status == states.PAID
    return order


def _part(order, variant) -> MerchantOrder:
    return order.merchant_orders.get(merchant_id=variant.merchant_id)


def _payment(order) -> Payment:
    return Payment.objects.get(purpose_reference=order.number)


# --- refunds per part -------------------------------------------------------------------------------

def test_a_farm_cancels_its_part_then_the_shopper_cancels_and_every_yuan_comes_back(
        client, world, django_capture_on_commit_callbacks):
    order = _paid_order(client, world, django_capture_on_commit_callbacks)
    honey_part, cheese_part = _part(order, world["honey"]), _part(order, world["cheese"])
    with django_capture_on_commit_callbacks(execute=True):
        services.merchant_cancel(merchant_order=cheese_part, by=None, reason="The cheese did not age in time.")
    assert _payment(order).refunded_amount == cheese_part.total
    order.refresh_from_db()
    assert order.status == states.PAID  # the honey is still coming
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("orders:cancel", args=[order.number]))
    order.refresh_from_db()
    payment = _payment(order)
    assert order.status == states.REFUNDED and payment.status == "refunded"
    assert payment.refunded_amount == order.total
    owed = {r.merchant_order_id: r for r in OrderRefund.objects.filter(order=order)}
    assert owed[cheese_part.pk].amount == cheese_part.total
    assert owed[honey_part.pk].amount == order.total - cheese_part.total
    assert all(r.status == RefundStatus.SUCCEEDED for r in owed.values())
    assert StockLevel.objects.get(variant=world["honey"]).on_hand == 10
    assert StockLevel.objects.get(variant=world["cheese"]).on_hand == 10


def test_a_part_is_refunded_once_however_often_it_is_asked(client, world, django_capture_on_commit_callbacks):
    order = _paid_order(client, world, django_capture_on_commit_callbacks)
    part = _part(order, world["cheese"])
    with django_capture_on_commit_callbacks(execute=True):
        first = refunds.owe_refund(order=order, part=part, reason="test")
        again = refunds.owe_refund(order=order, part=part, reason="test")
    assert first.pk == again.pk and OrderRefund.objects.count() == 1
    assert _payment(order).refunded_amount == part.total


def test_a_refused_refund_stays_visible_and_is_retried_until_it_succeeds(
        client, world, monkeypatch, django_capture_on_commit_callbacks):
    order = _paid_order(client, world, django_capture_on_commit_callbacks)
    real_refund = SandboxProvider.refund
    answers = ["refuse", "silent"]

    def flaky(self, *, payment, refund):
        what = answers.pop(0) if answers else "ok"
        if what == "refuse":
            return RefundResult(succeeded=False, detail="ACQ.SYSTEM_ERROR: try later")
        if what == "silent":
            raise ProviderError("timed out")
        return real_refund(self, payment=payment, refund=refund)

    monkeypatch.setattr(SandboxProvider, "refund", flaky)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("orders:cancel", args=[order.number]))
    order.refresh_from_db()
    assert order.status == states.REFUNDED
    open_refunds = OrderRefund.objects.filter(order=order).order_by("pk")
    assert {r.status for r in open_refunds} <= {RefundStatus.FAILED, RefundStatus.PENDING}
    first = open_refunds[0]
    assert first.status == RefundStatus.FAILED and "try later" in first.last_error
    assert _payment(order).refunded_amount == 0
    # The shopper sees the money on its way, not a refund that silently never happens.
    page = client.get(reverse("orders:detail", args=[order.number])).content.decode()
    assert page.count('data-status="failed"') + page.count('data-status="pending"') == 2 and "正在退回您的账户" in page
    # The operator's admin lists them.
    operator = _operator()
    client.force_login(operator)
    page = client.get(reverse("admin:orders_orderrefund_changelist") + "?status__exact=failed").content.decode()
    assert first.key in page
    # The periodic task sends them again once due, until each succeeds.
    for _ in range(3):
        OrderRefund.objects.filter(status__in=["pending", "failed"]).update(
            next_attempt_at=timezone.now() - timedelta(seconds=1))
        retry_refunds.call_local()
    assert set(OrderRefund.objects.filter(order=order).values_list("status", flat=True)) == {RefundStatus.SUCCEEDED}
    assert _payment(order).refunded_amount == order.total
    assert OrderRefund.objects.get(pk=first.pk).attempts >= 2


def test_an_operator_resolves_a_refund_the_provider_keeps_refusing(client, world, monkeypatch,
                                                                   django_capture_on_commit_callbacks):
    order = _paid_order(client, world, django_capture_on_commit_callbacks)
    monkeypatch.setattr(SandboxProvider, "refund", lambda self, *, payment, refund: RefundResult(
        succeeded=False, detail="ACQ.BUYER_ACCOUNT_CLOSED"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("orders:cancel", args=[order.number]))
    stuck = OrderRefund.objects.filter(order=order).order_by("pk").first()
    assert stuck.status == RefundStatus.FAILED
    client.force_login(_operator())
    url = reverse("admin:orders_orderrefund_changelist")
    client.post(url, {"action": "resolve_refunds", "_selected_action": [stuck.pk],
                      "resolution": "Paid back by bank transfer, ref 8812"})
    stuck.refresh_from_db()
    assert stuck.status == RefundStatus.RESOLVED and "8812" in stuck.resolution
    assert stuck.pk not in refunds.refunds_due(now=timezone.now() + timedelta(days=1))


def _operator():
    from heartland.accounts.models import User

    return User.objects.create_superuser(email="ops@heartland.example", password="x" * 16)


# --- cancelling ----------------------------------------------------------------------------------

def test_the_shopper_cannot_cancel_once_a_farm_has_accepted(client, world, django_capture_on_commit_callbacks):
    order = _paid_order(client, world, django_capture_on_commit_callbacks)
    services.merchant_accept(merchant_order=_part(order, world["honey"]), by=None)
    page = client.get(reverse("orders:detail", args=[order.number])).content.decode()
    assert reverse("orders:cancel", args=[order.number]) not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("orders:cancel", args=[order.number]))
    order.refresh_from_db()
    assert order.status == states.PAID and _payment(order).refunded_amount == 0
    assert not OrderRefund.objects.exists()


# --- the annual limit ----------------------------------------------------------------------------

def test_unpaid_orders_count_against_the_annual_limit_at_checkout(world):
    from heartland.markets.models import Market

    cn = Market.objects.get(code="CN")
    from heartland.core.crypto import lookup_hash

    id_hash = lookup_hash(BUYER_ID)
    prior_order(world["buyer"], goods="20000.00", status=states.PENDING_PAYMENT)
    assert annual_used(id_hash=id_hash, market=cn) == Decimal("20000.00")
    assert annual_used(id_hash=id_hash, market=cn, paid_only=True) == 0


def test_a_refunded_part_no_longer_counts(world):
    from heartland.core.crypto import lookup_hash
    from heartland.markets.models import Market

    prior_order(world["buyer"], goods="20000.00", part_status=states.REFUNDED)
    assert annual_used(id_hash=lookup_hash(BUYER_ID), market=Market.objects.get(code="CN")) == 0


def test_a_payment_that_would_break_the_annual_limit_is_refunded_with_the_reason(
        client, world, django_capture_on_commit_callbacks):
    # Two orders were open at once (each fine alone); the other one was paid first.
    r, _ = _checkout(client, world)
    order = Order.objects.get()
    prior_order(world["buyer"], goods="25990.00", number="HLPAIDFIRST")
    _pay(client, cashier(client, r), capture=django_capture_on_commit_callbacks)
    order.refresh_from_db()
    assert order.status == states.REFUNDED and order.reason == services.OVER_ANNUAL_LIMIT
    assert _payment(order).refunded_amount == order.total
    assert StockLevel.objects.get(variant=world["honey"]).reserved == 0


# --- one payer = buyer rule ---------------------------------------------------------------------------

NAMES = st.sampled_from(["张伟", "Zhang Wei", "Li Na", "Ōno Yūko", "김민준"])


def _width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in text)


@given(name=NAMES, upper=st.booleans(), wide=st.booleans(), pad=st.sampled_from(["", " ", "  ", "\u3000"]),
       inner=st.sampled_from(["", " ", "  "]))
def test_the_payer_is_the_buyer_up_to_case_width_and_spaces(name, upper, wide, pad, inner):
    typed = name.upper() if upper else name
    typed = inner.join(typed.split(" ")) if " " in typed else typed[:1] + inner + typed[1:]
    typed = pad + (_width(typed) if wide else typed) + pad
    id_typed = BUYER_ID.lower() if upper else BUYER_ID
    assert identity.same_person(name, BUYER_ID, typed, id_typed)
    order = Order(buyer_name=name, buyer_id_type="cn_resident_id", buyer_id_encrypted=encrypt(BUYER_ID))
    assert services.identity_matches(order, payer_name=typed, payer_id_number=id_typed)
    assert not identity.same_person(name, BUYER_ID, typed, OTHER_ID)
    assert not services.identity_matches(order, payer_name=typed + "x", payer_id_number=id_typed)


def test_orders_and_payments_agree_on_a_payer_written_in_capitals(client, world, django_capture_on_commit_callbacks):
    world["buyer_name"] = BUYER_NAME
    r, _ = _checkout(client, world)
    # The payer types the buyer's ID with a lower-case x: the same person.
    _pay(client, cashier(client, r), name=BUYER_NAME, id_number=BUYER_ID.lower(),
         capture=django_capture_on_commit_callbacks)
    order = Order.objects.get()
    assert order.status == states.PAID and _payment(order).payer_matches_orderer is True


@pytest.mark.django_db(transaction=True)
def test_two_payments_racing_past_the_annual_limit_one_is_refunded():
    """Two orders placed while neither broke the limit, paid at the same instant, would together:
    the buyer's payments are applied one at a time, so exactly one is refunded (both databases)."""
    import threading

    from django.db import close_old_connections, connection

    from heartland.checkout import services as checkout
    from heartland.checkout.models import Cart
    from heartland.checkout.tests.factories import CONSIGNEE
    from heartland.checkout.validation import clean_consignee
    from heartland.markets.models import Market

    rates()
    honey, cheese = two_farms()
    cn = Market.objects.get(code="CN")
    orders = []
    for n, user in enumerate((shopper("a@example.cn"), shopper("b@example.cn"))):
        cart = Cart.objects.create(user=user)
        checkout.add_to_cart(cart=cart, variant=honey, quantity=1)
        orders.append(checkout.submit_checkout(
            user=user, cart=cart, market=cn, consignee=clean_consignee(CONSIGNEE, country="CN"),
            real_name=BUYER_NAME, id_number=BUYER_ID, idempotency_key=f"race-{n}"))
    basis = max(o.goods + o.freight for o in orders)
    prior_order(shopper("c@example.cn"), goods=str(Decimal("26000") - basis))  # paid meanwhile, elsewhere
    barrier, outcomes = threading.Barrier(2), []

    def pay(order):
        close_old_connections()
        try:
            barrier.wait()
            outcomes.append(services.record_payment(order=order, payer_name=BUYER_NAME,
                                                    payer_id_number=BUYER_ID).status)
        finally:
            connection.close()

    threads = [threading.Thread(target=pay, args=(o,)) for o in orders]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sorted(outcomes) == [states.PAID, states.REFUNDED]
    refunded = Order.objects.get(status=states.REFUNDED)
    assert refunded.reason == services.OVER_ANNUAL_LIMIT
    assert OrderRefund.objects.get(order=refunded).amount == refunded.total


def _deliver(part):
    for to, event in (("accepted", "merchant"), ("shipped", "merchant"), ("declared", "customs"),
                      ("released", "customs"), ("delivered", "carrier")):
        if to == "accepted":
            services.merchant_accept(merchant_order=part, by=None)
        else:
            services.move_part(merchant_order=part, to=to, event=event)
    part.refresh_from_db()
    return part


def test_a_return_refunds_part_of_a_farms_part_and_gives_the_allowance_back(
        client, world, django_capture_on_commit_callbacks):
    from heartland.core.crypto import lookup_hash
    from heartland.markets.models import Market

    order = _paid_order(client, world, django_capture_on_commit_callbacks)
    honey = _deliver(_part(order, world["honey"]))
    cn, id_hash = Market.objects.get(code="CN"), lookup_hash(BUYER_ID)
    before = annual_used(id_hash=id_hash, market=cn)
    line = honey.lines.get()
    one_jar = line.goods / line.quantity
    with django_capture_on_commit_callbacks(execute=True):
        services.refund_return(merchant_order=honey, amount=one_jar, limit_value=one_jar, reason="One jar broke.",
                               key="return:1")
        services.refund_return(merchant_order=honey, amount=one_jar, limit_value=one_jar, reason="One jar broke.",
                               key="return:1")  # the same return twice: once
    assert annual_used(id_hash=id_hash, market=cn) == before - one_jar
    assert _payment(order).refunded_amount == one_jar
    honey.refresh_from_db()
    assert honey.status == states.DELIVERED
    with pytest.raises(Exception) as too_much:
        services.refund_return(merchant_order=honey, amount=honey.total, limit_value=0, reason="x", key="return:2")
    assert getattr(too_much.value, "code", "") == "over_refund"
    rest = honey.total - one_jar
    with django_capture_on_commit_callbacks(execute=True):
        services.refund_return(merchant_order=honey, amount=rest, limit_value=line.goods - one_jar,
                               reason="The rest came back too.", key="return:2")
    honey.refresh_from_db()
    assert honey.status == states.REFUNDED and _payment(order).refunded_amount == honey.total
    order.refresh_from_db()
    assert order.status == states.PAID  # the cheese is still on its way


def test_my_orders_shows_how_far_each_farms_part_has_gone(client, world, django_capture_on_commit_callbacks):
    order = _paid_order(client, world, django_capture_on_commit_callbacks)
    services.merchant_accept(merchant_order=_part(order, world["honey"]), by=None)
    page = client.get(reverse("orders:list")).content.decode()
    assert "已付款" in page and "商家已接单" in page
