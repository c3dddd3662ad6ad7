"""The steps every payments write shares (``services`` for payments and notices, ``refunds``
for money back): references, the provider as a domain error, the locked row, a checked status
change with its audit row, signals on commit, and the checks of amounts and idempotency keys.
"""
from __future__ import annotations

import re
import secrets
from decimal import Decimal
from functools import partial

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from heartland.accounts.models import User
from heartland.core.errors import DomainError
from heartland.core.statemachine import IllegalTransition
from heartland.landedcost.money import DecimalParseError, minor_units, parse_decimal, quantize

from . import states, wire
from .models import Payment, PaymentStatusChange
from .provider import PaymentProvider, ProviderUnavailable, get_provider

_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_KEY_RE = re.compile(r"[\x21-\x7e]{1,100}")  # printable ASCII, no spaces


def new_reference(prefix: str) -> str:
    """``PAY`` or ``RFD``, the Beijing date (``20260512``), then ten random characters: ``PAY20260512K7M2Q9WB4D``."""
    day = timezone.now().astimezone(wire.BEIJING).strftime("%Y%m%d")
    return prefix + day + "".join(secrets.choice(_ALPHABET) for _ in range(10))


def provider_for(code: str) -> PaymentProvider:
    try:
        return get_provider(code)
    except ProviderUnavailable as exc:
        raise DomainError("provider_unavailable", str(exc), field="provider") from None


def lock(payment: Payment | int) -> Payment:
    """The payment's row, locked and re-read (call inside a transaction)."""
    pk = payment.pk if isinstance(payment, Payment) else payment
    return Payment.objects.select_for_update().get(pk=pk)


def transition(payment: Payment, *, to: str, event: str, reason: str = "", by: User | None = None) -> None:
    """Change the (locked) payment's status, checked against ``states.MACHINE``, and write the
    audit row. The caller saves the payment, in the same transaction."""
    current = payment.status
    try:
        states.MACHINE.check(current, to, event)
    except IllegalTransition as exc:  # a bug, never a person's input: callers decide with MACHINE.can
        raise RuntimeError(f"{exc} ({payment.reference})") from None
    payment.status = to
    PaymentStatusChange.objects.create(payment=payment, from_status=current, to_status=to, event=event[:120],
                                       reason=reason, by=by)


def send_on_commit(signal: Signal, payment: Payment, **kwargs) -> None:
    transaction.on_commit(partial(signal.send, sender=Payment, payment=payment, **kwargs))


def exact_amount(value: object, currency: str, *, field: str = "amount") -> Decimal:
    """A positive Decimal with no more decimals than ``currency`` has; DomainError otherwise."""
    try:
        amount = parse_decimal(value)
    except DecimalParseError as exc:
        raise DomainError("bad_amount", str(exc), field=field) from None
    if amount <= 0:
        raise DomainError("bad_amount", "The amount must be more than zero.", field=field)
    if amount != quantize(amount, currency):
        raise DomainError("bad_amount", f"{currency} amounts have {minor_units(currency)} decimals.", field=field)
    if amount >= Decimal("1e12"):
        raise DomainError("bad_amount", "The amount is too large.", field=field)
    return quantize(amount, currency)


def check_idempotency_key(key: object) -> None:
    if not isinstance(key, str) or not _KEY_RE.fullmatch(key):
        raise DomainError("bad_idempotency_key", "The idempotency key must be 1–100 printable characters.",
                          field="idempotency_key")
