"""The ledger's inbox: events are written down when they happen and posted in batches.

A receiver (``ledger.receivers``, run when the change commits) only writes a ``PendingEvent``
row — one small INSERT — and asks for a drain. ``post_pending`` posts what is waiting, oldest
first, up to ``limit`` events in one transaction (``ledger.batch``: the parts locked together,
their states read once, postings written in multi-row INSERTs), and deletes them in the same
transaction — so an event is posted exactly once even if the process dies half-way (and entry
keys make a repeat a no-op anyway).

One drain runs at a time (PostgreSQL: an advisory lock; SQLite: the write transaction), so the
events of a part are posted in the order they happened. When a batch fails, its events are
posted one by one: the one that fails stays with its error and a later attempt time (2 minutes
doubling to 6 hours), and the later events of its part wait behind it; the rest are posted.
Operators see what waits in the admin and can post it now (``manage.py ledger_post_pending``).

When is a drain run? With the task queue in immediate mode (tests, scripts) at once; otherwise a
queued task at most once a second per process, one second after the first event — and a
periodic task every minute catches anything left (``ledger.tasks``)."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from heartland.orders import states
from heartland.orders.models import MerchantOrder, Order, OrderRefund

from . import batch as batching
from . import services
from .models import PendingEvent

log = logging.getLogger(__name__)

PART_MOVED = "part_moved"
PAYMENT_SUCCEEDED = "payment_succeeded"
PAYMENT_REFUNDED = "payment_refunded"
KINDS = (PART_MOVED, PAYMENT_SUCCEEDED, PAYMENT_REFUNDED)

ORDER_REFUND_PREFIX = "order-refund:"
DRAIN_LOCK = 0x4C4544474552  # "LEDGER": PostgreSQL advisory lock of the one drain at a time
RETRY_FIRST = timedelta(minutes=2)
RETRY_MAX = timedelta(hours=6)


def enqueue(*, kind: str, data: dict, merchant_order_id: int | None = None) -> None:
    """Write an event down for the ledger (one INSERT; its own transaction when none is open)."""
    if kind not in KINDS:
        raise ValueError(f"unknown ledger event {kind!r}")
    q = connection.ops.quote_name
    data_field = PendingEvent._meta.get_field("data")
    with connection.cursor() as cur:  # raw: it rides in every move's transaction
        cur.execute(f"INSERT INTO {q(PendingEvent._meta.db_table)} ({q('kind')}, {q('merchant_order_id')}, "
                    f"{q('data')}, {q('created_at')}, {q('attempts')}, {q('last_error')}) "
                    "VALUES (%s, %s, %s, %s, 0, '')",
                    [kind, merchant_order_id, data_field.get_db_prep_save(data, connection),
                     PendingEvent._meta.get_field("created_at").get_db_prep_save(timezone.now(), connection)])


# --- posting one event -------------------------------------------------------------------------------------

def post_part_event(merchant_order, to_status: str, event: str = "") -> None:
    """The entry a farm's part's move makes (if any)."""
    if to_status == states.PAID:
        services.record_part_paid(merchant_order=merchant_order)
    elif to_status == states.ACCEPTED:
        services.record_part_accepted(merchant_order=merchant_order)
    elif to_status == states.SHIPPED:
        services.record_part_shipped(merchant_order=merchant_order)
    elif to_status == states.RELEASED:
        services.record_customs_tax(merchant_order=merchant_order)
    elif to_status == states.DELIVERED:
        services.record_part_delivered(merchant_order=merchant_order)
    elif to_status == states.REFUNDED:
        mo = MerchantOrder.objects.select_related("order").get(pk=merchant_order.pk)
        refund = OrderRefund.objects.filter(key=f"part:{mo.number}").select_related("order", "merchant_order").first()
        if refund is not None:
            services.record_order_refund(refund=refund)
        elif event == "identity_mismatch":  # the payments app refunds the whole payment itself
            services.record_refund_owed(key=f"part:{mo.number}", order=mo.order, amount=mo.total, merchant_order=mo)


def _when(value: str | None) -> datetime | None:
    return parse_datetime(value) if value else None


@dataclass(frozen=True)
class _Part:
    """A part named by id (what the ledger's writers need of it to lock and read it)."""

    pk: int


@dataclass
class _Waiting:
    """A pending event as the drain reads it (plain values, not a model)."""

    pk: int
    kind: str
    merchant_order_id: int | None
    data: dict
    attempts: int


@dataclass
class _Known:
    """What a batch's payment events name, read for the whole batch at once (two queries, not two
    an event): orders by number, owed refunds by key. Absent → read one by one."""

    orders: dict[str, Order]
    refunds: dict[str, OrderRefund]


_ORDER_FIELDS = ("id", "number", "currency", "status")


def _refund_key(data: dict) -> str | None:
    key = data.get("idempotency_key") or ""
    return key[len(ORDER_REFUND_PREFIX):].rsplit(":", 1)[0] if key.startswith(ORDER_REFUND_PREFIX) else None


def _known_for(rows: list[_Waiting]) -> _Known:
    payments = [r.data for r in rows if r.kind in (PAYMENT_SUCCEEDED, PAYMENT_REFUNDED)]
    numbers = sorted({d["order"] for d in payments if d.get("order")})
    keys = sorted({k for d in payments if (k := _refund_key(d))})
    orders, refunds = {}, {}
    for start in range(0, len(numbers), 500):
        orders.update((o.number, o) for o in Order.objects.filter(number__in=numbers[start:start + 500])
                      .only(*_ORDER_FIELDS))
    for start in range(0, len(keys), 500):
        refunds.update((r.key, r) for r in OrderRefund.objects.filter(key__in=keys[start:start + 500])
                       .select_related("order", "merchant_order"))
    return _Known(orders=orders, refunds=refunds)


def _order(number: str, known: _Known | None) -> Order | None:
    if known is not None:
        return known.orders.get(number)
    return Order.objects.filter(number=number).only(*_ORDER_FIELDS).first()


def _owed_refund(key: str, known: _Known | None) -> OrderRefund | None:
    if known is not None:
        return known.refunds.get(key)
    return OrderRefund.objects.filter(key=key).select_related("order", "merchant_order").first()


def _post(row: _Waiting, known: _Known | None = None) -> None:
    data = row.data
    if row.kind == PART_MOVED:
        post_part_event(_Part(row.merchant_order_id), data["to"], data.get("event", ""))
    elif row.kind == PAYMENT_SUCCEEDED:
        # Only a payment for an order already cancelled posts here (parts post when they move to paid).
        order = _order(data["order"], known)
        if order is not None and order.status == states.CANCELLED:
            services.record_late_payment(reference=data["reference"], order=order, amount=Decimal(data["amount"]),
                                         occurred_at=_when(data.get("at")))
    elif row.kind == PAYMENT_REFUNDED:
        # A refund went back: post what it owed (once — a part's full refund was posted when the
        # part moved to refunded; a return's and a late payment's are posted now) and that it was paid.
        order = _order(data["order"], known)
        if order is None:
            return
        own = _refund_key(data)
        if own is not None:
            owed = _owed_refund(own, known)
            if owed is not None:
                services.record_order_refund(refund=owed)
        services.record_refund_paid(reference=data["reference"], order=order, amount=Decimal(data["amount"]),
                                    occurred_at=_when(data.get("at")))
    else:
        raise ValueError(f"unknown ledger event {row.kind!r}")


# --- draining ----------------------------------------------------------------------------------------------

@dataclass
class Drained:
    events: int = 0  # posted (or found already posted) and removed
    failed: int = 0  # left with an error, tried again later
    batches: int = 0


def _take_drain_lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [DRAIN_LOCK])


def _waiting(now: datetime, limit: int) -> list[_Waiting]:
    """The oldest events due, leaving out those of a part that has an earlier event still waiting
    for a retry (so a part's events are posted in order)."""
    blocked = set(PendingEvent.objects.filter(next_attempt_at__gt=now, merchant_order__isnull=False)
                  .values_list("merchant_order_id", flat=True))
    due = PendingEvent.objects.filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    if blocked:
        due = due.exclude(merchant_order_id__in=blocked)
    return [_Waiting(*row) for row in due.order_by("id").values_list(
        "id", "kind", "merchant_order_id", "data", "attempts")[:limit]]


def _retry_at(row: _Waiting, now: datetime) -> datetime:
    return now + min(RETRY_FIRST * (2 ** min(row.attempts, 16)), RETRY_MAX)


def _post_one_by_one(rows: list[_Waiting], now: datetime, result: Drained) -> None:
    held: set[int] = set()  # parts with an event that failed in this round: their later ones wait
    for row in rows:
        if row.merchant_order_id is not None and row.merchant_order_id in held:
            continue
        try:
            with transaction.atomic():
                _take_drain_lock()
                _post(row)
                PendingEvent.objects.filter(pk=row.pk).delete()
            result.events += 1
        except Exception as exc:
            log.exception("ledger: event %s (%s) not posted", row.pk, row.kind)
            if row.merchant_order_id is not None:
                held.add(row.merchant_order_id)
            PendingEvent.objects.filter(pk=row.pk).update(
                attempts=row.attempts + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000],
                next_attempt_at=_retry_at(row, now))
            result.failed += 1


def post_pending(*, limit: int = 200, now: datetime | None = None, max_batches: int | None = None) -> Drained:
    """Post every event due (oldest first), ``limit`` per transaction; returns what it did."""
    result = Drained()
    while max_batches is None or result.batches < max_batches:
        now_ = now or timezone.now()
        failed_batch: list[_Waiting] = []
        with transaction.atomic():
            _take_drain_lock()
            rows = _waiting(now_, limit)
            if not rows:
                break
            result.batches += 1
            try:
                with transaction.atomic(), batching.posting_batch():
                    known = _known_for(rows)
                    services.lock_parts([r.merchant_order_id for r in rows if r.merchant_order_id]
                                        + [r.merchant_order_id for r in known.refunds.values() if r.merchant_order_id])
                    for row in rows:
                        _post(row, known)
                    services.flush_batch()
                    PendingEvent.objects.filter(pk__in=[r.pk for r in rows]).delete()
                result.events += len(rows)
            except Exception:
                log.warning("ledger: a batch of %d events failed; posting them one by one", len(rows),
                            exc_info=True)
                failed_batch = rows
        if failed_batch:
            _post_one_by_one(failed_batch, now_, result)
        if len(rows) < limit and not failed_batch:
            break
    return result


# --- catching up -------------------------------------------------------------------------------------------

#: A part's move → the key of the entry it posts (``services.record_*``).
_MOVE_KEYS = {states.PAID: "paid:{}", states.ACCEPTED: "accepted:{}", states.SHIPPED: "shipped:{}",
              states.RELEASED: "customs-tax:{}", states.DELIVERED: "delivered:{}", states.REFUNDED: "refund-owed:part:{}"}


@dataclass
class CaughtUp:
    moves: int = 0
    refunds: int = 0


def catch_up(*, since: datetime) -> CaughtUp:
    """Write down again the part moves and paid refunds since ``since`` whose entries are missing
    and that are not waiting already — for an event lost between its change's commit and its
    receiver (a process killed there, the inbox unreachable). A move that rightly posts nothing
    (no freight to owe, nothing left to deliver) is written down again and posts nothing again."""
    from heartland.orders.models import OrderEvent
    from heartland.payments.models import Refund, RefundStatus

    from .models import JournalEntry

    found = CaughtUp()
    waiting = set(PendingEvent.objects.filter(kind=PART_MOVED).values_list("merchant_order_id", "data__to"))
    moves = (OrderEvent.objects.filter(at__gte=since, merchant_order__isnull=False, to_status__in=_MOVE_KEYS)
             .values_list("merchant_order_id", "merchant_order__number", "to_status", "event").order_by("id"))
    for part_id, number, to_status, event in moves.iterator(chunk_size=2000):
        key = _MOVE_KEYS[to_status].format(number)
        if (part_id, to_status) in waiting or JournalEntry.objects.filter(key=key).exists():
            continue
        enqueue(kind=PART_MOVED, data={"to": to_status, "event": event or "", "from": "", "catch_up": True},
                merchant_order_id=part_id)
        waiting.add((part_id, to_status))
        found.moves += 1
    waiting_refunds = set(PendingEvent.objects.filter(kind=PAYMENT_REFUNDED).values_list("data__reference", flat=True))
    refunds = (Refund.objects.filter(status=RefundStatus.SUCCEEDED, completed_at__gte=since)
               .select_related("payment").order_by("id"))
    for refund in refunds.iterator(chunk_size=2000):
        if refund.reference in waiting_refunds or JournalEntry.objects.filter(
                key=f"refund-paid:{refund.reference}").exists():
            continue
        enqueue(kind=PAYMENT_REFUNDED, data={
            "order": refund.payment.purpose_reference, "reference": refund.reference, "amount": str(refund.amount),
            "at": refund.completed_at.isoformat() if refund.completed_at else None,
            "idempotency_key": refund.idempotency_key or "", "catch_up": True})
        found.refunds += 1
    return found
