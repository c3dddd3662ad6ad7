"""Reads of the ledger: balances, the trial balance, what the ledger knows of a farm's part, and
each order line's gross → commission → net."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from heartland.orders.models import MerchantOrder, Order

from .math import accounts as A
from .math import commission_minor, from_minor, to_minor, to_usd_minor
from .math.events import PartState
from .models import CommissionRate, JournalEntry, LineCommission, Posting

#: The commission when no rate is set for a category nor a default row exists.
FALLBACK_RATE = Decimal("10.00")


def balance(account: str, currency: str) -> int:
    """The account's balance in ``currency``, in minor units: debits minus credits (so what a farm,
    carrier or customs is owed is negative)."""
    return Posting.objects.filter(account__name=account, currency=currency).aggregate(
        s=Sum("amount_minor"))["s"] or 0


def balances_for_merchant(merchant) -> dict[str, int]:
    """What Heartland owes the farm, in US cents (positive = owed to the farm):
    ``{"pending": …, "delivered": …, "total": …}`` — pending: parts accepted and not yet delivered;
    delivered: parts delivered (payouts decide what of it is payable: return window, holdback)."""
    mid = merchant if isinstance(merchant, int) else merchant.pk
    pending, delivered = A.farm_accounts(mid)
    rows = dict(Posting.objects.filter(account__name__in=(pending, delivered), currency="USD")
                .values_list("account__name").annotate(s=Sum("amount_minor")).values_list("account__name", "s"))
    p, d = -(rows.get(pending) or 0), -(rows.get(delivered) or 0)
    return {"pending": p, "delivered": d, "total": p + d}


def trial_balance() -> list[dict]:
    """Every account's balance per currency: ``[{account, currency, balance_minor}]`` sorted by
    account and currency. Per currency the balances sum to zero."""
    rows = (Posting.objects.values("account__name", "currency").annotate(s=Sum("amount_minor"))
            .order_by("account__name", "currency"))
    return [{"account": r["account__name"], "currency": r["currency"], "balance_minor": int(r["s"] or 0)}
            for r in rows]


def totals_by_currency() -> dict[str, int]:
    """The sum of every posting per currency (zero for each, if the books balance)."""
    return {c: int(s or 0) for c, s in Posting.objects.values_list("currency").annotate(s=Sum("amount_minor"))
            .values_list("currency", "s")}


def unbalanced_entries() -> list[int]:
    """Ids of entries whose postings do not sum to zero in some currency (should be none)."""
    return sorted({e for e, _c, s in Posting.objects.values_list("entry_id", "currency").annotate(
        s=Sum("amount_minor")).values_list("entry_id", "currency", "s") if s})


def account_entries(account: str):
    """The postings on an account, newest first, with their entries."""
    return (Posting.objects.filter(account__name=account).select_related("entry")
            .order_by("-entry__occurred_at", "-id"))


def entries_for_part(merchant_order: MerchantOrder):
    return JournalEntry.objects.filter(merchant_order=merchant_order).order_by("occurred_at", "id")


def order_rate(order: Order) -> Decimal:
    """The order's locked rate (units of its currency per US dollar)."""
    if order.currency == "USD":
        return Decimal(1)
    return order.fx_effective or Decimal(0)


def locked_usd(order: Order, amount_minor: int) -> int:
    """``amount_minor`` of the order's currency in US cents at the rate locked in the order — what a
    settlement relieves the FX position by (``ledger.math.events.settlement``)."""
    return to_usd_minor(amount_minor, order.currency, order_rate(order))


@dataclass(frozen=True)
class SettlementSplit:
    """How a settled amount of an order's money splits (``ledger.math.events.settlement``): ``tax``
    (shopper's currency) is prepaid import tax, owed to customs and never converted, valued at
    ``tax_locked_usd``; the rest relieves the conversion position by ``locked_usd``."""

    tax: int
    tax_locked_usd: int
    locked_usd: int

    @property
    def total_locked_usd(self) -> int:
        return self.locked_usd + self.tax_locked_usd


def settlement_split(order: Order, settled: int) -> SettlementSplit:
    """The split of ``settled`` (the order's currency, minor units: what the provider settled of the
    order's payment) for its settlement entry. The tax share is the prepaid tax the ledger holds for
    the order (captured, less refunded, less already settled), at most ``settled``. The rest
    relieves ``fx:conversion``: when it is exactly the order's open position in the shopper's
    currency, by exactly the USD the position holds (so the position nets to zero); otherwise at
    the order's locked rate."""
    ccy = order.currency
    tax = 0
    for kind, data in JournalEntry.objects.filter(order=order, kind__in=("paid", "refund_owed", "settlement")
                                                  ).values_list("kind", "data"):
        tax += data.get("tax", 0) if kind == "paid" else -data.get("tax", 0)  # refunded or settled
    tax = min(max(tax, 0), max(settled, 0))
    rest = settled - tax
    position = dict(Posting.objects.filter(entry__order=order, account__name=A.FX_CONVERSION)
                    .values_list("currency").annotate(s=Sum("amount_minor")).values_list("currency", "s"))
    if ccy != "USD" and rest > 0 and -(position.get(ccy) or 0) == rest:
        locked = int(position.get("USD") or 0)
    else:
        locked = locked_usd(order, rest) if rest >= 0 else -locked_usd(order, -rest)
    return SettlementSplit(tax=tax, tax_locked_usd=locked_usd(order, tax), locked_usd=locked)


def part_state(merchant_order: MerchantOrder, order: Order | None = None) -> PartState:
    """What the ledger has posted for a farm's part, read back from its entries."""
    mo = merchant_order
    order = order or mo.order
    ccy = order.currency
    s = PartState(merchant_id=mo.merchant_id, currency=ccy, rate=order_rate(order),
                  goods=to_minor(mo.goods, ccy), freight=to_minor(mo.freight, ccy), tax=to_minor(mo.total_tax, ccy))
    q = connection.ops.quote_name
    with connection.cursor() as cur:  # the hot path of every event: one raw query
        cur.execute(f"SELECT {q('kind')}, {q('data')} FROM {q(JournalEntry._meta.db_table)} "
                    f"WHERE {q('merchant_order_id')} = %s", [mo.pk])
        rows = cur.fetchall()
    for kind, data in rows:
        s.apply(kind, json.loads(data) if isinstance(data, (str, bytes)) else data)
    return s


def part_states(parts) -> tuple[dict[int, PartState], dict[int, set[str]]]:
    """``part_state`` of many parts (each with ``.order`` loaded) in one query, and each part's
    posted entry keys — what a posting batch starts from (``ledger.batch``)."""
    states, keys = {}, {}
    for mo in parts:
        ccy = mo.order.currency
        states[mo.pk] = PartState(merchant_id=mo.merchant_id, currency=ccy, rate=order_rate(mo.order),
                                  goods=to_minor(mo.goods, ccy), freight=to_minor(mo.freight, ccy),
                                  tax=to_minor(mo.total_tax, ccy))
        keys[mo.pk] = set()
    if not states:
        return states, keys
    q = connection.ops.quote_name
    ids = sorted(states)
    with connection.cursor() as cur:
        cur.execute(f"SELECT {q('merchant_order_id')}, {q('key')}, {q('kind')}, {q('data')} "
                    f"FROM {q(JournalEntry._meta.db_table)} WHERE {q('merchant_order_id')} IN "
                    f"({', '.join(['%s'] * len(ids))}) ORDER BY {q('id')}", ids)
        rows = cur.fetchall()
    for part_id, key, kind, data in rows:
        keys[part_id].add(key)
        states[part_id].apply(kind, json.loads(data) if isinstance(data, (str, bytes)) else data)
    return states, keys


def _rate_for(rows: list[CommissionRate], category: str) -> tuple[CommissionRate | None, Decimal]:
    best = None
    for r in rows:  # newest first
        if r.category == category:
            return r, r.rate_percent
        if best is None and r.category == "default":
            best = r
    return (best, best.rate_percent) if best else (None, FALLBACK_RATE)


class RatesInForce:
    """The commission rates in force on one day: ``get(category) → (row | None, rate)``."""

    def __init__(self, on: date, rows: list[CommissionRate]):
        self.on, self._rows, self._memo = on, rows, {}

    def get(self, category: str) -> tuple[CommissionRate | None, Decimal]:
        if category not in self._memo:
            self._memo[category] = _rate_for(self._rows, category)
        return self._memo[category]


_RATES_VERSION_KEY = "ledger:commission-rates:version"
_rates_cache: dict[tuple[date, object], RatesInForce] = {}


def clear_commission_rates_cache() -> None:
    """Forget the cached rates, here and (through the shared cache's version) in every process —
    called when an operator saves or deletes a rate."""
    _rates_cache.clear()
    try:
        cache.set(_RATES_VERSION_KEY, time.time_ns(), None)
    except Exception:  # the cache being down never blocks a rate change; this process is cleared
        pass


def commission_rates_in_force(on: date | None = None) -> RatesInForce:
    """The rates in force on ``on`` (today), cached per process and day: rates change rarely, and
    saving or deleting one clears the cache (``clear_commission_rates_cache``, also through the
    shared cache's version for other processes)."""
    on = on or timezone.localdate()
    try:
        version = cache.get(_RATES_VERSION_KEY)
    except Exception:
        version = None
    key = (on, version)
    rates = _rates_cache.get(key)
    if rates is None:
        rows = list(CommissionRate.objects.filter(effective_from__lte=on).order_by("-effective_from", "-id"))
        if len(_rates_cache) > 32:
            _rates_cache.clear()
        rates = _rates_cache[key] = RatesInForce(on, rows)
    return rates


def commission_rate_in_force(category: str, on: date | None = None) -> tuple[CommissionRate | None, Decimal]:
    """The rate for ``category`` on ``on`` (today): the newest row of that category in force, else
    the newest ``default`` row, else ``FALLBACK_RATE``."""
    return commission_rates_in_force(on).get(category)


@dataclass(frozen=True)
class LineMoney:
    """One order line as the farm sees it (US dollars)."""

    line_id: int
    title: str
    quantity: int
    category: str
    gross: Decimal
    rate_percent: Decimal
    commission: Decimal
    net: Decimal
    recorded: bool  # False: the farm has not accepted yet — today's rate, indicative


def line_breakdown(merchant_order: MerchantOrder) -> list[LineMoney]:
    """Each line's gross → commission → net: as recorded at acceptance, or (not accepted yet) at
    the rate in force today."""

    recorded = {c.line_id: c for c in LineCommission.objects.filter(line__merchant_order=merchant_order)}
    out = []
    for line in merchant_order.lines.all().order_by("id"):
        c = recorded.get(line.pk)
        if c is not None:
            gross, rate, comm = c.gross_minor, c.rate_percent, c.commission_minor
        else:
            gross = to_minor(line.unit_price_usd * line.quantity, "USD")
            _row, rate = commission_rate_in_force(line.tax_category)
            comm = commission_minor(gross, rate)
        out.append(LineMoney(line_id=line.pk, title=line.title_en, quantity=line.quantity, category=line.tax_category,
                             gross=from_minor(gross, "USD"), rate_percent=rate, commission=from_minor(comm, "USD"),
                             net=from_minor(gross - comm, "USD"), recorded=c is not None))
    return out
