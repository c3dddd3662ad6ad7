"""The CEB messages as XML in the GACC layout, and back (lxml; pure: no Django).

``build_message(docs, envelope)`` writes ``<ceb:CEBnnnMessage guid=… version=…>`` in the
namespace ``http://www.chinaport.gov.cn/ceb``: the business blocks (≤100, one kind), then
``BaseTransfer``. Elements follow the XSD's sequence (the ``*_FIELDS`` tuples below — the
dataclasses cannot declare defaulted fields in XSD order, so the order lives here); amounts
have 2 decimals, times are ``YYYYMMDDhhmmss`` in Beijing time, dates ``YYYYMMDD``; an optional
element that is empty is left out, a required one is always written (the field rules, not the
writer, refuse an empty one). ``parse_message`` reads such a message (signed or not) back into
the same dataclasses: build → parse is the identity.

``InventoryDoc.taxTotal`` (the tax the shopper prepaid, which the inventory match compares with
the order's) is not an element of InventoryHead; a CEB621 carries it in the XSD's extension
point, ``ExtendMessage`` (after BaseTransfer): name ``taxTotal``, version ``1.0``, and in
``Message`` one ``<ceb:taxTotal orderNo="…">12.30</ceb:taxTotal>`` per inventory list.

Receipts: ``build_receipt`` writes what customs sends back about one document (CEB312
``OrderReturn``, CEB412 ``PaymentReturn``, CEB512 ``LogisticsReturn``, CEB622
``InventoryReturn``, each with returnStatus / returnTime (``YYYYMMDDhhmmssSSS``) /
returnInfo, customs' namespace as the default one, as in the samples); ``parse_receipts``
reads one back into ``Receipt``s. The tax assessed on release (in reality the CEB816 tax bill)
rides in a CEB622 as ``customsTax`` / ``valueAddedTax`` / ``consumptionTax`` after
``returnInfo`` — a sandbox extension, not in the XSD.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import fields, replace
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from lxml import etree

from .documents import (
    INVENTORY,
    NAMESPACE,
    ORDER,
    PAYMENT,
    RECEIPT_OF,
    WAYBILL,
    Envelope,
    Head,
    InventoryDoc,
    InventoryLine,
    OrderDoc,
    OrderLine,
    PaymentDoc,
    Receipt,
    WaybillDoc,
)

BEIJING = ZoneInfo("Asia/Shanghai")
DS_NS = "http://www.w3.org/2000/09/xmldsig#"
CENT = Decimal("0.01")
MAX_BLOCKS = 100


class CebXmlError(ValueError):
    """Text that is not a CEB message (or receipt) this module can read."""


# --- the XSD sequences ------------------------------------------------------------------------

HEAD_FIELDS = ("guid", "appType", "appTime", "appStatus")
ORDER_HEAD_FIELDS = HEAD_FIELDS + (
    "orderType", "orderNo", "ebpCode", "ebpName", "ebcCode", "ebcName", "goodsValue", "freight", "discount",
    "taxTotal", "acturalPaid", "currency", "buyerRegNo", "buyerName", "buyerTelephone", "buyerIdType",
    "buyerIdNumber", "payCode", "payName", "payTransactionId", "batchNumbers", "consignee", "consigneeTelephone",
    "consigneeAddress", "consigneeDistrict", "note")
ORDER_LIST_FIELDS = ("gnum", "itemNo", "itemName", "gmodel", "itemDescribe", "barCode", "unit", "qty", "price",
                     "totalPrice", "currency", "country", "note")
PAYMENT_HEAD_FIELDS = HEAD_FIELDS + (
    "payCode", "payName", "payTransactionId", "orderNo", "ebpCode", "ebpName", "payerIdType", "payerIdNumber",
    "payerName", "telephone", "amountPaid", "currency", "payTime", "note")
LOGISTICS_HEAD_FIELDS = HEAD_FIELDS + (
    "logisticsCode", "logisticsName", "logisticsNo", "billNo", "orderNo", "freight", "insuredFee", "currency",
    "weight", "packNo", "goodsInfo", "consignee", "consigneeAddress", "consigneeTelephone", "note")
INVENTORY_HEAD_FIELDS = HEAD_FIELDS + (
    "orderNo", "ebpCode", "ebpName", "ebcCode", "ebcName", "logisticsNo", "logisticsCode", "logisticsName", "copNo",
    "preNo", "assureCode", "emsNo", "invtNo", "ieFlag", "declTime", "customsCode", "portCode", "ieDate",
    "buyerIdType", "buyerIdNumber", "buyerName", "buyerTelephone", "consigneeAddress", "agentCode", "agentName",
    "areaCode", "areaName", "tradeMode", "trafMode", "trafNo", "voyageNo", "billNo", "loctNo", "licenseNo", "country",
    "freight", "insuredFee", "currency", "wrapType", "packNo", "grossWeight", "netWeight", "note")
INVENTORY_LIST_FIELDS = ("gnum", "itemRecordNo", "itemNo", "itemName", "gcode", "gname", "gmodel", "barCode",
                         "country", "tradeCountry", "currency", "qty", "unit", "qty1", "unit1", "qty2", "unit2",
                         "price", "totalPrice", "note")
BASE_TRANSFER_FIELDS = ("copCode", "copName", "dxpMode", "dxpId", "note")

# Optional elements (minOccurs 0 in the 2022-05 XSD): left out when empty.
OPTIONAL = {
    "OrderHead": frozenset({"payCode", "payName", "payTransactionId", "batchNumbers", "consigneeDistrict", "note"}),
    "OrderList": frozenset({"itemNo", "itemDescribe", "barCode", "note"}),
    "PaymentHead": frozenset({"telephone", "note"}),
    "LogisticsHead": frozenset({"billNo", "freight", "insuredFee", "goodsInfo", "note"}),
    "InventoryHead": frozenset({"copNo", "preNo", "emsNo", "invtNo", "ieDate", "areaCode", "areaName", "trafNo",
                                "voyageNo", "billNo", "loctNo", "licenseNo", "wrapType", "note"}),
    "InventoryList": frozenset({"itemRecordNo", "itemNo", "itemName", "barCode", "tradeCountry", "qty2", "unit2",
                                "note"}),
    "BaseTransfer": frozenset({"note"}),
}

AMOUNTS = frozenset({"goodsValue", "freight", "discount", "taxTotal", "acturalPaid", "price", "totalPrice",
                     "amountPaid", "insuredFee", "customsTax", "valueAddedTax", "consumptionTax"})
DECIMALS = frozenset({"qty", "qty1", "qty2", "weight", "grossWeight", "netWeight"})
INTEGERS = frozenset({"gnum", "packNo"})
TIMES = frozenset({"appTime", "payTime"})
DATES = frozenset({"declTime", "ieDate"})


class Kind:
    """How one message type is laid out."""

    def __init__(self, code: str, block: str, head: str, head_fields: tuple[str, ...], doc: type,
                 list_tag: str = "", list_fields: tuple[str, ...] = (), line: type | None = None) -> None:
        self.code, self.block, self.head, self.head_fields, self.doc = code, block, head, head_fields, doc
        self.list_tag, self.list_fields, self.line = list_tag, list_fields, line
        self.root = f"{code}Message"
        self.doc_names = frozenset(f.name for f in fields(doc))
        self.line_names = frozenset(f.name for f in fields(line)) if line else frozenset()


KINDS = {
    ORDER: Kind(ORDER, "Order", "OrderHead", ORDER_HEAD_FIELDS, OrderDoc, "OrderList", ORDER_LIST_FIELDS, OrderLine),
    PAYMENT: Kind(PAYMENT, "Payment", "PaymentHead", PAYMENT_HEAD_FIELDS, PaymentDoc),
    WAYBILL: Kind(WAYBILL, "Logistics", "LogisticsHead", LOGISTICS_HEAD_FIELDS, WaybillDoc),
    INVENTORY: Kind(INVENTORY, "Inventory", "InventoryHead", INVENTORY_HEAD_FIELDS, InventoryDoc, "InventoryList",
                    INVENTORY_LIST_FIELDS, InventoryLine),
}
KIND_OF_DOC = {k.doc: k for k in KINDS.values()}
KIND_OF_ROOT = {k.root: k for k in KINDS.values()}


def kind_of(doc: object) -> str:
    """``CEB311`` … for a document dataclass."""
    try:
        return KIND_OF_DOC[type(doc)].code
    except KeyError:
        raise TypeError(f"not a CEB document: {type(doc).__name__}") from None


# --- values -------------------------------------------------------------------------------------

def format_amount(value: Decimal) -> str:
    return f"{Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP):f}"


def format_decimal(value: Decimal) -> str:
    text = f"{Decimal(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def format_time(moment: datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(BEIJING)
    return moment.strftime("%Y%m%d%H%M%S")


def format_return_time(moment: datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(BEIJING)
    return moment.strftime("%Y%m%d%H%M%S") + f"{moment.microsecond // 1000:03d}"


def _text(name: str, value: object) -> str:
    if value is None:
        return ""
    if name in AMOUNTS:
        return format_amount(value)  # type: ignore[arg-type]
    if name in DECIMALS:
        return format_decimal(value)  # type: ignore[arg-type]
    if name in TIMES:
        return format_time(value)  # type: ignore[arg-type]
    if name in DATES:
        return value.strftime("%Y%m%d")  # type: ignore[union-attr]
    return str(value)


def _value(name: str, text: str) -> object:
    try:
        if name in AMOUNTS or name in DECIMALS:
            return Decimal(text)
        if name in INTEGERS:
            return int(text)
        if name in TIMES:
            if len(text) != 14:
                raise ValueError("want YYYYMMDDhhmmss")
            return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=BEIJING)
        if name in DATES:
            if len(text) != 8:
                raise ValueError("want YYYYMMDD")
            return datetime.strptime(text, "%Y%m%d").date()
        if name == "returnTime":
            return parse_return_time(text)
    except (InvalidOperation, ValueError) as exc:
        raise CebXmlError(f"{name}: {text!r} is not valid ({exc})") from None
    return text


def parse_return_time(text: str) -> datetime:
    if len(text) != 17 or not text.isdigit():
        raise ValueError("want YYYYMMDDhhmmssSSS")
    moment = datetime.strptime(text[:14], "%Y%m%d%H%M%S").replace(tzinfo=BEIJING)
    return moment.replace(microsecond=int(text[14:]) * 1000)


# --- building -----------------------------------------------------------------------------------

def _q(tag: str) -> str:
    return f"{{{NAMESPACE}}}{tag}"


def _fill(parent: etree._Element, tag: str, names: tuple[str, ...], values: dict[str, object]) -> etree._Element:
    node = etree.SubElement(parent, _q(tag))
    optional = OPTIONAL.get(tag, frozenset())
    for name in names:
        text = _text(name, values.get(name))
        if text == "" and name in optional:
            continue
        etree.SubElement(node, _q(name)).text = text
    return node


def _values(obj: object) -> dict[str, object]:
    return {f.name: getattr(obj, f.name) for f in fields(obj)}  # type: ignore[arg-type]


def build_tree(docs: object | Sequence[object], envelope: Envelope) -> etree._Element:
    """The message as an lxml element (for signing without a re-parse)."""
    items = list(docs) if isinstance(docs, list | tuple) else [docs]
    if not items:
        raise ValueError("a message carries at least one document")
    if len(items) > MAX_BLOCKS:
        raise ValueError(f"a message carries at most {MAX_BLOCKS} documents")
    kinds = {KIND_OF_DOC.get(type(d)) for d in items}
    if None in kinds or len(kinds) != 1:
        raise TypeError("a message carries documents of one CEB kind")
    kind: Kind = kinds.pop()  # type: ignore[assignment]
    root = etree.Element(_q(kind.root), nsmap={"ceb": NAMESPACE})
    root.set("guid", envelope.guid)
    root.set("version", envelope.version)
    for doc in items:
        block = etree.SubElement(root, _q(kind.block))
        values = _values(doc)
        head: Head = values.pop("head")  # type: ignore[assignment]
        values.update(_values(head))
        _fill(block, kind.head, kind.head_fields, values)
        for line in values.get("lines", ()) if kind.list_tag else ():
            _fill(block, kind.list_tag, kind.list_fields, _values(line))
    _fill(root, "BaseTransfer", BASE_TRANSFER_FIELDS, _values(envelope))
    if kind.code == INVENTORY:
        extend = etree.SubElement(root, _q("ExtendMessage"))
        etree.SubElement(extend, _q("name")).text = "taxTotal"
        etree.SubElement(extend, _q("version")).text = "1.0"
        message = etree.SubElement(extend, _q("Message"))
        for doc in items:
            node = etree.SubElement(message, _q("taxTotal"), orderNo=doc.orderNo)
            node.text = format_amount(doc.taxTotal)
    return root


def build_message(docs: object | Sequence[object], envelope: Envelope) -> bytes:
    """A CEB311/411/511/621 message (UTF-8, with the XML declaration), unsigned."""
    return etree.tostring(build_tree(docs, envelope), xml_declaration=True, encoding="UTF-8")


# --- parsing ------------------------------------------------------------------------------------

# Comments and processing instructions are dropped: C14N (so the signature) ignores them, and a
# comment inside a value must not cut what a reader sees of it ("AB<!---->C" reads "ABC").
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                          remove_comments=True, remove_pis=True)


def _root(xml: bytes) -> etree._Element:
    if isinstance(xml, str):
        xml = xml.encode("utf-8")
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise CebXmlError(f"not well-formed XML: {exc}") from None
    if etree.QName(root).namespace != NAMESPACE:
        raise CebXmlError(f"the root is not in {NAMESPACE}")
    return root


def _children(node: etree._Element) -> dict[str, str]:
    out: dict[str, str] = {}
    for child in node:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        if len(child):
            raise CebXmlError(f"{node.tag}/{name} must hold text, not elements")
        out[name] = child.text or ""
    return out


def _make(cls: type, names: frozenset[str], raw: dict[str, str], **extra: object) -> object:
    values = {k: _value(k, v) for k, v in raw.items() if k in names}
    values.update(extra)
    try:
        return cls(**values)
    except TypeError as exc:
        raise CebXmlError(f"{cls.__name__}: {exc}") from None


def parse_message(xml: bytes) -> tuple[Envelope, list[object]]:
    """The envelope and the documents of a CEB311/411/511/621 message (a signature, if any, is
    ignored here: ``signing.verify`` checks it). ``CebXmlError`` for anything else."""
    root = _root(xml)
    name = etree.QName(root).localname
    kind = KIND_OF_ROOT.get(name)
    if kind is None:
        raise CebXmlError(f"{name} is not a CEB311/411/511/621 message")
    docs: list[object] = []
    transfer: dict[str, str] | None = None
    taxes: dict[str, Decimal] = {}
    for child in root:
        if not isinstance(child.tag, str):
            continue
        tag = etree.QName(child)
        if tag.namespace != NAMESPACE:
            continue  # ds:Signature
        if tag.localname == kind.block:
            docs.append(_parse_block(kind, child))
        elif tag.localname == "BaseTransfer":
            transfer = _children(child)
        elif tag.localname == "ExtendMessage" and kind.code == INVENTORY:
            taxes.update(_inventory_taxes(child))
    if not docs:
        raise CebXmlError(f"{name} carries no {kind.block}")
    if transfer is None:
        raise CebXmlError(f"{name} has no BaseTransfer")
    if taxes:
        docs = [replace(d, taxTotal=taxes.get(d.orderNo, d.taxTotal)) for d in docs]  # type: ignore[attr-defined]
    envelope = _make(Envelope, frozenset(BASE_TRANSFER_FIELDS), transfer, guid=root.get("guid", ""),
                     version=root.get("version", ""))
    return envelope, docs  # type: ignore[return-value]


def _inventory_taxes(extend: etree._Element) -> dict[str, Decimal]:
    if extend.findtext(_q("name")) != "taxTotal":
        return {}
    out: dict[str, Decimal] = {}
    for node in extend.iterfind(f"{_q('Message')}/{_q('taxTotal')}"):
        out[node.get("orderNo", "")] = _value("taxTotal", node.text or "")  # type: ignore[assignment]
    return out


def _parse_block(kind: Kind, block: etree._Element) -> object:
    head_raw: dict[str, str] | None = None
    lines = []
    for child in block:
        if not isinstance(child.tag, str):
            continue
        local = etree.QName(child).localname
        if local == kind.head:
            head_raw = _children(child)
        elif kind.list_tag and local == kind.list_tag:
            lines.append(_make(kind.line, kind.line_names, _children(child)))  # type: ignore[arg-type]
    if head_raw is None:
        raise CebXmlError(f"{kind.block} has no {kind.head}")
    head = _make(Head, frozenset(HEAD_FIELDS), head_raw)
    extra: dict[str, object] = {"head": head}
    if kind.list_tag:
        extra["lines"] = tuple(lines)
    return _make(kind.doc, kind.doc_names - set(HEAD_FIELDS) - {"head", "lines"}, head_raw, **extra)


# --- receipts -----------------------------------------------------------------------------------

RETURN_BLOCK = {"CEB312": "OrderReturn", "CEB412": "PaymentReturn", "CEB512": "LogisticsReturn",
                "CEB622": "InventoryReturn"}
RETURN_KEYS = {
    "CEB312": ("ebpCode", "ebcCode", "orderNo"),
    "CEB412": ("payCode", "payTransactionId"),
    "CEB512": ("logisticsCode", "logisticsNo"),
    "CEB622": ("customsCode", "ebpCode", "ebcCode", "agentCode", "copNo", "preNo", "invtNo"),
}
RETURN_OPTIONAL_KEYS = frozenset({"customsCode", "ebpCode", "ebcCode", "agentCode", "invtNo"})
TAXES = ("customsTax", "valueAddedTax", "consumptionTax")
KIND_OF_RETURN = {f"{kind}Message": kind for kind in RETURN_BLOCK}
ORIGINAL_OF = {receipt: original for original, receipt in RECEIPT_OF.items()}


def build_receipt(receipt: Receipt, envelope: Envelope) -> bytes:
    """The receipt message ``receipt.kind`` (CEB312/412/512/622): root ``guid``/``version`` from
    ``envelope``; one return block; customs' namespace as the default one."""
    block_tag = RETURN_BLOCK.get(receipt.kind)
    if block_tag is None:
        raise ValueError(f"{receipt.kind} is not a receipt kind (CEB312/412/512/622)")
    root = etree.Element(_q(f"{receipt.kind}Message"), nsmap={None: NAMESPACE})
    root.set("guid", envelope.guid)
    root.set("version", envelope.version)
    block = etree.SubElement(root, _q(block_tag))
    etree.SubElement(block, _q("guid")).text = receipt.guid
    for key in RETURN_KEYS[receipt.kind]:
        value = receipt.keys.get(key, "")
        if value == "" and key in RETURN_OPTIONAL_KEYS:
            continue
        etree.SubElement(block, _q(key)).text = value
    etree.SubElement(block, _q("returnStatus")).text = receipt.returnStatus
    etree.SubElement(block, _q("returnTime")).text = format_return_time(receipt.returnTime)
    etree.SubElement(block, _q("returnInfo")).text = receipt.returnInfo
    for tax in TAXES:
        value = getattr(receipt, tax)
        if value is not None:
            etree.SubElement(block, _q(tax)).text = format_amount(value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def parse_receipts(xml: bytes) -> list[Receipt]:
    """Every receipt in a CEB312/412/512/622 message. ``CebXmlError`` for anything else."""
    root = _root(xml)
    name = etree.QName(root).localname
    kind = KIND_OF_RETURN.get(name)
    if kind is None:
        raise CebXmlError(f"{name} is not a receipt (CEB312/412/512/622)")
    out: list[Receipt] = []
    for block in root:
        if not isinstance(block.tag, str) or etree.QName(block).localname != RETURN_BLOCK[kind]:
            continue
        raw = _children(block)
        try:
            status, returned = raw["returnStatus"], raw["returnTime"]
        except KeyError as exc:
            raise CebXmlError(f"{RETURN_BLOCK[kind]} has no {exc.args[0]}") from None
        taxes = {t: _value(t, raw[t]) for t in TAXES if raw.get(t)}
        out.append(Receipt(kind=kind, guid=raw.get("guid", ""), returnStatus=status,
                           returnTime=_value("returnTime", returned),  # type: ignore[arg-type]
                           returnInfo=raw.get("returnInfo", ""),
                           keys={k: raw[k] for k in RETURN_KEYS[kind] if raw.get(k)}, **taxes))  # type: ignore[arg-type]
    if not out:
        raise CebXmlError(f"{name} carries no {RETURN_BLOCK[kind]}")
    return out


def message_kind(xml: bytes) -> str:
    """``CEB311`` … ``CEB622`` from the root element's name (``CebXmlError`` otherwise)."""
    name = etree.QName(_root(xml)).localname
    if name in KIND_OF_ROOT:
        return KIND_OF_ROOT[name].code
    if name in KIND_OF_RETURN:
        return KIND_OF_RETURN[name]
    raise CebXmlError(f"{name} is not a CEB message")


def iter_kinds() -> Iterable[str]:
    return KINDS.keys()
