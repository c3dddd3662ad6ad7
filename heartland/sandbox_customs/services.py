"""The sandbox customs: what the Single Window and customs do with a declaration.

``receive(body=…)`` takes one signed CEB311/411/511/621 message (as it is, or in a ``DxpMsg``):

1. the format: not a CEB declaration, or a field the XSD would refuse → HTTP 400 with a
   ``CEB900`` (negative returnStatus); nothing is kept;
2. the signature, checked with the platform's certificate (``keys.platform_certificate``; never
   the certificate inside the message) → HTTP 403 with a ``CEB900`` when it does not verify;
3. the message guid: a message received before is acknowledged again (``repeats`` counts it)
   and not processed again;
4. each document is stored and decided at once, in one transaction: receipt 2 (received), then
   120 (accepted) or 100 (rejected, ``returnInfo`` says why): its own rules
   (``ceb.match.document_rules``), a new declaration while one is current (send a change,
   appType 2), a change once the inventory list is accepted, the field rules
   (``ceb.rules.problems``: the XSD's lengths, codes and enumerations), and the match — an order, payment
   or waybill is matched against the accepted others of its order (``three_document_match``)
   and the later one is rejected on a mismatch; an inventory list needs all three accepted and
   ``inventory_match``;
5. an accepted inventory list gets its invtNo, then an outcome: 800 released, stating the tax
   the shopper prepaid (the order's taxTotal) as assessed — or 500 held for inspection
   (``held_for_inspection``), which ends later (``end_due_inspections``, or a tester in the
   admin) with 800, or 100 for a consignee named …REJECT…;
6. answered with a ``DxpRep`` (HTTP 200); the receipts go to the platform once the transaction
   commits (``outbox``), signed, retried until acknowledged.

Testers act in the admin: ``release``, ``reject``, ``hold``.
"""
from __future__ import annotations

import dataclasses
import hashlib
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from heartland.customs.ceb import rules, signing
from heartland.customs.ceb.documents import (
    INVENTORY,
    ORDER,
    PAYMENT,
    RECEIPT_OF,
    WAYBILL,
    Envelope,
    OrderDoc,
)
from heartland.customs.ceb.match import describe, document_rules, inventory_match, three_document_match
from heartland.customs.ceb.xml import BEIJING, CebXmlError, message_kind, parse_message

from . import conf, keys, outbox, wire
from .models import SandboxDocument, SandboxMessage, SandboxReceipt, Status

logger = logging.getLogger("heartland.sandbox_customs")

DECLARATIONS = (ORDER, PAYMENT, WAYBILL, INVENTORY)
THREE = (ORDER, PAYMENT, WAYBILL)
LABEL = {ORDER: "order", PAYMENT: "payment", WAYBILL: "waybill", INVENTORY: "inventory list"}
LOCKING = (Status.ACCEPTED, Status.INSPECTION, Status.RELEASED)  # an inventory list in these locks its order
SIGNATURE_ALGORITHMS = ("rsa-sha256", "rsa-sha1")  # the 2018 samples sign with rsa-sha1
SIGNATURE_DIGESTS = ("sha256", "sha1")
XML = "application/xml; charset=utf-8"

# XSD maximum lengths of the text fields (characters: whether customs counts bytes is unconfirmed).
MAX_LENGTH = {
    "orderNo": 60, "ebpCode": 18, "ebpName": 100, "ebcCode": 18, "ebcName": 100, "buyerRegNo": 60,
    "buyerName": 60, "buyerTelephone": 30, "buyerIdNumber": 60, "payCode": 18, "payName": 100,
    "payTransactionId": 60, "batchNumbers": 100, "consignee": 100, "consigneeTelephone": 50,
    "consigneeAddress": 200, "consigneeDistrict": 6, "note": 1000, "payerIdNumber": 60, "payerName": 60,
    "telephone": 60, "logisticsCode": 18, "logisticsName": 100, "logisticsNo": 60, "billNo": 37, "goodsInfo": 200,
    "copNo": 20, "preNo": 18, "assureCode": 30, "invtNo": 18, "agentCode": 18, "agentName": 100, "itemNo": 30,
    "itemName": 250, "gmodel": 510, "itemDescribe": 1000, "barCode": 50, "gname": 250, "gcode": 10,
    "customsCode": 4, "portCode": 4, "tradeMode": 4, "currency": 3, "country": 3, "unit": 3, "unit1": 3,
}
EXACT_LENGTH = {"guid": 36, "currency": 3, "unit": 3, "country": 3, "customsCode": 4, "portCode": 4}


@dataclass(frozen=True)
class Reply:
    """What the DXP endpoint answers: an HTTP status and an XML body."""

    status: int
    body: bytes
    content_type: str = XML


class FormatError(ValueError):
    pass


def _now() -> datetime:
    return timezone.now()


# --- format ----------------------------------------------------------------------------------------

def _check_text(where: str, obj: Any, problems: list[str]) -> None:
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.type != "str":
            continue
        if f.default is dataclasses.MISSING and not value:
            problems.append(f"{where}.{f.name} is required")
        elif value and f.name in EXACT_LENGTH and len(value) != EXACT_LENGTH[f.name]:
            problems.append(f"{where}.{f.name} must be {EXACT_LENGTH[f.name]} characters")
        elif value and len(value) > MAX_LENGTH.get(f.name, 1000):
            problems.append(f"{where}.{f.name} is longer than {MAX_LENGTH.get(f.name, 1000)} characters")


def format_problems(envelope: Envelope, docs: Sequence[Any]) -> list[str]:
    """What the XSD would refuse (the whole message is refused: CEB900)."""
    problems: list[str] = []
    if len(envelope.guid) != 36:
        problems.append("the message guid must be 36 characters")
    if envelope.dxpMode != "DXP":
        problems.append("BaseTransfer.dxpMode must be DXP")
    for name, limit in (("copCode", 18), ("copName", 100), ("dxpId", 30)):
        if not 0 < len(getattr(envelope, name)) <= limit:
            problems.append(f"BaseTransfer.{name} must be 1–{limit} characters")
    if len(docs) > 100:
        problems.append("at most 100 documents in a message")
    for i, doc in enumerate(docs, start=1):
        where = f"document {i}"
        if len(doc.head.guid) != 36:
            problems.append(f"{where}: guid must be 36 characters")
        if doc.head.appType not in ("1", "2", "3"):
            problems.append(f"{where}: appType must be 1, 2 or 3")
        if doc.head.appStatus not in ("1", "2"):
            problems.append(f"{where}: appStatus must be 1 or 2")
        _check_text(where, doc, problems)
        for line in getattr(doc, "lines", ()):
            _check_text(f"{where} line {line.gnum}", line, problems)
    return problems


# --- receiving ------------------------------------------------------------------------------------

def _refuse(status: int, code: str, info: str, *, guid: str = "", kind: str = "Unknown") -> Reply:
    logger.info("sandbox customs refused a message (%s): %s", code, info[:200])
    return Reply(status, wire.ceb900(status=code, info=info, when=_now(), message_guid=guid,
                                     message_type=f"{kind}Message" if kind != "Unknown" else kind))


def receive(*, body: bytes, in_process: bool = False) -> Reply:
    """Take one message from the platform (see the module's docstring)."""
    xml = wire.unwrap(body)
    try:
        kind = message_kind(xml)
    except CebXmlError as exc:
        return _refuse(400, "-1", f"报文格式错误 (not a CEB message): {exc}")
    if kind not in DECLARATIONS:
        return _refuse(400, "-1", f"报文格式错误 ({kind} is not a declaration customs takes)", kind=kind)
    if not signing.verify(xml, keys.platform_certificate(), algorithms=SIGNATURE_ALGORITHMS,
                          digests=SIGNATURE_DIGESTS):
        return _refuse(403, "-2", "签名验证失败 (the signature does not verify with the sender's registered "
                                  "certificate)", kind=kind)
    try:
        envelope, docs = parse_message(xml)
    except CebXmlError as exc:
        return _refuse(400, "-1", f"报文格式错误: {exc}", kind=kind)
    problems = format_problems(envelope, docs)
    if problems:
        return _refuse(400, "-1", "报文格式错误: " + "; ".join(problems), guid=envelope.guid, kind=kind)
    now = _now()
    with transaction.atomic():
        message = SandboxMessage.objects.select_for_update().filter(guid=envelope.guid).first()
        if message is None:
            try:
                with transaction.atomic():
                    message = SandboxMessage.objects.create(
                        guid=envelope.guid, kind=kind, cop_code=envelope.copCode, cop_name=envelope.copName,
                        dxp_id=envelope.dxpId, xml=xml.decode("utf-8", "replace"), in_process=in_process)
                    created = True
            except IntegrityError:  # the same message, at the same moment, from a retrying sender
                message = SandboxMessage.objects.select_for_update().get(guid=envelope.guid)
                created = False
        else:
            created = False
        if not created:
            SandboxMessage.objects.filter(pk=message.pk).update(repeats=message.repeats + 1)
            return Reply(200, wire.dxp_rep(receiver=envelope.dxpId, code="0", info="重复报文, 已接收 (repeated "
                                           "message: acknowledged, not processed again)", message_guid=envelope.guid,
                                           message_type=f"{kind}Message", when=now))
        results, receipt_ids = [], []
        for index, doc in enumerate(docs):
            outcome, ids = _declare(message=message, index=index, doc=doc, kind=kind, now=now)
            results.append((doc.head.guid, "0", outcome))
            receipt_ids.extend(ids)
        outbox.queue(receipt_ids)
    logger.info("sandbox customs received %s %s (%d documents)", kind, envelope.guid, len(docs))
    return Reply(200, wire.dxp_rep(receiver=envelope.dxpId, code="0", info="接收成功 (received)",
                                   message_guid=envelope.guid, message_type=f"{kind}Message", when=now,
                                   results=results))


# --- reading stored documents -------------------------------------------------------------------------

def document_of(row: SandboxDocument) -> Any:
    """The dataclass of a stored document (read back from its message)."""
    _envelope, docs = parse_message(row.message.xml.encode("utf-8"))
    return docs[row.index]


def _current(order_no: str, kind: str) -> SandboxDocument | None:
    return (SandboxDocument.objects.select_for_update().select_related("message")
            .filter(order_no=order_no, kind=kind, current=True).order_by("-pk").first())


def _key(doc: Any, kind: str) -> str:
    return {ORDER: doc.orderNo, PAYMENT: getattr(doc, "payTransactionId", ""),
            WAYBILL: getattr(doc, "logisticsNo", ""), INVENTORY: getattr(doc, "copNo", "") or doc.orderNo}[kind]


def _receipt_keys(doc: Any, kind: str, row: SandboxDocument) -> dict[str, str]:
    if kind == ORDER:
        return {"ebpCode": doc.ebpCode, "ebcCode": doc.ebcCode, "orderNo": doc.orderNo}
    if kind == PAYMENT:
        return {"payCode": doc.payCode, "payTransactionId": doc.payTransactionId}
    if kind == WAYBILL:
        return {"logisticsCode": doc.logisticsCode, "logisticsNo": doc.logisticsNo}
    return {"customsCode": doc.customsCode, "ebpCode": doc.ebpCode, "ebcCode": doc.ebcCode,
            "agentCode": doc.agentCode, "copNo": doc.copNo, "preNo": row.pre_no, "invtNo": row.invt_no}


def _pre_no() -> str:
    return "B" + timezone.localtime(_now(), BEIJING).strftime("%Y%m%d") + "".join(
        secrets.choice("0123456789") for _ in range(9))


def _invt_no(customs_code: str) -> str:
    return f"{customs_code[:4]:0<4}{timezone.localtime(_now(), BEIJING):%Y}I" + "".join(
        secrets.choice("0123456789") for _ in range(9))


# --- receipts ---------------------------------------------------------------------------------------

def _receipt(row: SandboxDocument, status: str, info: str, *, keys: dict[str, str] | None = None,
             tax: Decimal | None = None) -> int:
    """Write a receipt about ``row`` (its returnTime after every earlier one of the row) and return
    its id; the caller queues it."""
    last = row.receipts.order_by("-return_time").values_list("return_time", flat=True).first()
    when = _now()
    if last is not None and when <= last:
        when = last + timedelta(milliseconds=1)
    if keys is None:
        keys = (row.receipts.order_by("-return_time").values_list("keys", flat=True).first() or {})
        if row.kind == INVENTORY:
            keys = {**keys, "preNo": row.pre_no, "invtNo": row.invt_no}
    taxes = {}
    if tax is not None:  # customs "assesses" what the shopper prepaid: no duty within the limits
        taxes = {"customs_tax": Decimal("0.00"), "value_added_tax": tax, "consumption_tax": Decimal("0.00")}
    receipt = SandboxReceipt.objects.create(
        document=row, kind=RECEIPT_OF[row.kind], guid=wire.new_guid(), return_status=status, return_time=when,
        return_info=info[:1000], keys=keys, **taxes)
    return receipt.pk


def _reject(row: SandboxDocument, reason: str) -> int:
    row.status = Status.REJECTED
    row.reason = reason[:1000]
    row.decided_at = _now()
    row.inspection_ends_at = None
    row.save(update_fields=["status", "reason", "decided_at", "inspection_ends_at"])
    return _receipt(row, Status.REJECTED, f"退单 (rejected): {reason}")


def _release(row: SandboxDocument, order: OrderDoc) -> int:
    row.status = Status.RELEASED
    row.tax_assessed = order.taxTotal
    row.decided_at = _now()
    row.inspection_ends_at = None
    row.save(update_fields=["status", "tax_assessed", "decided_at", "inspection_ends_at"])
    return _receipt(row, Status.RELEASED, f"放行 (released); tax assessed {order.taxTotal:.2f} CNY",
                    tax=order.taxTotal)


def _hold(row: SandboxDocument) -> int:
    seconds = conf.inspection_seconds()
    row.status = Status.INSPECTION
    row.decided_at = _now()
    row.inspection_ends_at = _now() + timedelta(seconds=seconds) if seconds else None
    row.save(update_fields=["status", "decided_at", "inspection_ends_at"])
    return _receipt(row, Status.INSPECTION, "查验 (held for inspection)")


def held_for_inspection(order: OrderDoc) -> bool:
    """Whether customs inspects this parcel: always for a consignee named …INSPECT…; otherwise
    ``HEARTLAND_SANDBOX_CUSTOMS_INSPECT_PERCENT`` of orders, picked by a hash of the order number
    and ``…_INSPECT_SEED`` (the same order is always picked the same way)."""
    if "INSPECT" in order.consignee.upper():
        return True
    percent = conf.inspect_percent()
    if not percent:
        return False
    digest = hashlib.sha256(f"{conf.inspect_seed()}:{order.orderNo}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 100 < percent


def inspection_finds_fault(consignee: str) -> bool:
    return "REJECT" in consignee.upper()


# --- deciding one document ---------------------------------------------------------------------------

def _others(order_no: str, kinds: Sequence[str]) -> dict[str, tuple[SandboxDocument, Any]]:
    """The accepted current documents of these kinds for the order, with their dataclasses."""
    found = {}
    for kind in kinds:
        row = _current(order_no, kind)
        if row is not None and row.status == Status.ACCEPTED:
            found[kind] = (row, document_of(row))
    return found


def _declare(*, message: SandboxMessage, index: int, doc: Any, kind: str, now: datetime) -> tuple[str, list[int]]:
    order_no = doc.orderNo
    previous = _current(order_no, kind)
    if previous is not None and previous.guid == doc.head.guid and previous.status != Status.REJECTED:
        return f"重复申报 ({LABEL[kind]} {doc.head.guid} was declared before: nothing changes)", []
    row = SandboxDocument.objects.create(
        message=message, index=index, kind=kind, guid=doc.head.guid, app_type=doc.head.appType, order_no=order_no,
        key=_key(doc, kind)[:60], consignee=getattr(doc, "consignee", "")[:100], current=False,
        pre_no=_pre_no() if kind == INVENTORY else "")
    receipts = [_receipt(row, Status.RECEIVED, "电子口岸已暂存, 申报中 (received)", keys=_receipt_keys(doc, kind, row))]
    if doc.head.appStatus == "1":
        row.status = Status.DRAFT
        row.save(update_fields=["status"])
        receipts.append(_receipt(row, Status.DRAFT, "暂存 (stored as a draft: send appStatus 2 to declare)"))
        return "暂存 (draft)", receipts

    reason = _refusal(doc, kind, previous)
    if reason:
        receipts.append(_reject(row, reason))
        if previous is None or previous.status == Status.REJECTED:
            _make_current(row, previous)
        return f"退单 (rejected): {reason}", receipts

    _make_current(row, previous)
    row.status = Status.ACCEPTED
    row.decided_at = now
    if kind == INVENTORY:
        row.invt_no = _invt_no(doc.customsCode)
    row.save(update_fields=["status", "decided_at", "invt_no"])
    verb = "变更申报成功" if doc.head.appType == "2" else "新增申报成功"
    receipts.append(_receipt(row, Status.ACCEPTED, f"{verb}[{doc.head.guid}] (accepted)"))
    if kind == INVENTORY:
        order = _others(order_no, [ORDER])[ORDER][1]
        receipts.append(_hold(row) if held_for_inspection(order) else _release(row, order))
        return "放行 (released)" if row.status == Status.RELEASED else "查验 (held)", receipts
    return "入库 (accepted)", receipts


def _make_current(row: SandboxDocument, previous: SandboxDocument | None) -> None:
    if previous is not None:
        SandboxDocument.objects.filter(pk=previous.pk).update(current=False)
    row.current = True
    row.save(update_fields=["current"])


def _refusal(doc: Any, kind: str, previous: SandboxDocument | None) -> str:
    """Why customs rejects the document ("" if it does not)."""
    label = LABEL[kind]
    if doc.head.appType == "3":
        return "the sandbox takes no deletions (appType 3): declare a change (appType 2)"
    if doc.head.appType == "1" and previous is not None and previous.status != Status.REJECTED:
        return f"重复申报: a {label} for order {doc.orderNo} is declared already; send a change (appType 2)"
    if doc.head.appType == "2" and previous is None:
        return f"nothing to change: no {label} for order {doc.orderNo} was declared"
    inventory = _current(doc.orderNo, INVENTORY)
    if inventory is not None and inventory.status in LOCKING:
        return f"the inventory list of order {doc.orderNo} is {inventory.get_status_display()}: no more changes"
    fields = [str(problem) for problem in rules.problems(doc)] + [str(m) for m in document_rules(doc)]
    if fields:
        text = "; ".join(dict.fromkeys(fields))
        return "字段校验失败 (field rules): " + (text if len(text) <= 900 else text[:899] + "…")
    if kind == INVENTORY:
        found = _others(doc.orderNo, THREE)
        missing = [f"{k} {LABEL[k]}" for k in THREE if k not in found]
        if missing:
            return f"三单不齐 (not accepted yet: {', '.join(missing)})"
        broken = inventory_match(doc, found[ORDER][1], found[PAYMENT][1], found[WAYBILL][1])
        return "清单比对失败 (inventory list match): " + describe(broken, limit=900) if broken else ""
    found = {k: v[1] for k, v in _others(doc.orderNo, [k for k in THREE if k != kind]).items()}
    found[kind] = doc
    if ORDER not in found:
        return ""  # nothing to match against yet: the order is the reference
    broken = three_document_match(found[ORDER], found.get(PAYMENT), found.get(WAYBILL))
    return "三单对碰失败 (three-document match): " + describe(broken, limit=900) if broken else ""


# --- later: inspections and testers ---------------------------------------------------------------------

def _locked(document_id: int) -> SandboxDocument:
    return SandboxDocument.objects.select_for_update().select_related("message").get(pk=document_id)


def _order_for(row: SandboxDocument) -> OrderDoc:
    order_row = _current(row.order_no, ORDER)
    order = document_of(order_row) if order_row is not None else None
    if not isinstance(order, OrderDoc):
        raise ValueError(f"order {row.order_no} has no order document")
    return order


def end_inspection(*, document_id: int) -> str:
    """End a held inventory list's inspection: 800 released, or 100 for a consignee named
    …REJECT…. Returns the new status ("" if it was not held)."""
    with transaction.atomic():
        row = _locked(document_id)
        if row.status != Status.INSPECTION:
            return ""
        order = _order_for(row)
        if inspection_finds_fault(order.consignee):
            ids = [_reject(row, "查验不合格 (the inspection found the goods do not match the declaration)")]
        else:
            ids = [_release(row, order)]
        outbox.queue(ids)
    return row.status


def end_due_inspections() -> int:
    """End every inspection whose time is up (a periodic task)."""
    due = list(SandboxDocument.objects.filter(status=Status.INSPECTION, inspection_ends_at__lte=_now())
               .values_list("pk", flat=True))
    return sum(1 for pk in due if end_inspection(document_id=pk))


class NotAllowed(ValueError):
    pass


def release(*, document_id: int) -> None:
    """A tester releases an inventory list that is accepted or held (800, the tax stated)."""
    with transaction.atomic():
        row = _locked(document_id)
        if row.kind != INVENTORY or row.status not in (Status.ACCEPTED, Status.INSPECTION):
            raise NotAllowed(f"{row}: only an accepted or held inventory list can be released")
        outbox.queue([_release(row, _order_for(row))])


def hold(*, document_id: int) -> None:
    """A tester holds an accepted inventory list for inspection (500)."""
    with transaction.atomic():
        row = _locked(document_id)
        if row.kind != INVENTORY or row.status != Status.ACCEPTED:
            raise NotAllowed(f"{row}: only an accepted inventory list can be held")
        outbox.queue([_hold(row)])


def reject(*, document_id: int, reason: str) -> None:
    """A tester rejects a document that is received, accepted or held (100, with the reason);
    an order, payment or waybill only while its inventory list is not accepted."""
    reason = reason.strip() or "rejected by the sandbox customs operator"
    with transaction.atomic():
        row = _locked(document_id)
        if row.status not in (Status.RECEIVED, Status.ACCEPTED, Status.INSPECTION):
            raise NotAllowed(f"{row}: it cannot be rejected now")
        if row.kind != INVENTORY:
            inventory = _current(row.order_no, INVENTORY)
            if inventory is not None and inventory.status in LOCKING:
                raise NotAllowed(f"{row}: its inventory list is {inventory.get_status_display()}")
        outbox.queue([_reject(row, reason)])

