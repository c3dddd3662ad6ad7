"""Payable balances (holdback until the return window closes, the minimum), payout runs (the NACHA
file, the ledger entry), and the fault tests: a run killed half-way and run again neither pays
twice nor skips anyone."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from heartland.core.errors import DomainError
from heartland.ledger import selectors as ledger_selectors
from heartland.ledger.math import accounts as A
from heartland.ledger.models import JournalEntry
from heartland.payouts import services
from heartland.payouts.ach import parse_file
from heartland.payouts.models import BankAccount, Payout, PayoutRun, RunStatus
from heartland.payouts.selectors import farm_balance, holdback_minor, payout_settings

from .helpers import add_bank, delivered_part

pytestmark = pytest.mark.django_db
LATER = timedelta(days=30)


def _net(mo) -> int:
    return -ledger_selectors.balance(A.farm_delivered(mo.merchant_id), "USD")


def test_bank_details_are_checked_encrypted_and_masked():
    mo = delivered_part()
    with pytest.raises(DomainError) as exc:
        add_bank(mo.merchant, routing="011000016")
    assert exc.value.field == "routing_number"
    with pytest.raises(DomainError):
        add_bank(mo.merchant, account="12ab")
    bank = add_bank(mo.merchant, account="000123456789")
    row = BankAccount.objects.get(pk=bank.pk)
    assert "000123456789" not in row.account_number_encrypted and "011000015" not in row.routing_number_encrypted
    assert row.account_number() == "000123456789" and row.routing_number() == "011000015"
    assert row.account_masked.endswith("6789") and "1234" not in row.account_masked


def test_the_holdback_stays_until_the_return_window_closes():
    s = payout_settings()
    s.holdback_percent, s.return_window_days = Decimal("20"), 14
    s.save()
    mo = delivered_part(usd="100.00")
    net = _net(mo)
    assert net == 8800  # $100 less 12 % commission
    now = farm_balance(mo.merchant)
    assert (now.delivered, now.held, now.payable) == (net, holdback_minor(net, Decimal(20)), net - 1760)
    later = farm_balance(mo.merchant, now=timezone.now() + timedelta(days=15))
    assert (later.held, later.payable) == (0, net)


@pytest.mark.parametrize("net,pct,held", [(8800, "20", 1760), (1, "50", 1), (3, "33.33", 1), (0, "20", 0),
                                          (-50, "20", 0), (999, "100", 999)])
def test_holdback_rounds_half_up_in_integers(net, pct, held):
    assert holdback_minor(net, Decimal(pct)) == held


def test_a_run_pays_every_farm_due_once_and_writes_a_valid_file(tmp_path):
    s = payout_settings()
    s.minimum_payout_minor = 1500
    s.save()
    a, b, small, nobank = (delivered_part(usd=u) for u in ("100.00", "250.00", "10.00", "80.00"))
    for mo in (a, b, small):
        add_bank(mo.merchant)
    out = StringIO()
    call_command("run_payouts", "--out", str(tmp_path), stdout=out)  # today: 80 % (the holdback stays)
    first = {p.merchant_id: p.amount_minor for p in Payout.objects.all()}
    assert first == {a.merchant_id: 7040, b.merchant_id: 17600}  # small's $7.04 is below the $15 minimum
    assert "Run" in out.getvalue() and "Farm" in out.getvalue()
    outcome = services.run_payouts(out_dir=tmp_path, now=timezone.now() + LATER)  # the window closed
    assert outcome.skipped_no_bank == [nobank.merchant_id]
    assert {p.merchant_id: p.amount_minor for p in outcome.runs[0].payouts.all()} == {
        a.merchant_id: 1760, b.merchant_id: 4400}  # small's $8.80 still below the minimum
    assert outcome.below_minimum == 1
    for mo in (a, b):
        assert _net(mo) == 0  # paid in full: the farm's net, no more, no less
    assert _net(small) == 880
    files = sorted(tmp_path.glob("*.ach"))
    assert len(files) == 2 and not list(tmp_path.glob("*.part"))
    parsed = [parse_file(f.read_text()) for f in files]
    assert sum(p.control["credit_cents"] for p in parsed) == 7040 + 17600 + 1760 + 4400
    assert {e.account_number for f in parsed for e in f.entries} == {"000123456789"}
    again = services.run_payouts(out_dir=tmp_path, now=timezone.now() + LATER)
    assert again.runs == [] and Payout.objects.count() == 4
    assert ledger_selectors.totals_by_currency().get("USD", 0) == 0


def test_dry_run_records_nothing(tmp_path):
    add_bank(delivered_part(usd="100.00").merchant)
    out = StringIO()
    call_command("run_payouts", "--dry-run", "--out", str(tmp_path), stdout=out)
    assert "would be paid $70.40" in out.getvalue()
    assert PayoutRun.objects.count() == 0 and not list(tmp_path.iterdir())


def _farms(n=3):
    mos = [delivered_part(usd=f"{100 + i}.00", delivered_at=timezone.now() - LATER) for i in range(n)]
    for mo in mos:
        add_bank(mo.merchant)
    return mos


def _paid_once(mos, files):
    entries = [e for f in files for e in parse_file(f.read_text()).entries]
    per_farm = {}
    for e in entries:
        per_farm[e.identification] = per_farm.get(e.identification, 0) + 1
    assert per_farm == {f"HL{mo.merchant_id}": 1 for mo in mos}, per_farm
    assert Payout.objects.count() == len(mos)
    assert JournalEntry.objects.filter(kind="payout").count() == len(mos)
    assert all(_net(mo) == 0 for mo in mos)


def test_killed_after_recording_before_the_file_the_rerun_writes_it_and_pays_nobody_twice(tmp_path, monkeypatch):
    mos = _farms()
    real = services.write_run_file

    def killed(**kw):
        raise SystemExit("killed")
    monkeypatch.setattr(services, "write_run_file", killed)
    with pytest.raises(SystemExit):
        services.run_payouts(out_dir=tmp_path)
    assert PayoutRun.objects.get().status == RunStatus.RECORDED and not list(tmp_path.iterdir())
    monkeypatch.setattr(services, "write_run_file", real)
    outcome = services.run_payouts(out_dir=tmp_path)
    assert len(outcome.finished) == 1 and outcome.runs == []
    assert PayoutRun.objects.get().status == RunStatus.WRITTEN
    _paid_once(mos, list(tmp_path.glob("*.ach")))


def test_killed_after_writing_the_file_before_marking_it_the_rerun_writes_the_same_bytes(tmp_path, monkeypatch):
    mos = _farms()
    real_replace = services.os.replace

    def replace_then_die(src, dst):
        real_replace(src, dst)
        raise SystemExit("killed")
    monkeypatch.setattr(services.os, "replace", replace_then_die)
    with pytest.raises(SystemExit):
        services.run_payouts(out_dir=tmp_path)
    (first,) = tmp_path.glob("*.ach")
    before = first.read_bytes()
    assert PayoutRun.objects.get().status == RunStatus.RECORDED
    monkeypatch.setattr(services.os, "replace", real_replace)
    services.run_payouts(out_dir=tmp_path)
    (again,) = tmp_path.glob("*.ach")
    assert again.read_bytes() == before  # the same file, not a second payment
    _paid_once(mos, [again])


def test_killed_while_recording_nothing_is_recorded_and_the_rerun_pays_everyone(tmp_path, monkeypatch):
    mos = _farms()
    from heartland.ledger import services as ledger
    real, calls = ledger.post_entry, []

    def dies_on_second(**kw):
        calls.append(kw["key"])
        if len(calls) == 2:
            raise SystemExit("killed")
        return real(**kw)
    monkeypatch.setattr(ledger, "post_entry", dies_on_second)
    with pytest.raises(SystemExit):
        services.run_payouts(out_dir=tmp_path)
    assert PayoutRun.objects.count() == 0 and JournalEntry.objects.filter(kind="payout").count() == 0
    monkeypatch.setattr(ledger, "post_entry", real)
    services.run_payouts(out_dir=tmp_path)
    _paid_once(mos, list(tmp_path.glob("*.ach")))


def test_a_balance_is_never_paid_under_the_same_key_twice(tmp_path):
    (mo,) = _farms(1)
    planned, _, _ = services.plan_payouts()
    services.run_payouts(out_dir=tmp_path)
    # a stale plan (the same farm and entry set) posted again is refused, not paid
    from heartland.ledger import services as ledger
    from heartland.ledger.math import Posting
    entry = ledger.post_entry(key=f"payout:{planned[0].key}", memo="again", postings=[
        Posting(A.farm_delivered(mo.merchant_id), "USD", 1), Posting(A.BANK_USD, "USD", -1)])
    assert entry.created is False


def test_a_run_meeting_a_balance_paid_meanwhile_records_nothing_and_pays_nobody(tmp_path):
    mos = _farms(3)
    planned, _, _ = services.plan_payouts()
    from heartland.core.errors import DomainError
    from heartland.ledger import services as ledger
    from heartland.ledger.math import Posting
    # the second farm's payout key is taken meanwhile (as by a concurrent run that planned the
    # same balance; here on other accounts, so that this run plans exactly the same)
    ledger.post_entry(key=f"payout:{planned[1].key}", memo="paid meanwhile", postings=[
        Posting(A.CLEARING, "USD", 1), Posting(A.BANK_USD, "USD", -1)])
    assert [p.key for p in services.plan_payouts()[0]] == [p.key for p in planned]
    with pytest.raises(DomainError, match="already paid"):
        services.run_payouts(out_dir=tmp_path)
    assert PayoutRun.objects.count() == 0 and Payout.objects.count() == 0
    assert JournalEntry.objects.filter(kind="payout").count() == 0  # only the one posted meanwhile ("manual")
    assert not list(tmp_path.glob("*.ach"))
    assert all(_net(mo) > 0 for mo in mos if mo.merchant_id != planned[1].merchant_id)
