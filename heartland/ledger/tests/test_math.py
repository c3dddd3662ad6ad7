"""The pure ledger arithmetic (runs without Django too: ``-p no:django``)."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from heartland.ledger.math import (
    Posting,
    Unbalanced,
    allocate,
    check_balanced,
    commission_minor,
    from_minor,
    pro_rata,
    to_minor,
    to_usd_minor,
    totals,
)
from heartland.ledger.math import accounts as A
from heartland.ledger.math import events as E

CURRENCIES = ("CNY", "HKD", "JPY", "KRW", "SGD")
RATES = {"CNY": Decimal("7.3"), "HKD": Decimal("7.8"), "JPY": Decimal("151.2"), "KRW": Decimal("1391.5"),
         "SGD": Decimal("1.35")}


def test_minor_units_follow_the_currency():
    assert to_minor(Decimal("12.34"), "CNY") == 1234
    assert to_minor(Decimal("1234"), "JPY") == 1234
    assert to_minor(Decimal("0.005"), "USD") == 1  # half up
    assert from_minor(1234, "KRW") == Decimal("1234") and from_minor(1234, "SGD") == Decimal("12.34")
    with pytest.raises(TypeError):
        to_minor(1.5, "USD")
    with pytest.raises(TypeError):
        Posting("x", "USD", 1.0)


def test_an_entry_must_balance_per_currency_and_have_two_legs():
    with pytest.raises(Unbalanced):
        check_balanced([Posting("a", "USD", 1), Posting("b", "USD", -2)])
    with pytest.raises(Unbalanced):  # balanced in sum, not per currency
        check_balanced([Posting("a", "USD", 1), Posting("b", "CNY", -1)])
    with pytest.raises(Unbalanced):
        check_balanced([Posting("a", "USD", 0), Posting("b", "USD", 0)])
    assert len(check_balanced([Posting("a", "USD", 5), Posting("b", "USD", -5), Posting("c", "JPY", 0)])) == 2


@given(st.integers(0, 10**9), st.lists(st.integers(0, 10**7), min_size=1, max_size=6))
def test_allocate_splits_exactly(amount, weights):
    shares = allocate(amount, weights)
    assert sum(shares) == amount and all(s >= 0 for s in shares)
    whole = sum(weights)
    if whole:
        for s, w in zip(shares, weights, strict=True):
            assert abs(s - amount * w / whole) < 1


@given(st.integers(0, 10**9), st.integers(1, 10**7), st.lists(st.integers(1, 10**6), max_size=8))
def test_pro_rata_cumulative_shares_never_drift(total, whole, takes):
    taken, given_back = 0, 0
    for t in takes:
        t = min(t, whole - taken)
        given_back += pro_rata(total, taken + t, whole) - pro_rata(total, taken, whole)
        taken += t
    assert given_back == pro_rata(total, taken, whole)
    if taken == whole:
        assert given_back == total


@given(st.integers(0, 10**9), st.decimals(min_value=0, max_value=100, places=2))
def test_commission_is_a_rounded_share(gross, rate):
    c = commission_minor(gross, rate)
    assert 0 <= c <= gross and abs(c - gross * rate / 100) <= Decimal("0.5")


@settings(max_examples=200, derandomize=True)
@given(currency=st.sampled_from(CURRENCIES), goods=st.integers(1, 10**8), freight=st.integers(0, 10**6),
       tax=st.integers(0, 10**6), rate=st.integers(0, 3000).map(lambda r: Decimal(r) / 100),
       refunds=st.lists(st.integers(1, 10**8), max_size=5), accepted=st.booleans(), shipped=st.booleans(),
       assessed=st.booleans())
def test_every_event_balances_and_a_farm_is_never_owed_less_than_nothing(currency, goods, freight, tax, rate,
                                                                          refunds, accepted, shipped, assessed):
    fx = RATES[currency]
    gross = max(to_usd_minor(goods, currency, fx) - 3, 0)  # the farm's USD price, a little under
    commission = commission_minor(gross, rate)
    state = E.PartState(merchant_id=7, currency=currency, rate=fx, goods=goods, freight=freight, tax=tax,
                        paid=True)
    ledger: list[Posting] = list(E.capture(currency=currency, goods=goods, freight=freight, tax=tax))
    if accepted:
        acc = E.acceptance(currency=currency, goods=goods, rate=fx, gross_usd=gross, commission_usd=commission,
                           merchant_id=7)
        check_balanced(acc.postings)
        ledger += acc.postings
        state.accepted, state.gross_usd, state.commission_usd, state.goods_usd = True, gross, commission, acc.goods_usd
    if shipped and freight:
        _usd, legs = E.shipped(currency=currency, freight=freight, rate=fx)
        ledger += check_balanced(legs)
        state.shipped = True
    if assessed and tax:
        ledger += check_balanced(E.customs_tax(currency=currency, collected=tax, assessed=tax + 1))
        state.assessed = True
    left = goods + freight + tax
    for amount in refunds:
        amount = min(amount, left)
        if amount <= 0:
            break
        r = E.refund_owed(state=state, amount=amount)
        ledger += r.postings
        ledger += check_balanced(E.refund_paid(currency=currency, amount=amount))
        state.refunded_goods += r.goods
        state.refunded_freight += r.freight
        state.refunded_tax += r.tax
        left -= amount
        farm = sum(p.amount_minor for p in ledger if p.account == A.farm_pending(7))
        assert farm <= 0  # a credit: the farm is owed, never owes
        assert -farm == state.farm_net()
    assert all(v == 0 for v in totals(ledger).values())
    if accepted and state.refunded_goods == goods:
        assert state.farm_net() == 0
    if accepted and not refunds:
        assert state.farm_net() == gross - commission


def test_settlement_puts_the_rate_difference_in_fx_gain_loss():
    legs = E.settlement(currency="CNY", settled=73000, locked_usd=10000, received_usd=9950, fee_usd=30)
    assert all(v == 0 for v in totals(legs).values())
    fx = sum(p.amount_minor for p in legs if p.account == A.FX_GAIN_LOSS)
    assert fx == 20  # a loss of 20 cents: 100.00 locked, 99.50 received + 0.30 fee
    assert not any(p.account.startswith(A.FARM_PREFIX) for p in legs)


def test_settlement_keeps_the_prepaid_tax_off_the_conversion_position():
    # 730 CNY settled, of it 30 CNY prepaid tax: 700 relieve fx:conversion, 30 go to tax:remittance
    legs = E.settlement(currency="CNY", settled=73000, locked_usd=9589, received_usd=9950, fee_usd=30,
                        tax=3000, tax_locked_usd=411)
    assert all(v == 0 for v in totals(legs).values())
    by = {(p.account, p.currency): p.amount_minor for p in legs}
    assert by[(A.FX_CONVERSION, "CNY")] == 70000 and by[(A.TAX_REMITTANCE, "CNY")] == 3000
    assert by[(A.FX_CONVERSION, "USD")] == -9589 and by[(A.TAX_REMITTANCE, "USD")] == -411
    assert by[(A.FX_GAIN_LOSS, "USD")] == 20


def test_account_names():
    assert A.farm_pending(12) == "farm:12:pending" and A.merchant_of("farm:12:delivered") == 12
    assert A.merchant_of(A.CLEARING) is None and A.kind_of(A.COMMISSION) == "revenue"
