"""Writes for payouts: bank details, the settlement import and payout runs. Keyword-only, one
transaction each; ``DomainError`` for anything a person typed wrong.

A payout is never made twice: a run records its payouts and posts them to the ledger (farm's
delivered account → bank) in ONE transaction before any file exists, each payout under a unique
key (the farm and the newest ledger entry its balance included). The file is then written from
those rows — the same bytes every time — and the run marked written. Killed before the record
commits: nothing happened, the next run pays everyone. Killed after: the next run first writes
(or rewrites, identically) the unfinished run's file, and finds those farms' balances already
paid.
"""
from __future__ import annotations

import csv
import hashlib
import io
import logging
import os
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings as django_settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from heartland.core.crypto import encrypt
from heartland.core.errors import DomainError
from heartland.landedcost.money import minor_units
from heartland.ledger import batch as ledger_batch
from heartland.ledger import selectors as ledger_selectors
from heartland.ledger import services as ledger
from heartland.ledger.math import Posting, to_minor, to_usd_minor
from heartland.ledger.math import accounts as A
from heartland.ledger.math import events as E
from heartland.merchants.models import Merchant
from heartland.orders.models import Order
from heartland.payments.models import Payment
from heartland.payments.states import PAID_STATES
from heartland.payments.wire import BEIJING

from . import ach, selectors
from .models import (
    AccountType,
    BankAccount,
    DifferenceKind,
    Payout,
    PayoutRun,
    PayoutSettings,
    RunStatus,
    SettledTrade,
    SettlementDifference,
    SettlementImport,
)

log = logging.getLogger("heartland.payouts")

FILE_ID_MODIFIERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


# --- bank details -------------------------------------------------------------------------------------

def save_bank_account(*, merchant: Merchant, by, holder_name: str, account_type: str, routing_number: str,
                      account_number: str) -> BankAccount:
    """Set (or replace) where the farm is paid. The routing number must pass its checksum."""
    routing_number = (routing_number or "").strip()
    account_number = (account_number or "").replace(" ", "").replace("-", "")
    holder_name = " ".join((holder_name or "").split())
    if not ach.is_valid_routing_number(routing_number):
        raise DomainError("routing_number", "This is not a valid US routing number (nine digits, checksum).",
                          field="routing_number")
    if not (4 <= len(account_number) <= 17 and account_number.isascii() and account_number.isdigit()):
        raise DomainError("account_number", "An account number is 4 to 17 digits.", field="account_number")
    if not holder_name or len(holder_name) > 100:
        raise DomainError("holder_name", "Give the account holder's name (up to 100 characters).",
                          field="holder_name")
    if account_type not in AccountType.values:
        raise DomainError("account_type", "Choose checking or savings.", field="account_type")
    with transaction.atomic():
        account, _ = BankAccount.objects.select_for_update().get_or_create(
            merchant=merchant, defaults={"holder_name": holder_name, "routing_number_encrypted": "",
                                         "account_number_encrypted": ""})
        account.holder_name = holder_name
        account.account_type = account_type
        account.routing_number_encrypted = encrypt(routing_number)
        account.account_number_encrypted = encrypt(account_number)
        account.routing_last4 = routing_number[-4:]
        account.account_last4 = account_number[-4:]
        account.updated_by = by if getattr(by, "pk", None) else None
        account.save()
    log.info("bank details changed for merchant %s by %s", merchant.pk, getattr(by, "pk", None))
    return account


def update_settings(*, values: dict) -> PayoutSettings:
    obj = selectors.payout_settings()
    for key, value in values.items():
        setattr(obj, key, value)
    obj.full_clean()
    obj.save()
    return obj


# --- settlement ---------------------------------------------------------------------------------------

COLUMNS = ("trade_id", "gross", "fee", "refund", "net", "currency", "settlement_rate", "settlement_date")


@dataclass
class SettlementRow:
    number: int
    trade_id: str
    currency: str
    gross: int
    fee: int
    refund: int
    net: int
    rate: Decimal
    settled_on: date


def _parse_row(number: int, raw: dict[str, str]) -> SettlementRow:
    currency = (raw.get("currency") or "").strip().upper()
    try:
        minor_units(currency)
    except Exception:
        raise ValueError(f"unknown currency {currency!r}") from None

    def amount(name: str) -> int:
        try:
            value = Decimal((raw.get(name) or "").strip())
        except InvalidOperation:
            raise ValueError(f"{name} is not an amount") from None
        if value != value.quantize(Decimal(1).scaleb(-minor_units(currency))):
            raise ValueError(f"{name} has more decimals than {currency} allows")
        return to_minor(value, currency)

    try:
        rate = Decimal((raw.get("settlement_rate") or "").strip())
    except InvalidOperation:
        raise ValueError("settlement_rate is not a number") from None
    if not rate.is_finite() or rate <= 0:
        raise ValueError("settlement_rate must be positive")
    try:
        settled_on = date.fromisoformat((raw.get("settlement_date") or "").strip())
    except ValueError:
        raise ValueError("settlement_date is not YYYY-MM-DD") from None
    trade_id = (raw.get("trade_id") or "").strip()
    if not trade_id or len(trade_id) > 64:
        raise ValueError("no trade id")
    return SettlementRow(number=number, trade_id=trade_id, currency=currency, gross=amount("gross"), fee=amount("fee"),
                         refund=amount("refund"), net=amount("net"), rate=rate, settled_on=settled_on)


def _paid_on(moment: datetime | None) -> date | None:
    return moment.astimezone(BEIJING).date() if moment else None


def import_settlement(*, content: bytes, file_name: str, provider: str = "sandbox", by=None
                      ) -> tuple[SettlementImport, bool]:
    """Reconcile one settlement file against our payments and post each matched trade's settlement
    (shopper's currency → USD at the provider's rate; the difference from the locked rate to FX
    gain/loss). Differences are recorded for an operator. The same file imported again changes
    nothing (``created`` False); a trade is never settled twice."""
    sha = hashlib.sha256(content).hexdigest()
    existing = SettlementImport.objects.filter(sha256=sha).first()
    if existing is not None:
        return existing, False
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError("settlement_file", "The settlement file is not UTF-8 text.") from None
    if "\x00" in text:
        raise DomainError("settlement_file", "The settlement file contains NUL characters.")
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise DomainError("settlement_file", f"The settlement file lacks the columns: {', '.join(missing)}.")
    reader.fieldnames = header
    with transaction.atomic():
        imp = SettlementImport.objects.create(provider=provider, file_name=file_name[:200], sha256=sha,
                                              imported_by=by if getattr(by, "pk", None) else None)
        differences: list[SettlementDifference] = []
        seen: set[str] = set()
        dates: set[date] = set()
        rows = matched = 0

        def differ(kind, detail, *, trade_id="", payment=None, row=None):
            differences.append(SettlementDifference(settlement_import=imp, kind=kind, trade_id=trade_id,
                                                    payment=payment, row_number=row, detail=detail))

        for number, raw in enumerate(reader, start=2):
            rows += 1
            try:
                row = _parse_row(number, raw)
            except ValueError as exc:
                differ(DifferenceKind.INVALID, f"row {number}: {exc}", trade_id=(raw.get("trade_id") or "")[:64],
                       row=number)
                continue
            dates.add(row.settled_on)
            if row.trade_id in seen:
                differ(DifferenceKind.DUPLICATE, "listed twice in this file", trade_id=row.trade_id, row=number)
                continue
            seen.add(row.trade_id)
            payment = Payment.objects.filter(provider=provider, provider_trade_no=row.trade_id).first()
            if payment is None:
                differ(DifferenceKind.EXTRA, f"no payment here has trade id {row.trade_id}", trade_id=row.trade_id,
                       row=number)
                continue
            if SettledTrade.objects.filter(provider=provider, trade_id=row.trade_id).exists():
                differ(DifferenceKind.DUPLICATE, "already settled by an earlier file", trade_id=row.trade_id,
                       payment=payment, row=number)
                continue
            problems = _compare(row, payment)
            if problems:
                differ(DifferenceKind.WRONG_AMOUNT, "; ".join(problems), trade_id=row.trade_id, payment=payment,
                       row=number)
                continue
            _settle(imp=imp, provider=provider, row=row, payment=payment)
            matched += 1
        settled = set(SettledTrade.objects.filter(provider=provider).values_list("trade_id", flat=True))
        if dates:
            lo, hi = min(dates), max(dates)
            window = Q(paid_at__gte=datetime.combine(lo, datetime.min.time(), tzinfo=BEIJING) ,
                       paid_at__lt=datetime.combine(hi + timedelta(days=1), datetime.min.time(), tzinfo=BEIJING))
            for p in (Payment.objects.filter(window, provider=provider).exclude(provider_trade_no="")
                      .order_by("paid_at", "pk")):
                if _paid_on(p.paid_at) in dates and p.provider_trade_no not in seen | settled:
                    differ(DifferenceKind.MISSING, f"{p.reference} ({p.money_text}) was paid on {_paid_on(p.paid_at)} "
                           f"and is not in the file", trade_id=p.provider_trade_no, payment=p)
        SettlementDifference.objects.bulk_create(differences)
        imp.rows, imp.matched, imp.differences = rows, matched, len(differences)
        imp.settlement_dates = ", ".join(d.isoformat() for d in sorted(dates))[:200]
        imp.save(update_fields=["rows", "matched", "differences", "settlement_dates"])
    return imp, True


def _compare(row: SettlementRow, payment: Payment) -> list[str]:
    problems = []
    if row.currency != payment.currency:
        return [f"currency {row.currency}, the payment is in {payment.currency}"]
    expected_gross = to_minor(payment.amount, payment.currency)
    expected_refund = to_minor(payment.refunded_amount, payment.currency)
    if payment.status not in PAID_STATES:
        problems.append(f"the payment is {payment.status}, not paid")
    if row.gross != expected_gross:
        problems.append(f"gross {row.gross} ≠ {expected_gross} paid (minor units)")
    if row.refund != expected_refund:
        problems.append(f"refund {row.refund} ≠ {expected_refund} refunded (minor units)")
    if row.net != row.gross - row.fee - row.refund:
        problems.append(f"net {row.net} ≠ gross − fee − refund ({row.gross - row.fee - row.refund})")
    if row.fee < 0 or row.fee > row.gross:
        problems.append(f"fee {row.fee} out of range")
    return problems


def _usd(amount_minor: int, currency: str, rate: Decimal) -> int:
    if amount_minor < 0:
        return -to_usd_minor(-amount_minor, currency, rate)
    return to_usd_minor(amount_minor, currency, rate)


def _settle(*, imp: SettlementImport, provider: str, row: SettlementRow, payment: Payment) -> SettledTrade:
    order = Order.objects.filter(number=payment.purpose_reference).first()
    settled = row.gross - row.refund
    received = _usd(row.net, row.currency, row.rate)
    fee_usd = _usd(row.fee, row.currency, row.rate)
    split = ledger_selectors.settlement_split(order, settled) if order is not None else None
    locked = split.total_locked_usd if split is not None else received + fee_usd
    postings = E.settlement(currency=row.currency, settled=settled, received_usd=received, fee_usd=fee_usd,
                            locked_usd=split.locked_usd if split is not None else locked,
                            tax=split.tax if split is not None else 0,
                            tax_locked_usd=split.tax_locked_usd if split is not None else 0)
    entry = None
    if any(p.amount_minor for p in postings):
        entry = ledger.post_entry(
            key=f"settlement:{provider}:{row.trade_id}", kind="settlement",
            memo=f"{provider} settlement of {row.trade_id} ({payment.reference}) on {row.settled_on}",
            postings=postings, occurred_at=datetime.combine(row.settled_on, datetime.min.time(), tzinfo=BEIJING),
            order=order,
            data={"rate": str(row.rate), "settled": settled, "received_usd": received, "fee_usd": fee_usd,
                  "locked_usd": locked, "tax": split.tax if split is not None else 0})
    return SettledTrade.objects.create(
        settlement_import=imp, provider=provider, trade_id=row.trade_id, payment=payment, currency=row.currency,
        gross_minor=row.gross, fee_minor=row.fee, refund_minor=row.refund, net_minor=row.net,
        settlement_rate=row.rate, settled_on=row.settled_on, received_usd_minor=received, fee_usd_minor=fee_usd,
        locked_usd_minor=locked, fx_gain_minor=locked - received - fee_usd, entry=entry)


def resolve_difference(*, difference: SettlementDifference, by, resolution: str) -> SettlementDifference:
    resolution = (resolution or "").strip()
    if not resolution:
        raise DomainError("resolution", "Say how the difference was resolved.", field="resolution")
    difference.resolution = resolution[:2000]
    difference.resolved_at = timezone.now()
    difference.resolved_by = by
    difference.save(update_fields=["resolution", "resolved_at", "resolved_by"])
    return difference


# --- payout runs ----------------------------------------------------------------------------------------

@dataclass
class PlannedPayout:
    merchant_id: int
    name: str
    amount_minor: int
    key: str


@dataclass
class RunOutcome:
    dry_run: bool
    planned: list[PlannedPayout] = field(default_factory=list)
    runs: list[PayoutRun] = field(default_factory=list)          # runs recorded now
    finished: list[PayoutRun] = field(default_factory=list)      # unfinished runs whose file was written now
    files: list[Path] = field(default_factory=list)
    skipped_no_bank: list[int] = field(default_factory=list)     # farms owed enough, without bank details
    below_minimum: int = 0


def default_out_dir() -> Path:
    return Path(getattr(django_settings, "HEARTLAND_PAYOUTS_DIR", "") or Path(django_settings.VAR_DIR) / "payouts")


def plan_payouts(*, now: datetime | None = None, settings: PayoutSettings | None = None
                 ) -> tuple[list[PlannedPayout], list[int], int]:
    """Who would be paid now: every farm whose payable balance reaches the minimum and that has
    bank details (in merchant order); the farms skipped for lack of bank details; the number below
    the minimum."""
    settings = settings or selectors.payout_settings()
    balances = selectors.farm_balances(now=now, settings=settings)
    eligible = sorted(mid for mid, b in balances.items()
                      if b.payable > 0 and b.payable >= max(1, settings.minimum_payout_minor))
    below = sum(1 for b in balances.values() if 0 < b.payable < max(1, settings.minimum_payout_minor))
    banked = {mid: b.holder_name for mid, b in _bank_accounts(eligible).items()}
    planned, skipped = [], []
    for mid in eligible:
        if mid not in banked:
            skipped.append(mid)
            continue
        b = balances[mid]
        planned.append(PlannedPayout(merchant_id=mid, name=banked[mid], amount_minor=b.payable,
                                     key=f"{mid}:{b.through_entry_id}"))
    return planned, skipped, below


def _bank_accounts(merchant_ids: list[int]) -> dict[int, BankAccount]:
    """Bank details by merchant (all of them at once for a long list: one query, no huge IN)."""
    rows = BankAccount.objects.all() if len(merchant_ids) > 500 else BankAccount.objects.filter(
        merchant_id__in=merchant_ids)
    wanted = set(merchant_ids)
    return {b.merchant_id: b for b in rows if b.merchant_id in wanted}


def _originator(settings: PayoutSettings) -> dict:
    return {"destination_routing": settings.bank_routing_number, "destination_name": settings.bank_name,
            "origin": settings.origin, "origin_name": settings.origin_name, "company_name": settings.company_name,
            "company_id": settings.company_id, "originating_dfi": settings.bank_routing_number[:8],
            "entry_description": settings.entry_description}


def record_run(*, now: datetime | None = None, started_by: str = "") -> PayoutRun | None:
    """Step one: in one transaction, record a run with a payout for every farm due, and post each
    to the ledger (farm's delivered account → bank). None when nobody is due. Runs are serialized
    by a lock on the settings row; each payout's key is unique, so a balance is paid once."""
    now = now or timezone.now()
    with transaction.atomic():
        settings = PayoutSettings.objects.select_for_update().filter(pk=selectors.payout_settings().pk).get()
        planned, _skipped, _below = plan_payouts(now=now, settings=settings)
        if not planned:
            return None
        origin = _originator(settings)
        ach.Originator(**{k: v for k, v in origin.items() if k != "entry_description"})  # refuse bad settings now
        today = timezone.localdate(now)
        same_day = PayoutRun.objects.filter(created_at__date=today).count()
        run = PayoutRun.objects.create(created_at=now, effective_date=_next_business_day(today),
                                       file_id_modifier=FILE_ID_MODIFIERS[same_day % len(FILE_ID_MODIFIERS)],
                                       originator=origin, started_by=started_by[:120])
        banks = _bank_accounts([p.merchant_id for p in planned])
        rows = []
        with ledger_batch.posting_batch(check_keys=False):  # the entries written together at the end
            ledger.prefetch_accounts([A.BANK_USD] + [A.farm_delivered(p.merchant_id) for p in planned])
            for sequence, p in enumerate(planned, start=1):
                rows.append(_payout_row(run, p, sequence, banks[p.merchant_id], now))
            try:
                with transaction.atomic():
                    ledger.flush_batch()
            except IntegrityError:  # a payout key posted already (a concurrent run): never twice
                raise DomainError("already_paid", "a balance in this run was already paid") from None
        Payout.objects.bulk_create(rows, batch_size=2000)
        run.payout_count = len(rows)
        run.total_minor = sum(r.amount_minor for r in rows)
        run.save(update_fields=["payout_count", "total_minor"])
    return run


def _payout_row(run: PayoutRun, p, sequence: int, bank, now: datetime) -> Payout:
    """One planned payout: its ledger entry (farm's delivered account → bank) and its row."""
    entry = ledger.post_entry(
        key=f"payout:{p.key}", kind="payout", memo=f"Payout run {run.pk} by ACH",
        postings=[Posting(A.farm_delivered(p.merchant_id), "USD", p.amount_minor),
                  Posting(A.BANK_USD, "USD", -p.amount_minor)],
        occurred_at=now, merchant=p.merchant_id, data={"run": run.pk, "amount_usd": p.amount_minor})
    if not entry.created:  # this balance was paid already (a concurrent run): never twice
        raise DomainError("already_paid", f"the balance {p.key} was already paid")
    return Payout(run=run, merchant_id=p.merchant_id, key=p.key, amount_minor=p.amount_minor,
                  holder_name=bank.holder_name, account_type=bank.account_type,
                  routing_number_encrypted=bank.routing_number_encrypted,
                  account_number_encrypted=bank.account_number_encrypted,
                  account_last4=bank.account_last4, sequence=sequence, entry=entry, created_at=now)


def _next_business_day(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def run_file_name(run: PayoutRun) -> str:
    return f"heartland-payouts-{run.created_at:%Y%m%d-%H%M}-{run.file_id_modifier}-run{run.pk}.ach"


def build_run_file(run: PayoutRun) -> str:
    """The run's NACHA file, from its recorded payouts: the same text every time."""
    from heartland.core.crypto import decrypt

    o = dict(run.originator)
    description = o.pop("entry_description", "PAYOUT")
    origin = ach.Originator(**o)
    entries = [ach.Entry(routing_number=decrypt(p.routing_number_encrypted),
                         account_number=decrypt(p.account_number_encrypted), amount_cents=p.amount_minor,
                         name=p.holder_name, identification=f"HL{p.merchant_id}",
                         transaction_code=ach.transaction_code(p.account_type))
               for p in run.payouts.order_by("sequence")]
    return ach.build_file(origin, [ach.Batch(entries=entries, entry_class="CCD", entry_description=description,
                                             effective_date=run.effective_date)],
                          created=timezone.localtime(run.created_at), modifier=run.file_id_modifier,
                          reference=f"RUN{run.pk}"[:8])


def write_run_file(*, run: PayoutRun, out_dir: Path) -> Path:
    """Step two: write the run's file (atomically: a temporary file renamed into place) and mark
    the run written. Writing it again writes the same bytes."""
    content = build_run_file(run).encode("ascii")
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / run_file_name(run)
    tmp = path.with_suffix(".ach.part")
    with open(tmp, "wb") as f:
        f.write(content)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    PayoutRun.objects.filter(pk=run.pk, status=RunStatus.RECORDED).update(
        status=RunStatus.WRITTEN, file_name=path.name, file_sha256=hashlib.sha256(content).hexdigest(),
        written_at=timezone.now())
    run.refresh_from_db()
    return path


def run_payouts(*, out_dir: Path | None = None, dry_run: bool = False, now: datetime | None = None,
                started_by: str = "") -> RunOutcome:
    """Pay every farm due: finish any run whose file was never written, then record a new run and
    write its file. ``dry_run``: say who would be paid; record and write nothing."""
    out_dir = Path(out_dir) if out_dir else default_out_dir()
    outcome = RunOutcome(dry_run=dry_run)
    planned, skipped, below = plan_payouts(now=now)
    outcome.planned, outcome.skipped_no_bank, outcome.below_minimum = planned, skipped, below
    if dry_run:
        return outcome
    for unfinished in PayoutRun.objects.filter(status=RunStatus.RECORDED).order_by("pk"):
        outcome.files.append(write_run_file(run=unfinished, out_dir=out_dir))
        outcome.finished.append(unfinished)
    run = record_run(now=now, started_by=started_by)
    if run is not None:
        outcome.runs.append(run)
        outcome.files.append(write_run_file(run=run, out_dir=out_dir))
    return outcome
