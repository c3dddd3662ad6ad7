"""The three-document match (三单对碰) and the inventory-list match, as customs applies them.
Pure Python (no Django): both sides use it — the platform to check what it is about to send,
the sandbox customs to decide what it accepts.

``three_document_match(order, payment, waybill)`` checks each document's own rules and the
rules between them (payment or waybill may be ``None``: not received yet; what can be checked
is). ``inventory_match(inventory, order, payment, waybill)`` does the same for the import
inventory list against the three documents. Each returns a list of ``Mismatch`` (empty: the
documents agree). A mismatch names the document holding the field that broke the rule — for a
rule between two documents, the one that is not the order (the order is the reference).

The rules (../shared/domain/customs-messages.md; cross-border-rules.md):

- every amount in CNY (currency ``142``), never negative, at most 2 decimals; one parcel per
  waybill and inventory list (``packNo`` 1); ID type ``1`` (resident ID card) with a valid
  18-character resident ID number (GB 11643-1999 check character);
- the order adds up: ``acturalPaid = goodsValue + freight + taxTotal − discount``, ``goodsValue``
  is the sum of the lines' ``totalPrice``, each line's ``totalPrice = price × qty`` (to the fen),
  lines numbered 1, 2, 3…;
- payment and waybill carry the order's ``orderNo``; the payer is the buyer (one person: the
  same resident ID number, the name equal up to case, width and spaces — the rule of GACC
  Announcement 194/2018, as ``payments.identity.same_person`` applies it on the platform);
  ``amountPaid == acturalPaid``; the payment company and transaction, where the order names
  them, are the payment's; the consignee, phone and address of the waybill are the order's; the
  waybill's freight, where stated, is the order's;
- the inventory list names the order (orderNo, ebp/ebc codes), the waybill (logisticsNo and
  code, gross weight, insurance), the buyer (name, ID, phone) and the address of the order; its
  freight and prepaid tax (``taxTotal``) are the order's; its lines are the order's, line by line
  (gnum, gname = itemName, qty, price, totalPrice, country of origin).
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .documents import (
    CNY,
    INVENTORY,
    ORDER,
    PAYMENT,
    WAYBILL,
    InventoryDoc,
    OrderDoc,
    PaymentDoc,
    WaybillDoc,
)

FEN = Decimal("0.01")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class Mismatch:
    """One broken rule: ``document`` (CEB311/411/511/621) holds ``field``, whose value ``found``
    should have been ``expected`` (or broke the rule ``rule`` says)."""

    document: str
    field: str
    rule: str
    expected: str = ""
    found: str = ""

    def __str__(self) -> str:
        detail = f" (expected {self.expected!r}, found {self.found!r})" if self.expected or self.found else ""
        return f"{self.document} {self.field}: {self.rule}{detail}"


# --- one person, one number ------------------------------------------------------------------

def name_key(text: str) -> str:
    """What two spellings of one name share: NFKC (full-width letters and spaces become ordinary
    ones), case folded, without whitespace — the platform's ``payments.identity.name_key``."""
    return "".join(unicodedata.normalize("NFKC", str(text or "")).casefold().split())


def id_key(text: str) -> str:
    return unicodedata.normalize("NFKC", str(text or "")).strip().upper()


def valid_resident_id(text: str) -> bool:
    """An 18-character resident ID number whose check character is right (ISO 7064 MOD 11-2)."""
    number = id_key(text)
    if len(number) != 18 or not number[:17].isascii() or not number[:17].isdigit():
        return False
    return _ID_CHECK[sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True)) % 11] == number[17]


def same_person(name_a: str, id_a: str, name_b: str, id_b: str) -> bool:
    return bool(name_key(name_a)) and id_key(id_a) == id_key(id_b) and name_key(name_a) == name_key(name_b)


# --- helpers ---------------------------------------------------------------------------------

class _Check:
    def __init__(self) -> None:
        self.found: list[Mismatch] = []

    def add(self, document: str, field: str, rule: str, expected: object = "", found: object = "") -> None:
        self.found.append(Mismatch(document, field, rule, _text(expected), _text(found)))

    def equal(self, document: str, field: str, expected: object, found: object, rule: str) -> None:
        if not _same(expected, found):
            self.add(document, field, rule, expected, found)

    def amount(self, document: str, field: str, value: Decimal | None, *, required: bool = True) -> None:
        if value is None:
            if required:
                self.add(document, field, "an amount is required")
            return
        try:
            ok = Decimal(value).is_finite() and value >= 0 and Decimal(value) == Decimal(value).quantize(FEN)
        except (InvalidOperation, TypeError, ValueError):
            ok = False
        if not ok:
            self.add(document, field, "a non-negative amount with at most 2 decimals", found=value)

    def currency(self, document: str, field: str, value: str) -> None:
        self.equal(document, field, CNY, value, "every CBEC import amount is in CNY (142)")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _same(a: object, b: object) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        try:
            return a is not None and b is not None and Decimal(a) == Decimal(b)
        except (InvalidOperation, TypeError, ValueError):
            return False
    return a == b


def _line_total(price: Decimal, qty: Decimal) -> Decimal:
    return (Decimal(price) * Decimal(qty)).quantize(FEN)


def _numbered(check: _Check, document: str, gnums: Iterable[int]) -> None:
    gnums = list(gnums)
    if not gnums:
        check.add(document, "lines", "at least one line is required")
    elif gnums != list(range(1, len(gnums) + 1)):
        check.add(document, "lines.gnum", "lines are numbered 1, 2, 3…",
                  expected=",".join(map(str, range(1, len(gnums) + 1))), found=",".join(map(str, gnums)))


def _identity(check: _Check, document: str, id_type_field: str, id_type: str, id_field: str, id_number: str) -> None:
    check.equal(document, id_type_field, "1", id_type, "the ID type must be 1 (resident ID card)")
    if not valid_resident_id(id_number):
        check.add(document, id_field, "not a valid 18-character resident ID number")


# --- each document's own rules --------------------------------------------------------------

def _order_rules(check: _Check, order: OrderDoc) -> None:
    d = ORDER
    check.equal(d, "orderType", "I", order.orderType, "an import order")
    if not order.orderNo:
        check.add(d, "orderNo", "the order number is required")
    check.currency(d, "currency", order.currency)
    _identity(check, d, "buyerIdType", order.buyerIdType, "buyerIdNumber", order.buyerIdNumber)
    if not name_key(order.buyerName):
        check.add(d, "buyerName", "the buyer's real name is required")
    before = len(check.found)
    for name in ("goodsValue", "freight", "discount", "taxTotal", "acturalPaid"):
        check.amount(d, name, getattr(order, name))
    if len(check.found) == before:
        paid = order.goodsValue + order.freight + order.taxTotal - order.discount
        check.equal(d, "acturalPaid", paid, order.acturalPaid, "goodsValue + freight + taxTotal − discount")
    _numbered(check, d, (line.gnum for line in order.lines))
    total = Decimal(0)
    for line in order.lines:
        where = f"lines[{line.gnum}]"
        check.currency(d, f"{where}.currency", line.currency)
        for name in ("qty", "price", "totalPrice"):
            check.amount(d, f"{where}.{name}", getattr(line, name))
        try:
            check.equal(d, f"{where}.totalPrice", _line_total(line.price, line.qty), line.totalPrice, "price × qty")
            total += line.totalPrice
        except (InvalidOperation, TypeError, ValueError):
            pass
    check.equal(d, "goodsValue", total, order.goodsValue, "the sum of the lines' totalPrice")


def _payment_rules(check: _Check, payment: PaymentDoc) -> None:
    d = PAYMENT
    check.currency(d, "currency", payment.currency)
    _identity(check, d, "payerIdType", payment.payerIdType, "payerIdNumber", payment.payerIdNumber)
    check.amount(d, "amountPaid", payment.amountPaid)
    if not payment.payTransactionId:
        check.add(d, "payTransactionId", "the payment transaction number is required")


def _waybill_rules(check: _Check, waybill: WaybillDoc) -> None:
    d = WAYBILL
    check.currency(d, "currency", waybill.currency)
    check.equal(d, "packNo", 1, waybill.packNo, "one parcel per waybill")
    if not waybill.logisticsNo:
        check.add(d, "logisticsNo", "the waybill number is required")
    check.amount(d, "freight", waybill.freight, required=False)
    check.amount(d, "insuredFee", waybill.insuredFee, required=False)
    if not (waybill.weight is not None and waybill.weight > 0):
        check.add(d, "weight", "a gross weight above 0 kg", found=waybill.weight)


def _inventory_rules(check: _Check, inventory: InventoryDoc) -> None:
    d = INVENTORY
    check.currency(d, "currency", inventory.currency)
    check.equal(d, "ieFlag", "I", inventory.ieFlag, "an import")
    check.equal(d, "packNo", 1, inventory.packNo, "one parcel per inventory list")
    if inventory.tradeMode not in ("9610", "1210"):
        check.add(d, "tradeMode", "9610 (direct purchase) or 1210 (bonded)", found=inventory.tradeMode)
    _identity(check, d, "buyerIdType", inventory.buyerIdType, "buyerIdNumber", inventory.buyerIdNumber)
    for name in ("freight", "insuredFee", "taxTotal"):
        check.amount(d, name, getattr(inventory, name))
    if not (inventory.grossWeight is not None and inventory.grossWeight > 0):
        check.add(d, "grossWeight", "a gross weight above 0 kg", found=inventory.grossWeight)
    elif inventory.netWeight is None or not 0 < inventory.netWeight <= inventory.grossWeight:
        check.add(d, "netWeight", "above 0 and at most the gross weight", expected=inventory.grossWeight,
                  found=inventory.netWeight)
    _numbered(check, d, (line.gnum for line in inventory.lines))
    for line in inventory.lines:
        where = f"lines[{line.gnum}]"
        check.currency(d, f"{where}.currency", line.currency)
        if not (len(line.gcode) == 10 and line.gcode.isascii() and line.gcode.isdigit()):
            check.add(d, f"{where}.gcode", "a 10-digit HS code", found=line.gcode)
        for name in ("qty", "price", "totalPrice"):
            check.amount(d, f"{where}.{name}", getattr(line, name))
        try:
            check.equal(d, f"{where}.totalPrice", _line_total(line.price, line.qty), line.totalPrice, "price × qty")
        except (InvalidOperation, TypeError, ValueError):
            pass


def document_rules(document: OrderDoc | PaymentDoc | WaybillDoc | InventoryDoc) -> list[Mismatch]:
    """The rules one document keeps on its own (the match checks them too)."""
    check = _Check()
    rules = {OrderDoc: _order_rules, PaymentDoc: _payment_rules, WaybillDoc: _waybill_rules,
             InventoryDoc: _inventory_rules}[type(document)]
    rules(check, document)
    return check.found


# --- between documents ------------------------------------------------------------------------

def three_document_match(order: OrderDoc, payment: PaymentDoc | None, waybill: WaybillDoc | None) -> list[Mismatch]:
    """What breaks the three-document match: each document's own rules, then the payment and the
    waybill against the order (a missing one is not checked). Empty: they agree."""
    check = _Check()
    _order_rules(check, order)
    if payment is not None:
        d = PAYMENT
        _payment_rules(check, payment)
        check.equal(d, "orderNo", order.orderNo, payment.orderNo, "the order's number")
        check.equal(d, "ebpCode", order.ebpCode, payment.ebpCode, "the order's platform")
        if not same_person(order.buyerName, order.buyerIdNumber, payment.payerName, payment.payerIdNumber):
            if id_key(order.buyerIdNumber) != id_key(payment.payerIdNumber):
                check.add(d, "payerIdNumber", "the payer must be the buyer (the order's buyerIdNumber)",
                          expected=order.buyerIdNumber, found=payment.payerIdNumber)
            else:
                check.add(d, "payerName", "the payer must be the buyer (the order's buyerName)",
                          expected=order.buyerName, found=payment.payerName)
        check.equal(d, "amountPaid", order.acturalPaid, payment.amountPaid, "the order's acturalPaid")
        if order.payCode:
            check.equal(d, "payCode", order.payCode, payment.payCode, "the payment company the order names")
        if order.payTransactionId:
            check.equal(d, "payTransactionId", order.payTransactionId, payment.payTransactionId,
                        "the transaction the order names")
    if waybill is not None:
        d = WAYBILL
        _waybill_rules(check, waybill)
        check.equal(d, "orderNo", order.orderNo, waybill.orderNo, "the order's number")
        for name in ("consignee", "consigneeTelephone", "consigneeAddress"):
            check.equal(d, name, getattr(order, name), getattr(waybill, name), f"the order's {name}")
        if waybill.freight is not None:
            check.equal(d, "freight", order.freight, waybill.freight, "the order's freight")
    return check.found


def inventory_match(inventory: InventoryDoc, order: OrderDoc, payment: PaymentDoc,
                    waybill: WaybillDoc) -> list[Mismatch]:
    """What breaks the match of the import inventory list against the three documents (which are
    matched too). Empty: customs may accept the list."""
    check = _Check()
    check.found.extend(three_document_match(order, payment, waybill))
    _inventory_rules(check, inventory)
    d = INVENTORY
    for name, rule in (("orderNo", "the order's number"), ("ebpCode", "the order's platform"),
                       ("ebcCode", "the order's e-commerce company"),
                       ("buyerIdNumber", "the order's buyer"), ("buyerTelephone", "the order's buyer"),
                       ("consigneeAddress", "the order's consigneeAddress"), ("freight", "the order's freight"),
                       ("taxTotal", "the tax the order prepaid")):
        expected, found = getattr(order, name), getattr(inventory, name)
        if name == "buyerIdNumber":
            expected, found = id_key(expected), id_key(found)
        check.equal(d, name, expected, found, rule)
    if name_key(order.buyerName) != name_key(inventory.buyerName):
        check.add(d, "buyerName", "the order's buyer", order.buyerName, inventory.buyerName)
    check.equal(d, "logisticsNo", waybill.logisticsNo, inventory.logisticsNo, "the waybill's number")
    check.equal(d, "logisticsCode", waybill.logisticsCode, inventory.logisticsCode, "the waybill's carrier")
    check.equal(d, "grossWeight", waybill.weight, inventory.grossWeight, "the waybill's weight")
    check.equal(d, "insuredFee", waybill.insuredFee if waybill.insuredFee is not None else Decimal(0),
                inventory.insuredFee, "the waybill's insuredFee")
    ordered = {line.gnum: line for line in order.lines}
    declared = {line.gnum: line for line in inventory.lines}
    if sorted(ordered) != sorted(declared):
        check.add(d, "lines", "the order's lines, one for one", expected=",".join(map(str, sorted(ordered))),
                  found=",".join(map(str, sorted(declared))))
    for gnum in sorted(set(ordered) & set(declared)):
        mine, theirs = declared[gnum], ordered[gnum]
        where = f"lines[{gnum}]"
        check.equal(d, f"{where}.gname", theirs.itemName, mine.gname, "the order line's itemName")
        for name in ("qty", "price", "totalPrice", "country"):
            check.equal(d, f"{where}.{name}", getattr(theirs, name), getattr(mine, name), f"the order line's {name}")
    return check.found


def describe(mismatches: Iterable[Mismatch], *, limit: int = 1000) -> str:
    """The mismatches as one line for a receipt's returnInfo (at most ``limit`` characters)."""
    text = "; ".join(str(m) for m in mismatches)
    return text if len(text) <= limit else text[: limit - 1] + "…"
