"""Reconciling the provider's settlement file: every trade matched and posted once (FX against
the locked rate to gain/loss, never to the farm); a missing trade, an extra trade and a wrong
amount listed for an operator; the same file again changes nothing."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from heartland.ledger import selectors as ledger_selectors
from heartland.ledger.math import accounts as A
from heartland.ledger.models import JournalEntry
from heartland.ledger.tests.factories import make_order
from heartland.payments.models import Payment
from heartland.payments.wire import BEIJING
from heartland.payouts import services
from heartland.payouts.models import DifferenceKind, SettledTrade, SettlementDifference, SettlementImport

pytestmark = pytest.mark.django_db
PAID = datetime(2025, 3, 14, 10, 0, tzinfo=BEIJING)
HEADER = "trade_id,gross,fee,refund,net,currency,settlement_rate,settlement_date\n"


def _payment(trade_no, *, usd="100.00", refunded="0"):
    order = make_order(rate=Decimal("7.3"), parts=[{"lines": [(Decimal(usd), 1, "general")]}], status="paid")
    status = "partially_refunded" if Decimal(refunded) else "paid"
    return Payment.objects.create(
        reference=f"PAY{trade_no}", purpose_reference=order.number, subject="x", amount=order.total,
        currency="CNY", provider="sandbox", status=status, provider_trade_no=trade_no, paid_at=PAID,
        payer_name="张伟", idempotency_key=f"k{trade_no}", refunded_amount=Decimal(refunded))


def _row(trade, gross, fee, refund, net, rate="7.20"):
    return f"{trade},{gross},{fee},{refund},{net},CNY,{rate},2025-03-14\n"


def test_matched_missing_extra_and_wrong_amount():
    ok = _payment("T-OK")            # 730.00 CNY
    wrong = _payment("T-WRONG")
    missing = _payment("T-MISSING")
    content = (HEADER + _row("T-OK", "730.00", "4.38", "0.00", "725.62")
               + _row("T-WRONG", "731.00", "4.38", "0.00", "726.62")
               + _row("T-EXTRA", "10.00", "0.06", "0.00", "9.94")
               + "T-BAD,abc,0,0,0,CNY,7.2,2025-03-14\n").encode()
    imp, created = services.import_settlement(content=content, file_name="2025-03-14.csv")
    assert created and (imp.rows, imp.matched, imp.differences) == (4, 1, 4)
    kinds = {(d.kind, d.trade_id) for d in SettlementDifference.objects.all()}
    assert kinds == {(DifferenceKind.WRONG_AMOUNT, "T-WRONG"), (DifferenceKind.EXTRA, "T-EXTRA"),
                     (DifferenceKind.MISSING, "T-MISSING"), (DifferenceKind.INVALID, "T-BAD")}
    assert SettlementDifference.objects.get(kind=DifferenceKind.MISSING).payment == missing
    assert "gross 73100" in SettlementDifference.objects.get(trade_id="T-WRONG").detail
    trade = SettledTrade.objects.get()
    assert trade.payment == ok and trade.entry.key == "settlement:sandbox:T-OK"
    # 730 CNY locked at 7.3 = $100.00; received 725.62 / 7.20 = $100.78, fee 4.38 / 7.20 = $0.61
    assert (trade.locked_usd_minor, trade.received_usd_minor, trade.fee_usd_minor) == (10000, 10078, 61)
    assert trade.fx_gain_minor == 10000 - 10078 - 61
    assert ledger_selectors.balance(A.FX_GAIN_LOSS, "USD") == -139  # a gain (credit), Heartland's
    assert ledger_selectors.balance(A.BANK_USD, "USD") == 10078
    assert ledger_selectors.balance(A.CLEARING, "CNY") == -73000
    assert not JournalEntry.objects.filter(kind="settlement", merchant__isnull=False).exists()
    assert all(v == 0 for v in ledger_selectors.totals_by_currency().values())
    assert wrong.pk not in SettledTrade.objects.values_list("payment_id", flat=True)

    # the same file again: nothing changes
    again, created = services.import_settlement(content=content, file_name="copy.csv")
    assert not created and again == imp
    assert (SettlementImport.objects.count(), SettledTrade.objects.count(),
            SettlementDifference.objects.count(), JournalEntry.objects.filter(kind="settlement").count()) == (1, 1, 4, 1)

    # another file with the same trade: a duplicate, never settled twice
    other, _ = services.import_settlement(content=(HEADER + _row("T-OK", "730.00", "4.38", "0.00", "725.62")
                                                   + _row("T-OK", "730.00", "4.38", "0.00", "725.62")).encode(),
                                          file_name="later.csv")
    assert other.matched == 0
    assert sorted(other.difference_rows.values_list("kind", "trade_id")) == [
        ("duplicate", "T-OK"), ("duplicate", "T-OK"), ("missing", "T-MISSING"), ("missing", "T-WRONG")]  # still open
    assert JournalEntry.objects.filter(kind="settlement").count() == 1


def test_a_refund_is_settled_net_of_it_and_the_command_lists_differences(tmp_path):
    _payment("T-R", refunded="100.00")
    path = tmp_path / "s.csv"
    path.write_text(HEADER + _row("T-R", "730.00", "3.78", "100.00", "626.22") + _row("T-X", "1.00", "0", "0", "1.00"))
    out = StringIO()
    call_command("import_settlement", str(path), stdout=out)
    assert "2 row(s), 1 matched, 1 difference(s)" in out.getvalue()
    assert "Extra" in out.getvalue() and "T-X" in out.getvalue()
    trade = SettledTrade.objects.get()
    assert trade.locked_usd_minor == 8630  # 630.00 CNY at 7.3
    out = StringIO()
    call_command("import_settlement", str(path), stdout=out)
    assert "Already imported" in out.getvalue() and SettledTrade.objects.count() == 1


def test_a_file_without_the_columns_is_refused():
    from heartland.core.errors import DomainError
    with pytest.raises(DomainError):
        services.import_settlement(content=b"trade,amount\n1,2\n", file_name="x.csv")
    assert SettlementImport.objects.count() == 0
