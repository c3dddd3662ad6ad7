"""Customs writes: build, check, sign and store each message of a farm's part; send it; apply
customs' receipts; the operator's actions on a rejected part. Keyword-only, one transaction each,
side effects on commit.

The flow (mainland parts in 9610 only, ``mapping.is_declarable``):

- the farm accepts the part → CEB311 (order) and CEB411 (payment voucher);
- the carrier books it (``fulfillment.signals.shipment_booked``) → CEB511 (waybill, sent on the
  logistics company's behalf);
- all three accepted (returnStatus 120) → CEB621 (import inventory list) and the part moves to
  ``declared``;
- CEB622 receipts: 100 → ``rejected`` (the operator queue), 300/500/501–599 → ``held``,
  800/899 → ``released`` (the tax assessed recorded when stated).

A message that breaks a field rule or disagrees with the part's other documents is stored
``invalid`` with its problems and never sent. A valid one is signed and stored ``ready`` before
anything is sent; the send happens after commit and is repeated (same guid, same bytes) until the
gateway takes it, so a process killed between sending and recording loses nothing and the
gateway sees the same guid again (it treats a repeated guid as the same message).
"""
from __future__ import annotations

import hashlib
import logging
import uuid
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from heartland.core.crypto import encrypt
from heartland.core.errors import DomainError
from heartland.orders import states
from heartland.orders.models import MerchantOrder
from heartland.orders.services import move_part

from . import conf, keys, mapping, signals, transport
from .ceb import codes, match, rules, signing
from .ceb.documents import INVENTORY, ORDER, PAYMENT, WAYBILL, Receipt
from .ceb.xml import ORIGINAL_OF, build_message
from .models import CustomsMessage, CustomsReceipt, MessageStatus

log = logging.getLogger(__name__)

THREE = (ORDER, PAYMENT, WAYBILL)
RECEIPT_KEY_NAME = {ORDER: "orderNo", PAYMENT: "payTransactionId", WAYBILL: "logisticsNo", INVENTORY: "copNo"}


class GatewayUnavailable(Exception):
    """The gateway could not be reached or failed (5xx): send again later."""


def new_guid() -> str:
    return str(uuid.uuid4()).upper()


def current(part: MerchantOrder, kind: str) -> CustomsMessage | None:
    return CustomsMessage.objects.filter(merchant_order=part, kind=kind, superseded=False).first()


def _problems(part: MerchantOrder, kind: str, doc: object, envelope) -> list[dict[str, str]]:
    found = [{"field": p.field, "message": p.message} for p in (*rules.problems(doc), *rules.problems(envelope))]
    if found:
        return found
    # The platform's documents must agree before any is sent (the three-document match).
    docs = mapping.current_docs(part)
    if kind == INVENTORY:
        if docs.payment is None or docs.waybill is None:
            return [{"field": "CEB621", "message": "the payment and the waybill are needed first"}]
        mismatches = match.inventory_match(doc, docs.order, docs.payment, docs.waybill)  # type: ignore[arg-type]
    else:
        order = doc if kind == ORDER else docs.order
        payment = doc if kind == PAYMENT else docs.payment
        waybill = doc if kind == WAYBILL else docs.waybill
        mismatches = match.three_document_match(order, payment, waybill)  # type: ignore[arg-type]
    return [{"field": f"{m.document}.{m.field}", "message": str(m)} for m in mismatches]


def prepare(*, merchant_order: MerchantOrder, kind: str, now: datetime | None = None) -> CustomsMessage:
    """The part's current message of ``kind``: built, checked, signed and stored once (a second
    call returns the first). ``mapping.NotReady`` when the part is not at that stage yet."""
    with transaction.atomic():
        part = MerchantOrder.objects.select_for_update().select_related("order").get(pk=merchant_order.pk)
        existing = current(part, kind)
        if existing is not None:
            return existing
        guid = new_guid()
        doc = mapping.BUILDERS[kind](part, guid=guid, now=now)
        envelope = mapping.envelope(guid)
        found = _problems(part, kind, doc, envelope)
        xml = build_message(doc, envelope)
        if not found:
            credentials = keys.platform_credentials()
            xml = signing.sign(xml, credentials.key, credentials.certificate, algorithm=conf.signature_algorithm(),
                               digest=conf.digest())
        message = CustomsMessage.objects.create(
            merchant_order=part, kind=kind, guid=guid, receipt_key=mapping.receipt_key(doc),
            status=MessageStatus.INVALID if found else MessageStatus.READY, problems=found,
            xml_encrypted=encrypt(xml.decode("utf-8")))
        if found:
            log.warning("customs %s of %s not sent: %s", kind, part.number, message.problems_text)
        else:
            pk = message.pk
            transaction.on_commit(lambda: signals.message_ready.send(sender=CustomsMessage, message_id=pk))
        return message


def send_message(*, message_id: int) -> str:
    """POST a ready message to the gateway (outside any transaction) and record the answer.
    Raises ``GatewayUnavailable`` for an answer worth trying again (the task retries)."""
    message = CustomsMessage.objects.get(pk=message_id)
    if message.status != MessageStatus.READY:
        return message.status
    answer = transport.send(message.xml.encode("utf-8"))
    with transaction.atomic():
        message = CustomsMessage.objects.select_for_update().get(pk=message_id)
        message.attempts += 1
        fields = ["attempts", "last_error", "updated_at"]
        if answer.ok:
            message.last_error = ""
            if message.status == MessageStatus.READY:  # a receipt may have come first
                message.status, message.sent_at = MessageStatus.SENT, timezone.now()
                fields += ["status", "sent_at"]
        else:
            message.last_error = f"{answer.status or 'unreachable'}: {answer.body}"[:500]
            if answer.refused and message.status == MessageStatus.READY:
                message.status = MessageStatus.FAILED
                fields.append("status")
        message.save(update_fields=fields)
    if not answer.ok and not answer.refused:
        raise GatewayUnavailable(message.last_error)
    return message.status


# --- receipts -----------------------------------------------------------------------------------

def status_for(return_status: str) -> str:
    if return_status == codes.REJECTED:
        return MessageStatus.REJECTED
    if return_status in (codes.ACCEPTED, codes.REVIEWED):
        return MessageStatus.ACCEPTED
    if return_status in codes.HELD:
        return MessageStatus.HELD
    if return_status in codes.RELEASED:
        return MessageStatus.RELEASED
    if return_status == codes.RETURNED:
        return MessageStatus.RETURNED
    if return_status in codes.RECEIVED:
        return MessageStatus.RECEIVED
    return MessageStatus.FAILED  # 4, a negative processing error, or a code not known


def fingerprint(receipt: Receipt) -> str:
    keys_text = "&".join(f"{k}={v}" for k, v in sorted(receipt.keys.items()))
    text = "|".join((receipt.kind, receipt.guid, receipt.returnStatus, receipt.returnTime.isoformat(), keys_text,
                     receipt.returnInfo))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _rank(status: str) -> int:
    try:
        return int(status)
    except ValueError:
        return -10**6


def _newer(receipt: Receipt, message: CustomsMessage) -> bool:
    if message.return_time is None:
        return True
    if receipt.returnTime != message.return_time:
        return receipt.returnTime > message.return_time
    return _rank(receipt.returnStatus) > _rank(message.return_status)


def _find_message(receipt: Receipt) -> CustomsMessage | None:
    original = ORIGINAL_OF.get(receipt.kind)
    if original is None:
        return None
    key = receipt.keys.get(RECEIPT_KEY_NAME[original], "")
    if not key:
        return None
    candidates = list(CustomsMessage.objects.select_for_update().filter(kind=original, receipt_key=key)
                      .order_by("superseded", "-created_at", "-pk"))
    if not candidates:
        return None
    latest = candidates[0]
    # After a re-declaration, a late receipt dated before the new message belongs to an old one.
    if len(candidates) > 1 and receipt.returnTime < latest.created_at:
        older = [m for m in candidates[1:] if m.created_at <= receipt.returnTime]
        return older[0] if older else candidates[-1]
    return latest


def apply_receipt(*, receipt: Receipt) -> str:
    """Apply one receipt: "applied", "duplicate" (the same receipt again: applied once),
    "older" (dated before what the message already has: kept, not applied), "unmatched"."""
    fp = fingerprint(receipt)
    with transaction.atomic():
        message = _find_message(receipt)
        if CustomsReceipt.objects.filter(fingerprint=fp).exists():
            return "duplicate"
        row = CustomsReceipt(message=message, kind=receipt.kind, guid=receipt.guid[:36], fingerprint=fp,
                             return_status=receipt.returnStatus[:10], return_time=receipt.returnTime,
                             return_info=receipt.returnInfo, keys=dict(receipt.keys))
        if message is None:
            row.note = "no message of the platform has these keys"
            outcome = "unmatched"
        elif message.superseded or not _newer(receipt, message):
            row.note = "older than the message's newest receipt" if not message.superseded else \
                "about a message declared again since"
            outcome = "older"
        else:
            row.applied = True
            outcome = "applied"
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:  # the same receipt, concurrently
            return "duplicate"
        if outcome == "applied":
            _apply(message, receipt)  # type: ignore[arg-type]
        return outcome


def _apply(message: CustomsMessage, receipt: Receipt) -> None:
    message.return_status = receipt.returnStatus[:10]
    message.return_time = receipt.returnTime
    message.return_info = receipt.returnInfo
    message.status = status_for(receipt.returnStatus)
    for name, attr in (("customsTax", "customs_tax"), ("valueAddedTax", "value_added_tax"),
                       ("consumptionTax", "consumption_tax")):
        value = getattr(receipt, name)
        if value is not None:
            setattr(message, attr, value)
    message.save()
    part = message.merchant_order
    if message.kind in THREE:
        if message.status == MessageStatus.ACCEPTED:
            maybe_declare(merchant_order=part)
        return
    part.refresh_from_db()
    target = {MessageStatus.REJECTED: states.REJECTED, MessageStatus.HELD: states.HELD,
              MessageStatus.RELEASED: states.RELEASED}.get(message.status)
    if target is None or part.status == target:
        return
    if states.can(part.status, target, "customs"):
        move_part(merchant_order=part, to=target, event="customs",
                  reason=f"{receipt.kind} {receipt.returnStatus}: {receipt.returnInfo}"[:1000])
    else:
        log.warning("customs receipt %s %s for %s in %s: no transition", receipt.kind, receipt.returnStatus,
                    part.number, part.status)


def maybe_declare(*, merchant_order: MerchantOrder) -> CustomsMessage | None:
    """When the order, payment and waybill are all accepted: the import inventory list, and the
    part moves to ``declared`` (if the list is valid; otherwise it waits for an operator)."""
    with transaction.atomic():
        part = MerchantOrder.objects.select_for_update().get(pk=merchant_order.pk)
        three = {m.kind: m for m in CustomsMessage.objects.filter(merchant_order=part, kind__in=THREE,
                                                                   superseded=False)}
        if len(three) < 3 or any(m.status != MessageStatus.ACCEPTED for m in three.values()):
            return None
        if part.status != states.SHIPPED:
            return current(part, INVENTORY)
        inventory = prepare(merchant_order=part, kind=INVENTORY)
        if inventory.status != MessageStatus.INVALID:
            move_part(merchant_order=part, to=states.DECLARED, event="customs")
        return inventory


# --- what starts it -----------------------------------------------------------------------------

def start_for_accepted_part(*, merchant_order: MerchantOrder) -> list[CustomsMessage]:
    if not mapping.is_declarable(merchant_order):
        return []
    return [prepare(merchant_order=merchant_order, kind=kind) for kind in (ORDER, PAYMENT)]


def start_for_shipment(*, merchant_order: MerchantOrder) -> CustomsMessage | None:
    if not mapping.is_declarable(merchant_order):
        return None
    return prepare(merchant_order=merchant_order, kind=WAYBILL)


# --- the operator -------------------------------------------------------------------------------

def declare_again(*, merchant_order: MerchantOrder, by) -> list[CustomsMessage]:
    """After a fix: every rejected, failed or invalid message of the part is built anew (a new
    guid) and sent; a part rejected by customs is ``declared`` again (event "operator"). Refused,
    with the reasons, while a rebuilt message still breaks a rule — then nothing changes."""
    with transaction.atomic():
        part = MerchantOrder.objects.select_for_update().select_related("order").get(pk=merchant_order.pk)
        redo = list(CustomsMessage.objects.filter(
            merchant_order=part, superseded=False,
            status__in=(MessageStatus.REJECTED, MessageStatus.FAILED, MessageStatus.INVALID)))
        if part.status == states.REJECTED and not any(m.kind == INVENTORY for m in redo):
            redo += list(CustomsMessage.objects.filter(merchant_order=part, kind=INVENTORY, superseded=False))
        if not redo:
            raise DomainError("nothing_to_declare", f"{part.number} has no rejected, failed or invalid message.")
        fresh = []
        for old in sorted(redo, key=lambda m: m.kind):
            CustomsMessage.objects.filter(pk=old.pk).update(superseded=True, updated_at=timezone.now())
            try:
                message = prepare(merchant_order=part, kind=old.kind)
            except mapping.NotReady as exc:
                raise DomainError("customs_not_ready", exc.message) from None
            if message.status == MessageStatus.INVALID:
                raise DomainError("still_invalid", f"{old.kind} still breaks a rule: {message.problems_text}")
            fresh.append(message)
        part.refresh_from_db()
        if part.status == states.REJECTED:
            move_part(merchant_order=part, to=states.DECLARED, event="operator", by=by,
                      reason="declared again after a fix")
        return fresh


def refund_rejected(*, merchant_order: MerchantOrder, by, reason: str) -> MerchantOrder:
    """A part customs rejected for good: refunded (its stock back, the money owed to the shopper)."""
    return move_part(merchant_order=merchant_order, to=states.REFUNDED, event="operator", by=by, reason=reason)


def resend_ready(*, older_than_seconds: int | None = None, limit: int = 100) -> list[int]:
    """Messages signed and stored but still not taken by the gateway (a crash, an outage)."""
    seconds = conf.resend_after() if older_than_seconds is None else older_than_seconds
    cutoff = timezone.now() - timedelta(seconds=seconds)
    return list(CustomsMessage.objects.filter(status=MessageStatus.READY, updated_at__lte=cutoff)
                .order_by("updated_at").values_list("pk", flat=True)[:limit])

