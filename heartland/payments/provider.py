"""The provider interface: what the platform needs from any payment company.

    start(payment)            → an Action: send the shopper to a URL, or show a QR code
    verify_notice / parse_notice(params)  → the asynchronous notice, checked and normalized
    query(payment)            → what the provider says about the trade now
    refund(payment, refund)   → money back (idempotent per refund reference)
    close(payment)            → stop an unpaid trade from being paid later

Providers translate; they never touch the database. ``services`` decide, record and change
state, the same way for every provider. A provider is named by a short code ("sandbox") and
found through ``get_provider``; more can be registered with the setting
``HEARTLAND_PAYMENT_PROVIDERS = {"alipay": "myproject.alipay.AlipayProvider"}``.
"""
from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Literal

from django.utils.module_loading import import_string

from . import conf

if TYPE_CHECKING:
    from .models import Payment, Refund


class ProviderError(Exception):
    """The provider could not be reached, or answered something we cannot trust."""


class ProviderUnavailable(ProviderError):
    """No such provider here (unknown code, or the sandbox is switched off)."""


class InvalidSignature(ProviderError):
    pass


class MalformedMessage(ProviderError):
    pass


class TradeStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for the buyer
    PAID = "paid"
    FAILED = "failed"    # declined
    CLOSED = "closed"    # expired, abandoned, closed


@dataclass(frozen=True)
class TradeUpdate:
    """A provider's statement about one trade, normalized. From a notice or a query."""

    reference: str                 # our Payment.reference (out_trade_no)
    status: TradeStatus
    provider_status: str           # as the provider spells it, e.g. TRADE_SUCCESS
    amount_text: str               # the amount as sent, e.g. "523.00"
    currency: str
    provider_trade_no: str = ""
    payer_name: str = ""
    payer_id_number: str = ""      # in clear: only ever held in memory
    paid_at: datetime | None = None
    notify_id: str = ""            # notices only
    sent_at: datetime | None = None  # notices: notify_time
    app_id: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Action:
    """What the shopper's browser must do next."""

    kind: Literal["redirect", "qr"]
    url: str = ""
    qr_content: str = ""


@dataclass(frozen=True)
class QueryResult:
    found: bool
    update: TradeUpdate | None = None
    raw: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RefundResult:
    succeeded: bool
    provider_refund_no: str = ""
    detail: str = ""
    raw: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CloseResult:
    closed: bool          # the trade can no longer be paid
    already_paid: bool = False
    detail: str = ""


class PaymentProvider(ABC):
    code: ClassVar[str]
    #: The body the provider expects back when a notice was taken (Alipay: "success").
    ack_body: ClassVar[str] = "success"
    nack_body: ClassVar[str] = "fail"
    #: Identity for the customs payment message (CEB411 payCode / payName).
    customs_pay_code: ClassVar[str] = ""
    customs_pay_name: ClassVar[str] = ""

    @abstractmethod
    def start(self, *, payment: Payment) -> Action: ...

    @abstractmethod
    def verify_notice(self, params: Mapping[str, str]) -> bool: ...

    @abstractmethod
    def parse_notice(self, params: Mapping[str, str]) -> TradeUpdate:
        """Normalize a notice whose signature verified; raise MalformedMessage if it makes no sense."""

    @abstractmethod
    def query(self, *, payment: Payment) -> QueryResult: ...

    @abstractmethod
    def refund(self, *, payment: Payment, refund: Refund) -> RefundResult: ...

    @abstractmethod
    def close(self, *, payment: Payment) -> CloseResult: ...

    def verify_return(self, params: Mapping[str, str]) -> bool:
        """Whether the shopper's return-page parameters carry the provider's signature.
        Informational only: state changes come from notices and queries, never from this."""
        return False

    def redact(self, params: Mapping[str, str]) -> dict[str, str]:
        """The params as they may be stored and logged (identity numbers masked)."""
        return dict(params)


BUILT_IN = {"sandbox": "heartland.payments.sandbox_client.SandboxProvider"}


def get_provider(code: str) -> PaymentProvider:
    path = {**BUILT_IN, **conf.extra_providers()}.get(code)
    if path is None:
        raise ProviderUnavailable(f"no payment provider {code!r}")
    cls = import_string(path)
    return cls()
