"""The pure CEB package: XML layout, round trips, field rules, the match, signatures, receipts."""
from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from lxml import etree

from heartland.customs.ceb import match, rules, signing, xml
from heartland.customs.ceb.documents import NAMESPACE, Receipt

from .strategies import document_sets, envelope

NS = {"ceb": NAMESPACE, "ds": signing.DS}


@pytest.fixture(scope="module")
def credentials():
    key, cert = signing.generate_credentials("test platform")
    return signing.load_private_key(key), signing.load_certificate(cert)


_FIXED: list = []


def _fixed_set():
    """One consistent set with two lines (found once, outside any @given)."""
    if not _FIXED:
        _FIXED.append(find(document_sets(), lambda s: len(s[0].lines) == 2))
    return _FIXED[0]


@pytest.fixture(scope="module", autouse=True)
def _found():
    _fixed_set()


def test_worked_example_order_message_layout():
    order, *_ = _fixed_set()
    env = envelope()
    root = etree.fromstring(xml.build_message(order, env))
    assert root.tag == f"{{{NAMESPACE}}}CEB311Message" and root.get("guid") == env.guid and root.get("version") == "1.0"
    assert [etree.QName(c).localname for c in root] == ["Order", "BaseTransfer"]
    head = root.find("ceb:Order/ceb:OrderHead", NS)
    names = [etree.QName(c).localname for c in head]
    # XSD order; optional empty elements (batchNumbers, consigneeDistrict, note) left out
    assert names == [n for n in xml.ORDER_HEAD_FIELDS if n not in ("batchNumbers", "consigneeDistrict", "note")]
    assert head.findtext("ceb:appTime", namespaces=NS) == order.head.appTime.strftime("%Y%m%d%H%M%S")
    assert head.findtext("ceb:goodsValue", namespaces=NS) == f"{order.goodsValue:.2f}"
    assert head.findtext("ceb:currency", namespaces=NS) == "142"
    lines = root.findall("ceb:Order/ceb:OrderList", NS)
    assert [line.findtext("ceb:gnum", namespaces=NS) for line in lines] == ["1", "2"]
    base = [etree.QName(c).localname for c in root.find("ceb:BaseTransfer", NS)]
    assert base == ["copCode", "copName", "dxpMode", "dxpId"]


def test_amounts_are_written_with_two_decimals():
    assert xml.format_amount(Decimal("12.5")) == "12.50" and xml.format_amount(Decimal("3")) == "3.00"
    assert xml.format_amount(Decimal("0.005")) == "0.01"  # ROUND_HALF_UP


@settings(max_examples=60, deadline=None)
@given(document_sets())
def test_any_consistent_set_passes_the_rules_and_the_match_and_round_trips(docs):
    order, payment, waybill, inventory = docs
    for doc in docs:
        assert rules.problems(doc) == [], doc
        env = envelope()
        assert xml.parse_message(xml.build_message(doc, env)) == (env, [doc])
    assert rules.consistency(order, payment, waybill, inventory) == []
    assert match.three_document_match(order, payment, waybill) == []
    assert match.inventory_match(inventory, order, payment, waybill) == []


@settings(max_examples=60, deadline=None)
@given(document_sets(), st.integers(0, 3), st.data())
def test_a_changed_amount_in_any_one_breaks_the_match(docs, which, data):
    docs = list(docs)
    doc = docs[which]
    amounts = {0: ["goodsValue", "freight", "taxTotal", "acturalPaid"], 1: ["amountPaid"], 2: ["freight"],
               3: ["freight", "taxTotal"]}[which]
    name = data.draw(st.sampled_from(amounts))
    docs[which] = dataclasses.replace(doc, **{name: getattr(doc, name) + Decimal("0.01")})
    order, payment, waybill, inventory = docs
    found = match.three_document_match(order, payment, waybill) + match.inventory_match(inventory, order, payment,
                                                                                        waybill)
    assert found, (which, name)


def test_field_rules_name_the_field_and_why():
    order, payment, waybill, inventory = _fixed_set()
    bad = dataclasses.replace(order, acturalPaid=order.acturalPaid + 1, currency="502", consigneeDistrict="1234",
                              buyerName="张" * 31, buyerIdNumber="110105194912310021")
    fields = {p.field for p in rules.problems(bad)}
    assert {"OrderHead.acturalPaid", "OrderHead.currency", "OrderHead.consigneeDistrict", "OrderHead.buyerName",
            "OrderHead.buyerIdNumber"} <= fields
    line = dataclasses.replace(inventory.lines[0], gcode="04090000", totalPrice=inventory.lines[0].totalPrice + 1)
    found = {p.field for p in rules.problems(dataclasses.replace(inventory, lines=(line, *inventory.lines[1:])))}
    assert {"InventoryList[1].gcode", "InventoryList[1].totalPrice"} <= found
    assert rules.problems(dataclasses.replace(waybill, packNo=2))[0].field == "LogisticsHead.packNo"
    assert rules.problems(dataclasses.replace(payment, amountPaid=Decimal("1.234")))[0].message == \
        "has more than 2 decimals"


def test_chinese_text_is_held_to_half_the_xsd_limit():
    order, *_ = _fixed_set()
    assert not rules.problems(dataclasses.replace(order, consignee="张" * 50))
    assert [p.field for p in rules.problems(dataclasses.replace(order, consignee="张" * 51))] == ["OrderHead.consignee"]
    assert not rules.problems(dataclasses.replace(order, consignee="Z" * 100))


def test_signature_layout_and_verification(credentials):
    key, cert = credentials
    order, *_ = _fixed_set()
    signed = signing.sign(xml.build_message(order, envelope()), key, cert)
    root = etree.fromstring(signed)
    signature = root[-1]
    assert signature.tag == f"{{{signing.DS}}}Signature"
    assert signature.find("ds:SignedInfo/ds:CanonicalizationMethod", NS).get("Algorithm") == signing.C14N
    reference = signature.find("ds:SignedInfo/ds:Reference", NS)
    assert reference.get("URI") == ""
    assert [t.get("Algorithm") for t in reference.find("ds:Transforms", NS)] == [signing.ENVELOPED]
    assert signature.findtext("ds:KeyInfo/ds:KeyName", namespaces=NS) == signing.key_name(cert)
    assert signature.find("ds:KeyInfo/ds:X509Data/ds:X509Certificate", NS) is not None
    assert signing.verify(signed, cert)
    assert xml.parse_message(signed)[1] == [order]
    other_key, other_cert = signing.generate_credentials("someone else")
    assert not signing.verify(signed, other_cert)
    sha1 = signing.sign(xml.build_message(order, envelope()), key, cert, algorithm="rsa-sha1", digest="sha1")
    assert not signing.verify(sha1, cert)  # not allowed unless asked for
    assert signing.verify(sha1, cert, algorithms=("rsa-sha1",), digests=("sha1",))


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_a_tampered_signed_message_fails_verification(credentials, data):
    key, cert = credentials
    order, payment, *_ = _fixed_set()
    signed = signing.sign(xml.build_message(payment, envelope()), key, cert)
    root = etree.fromstring(signed)
    leaves = [e for e in root.iter() if isinstance(e.tag, str) and len(e) == 0 and e.text
              and etree.QName(e).namespace == NAMESPACE]
    leaf = data.draw(st.sampled_from(leaves))
    leaf.text = leaf.text + data.draw(st.sampled_from(["0", "1", "张", " "]))
    assert not signing.verify(etree.tostring(root), cert)


def test_signature_tricks_are_refused(credentials):
    key, cert = credentials
    _, payment, *_ = _fixed_set()
    signed = signing.sign(xml.build_message(payment, envelope()), key, cert)
    root = etree.fromstring(signed)
    root.insert(0, root[-1])  # the Signature no longer last
    assert not signing.verify(etree.tostring(root), cert)
    # a comment splitting a value does not change what is read or verified
    tricked = signed.replace(b"<ceb:orderNo>HL", b"<ceb:orderNo>H<!-- x -->L")
    assert signing.verify(tricked, cert) and xml.parse_message(tricked)[1] == [payment]
    with pytest.raises(signing.SigningError):
        signing.sign(signed, key, cert)


def test_receipts_round_trip_in_the_gacc_shape():
    receipt = Receipt(kind="CEB312", guid="5C1A9C8E-2D0E-4B8A-9E44-1B7A3C0D2E11", returnStatus="120",
                      returnTime=datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=xml.BEIJING),
                      returnInfo="新增申报成功[X]", keys={"ebpCode": "4401960TES", "ebcCode": "4401960TES",
                                                      "orderNo": "HL1-1"})
    data = xml.build_receipt(receipt, envelope())
    root = etree.fromstring(data)
    assert root.tag == f"{{{NAMESPACE}}}CEB312Message" and root.nsmap[None] == NAMESPACE
    block = root[0]
    assert [etree.QName(c).localname for c in block] == ["guid", "ebpCode", "ebcCode", "orderNo", "returnStatus",
                                                         "returnTime", "returnInfo"]
    assert block.findtext("ceb:returnTime", namespaces=NS) == "20260102030405678"
    assert xml.parse_receipts(data) == [receipt]
    released = dataclasses.replace(receipt, kind="CEB622", returnStatus="800", keys={"copNo": "HL1-1"},
                                   valueAddedTax=Decimal("12.30"), customsTax=Decimal("0"))
    assert xml.parse_receipts(xml.build_receipt(released, envelope())) == [released]


def test_not_a_message_is_refused():
    for junk in (b"", b"<a/>", b"<CEB311Message xmlns='http://www.chinaport.gov.cn/ceb'/>", "<x>&lt;</x>".encode()):
        with pytest.raises(xml.CebXmlError):
            xml.parse_message(junk)
    with pytest.raises(xml.CebXmlError):
        xml.parse_receipts(b"<CEB312Message xmlns='http://www.chinaport.gov.cn/ceb'/>")
