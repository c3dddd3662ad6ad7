"""Many events posted in one transaction (``ledger.inbox.post_pending``): what their entries share
is read once and written once.

Inside ``posting_batch(parts)`` the ledger's writers (``services``) take from the batch, instead
of one query each per event:

- the farm parts of the batch, locked together (one ``SELECT … FOR UPDATE``);
- each part's state and posted entry keys (one query for all parts), kept up to date in memory
  as the batch posts (``PartState.apply``);
- account ids (each name looked up once);
- entries (their ids reserved ahead), postings and line commissions, written at the end in
  multi-row INSERTs (nothing in a batch reads them back; an entry key is checked against what the
  batch knows, or the database for an order's own keys; an error at the end rolls the whole
  batch back, like any other).

Outside a batch every writer works alone, as before. The batch is per thread (a context variable).
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from .math.events import PartState

_current: ContextVar["Batch | None"] = ContextVar("ledger_batch", default=None)


@dataclass
class Batch:
    parts: dict = field(default_factory=dict)  # part id → MerchantOrder (locked), with .order
    states: dict[int, PartState] = field(default_factory=dict)  # part id → what is posted for it
    posted: dict[int, set[str]] = field(default_factory=dict)  # part id → its entry keys
    accounts: dict[str, int] = field(default_factory=dict)
    postings: list[tuple[int, int, str, int]] = field(default_factory=list)  # entry, account, currency, amount
    rows: dict = field(default_factory=dict)  # model → (field names, [row dicts]) to insert at the end
    entries: list[list] = field(default_factory=list)  # entry rows (id first) to insert at the end
    new_keys: dict = field(default_factory=dict)  # key → JournalEntry posted in this batch
    entry_ids: list[int] = field(default_factory=list)  # reserved ids not used yet
    last_entry_id: int = 0
    part_rows: dict = field(default_factory=dict)  # "lines" / "assessments" → part id → rows
    check_keys: bool = True  # False: a key posted before is found at the end (the INSERT fails)

    def knows(self, part_id: int | None) -> bool:
        return part_id is not None and part_id in self.states

    def noted(self, *, part_id: int | None, key: str, kind: str, data: dict) -> None:
        """A new entry of the batch: its part's state and keys move on."""
        if self.knows(part_id):
            self.posted[part_id].add(key)
            self.states[part_id].apply(kind, data)


def current() -> Batch | None:
    return _current.get()


@contextmanager
def posting_batch(*, check_keys: bool = True):
    """A batch for the block (nested calls share the outer one). The caller runs it inside one
    transaction and calls ``services.flush_batch`` before it commits. ``check_keys=False``: every
    entry of the block is new by construction, and one that is not must fail the whole block (a
    payout run: a balance paid twice) — its key is not looked up first; the unique key refuses it
    when the batch is written (``IntegrityError`` from ``flush_batch``)."""
    outer = _current.get()
    if outer is not None:
        yield outer
        return
    token = _current.set(Batch(check_keys=check_keys))
    try:
        yield _current.get()
    finally:
        _current.reset(token)
