"""The journal: balanced, immutable, idempotent entries; the postings that real order events make
(through the signals, on commit); commission rates by date; the trial balance command and pages."""
from __future__ import annotations

import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from heartland.catalog.tests.factories import make_user
from heartland.checkout.tests.factories import rates, shopper, two_farms
from heartland.core.errors import DomainError
from heartland.ledger import selectors, services
from heartland.ledger.math import Posting, to_minor
from heartland.ledger.math import accounts as A
from heartland.ledger.models import Immutable, JournalEntry, LineCommission
from heartland.ledger.models import Posting as PostingRow
from heartland.orders import services as orders
from heartland.orders import states
from heartland.orders.models import Order
from heartland.orders.tests.test_orders import _checkout, _pay, cashier
from heartland.payments.models import Payment
from heartland.payments.tests.conftest import payments_settings  # noqa: F401  (autouse: sandbox on, keys)

from .factories import make_order

pytestmark = pytest.mark.django_db

LEGS = [Posting(A.CLEARING, "CNY", 1000), Posting(A.UNEARNED, "CNY", -1000)]


def test_an_entry_is_posted_once_per_key_and_must_balance():
    e1 = services.post_entry(key="t:1", memo="one", postings=LEGS)
    e2 = services.post_entry(key="t:1", memo="one again", postings=LEGS)
    assert e1.pk == e2.pk and e1.created and not e2.created
    assert PostingRow.objects.filter(entry=e1).count() == 2
    with pytest.raises(DomainError) as exc:
        services.post_entry(key="t:2", memo="bad", postings=[Posting(A.CLEARING, "CNY", 1000),
                                                              Posting(A.UNEARNED, "CNY", -999)])
    assert exc.value.code == "unbalanced" and not JournalEntry.objects.filter(key="t:2").exists()
    assert selectors.balance(A.CLEARING, "CNY") == 1000
    assert selectors.trial_balance() == [
        {"account": A.CLEARING, "currency": "CNY", "balance_minor": 1000},
        {"account": A.UNEARNED, "currency": "CNY", "balance_minor": -1000}]


def test_entries_are_never_edited_or_deleted_only_reversed():
    entry = services.post_entry(key="t:3", memo="x", postings=LEGS)
    entry.memo = "changed"
    with pytest.raises(Immutable):
        entry.save()
    with pytest.raises(Immutable):
        entry.delete()
    with pytest.raises(Immutable):
        JournalEntry.objects.filter(pk=entry.pk).update(memo="changed")
    with pytest.raises(Immutable):
        PostingRow.objects.filter(entry=entry).delete()
    with pytest.raises(Immutable):
        entry.postings.first().save()
    rev = services.reverse_entry(entry=entry, memo="posted in error")
    assert services.reverse_entry(entry=entry, memo="again").pk == rev.pk
    assert selectors.balance(A.CLEARING, "CNY") == 0 and rev.reverses_id == entry.pk


def test_jpy_and_krw_have_no_minor_unit():
    order = make_order(currency="JPY", rate=Decimal("151.2"), parts=[{"lines": [(Decimal("10.00"), 2, "food")],
                                                                       "freight": Decimal(900), "tax": Decimal(0)}])
    mo = order.merchant_orders.get()
    services.record_part_paid(merchant_order=mo)
    assert selectors.balance(A.CLEARING, "JPY") == int(mo.total) == 1512 * 2 + 900


def test_the_rate_in_force_at_acceptance_stays_with_the_order():
    order = make_order(parts=[{"lines": [(Decimal("18.00"), 2, "agricultural"), (Decimal("25.00"), 1, "food"),
                                         (Decimal("9.99"), 1, "watch")]}])
    mo = order.merchant_orders.get()
    services.record_part_paid(merchant_order=mo)
    services.record_part_accepted(merchant_order=mo)
    rows = {c.category: c for c in LineCommission.objects.filter(line__merchant_order=mo)}
    assert (rows["agricultural"].gross_minor, rows["agricultural"].commission_minor) == (3600, 288)  # 8 %
    assert (rows["food"].gross_minor, rows["food"].commission_minor) == (2500, 250)  # 10 %
    assert rows["watch"].rate_percent == Decimal("12.00")  # no row of its own: the default
    services.set_commission_rate(category="agricultural", rate_percent=Decimal("20"),
                                 effective_from=timezone.localdate() - datetime.timedelta(days=1))
    lines = {m.category: m for m in selectors.line_breakdown(mo)}
    assert lines["agricultural"].commission == Decimal("2.88") and lines["agricultural"].net == Decimal("33.12")
    assert selectors.balances_for_merchant(mo.merchant)["pending"] == 3600 + 2500 + 999 - 288 - 250 - 120
    # a part not accepted yet shows today's rate, marked indicative
    other = make_order(parts=[{"lines": [(Decimal("18.00"), 2, "agricultural")]}]).merchant_orders.get()
    (row,) = selectors.line_breakdown(other)
    assert row.rate_percent == Decimal("20.00") and not row.recorded
    # a rate from a future date is not in force yet
    services.set_commission_rate(category="food", rate_percent=Decimal("50"),
                                 effective_from=timezone.localdate() + datetime.timedelta(days=3))
    assert selectors.commission_rate_in_force("food")[1] == Decimal("10.00")


def test_customs_tax_as_assessed_and_the_difference_to_variance():
    order = make_order(parts=[{"lines": [(Decimal("30.00"), 1, "food")], "tax": Decimal("25.00")}])
    mo = order.merchant_orders.get()
    services.record_part_paid(merchant_order=mo)
    services.record_customs_tax(merchant_order=mo, assessed_minor=2410)
    assert selectors.balance(A.TAX_PAYABLE, "CNY") == -2410
    assert selectors.balance(A.TAX_VARIANCE, "CNY") == -90 and selectors.balance(A.TAX_COLLECTED, "CNY") == 0


# --- through the real events ------------------------------------------------------------------------------

@pytest.fixture
def world():
    rates()
    honey, cheese = two_farms()
    return {"honey": honey, "cheese": cheese, "buyer": shopper()}


def test_an_order_s_money_from_payment_to_delivery_and_refund(client, world, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    r, _ = _checkout(client, world)
    _pay(client, cashier(client, r), capture=capture)
    order = Order.objects.get()
    assert order.status == states.PAID
    honey = order.merchant_orders.get(merchant_id=world["honey"].merchant_id)
    cheese = order.merchant_orders.get(merchant_id=world["cheese"].merchant_id)
    assert selectors.balance(A.CLEARING, "CNY") == to_minor(order.total, "CNY")
    with capture(execute=True):
        orders.merchant_accept(merchant_order=honey, by=None)
    farm = selectors.balances_for_merchant(world["honey"].merchant)
    assert farm == {"pending": 3600 - 288, "delivered": 0, "total": 3312}  # 2 × $18.00 less 8 %
    with capture(execute=True):
        orders.move_part(merchant_order=honey, to=states.SHIPPED, event="merchant")
    with capture(execute=True):
        orders.move_part(merchant_order=honey, to=states.DECLARED, event="customs")
    with capture(execute=True):
        orders.move_part(merchant_order=honey, to=states.RELEASED, event="customs")
    with capture(execute=True):
        orders.move_part(merchant_order=honey, to=states.DELIVERED, event="carrier")
    assert selectors.balances_for_merchant(world["honey"].merchant) == {"pending": 0, "delivered": 3312,
                                                                         "total": 3312}
    assert selectors.balance(A.SHIPPING_COLLECTED, "CNY") == -to_minor(cheese.freight, "CNY")
    assert selectors.balance(A.TAX_PAYABLE, "CNY") == -to_minor(honey.total_tax, "CNY")  # no CEB621 on file
    # the cheese farm cannot fulfil: its part is refunded, the provider pays it back
    with capture(execute=True):
        orders.merchant_cancel(merchant_order=cheese, by=None, reason="Out of cheese.")
    payment = Payment.objects.get(purpose_reference=order.number)
    assert payment.refunded_amount == cheese.total
    assert selectors.balance(A.REFUNDS_OWED, "CNY") == 0
    assert selectors.balance(A.CLEARING, "CNY") == to_minor(order.total - cheese.total, "CNY")
    assert selectors.balances_for_merchant(world["cheese"].merchant)["total"] == 0
    assert selectors.balance(A.UNEARNED, "CNY") == 0
    # a return of part of the honey, after delivery: the farm gives back the goods share
    with capture(execute=True):
        orders.refund_return(merchant_order=honey, amount=honey.goods / 2, limit_value=Decimal(0),
                             reason="One jar arrived broken.", key="return:1")
    owed = selectors.balances_for_merchant(world["honey"].merchant)
    assert 0 < owed["delivered"] < 3312
    assert selectors.balance(A.REFUNDS_OWED, "CNY") == 0
    assert all(v == 0 for v in selectors.totals_by_currency().values()) and selectors.unbalanced_entries() == []
    # posting the same events again changes nothing
    before = JournalEntry.objects.count()
    from heartland.ledger.receivers import post_part_event

    for mo, moves in ((honey, (states.PAID, states.ACCEPTED, states.SHIPPED, states.RELEASED, states.DELIVERED)),
                      (cheese, (states.PAID, states.REFUNDED))):
        for status in moves:
            post_part_event(mo, status)
    assert JournalEntry.objects.count() == before


def test_a_payment_after_the_order_was_cancelled_is_held_and_refunded():
    from types import SimpleNamespace

    from heartland.orders.refunds import owe_refund
    from heartland.payments.signals import payment_refunded, payment_succeeded

    order = make_order(parts=[{"lines": [(Decimal("18.00"), 1, "agricultural")], "freight": Decimal("30")}],
                       status=states.CANCELLED)
    payment = SimpleNamespace(purpose_reference=order.number, reference="PAYLATE1", amount=order.total,
                              paid_at=timezone.now(), payer_name="张伟", payer_id_number="")
    payment_succeeded.send(sender=Payment, payment=payment)
    payment_succeeded.send(sender=Payment, payment=payment)  # a repeated notice
    assert selectors.balance(A.UNAPPLIED, "CNY") == -to_minor(order.total, "CNY")
    owed = owe_refund(order=order, reason="late", late=True)
    refund = SimpleNamespace(idempotency_key=f"order-refund:{owed.key}:0", reference="RFDLATE1", amount=owed.amount,
                             completed_at=timezone.now())
    payment_refunded.send(sender=Payment, payment=payment, refund=refund)
    payment_refunded.send(sender=Payment, payment=payment, refund=refund)
    assert selectors.balance(A.UNAPPLIED, "CNY") == 0 and selectors.balance(A.REFUNDS_OWED, "CNY") == 0
    assert selectors.balance(A.CLEARING, "CNY") == 0
    assert sorted(JournalEntry.objects.values_list("kind", flat=True)) == ["late_payment", "refund_owed",
                                                                           "refund_paid"]


# --- operators ----------------------------------------------------------------------------------------------

def test_trial_balance_command_prints_every_account():
    services.post_entry(key="t:4", memo="x", postings=LEGS)
    out = StringIO()
    call_command("trial_balance", "--json", stdout=out)
    assert json.loads(out.getvalue()) == selectors.trial_balance()
    out = StringIO()
    call_command("trial_balance", stdout=out)
    assert A.CLEARING in out.getvalue() and "10.00" in out.getvalue()


def test_operators_see_the_trial_balance_and_accounts(client):
    services.post_entry(key="t:5", memo="x", postings=LEGS)
    staff = make_user(is_staff=True, is_superuser=True)
    client.force_login(staff)
    page = client.get(reverse("admin:ledger_trial_balance"))
    assert page.status_code == 200 and A.CLEARING in page.content.decode()
    for name in ("account", "journalentry", "commissionrate"):
        assert client.get(reverse(f"admin:ledger_{name}_changelist")).status_code == 200
    entry = JournalEntry.objects.get(key="t:5")
    assert client.get(reverse("admin:ledger_journalentry_change", args=[entry.pk])).status_code == 200
    assert client.post(reverse("admin:ledger_journalentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403


def test_the_farm_sees_gross_commission_and_net_on_every_order_line(client):
    from heartland.catalog.tests.factories import make_merchant

    owner = make_user()
    farm = make_merchant(owner=owner)
    order = make_order(parts=[{"lines": [(Decimal("18.00"), 2, "agricultural"), (Decimal("25.00"), 1, "food")]}],
                       merchants=[farm])
    mo = order.merchant_orders.get()
    services.record_part_paid(merchant_order=mo)
    services.record_part_accepted(merchant_order=mo)
    client.force_login(owner)
    page = client.get(reverse("portal:order_detail", args=[farm.slug, mo.number])).content.decode()
    assert 'id="line-money"' in page
    assert "$36.00" in page and "$2.88 (8% agricultural)" in page and "$33.12" in page
    assert "$2.50 (10% food)" in page and "$22.50" in page and "$55.62" in page
