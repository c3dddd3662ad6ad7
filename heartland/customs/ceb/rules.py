"""The field rules of the CEB messages (pure: no Django): ``problems(doc) -> [Problem]``.

A message with a problem is never sent; the operator sees each problem (field + reason). The
rules are the 2022-05 GACC XSD (required elements, lengths, enumerations, fixed codes) and the
spec's arithmetic (customs-messages.md), plus these platform choices:

- text with any non-ASCII character (Chinese) is held to **half** the XSD length: whether customs
  counts bytes or characters is unconfirmed, and the older prose spec states the limits in
  Chinese characters (half the XSD's figure);
- amounts have at most 2 decimals and are never negative;
- no control characters (XML 1.0 cannot carry most of them; customs systems choke on the rest);
- a buyer's or payer's ID number must be a valid PRC resident ID (GB 11643, ``stdnum.cn.ric``),
  since the ID type must be 1.

``consistency(order, payment, waybill, inventory)`` checks that the messages of one customs order
agree with each other the way the three-document match will (the same order number, amounts,
consignee, lines) — the platform checks its own set before sending any of it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from stdnum.cn import ric

from . import codes
from .documents import CNY, Envelope, Head, InventoryDoc, InventoryLine, OrderDoc, OrderLine, PaymentDoc, WaybillDoc

CENT = Decimal("0.01")
MAX_DIGITS = 19  # xs:decimal totalDigits
UUID_RE = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
DIGITS = {n: re.compile(rf"\d{{{n}}}") for n in (3, 4, 6, 10)}


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


# (min, max) length of each text element (XSD minLength/maxLength; =N as (N, N)). min 0 = optional.
HEAD_LIMITS = {"guid": (36, 36), "appType": (1, 1), "appStatus": (1, 3)}
LIMITS: dict[type, dict[str, tuple[int, int]]] = {
    Envelope: {"guid": (36, 36), "copCode": (1, 18), "copName": (1, 100), "dxpMode": (3, 3), "dxpId": (1, 30),
               "version": (1, 10), "note": (0, 1000)},
    OrderDoc: {"orderType": (1, 1), "orderNo": (1, 60), "ebpCode": (1, 18), "ebpName": (1, 100),
               "ebcCode": (1, 18), "ebcName": (1, 100), "currency": (3, 3), "buyerRegNo": (1, 60),
               "buyerName": (1, 60), "buyerTelephone": (1, 30), "buyerIdType": (1, 1), "buyerIdNumber": (1, 60),
               "payCode": (0, 18), "payName": (0, 100), "payTransactionId": (0, 60), "batchNumbers": (0, 100),
               "consignee": (1, 100), "consigneeTelephone": (1, 50), "consigneeAddress": (1, 200),
               "consigneeDistrict": (0, 6), "note": (0, 1000)},
    OrderLine: {"itemNo": (0, 30), "itemName": (1, 250), "gmodel": (1, 510), "itemDescribe": (0, 1000),
                "barCode": (0, 50), "unit": (3, 3), "currency": (3, 3), "country": (3, 3), "note": (0, 1000)},
    PaymentDoc: {"payCode": (1, 18), "payName": (1, 100), "payTransactionId": (1, 60), "orderNo": (1, 60),
                 "ebpCode": (1, 18), "ebpName": (1, 100), "payerIdType": (1, 1), "payerIdNumber": (1, 60),
                 "payerName": (1, 60), "telephone": (0, 60), "currency": (3, 3), "note": (0, 1000)},
    WaybillDoc: {"logisticsCode": (1, 18), "logisticsName": (1, 100), "logisticsNo": (1, 60), "billNo": (0, 37),
                 "orderNo": (1, 60), "currency": (3, 3), "goodsInfo": (0, 200), "consignee": (1, 100),
                 "consigneeAddress": (1, 200), "consigneeTelephone": (1, 50), "note": (0, 1000)},
    InventoryDoc: {"orderNo": (1, 60), "ebpCode": (1, 18), "ebpName": (1, 100), "ebcCode": (1, 18),
                   "ebcName": (1, 100), "logisticsNo": (1, 60), "logisticsCode": (1, 18),
                   "logisticsName": (1, 100), "copNo": (0, 20), "preNo": (0, 18), "assureCode": (1, 30),
                   "emsNo": (0, 30), "invtNo": (0, 18), "ieFlag": (1, 1), "customsCode": (4, 4),
                   "portCode": (4, 4), "buyerIdType": (1, 1), "buyerIdNumber": (1, 60), "buyerName": (1, 60),
                   "buyerTelephone": (1, 30), "consigneeAddress": (1, 200), "agentCode": (1, 18),
                   "agentName": (1, 100), "areaCode": (0, 18), "areaName": (0, 100), "tradeMode": (4, 4),
                   "trafMode": (1, 1), "trafNo": (0, 100), "voyageNo": (0, 32), "billNo": (0, 37),
                   "loctNo": (0, 10), "licenseNo": (0, 19), "country": (3, 3), "currency": (3, 3),
                   "wrapType": (0, 1), "note": (0, 1000)},
    InventoryLine: {"itemRecordNo": (0, 30), "itemNo": (0, 20), "itemName": (0, 250), "gcode": (10, 10),
                    "gname": (1, 250), "gmodel": (1, 510), "barCode": (0, 50), "country": (3, 3),
                    "tradeCountry": (0, 3), "currency": (3, 3), "unit": (3, 3), "unit1": (3, 3), "unit2": (0, 3),
                    "note": (0, 1000)},
}
AMOUNT_FIELDS = frozenset({"goodsValue", "freight", "discount", "taxTotal", "acturalPaid", "price", "totalPrice",
                           "amountPaid", "insuredFee"})
QUANTITY_FIELDS = frozenset({"qty", "qty1", "qty2", "weight", "grossWeight", "netWeight"})


class _Collector:
    def __init__(self) -> None:
        self.found: list[Problem] = []

    def add(self, field: str, message: str) -> None:
        self.found.append(Problem(field, message))


def _text_rules(out: _Collector, prefix: str, obj: Any, limits: dict[str, tuple[int, int]]) -> None:
    for name, (low, high) in limits.items():
        value = getattr(obj, name)
        where = f"{prefix}.{name}"
        if not isinstance(value, str):
            out.add(where, "must be text")
            continue
        if low and not value.strip():
            out.add(where, "is required")
            continue
        if value != value.strip():
            out.add(where, "has leading or trailing spaces")
        if CONTROL_RE.search(value):
            out.add(where, "contains a control character")
        if low == high and value and len(value) != high:
            out.add(where, f"must be exactly {high} characters (has {len(value)})")
            continue
        limit = high if value.isascii() else high // 2
        if len(value) > limit:
            why = "" if value.isascii() else " (Chinese text: half the XSD's limit)"
            out.add(where, f"is longer than {limit} characters{why}")


def _number_rules(out: _Collector, prefix: str, obj: Any) -> None:
    for f in fields(obj):
        value = getattr(obj, f.name)
        if f.name not in AMOUNT_FIELDS and f.name not in QUANTITY_FIELDS:
            continue
        where = f"{prefix}.{f.name}"
        if value is None:
            continue
        if not isinstance(value, Decimal) or not value.is_finite():
            out.add(where, "must be a decimal number")
            continue
        if value < 0:
            out.add(where, "must not be negative")
        if len(value.as_tuple().digits) > MAX_DIGITS:
            out.add(where, f"has more than {MAX_DIGITS} digits")
        if f.name in AMOUNT_FIELDS and value != value.quantize(CENT):
            out.add(where, "has more than 2 decimals")
        elif value.as_tuple().exponent < -5:  # type: ignore[operator]
            out.add(where, "has more than 5 decimals")


def _head_rules(out: _Collector, prefix: str, head: Head) -> None:
    _text_rules(out, prefix, head, HEAD_LIMITS)
    if not UUID_RE.fullmatch(head.guid or ""):
        out.add(f"{prefix}.guid", "must be an upper-case UUID (36 characters)")
    if head.appType not in codes.enumeration("appType"):
        out.add(f"{prefix}.appType", "must be 1 (new), 2 (change) or 3 (delete)")
    if head.appStatus not in codes.enumeration("appStatus"):
        out.add(f"{prefix}.appStatus", "must be 1 (temporary save) or 2 (declare)")
    if head.appTime is None:
        out.add(f"{prefix}.appTime", "is required")


def _fixed(out: _Collector, where: str, value: str, allowed: frozenset[str] | tuple[str, ...], what: str) -> None:
    if value and value not in allowed:
        out.add(where, f"must be {what} (is {value!r})")


def _id_number(out: _Collector, where: str, value: str) -> None:
    if value and not ric.is_valid(value):
        out.add(where, "is not a valid PRC resident ID number")


def _codes(out: _Collector, prefix: str, obj: Any) -> None:
    """Currency fixed to 142; country, unit codes from the JGS-20 tables."""
    if getattr(obj, "currency", CNY) != CNY:
        out.add(f"{prefix}.currency", f"must be {CNY} (CNY)")
    for name in ("country", "tradeCountry"):
        value = getattr(obj, name, "")
        if value and value not in codes.country_numbers():
            out.add(f"{prefix}.{name}", f"{value!r} is not a JGS-20 country code")
    for name in ("unit", "unit1", "unit2"):
        value = getattr(obj, name, "")
        if value and value not in codes.units():
            out.add(f"{prefix}.{name}", f"{value!r} is not a JGS-20 unit code")


def _line_total(out: _Collector, where: str, line: OrderLine | InventoryLine) -> None:
    if isinstance(line.qty, Decimal) and isinstance(line.price, Decimal) and isinstance(line.totalPrice, Decimal):
        if line.qty <= 0:
            out.add(f"{where}.qty", "must be more than 0")
        expected = (line.price * line.qty).quantize(CENT)
        if line.totalPrice != expected:
            out.add(f"{where}.totalPrice", f"must be price × qty = {expected} (is {line.totalPrice})")


def _lines(out: _Collector, block: str, list_tag: str, lines: tuple, limits: dict[str, tuple[int, int]]) -> None:
    if not 1 <= len(lines) <= 99:
        out.add(f"{block}.{list_tag}", "must have 1 to 99 lines")
    for i, line in enumerate(lines, start=1):
        where = f"{list_tag}[{i}]"
        _text_rules(out, where, line, limits)
        _number_rules(out, where, line)
        _codes(out, where, line)
        if line.gnum != i:
            out.add(f"{where}.gnum", f"must be {i} (line numbers run from 1)")
        _line_total(out, where, line)


def order_problems(doc: OrderDoc) -> list[Problem]:
    out = _Collector()
    _head_rules(out, "OrderHead", doc.head)
    _text_rules(out, "OrderHead", doc, LIMITS[OrderDoc])
    _number_rules(out, "OrderHead", doc)
    _codes(out, "OrderHead", doc)
    _fixed(out, "OrderHead.orderType", doc.orderType, codes.enumeration("orderType"), "I (import)")
    _fixed(out, "OrderHead.buyerIdType", doc.buyerIdType, codes.enumeration("idType"), "1 (ID card)")
    _id_number(out, "OrderHead.buyerIdNumber", doc.buyerIdNumber)
    if doc.consigneeDistrict and not DIGITS[6].fullmatch(doc.consigneeDistrict):
        out.add("OrderHead.consigneeDistrict", "must be a 6-digit administrative division code")
    amounts = (doc.goodsValue, doc.freight, doc.taxTotal, doc.discount, doc.acturalPaid)
    if all(isinstance(a, Decimal) for a in amounts):
        expected = doc.goodsValue + doc.freight + doc.taxTotal - doc.discount
        if doc.acturalPaid != expected:
            out.add("OrderHead.acturalPaid",
                    f"must be goodsValue + freight + taxTotal − discount = {expected} (is {doc.acturalPaid})")
        if doc.acturalPaid <= 0:
            out.add("OrderHead.acturalPaid", "must be more than 0")
        totals = [line.totalPrice for line in doc.lines]
        if totals and all(isinstance(t, Decimal) for t in totals) and sum(totals, Decimal(0)) != doc.goodsValue:
            out.add("OrderHead.goodsValue",
                    f"must be the sum of the lines' totalPrice = {sum(totals, Decimal(0))} (is {doc.goodsValue})")
    _lines(out, "Order", "OrderList", doc.lines, LIMITS[OrderLine])
    return out.found


def payment_problems(doc: PaymentDoc) -> list[Problem]:
    out = _Collector()
    _head_rules(out, "PaymentHead", doc.head)
    _text_rules(out, "PaymentHead", doc, LIMITS[PaymentDoc])
    _number_rules(out, "PaymentHead", doc)
    _codes(out, "PaymentHead", doc)
    _fixed(out, "PaymentHead.payerIdType", doc.payerIdType, codes.enumeration("idType"), "1 (ID card)")
    _id_number(out, "PaymentHead.payerIdNumber", doc.payerIdNumber)
    if isinstance(doc.amountPaid, Decimal) and doc.amountPaid <= 0:
        out.add("PaymentHead.amountPaid", "must be more than 0")
    if doc.payTime is None:
        out.add("PaymentHead.payTime", "is required")
    return out.found


def waybill_problems(doc: WaybillDoc) -> list[Problem]:
    out = _Collector()
    _head_rules(out, "LogisticsHead", doc.head)
    _text_rules(out, "LogisticsHead", doc, LIMITS[WaybillDoc])
    _number_rules(out, "LogisticsHead", doc)
    _codes(out, "LogisticsHead", doc)
    if doc.packNo != 1:
        out.add("LogisticsHead.packNo", "must be 1 (one parcel per waybill)")
    if isinstance(doc.weight, Decimal) and doc.weight <= 0:
        out.add("LogisticsHead.weight", "must be more than 0 kg")
    return out.found


def inventory_problems(doc: InventoryDoc) -> list[Problem]:
    out = _Collector()
    _head_rules(out, "InventoryHead", doc.head)
    _text_rules(out, "InventoryHead", doc, LIMITS[InventoryDoc])
    _number_rules(out, "InventoryHead", doc)
    _codes(out, "InventoryHead", doc)
    _fixed(out, "InventoryHead.ieFlag", doc.ieFlag, ("I",), "I (import)")
    _fixed(out, "InventoryHead.buyerIdType", doc.buyerIdType, codes.enumeration("idType"), "1 (ID card)")
    _fixed(out, "InventoryHead.tradeMode", doc.tradeMode, codes.enumeration("tradeMode"), "9610 or 1210")
    _fixed(out, "InventoryHead.trafMode", doc.trafMode, tuple(codes.traf_modes().codes), "a transport mode code")
    _fixed(out, "InventoryHead.wrapType", doc.wrapType, tuple(codes.wrap_types().codes), "a package type code")
    _id_number(out, "InventoryHead.buyerIdNumber", doc.buyerIdNumber)
    for name in ("customsCode", "portCode"):
        if getattr(doc, name) and not DIGITS[4].fullmatch(getattr(doc, name)):
            out.add(f"InventoryHead.{name}", "must be a 4-digit customs district code")
    if doc.packNo != 1:
        out.add("InventoryHead.packNo", "must be 1")
    if doc.tradeMode == "1210":
        for name in ("emsNo", "areaCode", "areaName"):
            if not getattr(doc, name):
                out.add(f"InventoryHead.{name}", "is required for bonded imports (1210)")
        if doc.country != CNY:
            out.add("InventoryHead.country", "must be 142 for bonded imports (1210)")
    elif doc.tradeMode == "9610" and not doc.billNo:
        out.add("InventoryHead.billNo", "is required for direct purchase (9610)")
    if isinstance(doc.grossWeight, Decimal) and isinstance(doc.netWeight, Decimal):
        if doc.netWeight <= 0:
            out.add("InventoryHead.netWeight", "must be more than 0 kg")
        if doc.grossWeight < doc.netWeight:
            out.add("InventoryHead.grossWeight", "must not be less than the net weight")
    if doc.declTime is None:
        out.add("InventoryHead.declTime", "is required")
    _lines(out, "Inventory", "InventoryList", doc.lines, LIMITS[InventoryLine])
    for i, line in enumerate(doc.lines, start=1):
        if not DIGITS[10].fullmatch(line.gcode or ""):
            out.add(f"InventoryList[{i}].gcode", "must be a 10-digit HS code")
        if isinstance(line.qty1, Decimal) and line.qty1 <= 0:
            out.add(f"InventoryList[{i}].qty1", "must be more than 0")
    return out.found


def envelope_problems(envelope: Envelope) -> list[Problem]:
    out = _Collector()
    _text_rules(out, "BaseTransfer", envelope, LIMITS[Envelope])
    if not UUID_RE.fullmatch(envelope.guid or ""):
        out.add("BaseTransfer.guid", "must be an upper-case UUID (36 characters)")
    if envelope.dxpMode != "DXP":
        out.add("BaseTransfer.dxpMode", "must be DXP")
    return out.found


_BY_TYPE = {OrderDoc: order_problems, PaymentDoc: payment_problems, WaybillDoc: waybill_problems,
            InventoryDoc: inventory_problems, Envelope: envelope_problems}


def problems(doc: object) -> list[Problem]:
    """Every broken field rule of one document (or envelope); [] when it may be sent."""
    try:
        check = _BY_TYPE[type(doc)]
    except KeyError:
        raise TypeError(f"not a CEB document: {type(doc).__name__}") from None
    return check(doc)  # type: ignore[operator]


def consistency(order: OrderDoc, payment: PaymentDoc | None = None, waybill: WaybillDoc | None = None,
                inventory: InventoryDoc | None = None) -> list[Problem]:
    """Where the platform's messages for one customs order disagree with each other."""
    out = _Collector()
    if payment is not None:
        if payment.orderNo != order.orderNo:
            out.add("PaymentHead.orderNo", "must be the order's orderNo")
        if payment.amountPaid != order.acturalPaid:
            out.add("PaymentHead.amountPaid", f"must equal the order's acturalPaid {order.acturalPaid}")
        if order.payTransactionId and payment.payTransactionId != order.payTransactionId:
            out.add("PaymentHead.payTransactionId", "must be the order's payTransactionId")
        if payment.payerIdNumber != order.buyerIdNumber or payment.payerName != order.buyerName:
            out.add("PaymentHead.payerIdNumber", "the payer must be the buyer")
    if waybill is not None:
        if waybill.orderNo != order.orderNo:
            out.add("LogisticsHead.orderNo", "must be the order's orderNo")
        for name in ("consignee", "consigneeAddress", "consigneeTelephone"):
            if getattr(waybill, name) != getattr(order, name):
                out.add(f"LogisticsHead.{name}", f"must equal the order's {name}")
    if inventory is not None:
        if inventory.orderNo != order.orderNo:
            out.add("InventoryHead.orderNo", "must be the order's orderNo")
        if waybill is not None and (inventory.logisticsNo, inventory.logisticsCode) != \
                (waybill.logisticsNo, waybill.logisticsCode):
            out.add("InventoryHead.logisticsNo", "must be the waybill's logisticsNo and logisticsCode")
        for name in ("ebpCode", "ebcCode", "buyerIdNumber", "buyerName", "consigneeAddress"):
            if getattr(inventory, name) != getattr(order, name):
                out.add(f"InventoryHead.{name}", f"must equal the order's {name}")
        if len(inventory.lines) != len(order.lines):
            out.add("InventoryHead.InventoryList", "must have the order's lines")
        for i, (inv, line) in enumerate(zip(inventory.lines, order.lines, strict=False), start=1):
            if (inv.gname, inv.qty, inv.price, inv.totalPrice) != (line.itemName, line.qty, line.price,
                                                                     line.totalPrice):
                out.add(f"InventoryList[{i}]", "name, quantity and price must equal the order's line")
        goods = sum((line.totalPrice for line in inventory.lines), Decimal(0))
        if goods != order.goodsValue:
            out.add("InventoryHead.InventoryList", f"the lines must total the order's goodsValue {order.goodsValue}")
        if inventory.freight != order.freight:
            out.add("InventoryHead.freight", "must equal the order's freight")
    return out.found
