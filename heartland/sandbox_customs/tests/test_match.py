"""The pure three-document and inventory-list match (heartland.customs.ceb.match): worked
examples, and properties — a consistent set matches; changing any amount of any one document
breaks it."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from heartland.customs.ceb.match import (
    describe,
    document_rules,
    inventory_match,
    name_key,
    three_document_match,
    valid_resident_id,
)

from .documents import BUYER_ID, OTHER_ID, consistent_set, replace, replace_line

D = Decimal


def fields(mismatches):
    return [(m.document, m.field) for m in mismatches]


def test_a_consistent_set_matches():
    order, payment, waybill, inventory = consistent_set()
    assert three_document_match(order, payment, waybill) == []
    assert three_document_match(order, None, None) == []
    assert inventory_match(inventory, order, payment, waybill) == []
    assert all(document_rules(doc) == [] for doc in (order, payment, waybill, inventory))


def test_worked_example_the_order_adds_up():
    order, *_ = consistent_set()
    # 2 × 98.50 + 1 × 120.00 = 317.00 goods; + 30.00 freight + 21.04 tax − 0 discount
    assert (order.goodsValue, order.acturalPaid) == (D("317.00"), D("368.04"))
    off = replace(order, acturalPaid=D("368.05"))
    assert fields(three_document_match(off, None, None)) == [("CEB311", "acturalPaid")]
    assert "goodsValue + freight + taxTotal − discount" in describe(three_document_match(off, None, None))


def test_the_payment_must_be_the_buyers_and_the_amount_the_orders():
    order, payment, waybill, _ = consistent_set()
    assert fields(three_document_match(order, replace(payment, amountPaid=D("368.00")), waybill)) == [
        ("CEB411", "amountPaid")]
    assert fields(three_document_match(order, replace(payment, payerIdNumber=OTHER_ID), waybill)) == [
        ("CEB411", "payerIdNumber")]
    assert fields(three_document_match(order, replace(payment, payerName="李四"), waybill)) == [
        ("CEB411", "payerName")]
    # one person: the name up to case, width and spaces; the ID's check letter in either case
    latin = replace(order, buyerName="Zhang San")
    assert three_document_match(latin, replace(payment, payerName="ＺＨＡＮＧ  san",
                                               payerIdNumber=BUYER_ID.lower()), None) == []
    assert fields(three_document_match(order, replace(payment, orderNo="HL-OTHER"), None)) == [("CEB411", "orderNo")]


def test_the_waybill_must_deliver_to_the_orders_consignee_in_one_parcel():
    order, payment, waybill, _ = consistent_set()
    assert fields(three_document_match(order, payment, replace(waybill, consignee="李四"))) == [
        ("CEB511", "consignee")]
    assert fields(three_document_match(order, payment, replace(waybill, consigneeTelephone="13900139000"))) == [
        ("CEB511", "consigneeTelephone")]
    assert fields(three_document_match(order, payment, replace(waybill, packNo=2))) == [("CEB511", "packNo")]
    assert fields(three_document_match(order, payment, replace(waybill, logisticsNo=""))) == [
        ("CEB511", "logisticsNo")]
    assert three_document_match(order, payment, replace(waybill, freight=None)) == []  # freight is optional


def test_field_rules_currency_id_and_line_numbers():
    order, payment, waybill, inventory = consistent_set()
    assert fields(three_document_match(replace(order, currency="502"), None, None)) == [("CEB311", "currency")]
    assert fields(three_document_match(replace(order, buyerIdNumber="110105194912310020"), None, None))[0] == (
        "CEB311", "buyerIdNumber")
    assert ("CEB311", "lines.gnum") in fields(three_document_match(replace_line(order, 1, gnum=3), None, None))
    assert fields(document_rules(replace_line(inventory, 0, gcode="04090000"))) == [("CEB621", "lines[1].gcode")]
    assert fields(document_rules(replace(inventory, netWeight=D("2")))) == [("CEB621", "netWeight")]
    assert fields(document_rules(replace(order, freight=D("1.005")))) [0] == ("CEB311", "freight")
    assert valid_resident_id(BUYER_ID) and valid_resident_id(OTHER_ID) and not valid_resident_id("1101051949123100")
    assert name_key("Zhang  WEI") == name_key("ｚｈａｎｇｗｅｉ")


def test_the_inventory_list_must_repeat_the_order_and_the_waybill():
    order, payment, waybill, inventory = consistent_set()
    cases = {
        ("CEB621", "logisticsNo"): replace(inventory, logisticsNo="SF0000000000"),
        ("CEB621", "orderNo"): replace(inventory, orderNo="HL-OTHER"),
        ("CEB621", "buyerName"): replace(inventory, buyerName="李四"),
        ("CEB621", "freight"): replace(inventory, freight=D("31.00")),
        ("CEB621", "taxTotal"): replace(inventory, taxTotal=D("0")),
        ("CEB621", "grossWeight"): replace(inventory, grossWeight=D("1.700")),
        ("CEB621", "lines[2].gname"): replace_line(inventory, 1, gname="别的东西"),
        ("CEB621", "lines[1].country"): replace_line(inventory, 0, country="116"),
    }
    for expected, changed in cases.items():
        assert fields(inventory_match(changed, order, payment, waybill)) == [expected], expected
    fewer = replace(inventory, lines=inventory.lines[:1])
    assert ("CEB621", "lines") in fields(inventory_match(fewer, order, payment, waybill))
    # the three documents are matched as well
    assert ("CEB411", "amountPaid") in fields(inventory_match(inventory, order, replace(payment, amountPaid=D(1)),
                                                              waybill))


# --- properties -------------------------------------------------------------------------------

amounts = st.decimals(min_value=D("0.01"), max_value=D("2000"), places=2)
quantities = st.integers(min_value=1, max_value=9).map(D)
line_specs = st.lists(st.tuples(quantities, amounts), min_size=1, max_size=5)
money = st.decimals(min_value=D("0"), max_value=D("300"), places=2)


@st.composite
def documents(draw):
    lines = draw(line_specs)
    discount = draw(money)
    goods = sum((q * p for q, p in lines), D(0))
    discount = min(discount, goods)
    return consistent_set(lines=lines, freight=draw(money), discount=discount, tax_total=draw(money),
                          order_no=draw(st.from_regex(r"HL-[A-Z0-9]{4,12}", fullmatch=True)))


@settings(max_examples=150, derandomize=True, deadline=None)
@given(documents())
def test_property_a_consistent_set_matches(docs):
    order, payment, waybill, inventory = docs
    assert three_document_match(order, payment, waybill) == []
    assert inventory_match(inventory, order, payment, waybill) == []


def _amount_fields(docs):
    """Every (document index, line index or None, field) that holds an amount or a quantity."""
    order, payment, waybill, inventory = docs
    found = [(0, None, f) for f in ("goodsValue", "freight", "discount", "taxTotal", "acturalPaid")]
    found += [(0, i, f) for i in range(len(order.lines)) for f in ("qty", "price", "totalPrice")]
    found += [(1, None, "amountPaid")]
    found += [(2, None, f) for f in ("freight", "insuredFee", "weight")]
    found += [(3, None, f) for f in ("freight", "insuredFee", "taxTotal", "grossWeight")]
    found += [(3, i, f) for i in range(len(inventory.lines)) for f in ("qty", "price", "totalPrice")]
    return found


@settings(max_examples=300, derandomize=True, deadline=None)
@given(documents(), st.data(), st.sampled_from([D("0.01"), D("-0.01"), D("1"), D("0.5"), D("100")]))
def test_property_changing_any_amount_of_any_one_document_breaks_the_match(docs, data, delta):
    where = data.draw(st.sampled_from(_amount_fields(docs)))
    index, line, field = where
    docs = list(docs)
    doc = docs[index]
    if line is None:
        docs[index] = replace(doc, **{field: getattr(doc, field) + delta})
    else:
        docs[index] = replace_line(doc, line, **{field: getattr(doc.lines[line], field) + delta})
    order, payment, waybill, inventory = docs
    assert inventory_match(inventory, order, payment, waybill), where
    if index < 3 and (index, field) not in ((2, "insuredFee"), (2, "weight")):
        assert three_document_match(order, payment, waybill), where


@pytest.mark.parametrize("limit", [40, 1000])
def test_describe_fits_a_receipt(limit):
    order, payment, waybill, _ = consistent_set()
    text = describe(three_document_match(order, replace(payment, amountPaid=D(1), payerName="李四"), waybill),
                    limit=limit)
    assert len(text) <= limit and text.startswith("CEB411")
