"""The refund of a return, as arithmetic: returns of a line — at once or a few units at a time —
refund exactly its goods and tax, never a minor unit more, each amount in the currency's minor unit
(KRW and JPY whole); the return windows come from the data file with their sources."""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from heartland.fulfillment import states
from heartland.fulfillment.rules.returns import LineShare, refund_for, window_for
from heartland.landedcost.money import quantum

CURRENCIES = ("CNY", "HKD", "JPY", "KRW", "SGD")


@st.composite
def line_and_returns(draw):
    currency = draw(st.sampled_from(CURRENCIES))
    step = quantum(currency)
    quantity = draw(st.integers(1, 50))
    goods = draw(st.integers(1, 10_000_000)) * step
    tax = draw(st.integers(0, 2_000_000)) * step
    chunks, left = [], quantity
    while left and draw(st.booleans() if chunks else st.just(True)):
        n = draw(st.integers(1, left))
        chunks.append(n)
        left -= n
    return currency, goods, tax, quantity, chunks


@given(line_and_returns())
def test_returns_of_a_line_never_refund_more_than_it_cost(case):
    currency, goods, tax, quantity, chunks = case
    step = quantum(currency)
    before, paid_goods, paid_tax = 0, Decimal(0), Decimal(0)
    for n in chunks:
        r = refund_for([LineShare(goods, tax, quantity, before, n)], currency)
        assert r.goods >= 0 and r.tax >= 0
        assert r.goods % step == 0 and r.tax % step == 0
        if step == 1:
            assert r.amount == r.amount.to_integral_value()
        paid_goods, paid_tax, before = paid_goods + r.goods, paid_tax + r.tax, before + n
    assert paid_goods <= goods and paid_tax <= tax
    if before == quantity:
        assert (paid_goods, paid_tax) == (goods, tax)  # everything back: exactly what was paid
    # never off the proportional share by more than one minor unit
    assert abs(paid_goods - goods * before / quantity) <= step


@given(st.lists(line_and_returns(), min_size=1, max_size=4))
def test_a_return_of_several_lines_is_the_sum_of_its_lines(cases):
    currency = cases[0][0]
    shares = [LineShare(g, t, q, 0, chunks[0]) for _c, g, t, q, chunks in cases]
    whole = refund_for(shares, currency)
    assert whole.amount == sum((refund_for([s], currency).amount for s in shares), Decimal(0))


def test_impossible_counts_are_refused():
    with pytest.raises(ValueError):
        refund_for([LineShare(Decimal("10"), Decimal("1"), 2, 1, 2)], "CNY")
    with pytest.raises(ValueError):
        refund_for([LineShare(Decimal("10"), Decimal("1"), 2, 0, -1)], "CNY")


def test_windows_name_their_source_and_effective_date():
    cn = window_for("CN", date(2026, 6, 1))
    assert (cn.days, cn.starts, cn.kind, cn.goods_back_days) == (30, "released", "law", 45)
    assert "Cai Guan Shui [2016] No. 18" in cn.source and cn.effective_from == date(2019, 1, 1)
    for market in ("HK", "JP", "KR", "SG"):
        w = window_for(market, date(2026, 6, 1))
        assert (w.days, w.starts, w.kind) == (14, "delivered", "policy") and "not a legal requirement" in w.name
    assert window_for("HK", date(2025, 12, 31)) is None  # before the policy took effect
    assert window_for("US", date(2026, 6, 1)) is None
    start = datetime(2026, 3, 1, 8, 0, tzinfo=timezone.utc)
    assert cn.closes(start) == datetime(2026, 3, 31, 8, 0, tzinfo=timezone.utc)


def test_the_return_state_machine_is_closed():
    assert states.FINAL == {states.REFUNDED, states.REFUSED, states.CANCELLED}
    assert states.can(states.RECEIVED, states.REFUNDED, "merchant")
    assert not states.can(states.REQUESTED, states.REFUNDED)
    assert not states.can(states.REQUESTED, states.ACCEPTED, "shopper")
    assert all(states.label(s) != s for s in states.STATES)
