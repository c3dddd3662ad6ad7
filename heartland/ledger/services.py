"""Writes to the ledger. ``post_entry`` is the only writer of journal entries (payouts and the
settlement import post through it too); the ``record_*`` functions turn order, payment, customs
and shipment events into entries (``ledger.math.events``), each idempotent by its event key.

All are keyword-only, one transaction each. An event posted twice is posted once; two workers
posting the same event at once post it once (the entry key is unique)."""
from __future__ import annotations

import copy
import json
import logging
from datetime import datetime
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from heartland.core.errors import DomainError
from heartland.customs.models import CustomsMessage
from heartland.orders.models import MerchantOrder, Order, OrderLine, OrderRefund

from . import batch as batching
from . import selectors
from .math import Posting, Unbalanced, check_balanced, commission_minor, to_minor
from .math import accounts as A
from .math import events as E
from .models import Account, CommissionRate, JournalEntry, LineCommission
from .models import Posting as PostingRow

log = logging.getLogger(__name__)

__all__ = ["Posting", "post_entry", "reverse_entry", "set_commission_rate"]


def _account_ids(names: set[str]) -> dict[str, int]:
    batch = batching.current()
    if batch is not None:
        known = batch.accounts
        missing = {n for n in names if n not in known}
        if missing:
            known.update(_lookup_accounts(missing))
        return known
    return _lookup_accounts(names)


def prefetch_accounts(names) -> None:
    """Look the accounts of ``names`` up for the current batch at once (1,000 a query; those that
    do not exist yet are created when first posted to)."""
    batch = batching.current()
    if batch is None:
        return
    wanted = sorted({n for n in names if n not in batch.accounts})
    q = connection.ops.quote_name
    with connection.cursor() as cur:
        for start in range(0, len(wanted), 1000):
            chunk = wanted[start:start + 1000]
            cur.execute(f"SELECT name, id FROM {q(Account._meta.db_table)} WHERE name IN "
                        f"({', '.join(['%s'] * len(chunk))})", chunk)
            batch.accounts.update(cur.fetchall())


def _lookup_accounts(names: set[str]) -> dict[str, int]:
    table = connection.ops.quote_name(Account._meta.db_table)
    wanted = sorted(names)
    with connection.cursor() as cur:
        cur.execute(f"SELECT name, id FROM {table} WHERE name IN ({', '.join(['%s'] * len(wanted))})", wanted)
        found = dict(cur.fetchall())
    for name in names - found.keys():
        merchant_id = A.merchant_of(name)
        try:
            with transaction.atomic():
                acc = Account.objects.create(name=name, kind=A.kind_of(name), description=A.describe(name),
                                             merchant_id=merchant_id)
        except IntegrityError:  # created by a concurrent posting
            acc = Account.objects.get(name=name)
        found[name] = acc.pk
    return found


def _pk(obj) -> int | None:
    return obj if obj is None or isinstance(obj, int) else obj.pk


_sql: dict[tuple, object] = {}  # SQL built once per database vendor
_PLAIN = {"key", "kind", "memo", "order", "merchant_order", "merchant", "reverses"}  # str / int as they are
_ENTRY_ATTNAMES = ["id", "key", "kind", "memo", "occurred_at", "posted_at", "order_id", "merchant_order_id",
                   "merchant_id", "reverses_id", "data"]  # JournalEntry's concrete fields, in order
_ENTRY_COLUMNS = ("key", "kind", "memo", "occurred_at", "posted_at", "order", "merchant_order", "merchant",
                  "reverses", "data")


def _entry_plan() -> tuple[list, str]:
    plan = _sql.get(("entry", connection.vendor))
    if plan is None:
        meta = JournalEntry._meta
        fields = [meta.get_field(c) for c in _ENTRY_COLUMNS]
        q = connection.ops.quote_name
        sql = (f"INSERT INTO {q(meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "
               f"VALUES ({', '.join(['%s'] * len(fields))}) ON CONFLICT ({q('key')}) DO NOTHING RETURNING {q('id')}")
        plan = _sql[("entry", connection.vendor)] = (fields, sql)
    return plan


def _entry_params(fields, values: dict) -> list:
    return [values[f.name] if values[f.name] is None or f.name in _PLAIN
            else f.get_db_prep_save(values[f.name], connection) for f in fields]


def _reserve_entry_id(batch) -> int:
    """An id for an entry of the batch, written at its end (``flush_batch``). PostgreSQL: taken
    from the table's sequence, 256 at a time; SQLite: after the highest used (the batch holds the
    database's one write lock)."""
    if not batch.entry_ids:
        q = connection.ops.quote_name
        table = JournalEntry._meta.db_table
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                cur.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, 256)", [table])
                batch.entry_ids = [r[0] for r in cur.fetchall()]
            else:
                cur.execute(f"SELECT MAX(m) FROM (SELECT MAX({q('id')}) AS m FROM {q(table)} UNION ALL "
                            "SELECT seq FROM sqlite_sequence WHERE name = %s)", [table])
                top = max(cur.fetchone()[0] or 0, batch.last_entry_id)
                batch.entry_ids = list(range(top + 1, top + 257))
        batch.entry_ids.reverse()
    entry_id = batch.entry_ids.pop()
    batch.last_entry_id = max(batch.last_entry_id, entry_id)
    return entry_id


def _key_posted(key: str) -> bool:
    q = connection.ops.quote_name
    with connection.cursor() as cur:
        cur.execute(f"SELECT 1 FROM {q(JournalEntry._meta.db_table)} WHERE {q('key')} = %s", [key])
        return cur.fetchone() is not None


def _insert_entry(values: dict) -> int | None:
    """INSERT … ON CONFLICT (key) DO NOTHING RETURNING id (SQLite ≥ 3.35 and PostgreSQL): the new
    entry's id, or None when the key was posted already (by us earlier or a concurrent worker —
    PostgreSQL waits for that worker's commit). Raw SQL: this is the ledger's hot path."""
    fields, sql = _entry_plan()
    params = _entry_params(fields, values)
    with connection.cursor() as cur:
        cur.execute(sql, params)
        row = cur.fetchone()
    return row[0] if row else None


def _insert_postings(entry_id: int, legs: list[Posting], ids: dict[str, int]) -> None:
    rows = [(entry_id, ids[p.account], p.currency, p.amount_minor) for p in legs]
    batch = batching.current()
    if batch is not None:  # written with the batch's others (flush_batch)
        batch.postings.extend(rows)
    else:
        _write_postings(rows)


def _write_postings(rows: list[tuple[int, int, str, int]]) -> None:
    q = connection.ops.quote_name
    if connection.vendor == "postgresql" and len(rows) > 8:  # one short statement of four arrays
        with connection.cursor() as cur:
            cur.execute(f"INSERT INTO {q(PostingRow._meta.db_table)} ({q('entry_id')}, {q('account_id')}, "
                        f"{q('currency')}, {q('amount_minor')}) SELECT * FROM "
                        "unnest(%s::bigint[], %s::bigint[], %s::varchar[], %s::bigint[])", [list(c) for c in zip(*rows)])
        return
    head = (f"INSERT INTO {q(PostingRow._meta.db_table)} ({q('entry_id')}, {q('account_id')}, {q('currency')}, "
            f"{q('amount_minor')}) VALUES ")
    with connection.cursor() as cur:
        for start in range(0, len(rows), 500):  # 2,000 parameters a statement: within every database's limit
            chunk = rows[start:start + 500]
            cur.execute(head + ", ".join(["(%s, %s, %s, %s)"] * len(chunk)), [v for row in chunk for v in row])


def flush_batch() -> None:
    """Write what the current batch deferred (postings, line commissions). Called by the batch's
    owner inside its transaction, before it commits."""
    batch = batching.current()
    if batch is None:
        return
    entries, batch.entries = batch.entries, []
    if entries and connection.vendor == "postgresql":
        _write_entries_pg(entries)
    elif entries:  # plain INSERT: a key posted meanwhile is an error, and the batch is rolled back
        fields = _entry_plan()[0]
        q = connection.ops.quote_name
        head = (f"INSERT INTO {q(JournalEntry._meta.db_table)} ({q('id')}, "
                f"{', '.join(q(f.column) for f in fields)}) VALUES ")
        one = "(" + ", ".join(["%s"] * (len(fields) + 1)) + ")"
        with connection.cursor() as cur:
            for start in range(0, len(entries), 150):
                chunk = entries[start:start + 150]
                cur.execute(head + ", ".join([one] * len(chunk)), [v for row in chunk for v in row])
    rows, batch.postings = batch.postings, []
    _write_postings(rows)
    deferred, batch.rows = batch.rows, {}
    for model, (names, model_rows) in deferred.items():
        for start in range(0, len(model_rows), 200):
            _write_rows(model, names, model_rows[start:start + 200])


def _write_entries_pg(entries: list[list]) -> None:
    """The batch's entries in one statement of arrays (a long multi-row VALUES costs PostgreSQL's
    client more to build than to run). Plain INSERT: a key posted meanwhile is an error."""
    fields = _entry_plan()[0]
    q = connection.ops.quote_name
    types = ["bigint"] + [{"CharField": "varchar", "DateTimeField": "timestamptz", "JSONField": "text"}.get(
        f.get_internal_type(), "bigint") for f in fields]
    columns = list(zip(*entries))
    data_at = 1 + [f.name for f in fields].index("data")
    columns[data_at] = [json.dumps(getattr(v, "obj", v), cls=DjangoJSONEncoder) if v is not None
                        else None for v in columns[data_at]]
    names = ["id"] + [f.column for f in fields]
    select = ", ".join(f"{q(n)}::jsonb" if i == data_at else q(n) for i, n in enumerate(names))
    with connection.cursor() as cur:
        cur.execute(f"INSERT INTO {q(JournalEntry._meta.db_table)} ({', '.join(q(n) for n in names)}) "
                    f"SELECT {select} FROM unnest({', '.join(f'%s::{t}[]' for t in types)}) "
                    f"AS t({', '.join(q(n) for n in names)})", [list(c) for c in columns])


def lock_parts(part_ids) -> dict[int, MerchantOrder]:
    """Parts (with ``.order``) locked together for a batch, in id order: what ``_lock`` returns
    for each inside it; their states and posted keys read in one query."""
    batch = batching.current()
    ids = sorted({int(i) for i in part_ids} - (batch.parts.keys() if batch is not None else set()))
    if not ids:
        return {}
    q = connection.ops.quote_name
    mo_t, o_t = MerchantOrder._meta.db_table, Order._meta.db_table
    cols = [f"m.{q(MerchantOrder._meta.get_field(n).column)}" for n in _LOCK_MO]
    cols += [f"o.{q(Order._meta.get_field(n).column)}" for n in _LOCK_ORDER]
    lock = " FOR UPDATE OF m" if connection.vendor == "postgresql" else (
        " FOR UPDATE" if connection.features.has_select_for_update else "")
    with connection.cursor() as cur:
        cur.execute(f"SELECT {', '.join(cols)} FROM {q(mo_t)} m JOIN {q(o_t)} o ON o.{q('id')} = m.{q('order_id')} "
                    f"WHERE m.{q('id')} IN ({', '.join(['%s'] * len(ids))}) ORDER BY m.{q('id')}{lock}", ids)
        rows = cur.fetchall()
    parts = {}
    for row in rows:
        mo = _from_row(MerchantOrder, _LOCK_MO, row[:len(_LOCK_MO)])
        mo.order = _from_row(Order, _LOCK_ORDER, row[len(_LOCK_MO):])
        parts[mo.pk] = mo
    if batch is not None:
        batch.parts.update(parts)
        found_states, found_keys = selectors.part_states(list(parts.values()))
        batch.states.update(found_states)
        batch.posted.update(found_keys)
        # Every account these parts' entries can post to, in one query (not one per event).
        prefetch_accounts([*A.SHARED, *(n for mo in parts.values() for n in A.farm_accounts(mo.merchant_id))])
    return parts


def _existing(key: str) -> JournalEntry:
    entry = JournalEntry.objects.get(key=key)
    entry.created = False
    return entry


def post_entry(*, key: str, memo: str, postings: list[Posting], occurred_at: datetime | None = None,
               order: Order | None = None, merchant=None, merchant_order: MerchantOrder | None = None,
               kind: str = "manual", data: dict | None = None, reverses: JournalEntry | None = None) -> JournalEntry:
    """Post one journal entry of ``postings`` (≥ 2 non-zero, summing to zero per currency), named by
    ``key``. Idempotent: a key already posted returns that entry (``entry.created`` is False) and
    posts nothing — also when two workers post it at once. Raises ``DomainError("unbalanced")``
    for postings that do not balance."""
    if not key or len(key) > 120:
        raise DomainError("bad_key", "An entry needs a key of at most 120 characters.")
    try:
        legs = check_balanced(postings)
    except Unbalanced as exc:
        raise DomainError("unbalanced", str(exc)) from None
    if merchant is None and merchant_order is not None:
        merchant = merchant_order.merchant_id
    if order is None and merchant_order is not None:
        order = merchant_order.order_id
    now = timezone.now()
    values = {"key": key, "kind": kind, "memo": memo[:300], "occurred_at": occurred_at or now, "posted_at": now,
              "order": _pk(order), "merchant_order": _pk(merchant_order), "merchant": _pk(merchant),
              "reverses": _pk(reverses), "data": data or {}}
    # No savepoint of its own inside the caller's transaction (the events': one each): the key's
    # ON CONFLICT makes a repeat a no-op, and checks run before any write; a database error still
    # rolls the whole transaction back.
    batch = batching.current()
    if batch is not None:  # the entry is written with the batch's others (flush_batch)
        part = values["merchant_order"]
        if key in batch.new_keys:
            return _again(batch.new_keys[key])
        if (key in batch.posted[part]) if batch.knows(part) else (batch.check_keys and _key_posted(key)):
            return _existing(key)
        ids = _account_ids({p.account for p in legs})
        entry_id = _reserve_entry_id(batch)
        batch.entries.append([entry_id] + _entry_params(_entry_plan()[0], values))
        _insert_postings(entry_id, legs, ids)
        batch.noted(part_id=part, key=key, kind=kind, data=values["data"])
    else:
        with transaction.atomic(savepoint=False):
            ids = _account_ids({p.account for p in legs})
            entry_id = _insert_entry(values)
            if entry_id is None:
                return _existing(key)
            _insert_postings(entry_id, legs, ids)
    entry = JournalEntry.from_db("default", _ENTRY_ATTNAMES, (  # positional: the cheap way to build a model
        entry_id, key, kind, values["memo"], values["occurred_at"], now, values["order"], values["merchant_order"],
        values["merchant"], values["reverses"], values["data"]))
    entry.created = True
    if batch is not None:
        batch.new_keys[key] = entry
    return entry


def reverse_entry(*, entry: JournalEntry, memo: str, occurred_at: datetime | None = None) -> JournalEntry:
    """The correction of a posted entry: the same postings with the signs turned (entries are never
    edited). Idempotent: an entry is reversed once."""
    legs = [Posting(p.account.name, p.currency, -p.amount_minor) for p in entry.postings.select_related("account")]
    return post_entry(key=f"reversal:{entry.pk}", memo=memo, postings=legs, occurred_at=occurred_at,
                      order=entry.order_id, merchant=entry.merchant_id, merchant_order=entry.merchant_order,
                      kind="reversal", data={"reverses": entry.key}, reverses=entry)


def set_commission_rate(*, category: str, rate_percent: Decimal, effective_from, by=None, note: str = ""
                        ) -> CommissionRate:
    """A commission rate for a category from a date (an operator's change). Accepted orders keep the
    rate they were charged."""
    if not isinstance(rate_percent, Decimal) or not Decimal(0) <= rate_percent <= Decimal(100):
        raise DomainError("bad_rate", "A commission rate is a percentage between 0 and 100.", field="rate_percent")
    rate, _ = CommissionRate.objects.update_or_create(
        category=category, effective_from=effective_from,
        defaults={"rate_percent": rate_percent, "note": note, "created_by": by})
    return rate


# --- events ---------------------------------------------------------------------------------------------

_LOCK_MO = ("id", "number", "merchant_id", "order_id", "goods", "freight", "total_tax")
_LOCK_ORDER = ("id", "number", "currency", "fx_effective")


_converters: dict[tuple, list] = {}


def _from_row(model, names: tuple[str, ...], values) -> object:
    """A model instance of ``names`` (the others deferred) from raw column values, through each
    field's database converters (SQLite returns decimals as floats)."""
    key = (model, names, connection.vendor)
    plan = _converters.get(key)
    if plan is None:
        order = {f.attname: i for i, f in enumerate(model._meta.concrete_fields)}
        plan = []
        for i, name in enumerate(names):
            field = model._meta.get_field(name)
            col = field.get_col(model._meta.db_table)
            plan.append((i, field.attname, col,
                         connection.ops.get_db_converters(col) + field.get_db_converters(connection)))
        plan.sort(key=lambda p: order[p[1]])  # from_db takes the values in the model's field order
        _converters[key] = plan
    attnames, out = [], []
    for i, attname, col, convs in plan:
        value = values[i]
        for conv in convs:
            value = conv(value, col, connection)
        attnames.append(attname)
        out.append(value)
    return model.from_db("default", attnames, out)


def _select(model, names: tuple[str, ...], where: str, params: list, tail: str = "") -> list:
    """Instances of ``model`` (only ``names`` loaded) matching raw ``where`` — the ledger's hot reads."""
    q = connection.ops.quote_name
    cols = ", ".join(q(model._meta.get_field(n).column) for n in names)
    with connection.cursor() as cur:
        cur.execute(f"SELECT {cols} FROM {q(model._meta.db_table)} WHERE {where}{tail}", params)
        rows = cur.fetchall()
    return [_from_row(model, names, row) for row in rows]


def _insert_rows(model, names: tuple[str, ...], rows: list[dict]) -> None:
    """A multi-row INSERT of ``rows`` (field name → value) on the raw cursor (in a batch: at its end)."""
    if not rows:
        return
    batch = batching.current()
    if batch is not None:
        batch.rows.setdefault(model, (names, []))[1].extend(rows)
        return
    _write_rows(model, names, rows)


def _write_rows(model, names: tuple[str, ...], rows: list[dict]) -> None:
    q = connection.ops.quote_name
    fields = [model._meta.get_field(n) for n in names]
    params: list = []
    for row in rows:
        params += [f.get_db_prep_save(row[f.name], connection) for f in fields]
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cur:
        cur.execute(f"INSERT INTO {q(model._meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "
                    f"VALUES {', '.join([one] * len(rows))}", params)


def _lock(merchant_order: MerchantOrder) -> MerchantOrder:
    """The part, locked: events of one part are posted one at a time (each reads what was posted).
    One raw query of the columns the ledger reads (the rest deferred); ``FOR UPDATE`` where the
    database has it (SQLite: the write transaction serialises). In a batch: the part the batch
    locked."""
    batch = batching.current()
    if batch is not None:
        if merchant_order.pk not in batch.parts:
            lock_parts([merchant_order.pk])
        if merchant_order.pk in batch.parts:
            return batch.parts[merchant_order.pk]
    sql = _sql.get(("lock", connection.vendor))
    if sql is None:
        q = connection.ops.quote_name
        mo_t, o_t = MerchantOrder._meta.db_table, Order._meta.db_table
        cols = [f"m.{q(MerchantOrder._meta.get_field(n).column)}" for n in _LOCK_MO]
        cols += [f"o.{q(Order._meta.get_field(n).column)}" for n in _LOCK_ORDER]
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        sql = _sql[("lock", connection.vendor)] = (
            f"SELECT {', '.join(cols)} FROM {q(mo_t)} m JOIN {q(o_t)} o ON o.{q('id')} = m.{q('order_id')} "
            f"WHERE m.{q('id')} = %s{lock}")
    with connection.cursor() as cur:
        cur.execute(sql, [merchant_order.pk])
        row = cur.fetchone()
    if row is None:
        raise MerchantOrder.DoesNotExist(f"MerchantOrder {merchant_order.pk} does not exist.")
    mo = _from_row(MerchantOrder, _LOCK_MO, row[:len(_LOCK_MO)])
    mo.order = _from_row(Order, _LOCK_ORDER, row[len(_LOCK_MO):])
    return mo


_PART_ROWS = {  # what events read of a part's own rows: model, columns, condition
    "lines": (OrderLine, ("id", "merchant_order_id", "tax_category", "quantity", "unit_price_usd"), "", []),
    "assessments": (CustomsMessage, ("id", "merchant_order_id", "customs_tax", "value_added_tax", "consumption_tax"),
                    " AND {kind} = %s AND {superseded} = %s AND {vat} IS NOT NULL", ["CEB621", False]),
}  # one current CEB621 per part


def _part_rows(mo: MerchantOrder, what: str) -> list:
    """The part's order lines or customs tax assessments, in id order. In a batch: read for all of
    the batch's parts at the first need."""
    model, names, extra, extra_params = _PART_ROWS[what]
    q = connection.ops.quote_name
    extra = extra.format(kind=q("kind"), superseded=q("superseded"), vat=q("value_added_tax"))
    batch = batching.current()
    if batch is None or not batch.knows(mo.pk):
        return _select(model, names, f"{q('merchant_order_id')} = %s{extra}", [mo.pk, *extra_params],
                       f" ORDER BY {q('id')}")
    loaded = batch.part_rows.get(what)
    if loaded is None:
        ids = sorted(batch.states)
        loaded = batch.part_rows[what] = {i: [] for i in ids}
        for row in _select(model, names, f"{q('merchant_order_id')} IN ({', '.join(['%s'] * len(ids))}){extra}",
                           [*ids, *extra_params], f" ORDER BY {q('id')}"):
            loaded.setdefault(row.merchant_order_id, []).append(row)
    return loaded.get(mo.pk, [])


def _state(mo: MerchantOrder):
    """What is posted for the part (``selectors.part_state``; in a batch, kept in memory)."""
    batch = batching.current()
    if batch is not None and batch.knows(mo.pk):
        return batch.states[mo.pk]
    return selectors.part_state(mo, mo.order)


def _again(entry: JournalEntry) -> JournalEntry:
    """An entry of this batch asked for again: the same, not created now."""
    seen = copy.copy(entry)
    seen.created = False
    return seen


def _posted(key: str, part_id: int | None = None) -> JournalEntry | None:
    """The entry posted under ``key`` (``created`` False), or None."""
    batch = batching.current()
    if batch is not None and key in batch.new_keys:
        return _again(batch.new_keys[key])
    if batch is not None and batch.knows(part_id) and key not in batch.posted[part_id]:
        return None
    q = connection.ops.quote_name
    with connection.cursor() as cur:
        cur.execute(f"SELECT {q('id')} FROM {q(JournalEntry._meta.db_table)} WHERE {q('key')} = %s", [key])
        row = cur.fetchone()
    if row is None:
        return None
    return _existing(key)


def _rate(order: Order) -> Decimal:
    rate = selectors.order_rate(order)
    if rate <= 0:
        raise DomainError("no_rate", f"Order {order.number} has no locked exchange rate.")
    return rate


@transaction.atomic(savepoint=False)
def record_part_paid(*, merchant_order: MerchantOrder, occurred_at: datetime | None = None) -> JournalEntry:
    """A farm's part is paid: the money is at the provider, owed back until earned."""
    mo = _lock(merchant_order)
    ccy = mo.order.currency
    goods, freight, tax = to_minor(mo.goods, ccy), to_minor(mo.freight, ccy), to_minor(mo.total_tax, ccy)
    return post_entry(key=f"paid:{mo.number}", kind="paid", memo=f"Payment captured for {mo.number}",
                      postings=E.capture(currency=ccy, goods=goods, freight=freight, tax=tax),
                      occurred_at=occurred_at, merchant_order=mo,
                      data={"goods": goods, "freight": freight, "tax": tax, "currency": ccy})


@transaction.atomic(savepoint=False)
def record_part_accepted(*, merchant_order: MerchantOrder, occurred_at: datetime | None = None) -> JournalEntry:
    """The farm accepted its part: it is owed each line's USD price less the commission in force
    today for the line's category (recorded per line); the shopper's goods money is converted at
    the order's locked rate."""
    mo = _lock(merchant_order)
    key = f"accepted:{mo.number}"
    existing = _posted(key, mo.pk)
    if existing is not None:
        return existing
    order = mo.order
    occurred_at = occurred_at or timezone.now()
    on = timezone.localdate(occurred_at)
    lines, gross_total, commission_total = [], 0, 0
    rates = selectors.commission_rates_in_force(on)
    for line in _part_rows(mo, "lines"):
        gross = to_minor(line.unit_price_usd * line.quantity, "USD")
        rate_row, rate = rates.get(line.tax_category)
        commission = commission_minor(gross, rate)
        lines.append((line, rate_row, rate, gross, commission))
        gross_total += gross
        commission_total += commission
    goods = to_minor(mo.goods, order.currency)
    acc = E.acceptance(currency=order.currency, goods=goods, rate=_rate(order), gross_usd=gross_total,
                       commission_usd=commission_total, merchant_id=mo.merchant_id)
    entry = post_entry(key=key, kind="accepted", memo=f"{mo.number} accepted: farm owed goods less commission",
                       postings=acc.postings, occurred_at=occurred_at, merchant_order=mo,
                       data={"gross_usd": acc.gross_usd, "commission_usd": acc.commission_usd,
                             "goods_usd": acc.goods_usd, "goods": goods, "rate": str(_rate(order))})
    if entry.created:
        _insert_rows(LineCommission, ("line", "entry", "category", "rate", "rate_percent", "gross_minor",
                                      "commission_minor", "net_minor"), [
            {"line": line.pk, "entry": entry.pk, "category": line.tax_category, "rate": _pk(rate_row),
             "rate_percent": rate, "gross_minor": gross, "commission_minor": commission,
             "net_minor": gross - commission}
            for line, rate_row, rate, gross, commission in lines])
    return entry


def _assessed_tax(mo: MerchantOrder) -> int | None:
    """The tax customs assessed on the part's import inventory list (CEB621), in minor units."""
    found = _part_rows(mo, "assessments")
    if not found:
        return None
    msg = found[0]
    total = (msg.customs_tax or Decimal(0)) + (msg.value_added_tax or Decimal(0)) + (msg.consumption_tax or Decimal(0))
    return to_minor(total, mo.order.currency)


@transaction.atomic(savepoint=False)
def record_customs_tax(*, merchant_order: MerchantOrder, assessed_minor: int | None = None,
                       occurred_at: datetime | None = None) -> JournalEntry | None:
    """Customs released the part and assessed its tax (the CEB621 receipt): the tax is owed to
    customs as assessed; what the shopper prepaid (less any refunded) leaves ``tax:collected``
    and any difference goes to ``tax:variance``. Without an assessment on file, the prepaid tax
    is taken as assessed."""
    mo = _lock(merchant_order)
    state = _state(mo)
    collected = state.tax - state.refunded_tax
    if assessed_minor is None:
        assessed_minor = _assessed_tax(mo)
    source = "customs" if assessed_minor is not None else "prepaid"
    assessed = collected if assessed_minor is None else assessed_minor
    postings = E.customs_tax(currency=state.currency, collected=collected, assessed=assessed)
    if len(postings) < 2:
        return None
    return post_entry(key=f"customs-tax:{mo.number}", kind="customs_tax",
                      memo=f"{mo.number} released: import tax assessed", postings=postings,
                      occurred_at=occurred_at, merchant_order=mo,
                      data={"collected": collected, "assessed": assessed, "source": source})


@transaction.atomic(savepoint=False)
def record_part_shipped(*, merchant_order: MerchantOrder, occurred_at: datetime | None = None
                        ) -> JournalEntry | None:
    """Shipped: the part's freight (less any refunded) is owed to the carrier in USD at the locked rate."""
    mo = _lock(merchant_order)
    state = _state(mo)
    freight = state.freight - state.refunded_freight
    usd, postings = E.shipped(currency=state.currency, freight=freight, rate=_rate(mo.order))
    if len(postings) < 2:
        return None
    return post_entry(key=f"shipped:{mo.number}", kind="shipped", memo=f"{mo.number} shipped: freight owed to the carrier",
                      postings=postings, occurred_at=occurred_at, merchant_order=mo,
                      data={"freight": freight, "freight_usd": usd})


@transaction.atomic(savepoint=False)
def record_part_delivered(*, merchant_order: MerchantOrder, occurred_at: datetime | None = None
                          ) -> JournalEntry | None:
    """Delivered: what the farm is owed for the part moves from pending to delivered."""
    mo = _lock(merchant_order)
    state = _state(mo)
    net = state.farm_net()
    if not state.accepted or state.delivered or net <= 0:
        return None
    return post_entry(key=f"delivered:{mo.number}", kind="delivered", memo=f"{mo.number} delivered",
                      postings=E.delivered(merchant_id=mo.merchant_id, net_usd=net), occurred_at=occurred_at,
                      merchant_order=mo, data={"net_usd": net})


@transaction.atomic(savepoint=False)
def record_refund_owed(*, key: str, order: Order, amount: Decimal, merchant_order: MerchantOrder | None = None,
                       late: bool = False, occurred_at: datetime | None = None) -> JournalEntry | None:
    """``amount`` (the order's currency) is owed back to the shopper, for ``key`` (the refund's own
    key: ``part:<number>``, ``return:<id>``, ``late:<order>``). For a part: split over its goods,
    freight and tax (``ledger.math.events.refund_owed``); the farm bears the goods share, net of
    the commission on it. For a late payment: out of the unapplied money."""
    entry_key = f"refund-owed:{key}"
    ccy = order.currency
    amount_minor = to_minor(amount, ccy)
    if amount_minor <= 0:
        return None
    if late or merchant_order is None:
        return post_entry(key=entry_key, kind="refund_owed", memo=f"Refund owed for {order.number} ({key})",
                          postings=E.refund_owed_unapplied(currency=ccy, amount=amount_minor),
                          occurred_at=occurred_at, order=order, data={"amount": amount_minor, "late": True})
    mo = _lock(merchant_order)
    existing = _posted(entry_key, mo.pk)
    if existing is not None:
        return existing
    state = _state(mo)
    r = E.refund_owed(state=state, amount=amount_minor)
    return post_entry(key=entry_key, kind="refund_owed", memo=f"Refund owed for {mo.number} ({key})",
                      postings=r.postings, occurred_at=occurred_at, merchant_order=mo,
                      data={"amount": amount_minor, "goods": r.goods, "freight": r.freight, "tax": r.tax,
                            "excess": r.excess, "farm_account": state.farm_account()})


@transaction.atomic(savepoint=False)
def record_late_payment(*, reference: str, order: Order, amount: Decimal, occurred_at: datetime | None = None
                        ) -> JournalEntry:
    """A payment arrived for an order already cancelled: held as unapplied until refunded."""
    amount_minor = to_minor(amount, order.currency)
    return post_entry(key=f"late-payment:{reference}", kind="late_payment",
                      memo=f"Payment {reference} after {order.number} was cancelled",
                      postings=E.late_payment(currency=order.currency, amount=amount_minor),
                      occurred_at=occurred_at, order=order, data={"amount": amount_minor})


@transaction.atomic(savepoint=False)
def record_refund_paid(*, reference: str, order: Order, amount: Decimal, occurred_at: datetime | None = None
                       ) -> JournalEntry:
    """The provider paid a refund (``reference``: its RFD…) back to the shopper."""
    amount_minor = to_minor(amount, order.currency)
    return post_entry(key=f"refund-paid:{reference}", kind="refund_paid",
                      memo=f"Refund {reference} paid back for {order.number}",
                      postings=E.refund_paid(currency=order.currency, amount=amount_minor),
                      occurred_at=occurred_at, order=order, data={"amount": amount_minor})


def record_order_refund(*, refund: OrderRefund, occurred_at: datetime | None = None) -> JournalEntry | None:
    """An order's refund (``OrderRefund``) as owed: the part's, a return's, or a late payment's."""
    late = refund.key.startswith("late:")
    return record_refund_owed(key=refund.key, order=refund.order, amount=refund.amount,
                              merchant_order=refund.merchant_order, late=late, occurred_at=occurred_at)
