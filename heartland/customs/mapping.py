"""Heartland's data as the four CEB documents of one farm's part (one customs order per part).

- **CEB311** from the order and the part: ``orderNo`` is the part's number; goodsValue, freight and
  taxTotal are the part's (CNY); acturalPaid = goodsValue + freight + taxTotal (no discounts);
  the buyer is the order's (ID number decrypted here, only into the document), the consignee the
  order's; one line per order line (the Chinese title, the HS code, unit, origin).
- **CEB411**: the shopper paid once for the whole order, but each part is its own customs order,
  so the platform declares **one payment voucher per part**, for the part's acturalPaid (the rule
  is amountPaid = acturalPaid of the order message). With one part the voucher carries the
  provider's transaction number; with several, each carries ``<transaction>-<n>`` (n = the part's
  number suffix), as the payment companies' customs-declaration APIs split one payment into
  sub-orders, each with its own number — so every receipt names exactly one voucher. The order
  message names the same number.
- **CEB511** from the part's shipment (``fulfillment.Shipment``): the tracking number is the
  waybill number; weight and consignee as booked and ordered.
- **CEB621** from all of it: the lines again with the 10-digit HS code (an 8-digit code gets
  ``00``: the 2 additional digits are unconfirmed per product), the first legal unit kg (035)
  with the line's net weight (*unconfirmed* per HS line: the tariff's legal units), the parcel's
  tracking number standing in for the bill number 9610 needs (*unconfirmed*).

``NotReady`` when the part has not reached the stage the document needs.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from heartland.core.crypto import decrypt
from heartland.core.errors import DomainError
from heartland.orders.models import MerchantOrder, Order
from heartland.payments.models import Payment
from heartland.payments.selectors import customs_payment_fields, payments_for

from . import conf
from .ceb import codes
from .ceb.documents import (
    INVENTORY,
    ORDER,
    PAYMENT,
    WAYBILL,
    Envelope,
    Head,
    InventoryDoc,
    InventoryLine,
    OrderDoc,
    OrderLine,
    PaymentDoc,
    WaybillDoc,
)
from .ceb.xml import BEIJING

CENT = Decimal("0.01")
GRAM = Decimal("0.001")


class NotReady(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__("customs_not_ready", message)


def is_declarable(part: MerchantOrder) -> bool:
    """Only mainland parts in direct purchase (9610) go through these messages."""
    order = part.order
    return order.market == "CN" and order.mode == "9610"


def envelope(guid: str) -> Envelope:
    return Envelope(guid=guid, copCode=conf.cop_code(), copName=conf.cop_name(), dxpId=conf.dxp_id())


def _head(guid: str, now: datetime, app_status: str = "2") -> Head:
    return Head(guid=guid, appTime=now.astimezone(BEIJING).replace(microsecond=0), appStatus=app_status)


def _part_suffix(part: MerchantOrder) -> str:
    return part.number.rsplit("-", 1)[-1]


def paid_payment(order: Order) -> Payment | None:
    for payment in payments_for(order.number):
        if payment.is_paid:
            return payment
    return None


def pay_transaction_id(part: MerchantOrder, payment: Payment) -> str:
    if part.order.merchant_orders.count() == 1:
        return payment.provider_trade_no
    return f"{payment.provider_trade_no}-{_part_suffix(part)}"


def _address(order: Order) -> str:
    return f"{order.consignee_region}{order.consignee_city}{order.consignee_district}{order.consignee_address}".strip()


def _buyer_phone(order: Order) -> str:
    return order.buyer_phone or order.consignee_phone


def _lines(part: MerchantOrder) -> list:
    return list(part.lines.select_related("variant").order_by("pk"))


def _origin(line) -> str:
    return codes.country_code(line.variant.country_of_origin if line.variant else "US")


def _unit(line) -> str:
    return codes.unit_code(line.variant.unit_content_uom if line.variant else "")


def _gmodel(line) -> str:
    return " ".join(p for p in (line.title_zh, line.options, line.title_en) if p)[:250]


def order_doc(part: MerchantOrder, *, guid: str, now: datetime | None = None) -> OrderDoc:
    order = part.order
    if part.status in ("pending_payment", "cancelled"):
        raise NotReady(f"{part.number} is not paid")
    payment = paid_payment(order)
    lines = tuple(
        OrderLine(gnum=i, itemNo=(line.sku or "")[:30], itemName=line.title_zh, gmodel=_gmodel(line),
                  unit=_unit(line), qty=Decimal(line.quantity), price=line.unit_price, totalPrice=line.goods,
                  country=_origin(line))
        for i, line in enumerate(_lines(part), start=1))
    pay = customs_payment_fields(payment) if payment else {}
    return OrderDoc(
        head=_head(guid, now or timezone.now()), orderNo=part.number, ebpCode=conf.ebp_code(), ebpName=conf.ebp_name(),
        ebcCode=conf.ebc_code(), ebcName=conf.ebc_name(), goodsValue=part.goods, freight=part.freight,
        discount=Decimal("0"), taxTotal=part.total_tax, acturalPaid=part.goods + part.freight + part.total_tax,
        buyerRegNo=f"HL{order.user_id}", buyerName=order.buyer_name, buyerTelephone=_buyer_phone(order),
        buyerIdNumber=decrypt(order.buyer_id_encrypted) if order.buyer_id_encrypted else "",
        consignee=order.consignee_name, consigneeTelephone=order.consignee_phone, consigneeAddress=_address(order),
        lines=lines, payCode=pay.get("payCode", ""), payName=pay.get("payName", ""),
        payTransactionId=pay_transaction_id(part, payment) if payment else "",
    )


def payment_doc(part: MerchantOrder, *, guid: str, now: datetime | None = None) -> PaymentDoc:
    payment = paid_payment(part.order)
    if payment is None:
        raise NotReady(f"{part.order.number} has no completed payment")
    fields = customs_payment_fields(payment)
    if payment.currency != "CNY":
        raise NotReady(f"{payment.reference} was paid in {payment.currency}, not CNY")
    return PaymentDoc(
        head=_head(guid, now or timezone.now()), payCode=fields["payCode"], payName=fields["payName"],
        payTransactionId=pay_transaction_id(part, payment), orderNo=part.number, ebpCode=conf.ebp_code(),
        ebpName=conf.ebp_name(), payerIdType=fields["payerIdType"], payerIdNumber=fields["payerIdNumber"],
        payerName=fields["payerName"], telephone=fields["telephone"],
        amountPaid=part.goods + part.freight + part.total_tax,
        payTime=payment.paid_at.astimezone(BEIJING).replace(microsecond=0),
    )


def shipment_of(part: MerchantOrder):
    try:
        return part.shipment
    except ObjectDoesNotExist:  # not booked yet
        return None


def waybill_doc(part: MerchantOrder, *, guid: str, now: datetime | None = None) -> WaybillDoc:
    shipment = shipment_of(part)
    if shipment is None:
        raise NotReady(f"{part.number} has no shipment booked")
    order = part.order
    goods = "; ".join(f"{line.title_zh or line.title_en}×{line.quantity}" for line in _lines(part))
    return WaybillDoc(
        head=_head(guid, now or timezone.now()), logisticsCode=conf.logistics_code(),
        logisticsName=conf.logistics_name(), logisticsNo=shipment.tracking_number, orderNo=part.number,
        weight=Decimal(shipment.weight_kg), consignee=order.consignee_name, consigneeAddress=_address(order),
        consigneeTelephone=order.consignee_phone, freight=part.freight, insuredFee=Decimal("0"),
        goodsInfo=goods[:100],
    )


def _gcode(hs_code: str) -> str:
    digits = "".join(c for c in hs_code or "" if c.isdigit())
    return digits + "00" if len(digits) == 8 else digits


def _net_kg(line) -> Decimal:
    grams = line.variant.grams if line.variant else Decimal(0)
    return (Decimal(grams) * line.quantity / 1000).quantize(GRAM)


def inventory_doc(part: MerchantOrder, *, guid: str, now: datetime | None = None,
                  decl_date: date | None = None) -> InventoryDoc:
    now = now or timezone.now()
    order_part = order_doc(part, guid=guid, now=now)
    shipment = shipment_of(part)
    if shipment is None:
        raise NotReady(f"{part.number} has no shipment booked")
    items = _lines(part)
    inv_lines = []
    for i, (line, ordered) in enumerate(zip(items, order_part.lines, strict=True), start=1):
        net = _net_kg(line)
        inv_lines.append(InventoryLine(
            gnum=i, gcode=_gcode(line.hs_code), gname=ordered.itemName, gmodel=ordered.gmodel,
            country=ordered.country, qty=ordered.qty, unit=ordered.unit,
            qty1=net if net > 0 else ordered.qty, unit1="035" if net > 0 else ordered.unit,
            price=ordered.price, totalPrice=ordered.totalPrice, itemNo=ordered.itemNo[:20],
            itemName=ordered.itemName, barCode=(line.variant.barcode if line.variant else "") or "无"))
    gross = Decimal(shipment.weight_kg)
    net = sum((_net_kg(line) for line in items), Decimal(0))
    if net <= 0 or net > gross:
        net = gross
    return InventoryDoc(
        head=_head(guid, now, app_status="2"), orderNo=part.number, ebpCode=conf.ebp_code(), ebpName=conf.ebp_name(),
        ebcCode=conf.ebc_code(), ebcName=conf.ebc_name(), logisticsNo=shipment.tracking_number,
        logisticsCode=conf.logistics_code(), logisticsName=conf.logistics_name(), copNo=part.number[:20],
        assureCode=conf.assure_code(), declTime=decl_date or now.astimezone(BEIJING).date(),
        customsCode=conf.customs_district(), portCode=conf.port_code(), buyerIdNumber=order_part.buyerIdNumber,
        buyerName=order_part.buyerName, buyerTelephone=order_part.buyerTelephone,
        consigneeAddress=order_part.consigneeAddress, agentCode=conf.agent_code(), agentName=conf.agent_name(),
        country=codes.USA, freight=part.freight, insuredFee=Decimal("0"), grossWeight=gross, netWeight=net,
        lines=tuple(inv_lines), taxTotal=part.total_tax, trafMode=conf.traf_mode(),
        billNo=shipment.tracking_number[:37], tradeMode="9610",
    )


BUILDERS = {ORDER: order_doc, PAYMENT: payment_doc, WAYBILL: waybill_doc, INVENTORY: inventory_doc}


def receipt_key(doc: object) -> str:
    """What customs' receipts name the document by (RETURN_KEYS in ceb.xml)."""
    if isinstance(doc, InventoryDoc):
        return doc.copNo
    if isinstance(doc, PaymentDoc):
        return doc.payTransactionId
    if isinstance(doc, WaybillDoc):
        return doc.logisticsNo
    return doc.orderNo  # type: ignore[attr-defined]


@dataclass(frozen=True)
class PartDocs:
    order: OrderDoc
    payment: PaymentDoc | None
    waybill: WaybillDoc | None


def current_docs(part: MerchantOrder, *, guid: str = "0" * 36) -> PartDocs:
    """The three documents as the part's data gives them now (for the match before sending)."""
    def maybe(build):
        try:
            return build(part, guid=guid)
        except NotReady:
            return None
    return PartDocs(order=order_doc(part, guid=guid), payment=maybe(payment_doc), waybill=maybe(waybill_doc))

