"""Writes for payments. Keyword-only functions; each change of a payment happens in one
transaction with the payment row locked (``select_for_update``); signals and queued tasks run
on commit. Calls to a provider (network) are made outside transactions, so a slow gateway
never holds a lock — which is why ``create_payment``, ``sync_payment`` and ``close_payment``
(and ``refunds.refund_payment``) are "ask the provider, then record the answer in one
transaction".

The one path for the provider's word about a trade: ``receive_notice`` (asynchronous notices)
and ``sync_payment`` (queries) both check the statement against the stored payment
(``_check_update``) and apply it (``_apply_update``), which asks ``states.MACHINE`` whether
the statement's moves exist and writes an audit row per status change.

``refund_payment`` lives in ``refunds`` (with the task that refunds a payment paid by someone
other than the orderer, which the notice path queues) and is part of this module's API.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http.request import validate_host
from django.utils import timezone

from heartland.accounts.models import User
from heartland.core.crypto import encrypt
from heartland.core.errors import DomainError
from heartland.landedcost.money import UnknownCurrency, minor_units

from . import conf, identity, selectors, signals, states, wire
from .common import check_idempotency_key, exact_amount, lock, new_reference, provider_for, send_on_commit, transition
from .models import NoticeChannel, Payment, PaymentNotice, PaymentStatusChange
from .provider import (
    Action,
    InvalidSignature,
    MalformedMessage,
    PaymentProvider,
    ProviderError,
    TradeStatus,
    TradeUpdate,
    get_provider,
)
from .refunds import refund_payment, refund_unaccepted_payment, send_refund

__all__ = ["NoticeReceipt", "Outcome", "PaymentStart", "close_payment", "create_payment", "receive_notice",
           "refund_payment", "sync_payment", "sync_stale_payments"]

logger = logging.getLogger("heartland.payments")

_PURPOSE_RE = re.compile(r"[A-Za-z0-9_\-]{1,60}")
CLOCK_SKEW = timedelta(minutes=5)
#: After a payment's expiry, how long before a trade the provider never saw is closed here.
EXPIRY_GRACE = timedelta(minutes=5)


class Outcome:
    """What became of a message from a provider (PaymentNotice.outcome)."""

    APPLIED = "applied"                  # the payment changed
    NO_CHANGE = "no_change"              # valid, but nothing to do (out of order, already there)
    CONFLICT = "conflict"                # paid after we gave up on it: an operator must act
    PAYER_NOT_ORDERER = "payer_not_orderer"  # paid by someone else: refunded in full
    DUPLICATE = "duplicate"              # this notify_id was processed before
    BAD_SIGNATURE = "bad_signature"
    MALFORMED = "malformed"
    STALE = "stale"                      # notify_time outside the replay window
    UNKNOWN_PAYMENT = "unknown_payment"
    PROVIDER_MISMATCH = "provider_mismatch"
    AMOUNT_MISMATCH = "amount_mismatch"
    CURRENCY_MISMATCH = "currency_mismatch"
    TRADE_NO_MISMATCH = "trade_no_mismatch"
    NOT_FOUND = "not_found"              # a query: the provider has no such trade
    PROCESSING = "processing"


@dataclass(frozen=True)
class PaymentStart:
    payment: Payment
    action: Action | None  # None: nothing to pay (already paid, closed, expired)


@dataclass(frozen=True)
class NoticeReceipt:
    http_status: int
    body: str
    outcome: str


# --- creating a payment ------------------------------------------------------------------------

def _validate_return_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        return ""
    if len(url) > 500 or "&" in url or any(c.isspace() for c in url):
        raise DomainError("bad_return_url", "The return URL must be at most 500 characters, without '&' or spaces.",
                          field="return_url")
    if url.startswith("/") and not url.startswith("//"):
        return url
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.hostname and not parts.username and not parts.password \
            and validate_host(parts.hostname, settings.ALLOWED_HOSTS):
        return url
    raise DomainError("bad_return_url", "The return URL must be on this site (ALLOWED_HOSTS).", field="return_url")


def create_payment(
    *,
    purpose_reference: str,
    amount: Decimal,
    currency: str,
    idempotency_key: str,
    provider: str = "sandbox",
    subject: str = "",
    return_url: str = "",
    orderer_name: str = "",
    orderer_id_number: str = "",
    by: User | None = None,
) -> PaymentStart:
    """Create a payment for ``purpose_reference`` (an order number) and start it at the provider.

    Idempotent per ``idempotency_key``: the same key returns the same payment (and a fresh
    link to pay it while it is pending); the same key with different terms is refused.
    A new key for a purpose that still has an open payment closes that one first (so one
    order cannot be paid twice); a purpose that is already paid is refused.
    ``orderer_name``/``orderer_id_number`` (both or neither): the buyer identity checkout
    verified; the payer must be that person, or the payment is refunded in full.
    """
    purpose_reference = (purpose_reference or "").strip()
    if not _PURPOSE_RE.fullmatch(purpose_reference):
        raise DomainError("bad_purpose", "The order number must be 1–60 letters, digits, '-' or '_'.",
                          field="purpose_reference")
    check_idempotency_key(idempotency_key)
    try:
        if not isinstance(currency, str) or minor_units(currency) > 2:
            raise UnknownCurrency(currency)
    except UnknownCurrency:
        raise DomainError("bad_currency", f"{currency!r} is not a currency payments can take.",
                          field="currency") from None
    amount = exact_amount(amount, currency)
    subject = " ".join((subject or f"Heartland {purpose_reference}").split())[:128]
    return_url = _validate_return_url(return_url)
    if bool(orderer_name) != bool(orderer_id_number):
        raise DomainError("bad_orderer", "Give both the orderer's name and ID number, or neither.",
                          field="orderer_id_number")
    if orderer_id_number:
        try:
            orderer_name = identity.clean_name(orderer_name)
        except ValueError as exc:
            raise DomainError("bad_orderer", f"Orderer's name: {exc}.", field="orderer_name") from None
        try:
            orderer_id_number = identity.clean_id_number(orderer_id_number)
        except ValueError as exc:
            raise DomainError("bad_orderer", f"Orderer's ID number: {exc}.", field="orderer_id_number") from None
    prov = provider_for(provider)

    payment = Payment.objects.filter(idempotency_key=idempotency_key).first()
    if payment is None:
        # The purpose's other payments, open or paid, in one read: the open ones are closed
        # first (one order is never paid twice), then a paid one refuses the new payment.
        others = list(Payment.objects.filter(purpose_reference=purpose_reference,
                                             status__in=[*states.OPEN, states.PAID, states.PARTIALLY_REFUNDED]))
        for other in others:
            if other.status in states.OPEN:
                close_payment(payment=other, reason="superseded by a new payment for the same order", by=by)
        if any(other.status in (states.PAID, states.PARTIALLY_REFUNDED) for other in others):
            raise DomainError("already_paid", f"{purpose_reference} is already paid.")
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    reference=new_reference("PAY"), purpose_reference=purpose_reference, subject=subject,
                    amount=amount, currency=currency, provider=provider, return_url=return_url,
                    orderer_name=orderer_name,
                    orderer_id_number_encrypted=encrypt(orderer_id_number) if orderer_id_number else "",
                    idempotency_key=idempotency_key, created_by=by,
                    expires_at=timezone.now() + timedelta(seconds=conf.payment_timeout()),
                )
                PaymentStatusChange.objects.create(payment=payment, from_status="", to_status=states.CREATED,
                                                   event="platform", reason="payment created", by=by)
        except IntegrityError:
            payment = Payment.objects.filter(idempotency_key=idempotency_key).first()
            if payment is None:
                raise
    if (payment.purpose_reference, payment.amount, payment.currency, payment.provider) != (
            purpose_reference, amount, currency, provider) or (
            orderer_id_number and payment.orderer_id_number != orderer_id_number):
        raise DomainError("idempotency_conflict", "This idempotency key was used for a different payment.",
                          field="idempotency_key")
    return _start(payment, prov, by=by)


def _start(payment: Payment, prov: PaymentProvider, *, by: User | None) -> PaymentStart:
    now = timezone.now()
    if payment.status not in states.OPEN or (payment.expires_at and now >= payment.expires_at):
        return PaymentStart(payment=payment, action=None)
    try:
        action = prov.start(payment=payment)
    except ProviderError as exc:
        logger.warning("payment %s: %s could not start it: %s", payment.reference, payment.provider, exc)
        raise DomainError("provider_unavailable", "The payment service is not answering; try again.") from None
    if payment.status == states.CREATED:
        with transaction.atomic():
            payment = lock(payment)
            if payment.status == states.CREATED:
                payment.pending_since = now
                transition(payment, to=states.PENDING, event="platform",
                           reason=f"shopper sent to {payment.provider}", by=by)
                payment.save()
    return PaymentStart(payment=payment, action=action if payment.status == states.PENDING else None)


# --- closing -----------------------------------------------------------------------------------

def close_payment(*, payment: Payment, reason: str, by: User | None = None) -> Payment:
    """Close an unpaid payment, at the provider first so it can never be paid later.
    If the provider says it was paid meanwhile, that is recorded and ``already_paid`` raised."""
    if payment.status not in states.OPEN:
        return payment
    prov = provider_for(payment.provider)
    if payment.status == states.PENDING:
        try:
            result = prov.close(payment=payment)
        except ProviderError as exc:
            logger.warning("payment %s: close at %s failed: %s", payment.reference, payment.provider, exc)
            raise DomainError("provider_unavailable", "The payment service is not answering; try again.") from None
        if result.already_paid:
            sync_payment(payment=payment)
            raise DomainError("already_paid", f"{payment.purpose_reference} was paid in the meantime.")
    with transaction.atomic():
        payment = lock(payment)
        if payment.status in states.OPEN:
            payment.failure_reason = reason[:200]
            transition(payment, to=states.CLOSED, event="platform", reason=reason, by=by)
            payment.save()
            send_on_commit(signals.payment_failed, payment, reason=states.CLOSED)
    return payment


# --- the provider's word: notices and queries -----------------------------------------------------

def _text(value) -> str:
    """Text as a database column can hold it: PostgreSQL refuses NUL in text and in JSON."""
    return str(value).replace("\x00", "")


def _storable(params: Mapping) -> dict:
    """What is kept of a message: anyone can POST to the notify URL, so at most 60 fields of
    at most 2,000 characters each (already redacted by the provider), without NUL characters."""
    return {_text(k)[:64]: _text(v)[:2000] for k, v in list(params.items())[:60]}


def _record(*, provider: str, channel: str, params: Mapping, signature_valid: bool, outcome: str,
            accepted: bool = False, source: str = "", payment: Payment | None = None,
            update: TradeUpdate | None = None, detail: str = "", notify_id: str = "") -> PaymentNotice:
    return PaymentNotice.objects.create(
        provider=provider, channel=channel, source=source, payment=payment, params=_storable(params),
        signature_valid=signature_valid, accepted=accepted, outcome=outcome, detail=_text(detail)[:2000],
        notify_id=_text(update.notify_id if update else notify_id)[:64],
        trade_status=_text(update.provider_status if update else params.get("trade_status", ""))[:32],
        notify_time=update.sent_at if update else None,
    )


def _check_update(payment: Payment, update: TradeUpdate, provider_code: str) -> tuple[str, str] | None:
    """Does the provider's statement fit the stored payment? (outcome, detail) if not."""
    if payment.provider != provider_code:
        return Outcome.PROVIDER_MISMATCH, f"payment is for {payment.provider}"
    if update.currency != payment.currency:
        return Outcome.CURRENCY_MISMATCH, f"{update.currency!r} ≠ {payment.currency}"
    try:
        amount = wire.parse_amount(update.amount_text, payment.currency)
    except ValueError as exc:
        return Outcome.AMOUNT_MISMATCH, f"{update.amount_text!r}: {exc}"
    if amount != payment.amount:
        return Outcome.AMOUNT_MISMATCH, f"{update.amount_text} ≠ {payment.money_amount}"
    if payment.provider_trade_no and update.provider_trade_no and update.provider_trade_no != payment.provider_trade_no:
        return Outcome.TRADE_NO_MISMATCH, f"{update.provider_trade_no} ≠ {payment.provider_trade_no}"
    if update.status == TradeStatus.PAID:
        if not update.provider_trade_no:
            return Outcome.MALFORMED, "a paid trade without the provider's trade number"
        try:
            identity.clean_name(update.payer_name)
            if update.payer_id_number or payment.orderer_id_number_encrypted:
                # A payment that names its orderer must name its payer by ID too (to compare).
                identity.clean_id_number(update.payer_id_number)
        except ValueError as exc:
            return Outcome.MALFORMED, f"a paid trade without a valid payer: {exc}"
    return None


#: The status each of a provider's statements asks for.
_TARGET = {TradeStatus.PENDING: states.PENDING, TradeStatus.PAID: states.PAID,
           TradeStatus.FAILED: states.FAILED, TradeStatus.CLOSED: states.CLOSED}


def _moves(current: str, target: str) -> list[str] | None:
    """The statuses a provider's statement moves a payment through, or None if the machine has
    no such way. A payment never started here goes through ``pending`` first: the provider saw
    the trade, so the shopper reached it."""
    path = [states.PENDING, target] if current == states.CREATED and target != states.PENDING else [target]
    if all(states.MACHINE.can(frm, to) for frm, to in zip([current, *path[:-1]], path, strict=True)):
        return path
    return None


def _apply_update(payment: Payment, update: TradeUpdate, *, event: str) -> str:
    """Apply a checked statement to the locked payment; return the Outcome. The one place a
    provider's word changes a payment. A statement the machine has no move for (out of order,
    repeated, or about a payment already decided) changes nothing."""
    current = payment.status
    target = _TARGET[update.status]
    moves = _moves(current, target)
    if moves is None:
        if target == states.PAID and current in states.UNPAID_FINAL:
            logger.error("payment %s is %s but %s reports trade %s paid: an operator must refund it by hand",
                         payment.reference, current, payment.provider, update.provider_trade_no)
            return Outcome.CONFLICT
        return Outcome.NO_CHANGE  # e.g. a late statement after the money already moved
    reason = f"provider: {update.provider_status}"
    if moves[0] == states.PENDING:
        payment.pending_since = timezone.now()
        transition(payment, to=states.PENDING, event=event, reason=reason)
    if target == states.PENDING:
        payment.save()
        return Outcome.APPLIED
    if target == states.PAID:
        return _apply_paid(payment, update, event=event)
    if update.provider_trade_no and not payment.provider_trade_no:
        payment.provider_trade_no = update.provider_trade_no
    payment.failure_reason = (update.detail or update.provider_status)[:200]
    transition(payment, to=target, event=event, reason=f"{reason} {update.detail}".strip())
    payment.save()
    send_on_commit(signals.payment_failed, payment, reason=target)
    return Outcome.APPLIED


def _apply_paid(payment: Payment, update: TradeUpdate, *, event: str) -> str:
    """The money moved: record the payer; if the payment named an orderer and someone else
    paid, it is still paid (the money did move) but refused, and refunded in full."""
    payer_name = identity.clean_name(update.payer_name)
    payer_id_number = identity.clean_id_number(update.payer_id_number) if update.payer_id_number else ""
    payment.provider_trade_no = update.provider_trade_no
    payment.payer_name = payer_name
    payment.payer_id_type = "1" if payer_id_number else ""
    payment.payer_id_number_encrypted = encrypt(payer_id_number) if payer_id_number else ""
    payment.paid_at = update.paid_at or timezone.now()
    if payment.orderer_id_number_encrypted:
        payment.payer_matches_orderer = identity.same_person(
            payer_name, payer_id_number, payment.orderer_name, payment.orderer_id_number)
    if payment.payer_matches_orderer is False:
        reason = "paid by someone other than the orderer (GACC 194/2018): refunding in full"
        transition(payment, to=states.PAID, event=event, reason=reason)
        payment.save()
        logger.warning("payment %s: payer is not the orderer; refunding", payment.reference)
        send_on_commit(signals.payment_failed, payment, reason=Outcome.PAYER_NOT_ORDERER)
        payment_id = payment.pk
        transaction.on_commit(lambda: refund_unaccepted_payment(payment_id, reason))
        return Outcome.PAYER_NOT_ORDERER
    transition(payment, to=states.PAID, event=event, reason=f"provider: {update.provider_status}")
    payment.save()
    send_on_commit(signals.payment_succeeded, payment)
    return Outcome.APPLIED


def receive_notice(*, provider_code: str, params: Mapping[str, str], source: str = "http") -> NoticeReceipt:
    """Handle one asynchronous notice — the notify view and the sandbox's in-process delivery
    both call exactly this. Every notice is recorded. Only a notice that verifies, is fresh,
    names a known payment and agrees with its amount, currency and trade number can change
    it; a notify_id is acted on once. Raises ProviderUnavailable for an unknown provider."""
    prov = get_provider(provider_code)
    params = {str(k): str(v) for k, v in params.items()}
    stored = prov.redact(params)
    refuse = partial(NoticeReceipt, 400, prov.nack_body)
    record = partial(_record, provider=provider_code, channel=NoticeChannel.NOTIFY, source=source, params=stored,
                     signature_valid=True)
    with transaction.atomic():
        if not prov.verify_notice(params):
            record(signature_valid=False, outcome=Outcome.BAD_SIGNATURE, notify_id=params.get("notify_id", ""))
            logger.warning("%s notice refused: bad or missing signature (notify_id %r, out_trade_no %r)",
                           provider_code, params.get("notify_id", "")[:64], params.get("out_trade_no", "")[:64])
            return refuse(Outcome.BAD_SIGNATURE)
        try:
            update = prov.parse_notice(params)
        except MalformedMessage as exc:
            record(outcome=Outcome.MALFORMED, detail=str(exc), notify_id=params.get("notify_id", ""))
            logger.warning("%s notice refused: %s", provider_code, exc)
            return refuse(Outcome.MALFORMED)
        now = timezone.now()
        if update.sent_at is None or update.sent_at < now - timedelta(seconds=conf.notice_max_age()) \
                or update.sent_at > now + CLOCK_SKEW:
            record(outcome=Outcome.STALE, update=update,
                   detail=f"notify_time {update.sent_at} outside the {conf.notice_max_age()} s window")
            logger.warning("%s notice %s refused: notify_time %s is outside the window",
                           provider_code, update.notify_id, update.sent_at)
            return refuse(Outcome.STALE)
        payment = Payment.objects.select_for_update().filter(reference=update.reference).first()
        if payment is None:
            record(outcome=Outcome.UNKNOWN_PAYMENT, update=update)
            logger.warning("%s notice %s refused: no payment %r", provider_code, update.notify_id, update.reference)
            return refuse(Outcome.UNKNOWN_PAYMENT)
        if PaymentNotice.objects.filter(provider=provider_code, channel=NoticeChannel.NOTIFY,
                                        notify_id=update.notify_id, accepted=True).exists():
            record(outcome=Outcome.DUPLICATE, update=update, payment=payment)
            logger.info("%s notice %s for %s: a duplicate, nothing to do", provider_code, update.notify_id,
                        payment.reference)
            return NoticeReceipt(200, prov.ack_body, Outcome.DUPLICATE)
        problem = _check_update(payment, update, provider_code)
        if problem is not None:
            outcome, detail = problem
            record(outcome=outcome, update=update, payment=payment, detail=detail)
            logger.error("%s notice %s for %s refused: %s (%s)", provider_code, update.notify_id, payment.reference,
                         outcome, detail)
            return refuse(outcome)
        # The payment row is locked: no other notice for it runs until this one commits, and the
        # (provider, notify_id) constraint stops a second accepted copy of this notice.
        outcome = _apply_update(payment, update, event=f"{provider_code} notice {update.notify_id}")
        record(accepted=True, outcome=outcome, update=update, payment=payment)
    logger.info("%s notice %s for %s: %s (%s)", provider_code, update.notify_id, payment.reference, outcome,
                update.provider_status)
    return NoticeReceipt(200, prov.ack_body, outcome)


def sync_payment(*, payment: Payment) -> Payment:
    """Ask the provider about the trade and apply the answer through the notice path.
    A trade the provider never saw is closed (there first) once the payment has expired."""
    prov = provider_for(payment.provider)
    try:
        result = prov.query(payment=payment)
        close_now = (not result.found and payment.status in states.OPEN and payment.expires_at is not None
                     and timezone.now() >= payment.expires_at + EXPIRY_GRACE)
        if close_now:
            closed = prov.close(payment=payment)
            if closed.already_paid:  # paid between the query and the close: ask again
                result, close_now = prov.query(payment=payment), False
    except InvalidSignature as exc:
        with transaction.atomic():
            _record(provider=payment.provider, channel=NoticeChannel.QUERY, source="query", params={},
                    signature_valid=False, outcome=Outcome.BAD_SIGNATURE, payment=payment, detail=str(exc))
        logger.error("payment %s: query answer from %s did not verify: %s", payment.reference, payment.provider, exc)
        raise DomainError("provider_error", "The payment service's answer could not be verified.") from None
    except ProviderError as exc:
        logger.warning("payment %s: query at %s failed: %s", payment.reference, payment.provider, exc)
        raise DomainError("provider_unavailable", "The payment service is not answering; try again.") from None
    with transaction.atomic():
        payment = lock(payment)
        payment.last_queried_at = timezone.now()
        payment.save(update_fields=["last_queried_at"])
        event = f"{payment.provider} query"
        record = partial(_record, provider=payment.provider, channel=NoticeChannel.QUERY, source="query",
                         params=result.raw, signature_valid=True, payment=payment)
        if not result.found:
            outcome = Outcome.NOT_FOUND
            if close_now and payment.status in states.OPEN:
                payment.failure_reason = "expired before reaching the provider"
                transition(payment, to=states.CLOSED, event=event, reason="the provider never saw the trade; expired")
                payment.save()
                send_on_commit(signals.payment_failed, payment, reason=states.CLOSED)
                outcome = Outcome.APPLIED
            record(outcome=outcome)
            return payment
        update = result.update
        if update.reference != payment.reference:
            problem = (Outcome.UNKNOWN_PAYMENT, f"answer about {update.reference}")
        else:
            problem = _check_update(payment, update, payment.provider)
        if problem is not None:
            outcome, detail = problem
            record(outcome=outcome, update=update, detail=detail)
            logger.error("payment %s: query answer refused: %s (%s)", payment.reference, outcome, detail)
            return payment
        notice = record(accepted=True, outcome=Outcome.PROCESSING, update=update)
        notice.outcome = _apply_update(payment, update, event=event)
        notice.save(update_fields=["outcome"])
    return payment


def sync_stale_payments(*, now: datetime | None = None, limit: int = 200) -> dict[str, int]:
    """The periodic job: query payments pending too long without a notice, and re-send
    refunds whose provider call did not get an answer. One transaction per payment."""
    now = now or timezone.now()
    counts = {"queried": 0, "errors": 0, "refunds_retried": 0}
    for payment in selectors.payments_to_query(now=now, older_than=timedelta(seconds=conf.query_after()), limit=limit):
        try:
            sync_payment(payment=payment)
            counts["queried"] += 1
        except DomainError:
            counts["errors"] += 1
    for refund in selectors.refunds_to_retry(now=now, older_than=timedelta(minutes=1), limit=limit):
        try:
            send_refund(refund)
            counts["refunds_retried"] += 1
        except DomainError:
            counts["errors"] += 1
    return counts
