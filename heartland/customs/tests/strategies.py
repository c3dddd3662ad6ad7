"""Hypothesis strategies: a consistent CEB311/411/511/621 set for one customs order."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from hypothesis import strategies as st

from heartland.customs.ceb.documents import (
    Envelope,
    Head,
    InventoryDoc,
    InventoryLine,
    OrderDoc,
    OrderLine,
    PaymentDoc,
    WaybillDoc,
)
from heartland.customs.ceb.xml import BEIJING

ID_NUMBER = "11010519491231002X"  # GB 11643's example number (valid check character)
HAN = "蜂蜜奶酪牛肉干枫糖浆人参花生酱燕麦片苹果干蔓越莓核桃杏仁巧克力咖啡豆"
times = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31)).map(
    lambda d: d.replace(microsecond=0, tzinfo=BEIJING))
guids = st.uuids().map(lambda u: str(u).upper())
cents = st.integers(min_value=1, max_value=500_000).map(lambda n: Decimal(n).scaleb(-2))
han_text = st.text(alphabet=HAN, min_size=1, max_size=20)
ascii_text = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=1, max_size=12)


@st.composite
def document_sets(draw):
    lines = []
    for gnum in range(1, draw(st.integers(1, 5)) + 1):
        price, qty = draw(cents), Decimal(draw(st.integers(1, 9)))
        lines.append(OrderLine(gnum=gnum, itemName=draw(han_text), gmodel=draw(han_text), unit="011", qty=qty,
                               price=price, totalPrice=(price * qty).quantize(Decimal("0.01")), country="502",
                               itemNo=draw(ascii_text)))
    goods = sum((line.totalPrice for line in lines), Decimal(0))
    freight, tax = draw(cents), draw(st.integers(0, 100_000).map(lambda n: Decimal(n).scaleb(-2)))
    order_no, tx, waybill_no = f"HL{draw(ascii_text)}-1", draw(ascii_text), f"SB{draw(ascii_text)}"
    buyer, consignee = draw(han_text), draw(han_text)
    address, phone = "四川省成都市" + draw(han_text), "138" + str(draw(st.integers(10_000_000, 99_999_999)))
    now = draw(times)
    order = OrderDoc(
        head=Head(guid=draw(guids), appTime=now), orderNo=order_no, ebpCode="4401960TES", ebpName="心田",
        ebcCode="4401960TES", ebcName="心田", goodsValue=goods, freight=freight, discount=Decimal("0"),
        taxTotal=tax, acturalPaid=goods + freight + tax, buyerRegNo="HL1", buyerName=buyer, buyerTelephone=phone,
        buyerIdNumber=ID_NUMBER, consignee=consignee, consigneeTelephone=phone, consigneeAddress=address,
        lines=tuple(lines), payCode="SANDBOX", payName="Heartland sandbox payments", payTransactionId=tx)
    payment = PaymentDoc(
        head=Head(guid=draw(guids), appTime=now), payCode="SANDBOX", payName="Heartland sandbox payments",
        payTransactionId=tx, orderNo=order_no, ebpCode="4401960TES", ebpName="心田", payerIdNumber=ID_NUMBER,
        payerName=buyer, amountPaid=order.acturalPaid, payTime=now)
    weight = Decimal(draw(st.integers(100, 30_000))).scaleb(-3)
    waybill = WaybillDoc(
        head=Head(guid=draw(guids), appTime=now), logisticsCode="SANDBOXLOG01", logisticsName="沙盒物流",
        logisticsNo=waybill_no, orderNo=order_no, weight=weight, consignee=consignee, consigneeAddress=address,
        consigneeTelephone=phone, freight=freight, insuredFee=Decimal("0"))
    inventory = InventoryDoc(
        head=Head(guid=draw(guids), appTime=now), orderNo=order_no, ebpCode="4401960TES", ebpName="心田",
        ebcCode="4401960TES", ebcName="心田", logisticsNo=waybill_no, logisticsCode="SANDBOXLOG01",
        logisticsName="沙盒物流", assureCode="4401960TES", declTime=date(2026, 1, 2), customsCode="5141",
        portCode="5141", buyerIdNumber=ID_NUMBER, buyerName=buyer, buyerTelephone=phone, consigneeAddress=address,
        agentCode="4401960TES", agentName="心田", country="502", freight=freight, insuredFee=Decimal("0"),
        grossWeight=weight, netWeight=weight, taxTotal=tax, copNo=order_no, billNo=waybill_no,
        lines=tuple(InventoryLine(gnum=line.gnum, gcode="0409000000", gname=line.itemName, gmodel=line.gmodel,
                                  country="502", qty=line.qty, unit="011", qty1=line.qty, unit1="011",
                                  price=line.price, totalPrice=line.totalPrice) for line in lines))
    return order, payment, waybill, inventory


def envelope() -> Envelope:
    return Envelope(guid=str(uuid.uuid4()).upper(), copCode="4401960TES", copName="心田", dxpId="DXPENT0000000001")
