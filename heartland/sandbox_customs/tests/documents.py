"""A consistent set of the four CBEC documents (order, payment, waybill, inventory list) for one
parcel, built from a few numbers, and helpers to change one field of one of them."""
from __future__ import annotations

import dataclasses
import uuid
from datetime import date, datetime
from decimal import Decimal

from heartland.customs.ceb.documents import (
    Head,
    InventoryDoc,
    InventoryLine,
    OrderDoc,
    OrderLine,
    PaymentDoc,
    WaybillDoc,
)

BUYER, BUYER_ID, PHONE = "张三", "11010519491231002X", "13800138000"
OTHER_ID = "110105194912310038"  # valid too: someone else
CONSIGNEE, ADDRESS = "张三", "北京市朝阳区建国路 1 号"
WHEN = datetime(2026, 5, 4, 10, 30, 0)
D = Decimal


def guid() -> str:
    return str(uuid.uuid4()).upper()


def head() -> Head:
    return Head(guid=guid(), appTime=WHEN)


def order_lines(lines=((D("2"), D("98.50")), (D("1"), D("120.00")))) -> tuple[OrderLine, ...]:
    return tuple(OrderLine(gnum=i, itemName=f"威斯康星蜂蜜 {i}", gmodel="蜂蜜 500g", unit="142", qty=qty, price=price,
                           totalPrice=(qty * price).quantize(D("0.01")), country="502", itemNo=f"SKU-{i}")
                 for i, (qty, price) in enumerate(lines, start=1))


def consistent_set(*, order_no: str = "HL-ORDER-1", lines=None, freight: D = D("30.00"), discount: D = D("0"),
                   tax_total: D = D("21.04"), consignee: str = CONSIGNEE, logistics_no: str = "SF1234567890"):
    """(order, payment, waybill, inventory) that agree with each other."""
    ol = order_lines(lines) if lines is not None else order_lines()
    goods = sum((line.totalPrice for line in ol), D(0))
    paid = goods + freight + tax_total - discount
    order = OrderDoc(
        head=head(), orderNo=order_no, ebpCode="3301963K69", ebpName="Heartland", ebcCode="3301963K69",
        ebcName="Heartland", goodsValue=goods, freight=freight, discount=discount, taxTotal=tax_total,
        acturalPaid=paid, buyerRegNo="user-7", buyerName=BUYER, buyerTelephone=PHONE, buyerIdNumber=BUYER_ID,
        consignee=consignee, consigneeTelephone=PHONE, consigneeAddress=ADDRESS, lines=ol,
        payCode="312226T001", payName="Sandbox Pay", payTransactionId="2026050422001")
    payment = PaymentDoc(
        head=head(), payCode="312226T001", payName="Sandbox Pay", payTransactionId="2026050422001", orderNo=order_no,
        ebpCode="3301963K69", ebpName="Heartland", payerIdNumber=BUYER_ID, payerName=BUYER, amountPaid=paid,
        payTime=WHEN)
    waybill = WaybillDoc(
        head=head(), logisticsCode="3115964026", logisticsName="Sandbox Express", logisticsNo=logistics_no,
        orderNo=order_no, weight=D("1.600"), consignee=consignee, consigneeAddress=ADDRESS,
        consigneeTelephone=PHONE, freight=freight, insuredFee=D("0"))
    inventory = InventoryDoc(
        head=head(), orderNo=order_no, ebpCode="3301963K69", ebpName="Heartland", ebcCode="3301963K69",
        ebcName="Heartland", logisticsNo=logistics_no, logisticsCode="3115964026", logisticsName="Sandbox Express",
        assureCode="3301963K69", declTime=date(2026, 5, 4), customsCode="5141", portCode="5141",
        buyerIdNumber=BUYER_ID, buyerName=BUYER, buyerTelephone=PHONE, consigneeAddress=ADDRESS,
        agentCode="3301963K69", agentName="Heartland", country="502", freight=freight, insuredFee=D("0"),
        grossWeight=D("1.600"), netWeight=D("1.500"), taxTotal=tax_total,
        copNo=f"C{order_no}"[:20], billNo="784-12345675",
        lines=tuple(InventoryLine(gnum=line.gnum, gcode="0409000000", gname=line.itemName, gmodel=line.gmodel,
                                  country=line.country, qty=line.qty, unit=line.unit, qty1=line.qty * D("0.5"),
                                  unit1="035", price=line.price, totalPrice=line.totalPrice) for line in ol))
    return order, payment, waybill, inventory


def replace(doc, **changes):
    return dataclasses.replace(doc, **changes)


def replace_line(doc, index: int, **changes):
    lines = list(doc.lines)
    lines[index] = dataclasses.replace(lines[index], **changes)
    return dataclasses.replace(doc, lines=tuple(lines))
