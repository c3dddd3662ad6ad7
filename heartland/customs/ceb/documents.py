"""The four CBEC import documents and their receipts as plain data (no XML, no Django).

Field names are the GACC element names (2022-05 XSD; ../shared/domain/customs-messages.md),
in XSD order, so that ``xml.py`` writes each dataclass's fields in declaration order. Amounts
are ``Decimal`` in CNY with 2 decimals; times are ``datetime`` in Beijing time, written
``YYYYMMDDhhmmss``; codes are strings. Optional elements default to "" (or ``None`` for
numbers) and are left out of the XML when empty.

The envelope (``BaseTransfer``) and the message ``guid``/``version`` belong to ``Envelope``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

CNY = "142"  # JGS-20: every CBEC import amount is in CNY
ORDER, PAYMENT, WAYBILL, INVENTORY = "CEB311", "CEB411", "CEB511", "CEB621"
RECEIPT_OF = {ORDER: "CEB312", PAYMENT: "CEB412", WAYBILL: "CEB512", INVENTORY: "CEB622"}
NAMESPACE = "http://www.chinaport.gov.cn/ceb"


@dataclass(frozen=True)
class Envelope:
    """``guid`` (36, upper-case UUID) and ``version`` of the root; BaseTransfer of the sender."""

    guid: str
    copCode: str
    copName: str
    dxpId: str
    dxpMode: str = "DXP"
    version: str = "1.0"
    note: str = ""


@dataclass(frozen=True)
class Head:
    """What every business head starts with."""

    guid: str
    appTime: datetime
    appType: str = "1"  # 1 new, 2 change, 3 delete
    appStatus: str = "2"  # 1 temporary save, 2 declare


# --- CEB311 order ---------------------------------------------------------------------------

@dataclass(frozen=True)
class OrderLine:
    gnum: int
    itemName: str  # Chinese name as sold
    gmodel: str  # name, brand, specification…
    unit: str  # JGS-20 unit code, 3 digits
    qty: Decimal
    price: Decimal
    totalPrice: Decimal
    country: str  # origin, JGS-20 country code (502 United States)
    itemNo: str = ""
    itemDescribe: str = ""
    barCode: str = ""
    currency: str = CNY
    note: str = ""


@dataclass(frozen=True)
class OrderDoc:
    head: Head
    orderNo: str
    ebpCode: str
    ebpName: str
    ebcCode: str
    ebcName: str
    goodsValue: Decimal
    freight: Decimal
    discount: Decimal
    taxTotal: Decimal
    acturalPaid: Decimal  # sic (the XSD's spelling): goodsValue + freight + taxTotal − discount
    buyerRegNo: str
    buyerName: str
    buyerTelephone: str
    buyerIdNumber: str
    consignee: str
    consigneeTelephone: str
    consigneeAddress: str
    lines: tuple[OrderLine, ...]
    buyerIdType: str = "1"
    payCode: str = ""
    payName: str = ""
    payTransactionId: str = ""
    batchNumbers: str = ""
    consigneeDistrict: str = ""  # 6-digit administrative division code
    currency: str = CNY
    orderType: str = "I"
    note: str = ""


# --- CEB411 payment voucher ---------------------------------------------------------------------

@dataclass(frozen=True)
class PaymentDoc:
    head: Head
    payCode: str
    payName: str
    payTransactionId: str
    orderNo: str
    ebpCode: str
    ebpName: str
    payerIdNumber: str
    payerName: str
    amountPaid: Decimal
    payTime: datetime
    payerIdType: str = "1"
    telephone: str = ""
    currency: str = CNY
    note: str = ""


# --- CEB511 waybill -----------------------------------------------------------------------------

@dataclass(frozen=True)
class WaybillDoc:
    head: Head
    logisticsCode: str
    logisticsName: str
    logisticsNo: str  # the tracking number
    orderNo: str
    weight: Decimal  # gross, kg
    consignee: str
    consigneeAddress: str
    consigneeTelephone: str
    billNo: str = ""
    freight: Decimal | None = None
    insuredFee: Decimal | None = None
    packNo: int = 1
    goodsInfo: str = ""
    currency: str = CNY
    note: str = ""


# --- CEB621 import inventory list ---------------------------------------------------------------

@dataclass(frozen=True)
class InventoryLine:
    gnum: int
    gcode: str  # 10-digit HS code
    gname: str  # as in the order line
    gmodel: str
    country: str  # origin
    qty: Decimal
    unit: str
    qty1: Decimal  # in the first legal unit
    unit1: str
    price: Decimal
    totalPrice: Decimal
    itemRecordNo: str = ""
    itemNo: str = ""
    itemName: str = ""
    barCode: str = "无"  # the spec's "none"
    tradeCountry: str = ""
    currency: str = CNY
    qty2: Decimal | None = None
    unit2: str = ""
    note: str = ""


@dataclass(frozen=True)
class InventoryDoc:
    head: Head
    orderNo: str
    ebpCode: str
    ebpName: str
    ebcCode: str
    ebcName: str
    logisticsNo: str
    logisticsCode: str
    logisticsName: str
    assureCode: str
    declTime: date
    customsCode: str  # 4-digit customs district receiving the declaration
    portCode: str  # 4-digit district of the entry port
    buyerIdNumber: str
    buyerName: str
    buyerTelephone: str
    consigneeAddress: str
    agentCode: str
    agentName: str
    country: str  # 9610: the country of departure
    freight: Decimal
    insuredFee: Decimal
    grossWeight: Decimal
    netWeight: Decimal
    lines: tuple[InventoryLine, ...]
    taxTotal: Decimal = Decimal(0)  # not an XSD element: the tax the shopper prepaid (for the match)
    copNo: str = ""
    preNo: str = ""
    emsNo: str = ""
    invtNo: str = ""
    ieFlag: str = "I"
    ieDate: date | None = None
    buyerIdType: str = "1"
    areaCode: str = ""
    areaName: str = ""
    tradeMode: str = "9610"
    trafMode: str = "5"  # air
    trafNo: str = ""
    voyageNo: str = ""
    billNo: str = ""
    loctNo: str = ""
    licenseNo: str = ""
    currency: str = CNY
    wrapType: str = "2"  # carton
    packNo: int = 1
    note: str = ""


# --- receipts (CEB312/412/512/622) --------------------------------------------------------------

@dataclass(frozen=True)
class Receipt:
    """Customs' answer about one document. ``kind`` is the receipt type (CEB312…); ``keys`` the
    original's keys (orderNo, payTransactionId, logisticsNo or copNo/invtNo); ``returnTime``
    orders receipts about one document (they may arrive repeated or out of order)."""

    kind: str
    guid: str
    returnStatus: str  # 2, 3, 120 accepted, 100 rejected, 500 inspection, 800 released, …
    returnTime: datetime
    returnInfo: str
    keys: dict[str, str] = field(default_factory=dict)
    # Tax customs assessed (CEB622 on release; CEB816 in reality), CNY — None when not stated.
    customsTax: Decimal | None = None
    valueAddedTax: Decimal | None = None
    consumptionTax: Decimal | None = None
