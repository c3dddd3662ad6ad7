"""The ledger's inbox: a part's move is written down in the move's own transaction and posted by a
drain in batches — with the same entries as posting each event alone; a failing event waits with
its error and holds back its part's later events, never the others'; a lost move is found again;
two drains at once post each event once."""
from __future__ import annotations

import threading
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heartland.ledger import batch as batching
from heartland.ledger import inbox, selectors, services
from heartland.ledger.models import JournalEntry, LineCommission, PendingEvent
from heartland.orders import services as orders
from heartland.orders import states
from heartland.orders.models import MerchantOrder

from .factories import make_order

PARTS = [{"lines": [(Decimal("18.00"), 2, "agricultural"), (Decimal("7.50"), 1, "food")], "freight": Decimal("45"),
          "tax": Decimal("12.30")},
         {"lines": [(Decimal("25.00"), 1, "food")], "freight": Decimal("30"), "tax": Decimal("8.10")}]
MOVES = (states.PAID, states.ACCEPTED, states.SHIPPED, states.RELEASED, states.DELIVERED)


def _books(order) -> list:
    """An order's entries as a shopper-independent picture: per part, each entry's kind, figures
    and postings (account kind and amount), and each line's commission."""
    out = []
    for i, mo in enumerate(order.merchant_orders.order_by("number")):
        for e in JournalEntry.objects.filter(merchant_order=mo).order_by("id").prefetch_related("postings__account"):
            legs = sorted((p.account.kind, p.currency, p.amount_minor) for p in e.postings.all())
            out.append((i, e.kind, {k: v for k, v in e.data.items() if k != "farm_account"}, legs))
    out.append(sorted(LineCommission.objects.filter(line__merchant_order__order=order).values_list(
        "category", "rate_percent", "gross_minor", "commission_minor", "net_minor")))
    return out


def _event(mo, to, *, refund_key=None, amount=None):
    if refund_key:
        return ("refund", mo, refund_key, amount)
    return ("move", mo, to)


def _post(ev):
    if ev[0] == "move":
        inbox.post_part_event(ev[1], ev[2])
    else:
        _, mo, key, amount = ev
        services.record_refund_owed(key=key, order=mo.order, amount=amount, merchant_order=mo)


step = st.tuples(st.integers(0, 1), st.sampled_from(MOVES + ("return",)), st.integers(1, 90))


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(steps=st.lists(step, max_size=14), cut=st.integers(1, 14))
def test_posting_in_batches_makes_the_same_books_as_posting_each_event_alone(steps, cut):
    alone, batched = make_order(parts=PARTS), make_order(parts=PARTS)
    events = {alone.pk: [], batched.pk: []}
    for order in (alone, batched):
        parts = list(order.merchant_orders.order_by("number").select_related("order"))
        for which, what, size in steps:
            mo = parts[which]
            if what == "return":
                events[order.pk].append(_event(mo, None, refund_key=f"return:{mo.number}:{len(events[order.pk])}",
                                               amount=(mo.goods * size / 100).quantize(Decimal("0.01"))))
            else:
                events[order.pk].append(_event(mo, what))
    for ev in events[alone.pk]:
        _post(ev)
    todo = events[batched.pk]
    for start in range(0, len(todo), cut):  # batches of `cut` events, each one transaction
        with transaction.atomic(), batching.posting_batch():
            services.lock_parts([ev[1].pk for ev in todo[start:start + cut]])
            for ev in todo[start:start + cut]:
                _post(ev)
            services.flush_batch()
    assert _books(batched) == _books(alone)
    assert selectors.unbalanced_entries() == [] and not any(selectors.totals_by_currency().values())


@pytest.mark.django_db
def test_a_move_is_written_down_with_it_and_posted_when_it_commits(django_capture_on_commit_callbacks):
    order = make_order(parts=PARTS[:1], status=states.PAID)
    mo = order.merchant_orders.get()
    with pytest.raises(RuntimeError), transaction.atomic():  # a move rolled back leaves nothing behind
        orders.move_part(merchant_order=mo, to=states.ACCEPTED, event="merchant")
        assert PendingEvent.objects.filter(merchant_order=mo).count() == 1
        raise RuntimeError("the request failed after the move")
    assert not PendingEvent.objects.exists() and not JournalEntry.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        orders.move_part(merchant_order=mo, to=states.ACCEPTED, event="merchant")
    assert list(JournalEntry.objects.values_list("key", flat=True)) == [f"accepted:{mo.number}"]
    assert not PendingEvent.objects.exists()  # posted, and gone from the inbox


@pytest.mark.django_db
def test_a_failing_event_waits_with_its_error_and_holds_back_only_its_part(monkeypatch):
    one, two = make_order(parts=PARTS[:1]), make_order(parts=PARTS[:1])
    a, b = one.merchant_orders.get(), two.merchant_orders.get()
    real = services.record_part_accepted

    def broken(*, merchant_order, **kw):
        if merchant_order.pk == a.pk:
            raise RuntimeError("rates table unreachable")
        return real(merchant_order=merchant_order, **kw)

    monkeypatch.setattr(services, "record_part_accepted", broken)
    for mo in (a, b):
        for to in (states.PAID, states.ACCEPTED, states.SHIPPED):
            inbox.enqueue(kind=inbox.PART_MOVED, data={"to": to}, merchant_order_id=mo.pk)
    done = inbox.post_pending()
    assert (done.events, done.failed) == (4, 1)  # a: paid posted, accepted failed, shipped waits
    assert sorted(JournalEntry.objects.values_list("key", flat=True)) == sorted(
        [f"paid:{a.number}", f"paid:{b.number}", f"accepted:{b.number}", f"shipped:{b.number}"])
    failed = PendingEvent.objects.get(data__to=states.ACCEPTED)
    assert failed.attempts == 1 and "rates table unreachable" in failed.last_error
    assert failed.next_attempt_at > timezone.now()
    assert inbox.post_pending().events == 0  # not due yet; its part's shipped event waits behind it
    monkeypatch.setattr(services, "record_part_accepted", real)
    out = StringIO()
    call_command("ledger_post_pending", "--retry-now", stdout=out)
    assert "posted 2 events" in out.getvalue()
    assert JournalEntry.objects.filter(key__in=[f"accepted:{a.number}", f"shipped:{a.number}"]).count() == 2
    assert not PendingEvent.objects.exists()
    assert selectors.part_state(a).shipped and selectors.part_state(a).accepted


@pytest.mark.django_db
def test_a_command_run_with_a_failure_says_so(monkeypatch):
    mo = make_order(parts=PARTS[:1]).merchant_orders.get()
    monkeypatch.setattr(services, "record_part_paid", lambda **kw: 1 / 0)
    inbox.enqueue(kind=inbox.PART_MOVED, data={"to": states.PAID}, merchant_order_id=mo.pk)
    with pytest.raises(CommandError, match="1 events failed"):
        call_command("ledger_post_pending", stdout=StringIO())
    with pytest.raises(CommandError, match="1 to 3660"):
        call_command("ledger_post_pending", "--catch-up", "0", stdout=StringIO())


@pytest.mark.django_db
def test_a_move_whose_event_was_lost_is_found_and_posted(django_capture_on_commit_callbacks, monkeypatch):
    order = make_order(parts=PARTS[:1], status=states.PAID)
    mo = order.merchant_orders.get()
    monkeypatch.setattr(inbox, "enqueue", lambda **kw: None)  # the event never reaches the inbox
    with django_capture_on_commit_callbacks(execute=True):
        orders.move_part(merchant_order=mo, to=states.ACCEPTED, event="merchant")
    monkeypatch.undo()
    assert not JournalEntry.objects.exists()
    out = StringIO()
    call_command("ledger_post_pending", "--catch-up", "2", stdout=out)
    assert "1 part moves" in out.getvalue() and "posted 1 events" in out.getvalue()
    assert JournalEntry.objects.get().key == f"accepted:{mo.number}"
    call_command("ledger_post_pending", "--catch-up", "2", stdout=StringIO())  # nothing twice
    assert JournalEntry.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_drains_at_once_post_each_event_once_and_in_order():
    parts = [make_order(parts=PARTS).merchant_orders.order_by("number") for _ in range(6)]
    mos = [mo for ps in parts for mo in ps]
    for mo in mos:
        for to in MOVES:
            inbox.enqueue(kind=inbox.PART_MOVED, data={"to": to}, merchant_order_id=mo.pk)
    barrier, errors = threading.Barrier(2), []

    def drain():
        try:
            barrier.wait()
            inbox.post_pending(limit=7)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=drain) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and not PendingEvent.objects.exists()
    for mo in MerchantOrder.objects.filter(pk__in=[m.pk for m in mos]):
        kinds = list(JournalEntry.objects.filter(merchant_order=mo).order_by("id").values_list("kind", flat=True))
        assert kinds == ["paid", "accepted", "shipped", "customs_tax", "delivered"]  # delivered needs accepted first
    assert not any(selectors.totals_by_currency().values())
