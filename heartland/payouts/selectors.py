"""Reads for payouts: the settings, each farm's balances (pending, delivered, held back, payable),
its orders' gross → commission → net, its payouts and its monthly statement."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Max, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from heartland.ledger.math import accounts as A
from heartland.ledger.models import JournalEntry, LineCommission, Posting

from .models import BankAccount, Payout, PayoutSettings

__all__ = ["FarmBalance", "farm_balance", "farm_balances", "payout_settings", "statement", "part_breakdowns",
           "payouts_for", "bank_account_for"]


def payout_settings() -> PayoutSettings:
    obj, _ = PayoutSettings.objects.get_or_create(pk=1)
    return obj


def holdback_minor(net_minor: int, percent: Decimal) -> int:
    """``percent`` of ``net_minor`` cents, rounded half up, exactly (integers)."""
    if net_minor <= 0:
        return 0
    basis = int((percent * 100).to_integral_value())  # hundredths of a percent
    return (net_minor * basis + 5000) // 10000


@dataclass
class FarmBalance:
    """What Heartland owes a farm, in US cents (positive = owed to the farm)."""

    merchant_id: int
    pending: int = 0          # parts accepted, not yet delivered
    delivered: int = 0        # parts delivered, less what was paid out
    held: int = 0             # the holdback on parts still inside their return window
    through_entry_id: int = 0  # the newest ledger entry on the delivered account
    held_parts: list[tuple[int, int]] = field(default_factory=list)  # (merchant order id, held cents)

    @property
    def payable(self) -> int:
        return max(0, self.delivered - self.held)

    @property
    def total(self) -> int:
        return self.pending + self.delivered


def farm_balances(*, now: datetime | None = None, merchant_ids: list[int] | None = None,
                  settings: PayoutSettings | None = None) -> dict[int, FarmBalance]:
    """Every farm's balances in three queries (the farm accounts, the parts still in their return
    window, and what those parts hold back)."""
    now = now or timezone.now()
    settings = settings or payout_settings()
    postings = Posting.objects.filter(currency="USD", account__merchant__isnull=False,
                                      account__name__startswith=A.FARM_PREFIX)
    if merchant_ids is not None:
        postings = postings.filter(account__merchant_id__in=merchant_ids)
    out: dict[int, FarmBalance] = {}
    for mid, name, total, last in (postings.values_list("account__merchant_id", "account__name")
                                   .annotate(s=Sum("amount_minor"), last=Max("entry_id"))
                                   .values_list("account__merchant_id", "account__name", "s", "last")):
        b = out.setdefault(mid, FarmBalance(merchant_id=mid))
        if name == A.farm_pending(mid):
            b.pending = -int(total or 0)
        elif name == A.farm_delivered(mid):
            b.delivered = -int(total or 0)
            b.through_entry_id = int(last or 0)
    percent = settings.holdback_percent
    if percent > 0 and out:
        since = now - timedelta(days=settings.return_window_days)
        recent = JournalEntry.objects.filter(kind="delivered", occurred_at__gt=since, occurred_at__lte=now)
        if merchant_ids is not None:
            recent = recent.filter(merchant_id__in=merchant_ids)
        per_part = (Posting.objects.filter(entry__merchant_order__in=Subquery(recent.values("merchant_order_id")),
                                           account__name__endswith=":" + A.DELIVERED, currency="USD")
                    .values_list("account__merchant_id", "entry__merchant_order_id")
                    .annotate(s=Sum("amount_minor")).values_list("account__merchant_id", "entry__merchant_order_id",
                                                                 "s"))
        for mid, mo_id, total in per_part:
            held = holdback_minor(-int(total or 0), percent)
            if held and mid in out:
                out[mid].held += held
                out[mid].held_parts.append((mo_id, held))
    return out


def farm_balance(merchant, *, now: datetime | None = None) -> FarmBalance:
    mid = merchant if isinstance(merchant, int) else merchant.pk
    return farm_balances(now=now, merchant_ids=[mid]).get(mid) or FarmBalance(merchant_id=mid)


def bank_account_for(merchant) -> BankAccount | None:
    return BankAccount.objects.filter(merchant=merchant).first()


def payouts_for(merchant):
    return Payout.objects.filter(merchant=merchant).select_related("run").order_by("-created_at", "-id")


@dataclass(frozen=True)
class PartMoney:
    number: str
    status: str
    created_at: datetime
    gross_minor: int
    commission_minor: int
    net_minor: int
    owed_minor: int  # what the ledger owes the farm for the part now (refunds taken off)


def part_breakdowns(merchant, *, limit: int = 50) -> list[PartMoney]:
    """The farm's latest accepted parts: gross → commission → net (US cents, at acceptance) and
    what is owed for each now."""
    from heartland.orders.models import MerchantOrder

    rows = (LineCommission.objects.filter(line__merchant_order__merchant=merchant)
            .values("line__merchant_order_id")
            .annotate(g=Sum("gross_minor"), c=Sum("commission_minor"), n=Sum("net_minor")))
    money = {r["line__merchant_order_id"]: r for r in rows}
    if not money:
        return []
    parts = MerchantOrder.objects.filter(pk__in=money).order_by("-created_at", "-id")[:limit]
    owed = dict(Posting.objects.filter(entry__merchant_order__in=[p.pk for p in parts], currency="USD",
                                       account__merchant=merchant)
                .values_list("entry__merchant_order_id").annotate(s=Sum("amount_minor"))
                .values_list("entry__merchant_order_id", "s"))
    return [PartMoney(number=p.number, status=p.status, created_at=p.created_at, gross_minor=int(money[p.pk]["g"]),
                      commission_minor=int(money[p.pk]["c"]), net_minor=int(money[p.pk]["n"]),
                      owed_minor=-int(owed.get(p.pk) or 0)) for p in parts]


# --- the monthly statement ----------------------------------------------------------------------------

@dataclass(frozen=True)
class StatementLine:
    occurred_at: datetime
    description: str
    reference: str
    kind: str
    amount_minor: int   # + owed to the farm, − paid out or taken back
    balance_minor: int


@dataclass
class Statement:
    merchant: object
    year: int
    month: int
    opening_minor: int
    closing_minor: int
    lines: list[StatementLine]

    @property
    def period(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def total(self, kind: str) -> int:
        return sum(line.amount_minor for line in self.lines if line.kind == kind)


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    if not (1 <= month <= 12 and 2000 <= year <= 2999):
        raise ValueError("no such month")
    start = datetime.combine(date(year, month, 1), time.min, tzinfo=timezone.get_current_timezone())
    end_day = date(year + (month == 12), month % 12 + 1, 1)
    return start, datetime.combine(end_day, time.min, tzinfo=timezone.get_current_timezone())


def statement(merchant, *, year: int, month: int) -> Statement:
    """Every ledger entry on the farm's accounts in the month (US cents; + owed to the farm), with
    the running balance from the opening balance."""
    start, end = month_bounds(year, month)
    farm = Q(account__merchant=merchant, currency="USD", account__name__startswith=A.FARM_PREFIX)
    opening = -(Posting.objects.filter(farm, entry__occurred_at__lt=start).aggregate(s=Sum("amount_minor"))["s"] or 0)
    # one line per entry: a delivery moves money between the farm's own accounts (nets to zero)
    rows = (Posting.objects.filter(farm, entry__occurred_at__gte=start, entry__occurred_at__lt=end)
            .values("entry_id").annotate(s=Sum("amount_minor"))
            .annotate(occurred_at=Subquery(JournalEntry.objects.filter(pk=OuterRef("entry_id")).values("occurred_at")))
            .order_by("occurred_at", "entry_id"))
    entries = JournalEntry.objects.select_related("merchant_order").in_bulk([r["entry_id"] for r in rows])
    lines, running = [], opening
    for r in rows:
        e = entries[r["entry_id"]]
        amount = -int(r["s"] or 0)
        running += amount
        ref = e.merchant_order.number if e.merchant_order_id else e.key
        lines.append(StatementLine(occurred_at=e.occurred_at, description=e.memo, reference=ref, kind=e.kind,
                                   amount_minor=amount, balance_minor=running))
    return Statement(merchant=merchant, year=year, month=month, opening_minor=opening, closing_minor=running,
                     lines=lines)
