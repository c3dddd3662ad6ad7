"""The sandbox provider's daily settlement file: the trades paid that day (Beijing time), gross,
fee, refund, net, currency, rate."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from heartland.payments.wire import BEIJING
from heartland.sandbox_payments.models import SandboxTrade
from heartland.sandbox_payments.settlement import COLUMNS, settlement_csv

pytestmark = pytest.mark.django_db


def _trade(no, amount, *, currency="CNY", paid=None, refunded="0", status="TRADE_SUCCESS"):
    return SandboxTrade.objects.create(app_id="a", out_trade_no=f"PAY{no}", trade_no=no, cashier_token=f"t{no}",
                                       total_amount=Decimal(amount), currency=currency, status=status,
                                       refunded_amount=Decimal(refunded), gmt_payment=paid)


def test_the_file_lists_the_days_paid_trades_with_fee_refund_and_net(tmp_path):
    _trade("T1", "730.00", paid=datetime(2025, 3, 14, 0, 5, tzinfo=BEIJING))
    _trade("T2", "100.00", paid=datetime(2025, 3, 14, 23, 59, tzinfo=BEIJING), refunded="20.00",
           status="TRADE_SUCCESS")
    _trade("T3", "1000", currency="JPY", paid=datetime(2025, 3, 14, 12, 0, tzinfo=BEIJING))
    _trade("T4", "50.00", paid=datetime(2025, 3, 15, 0, 0, tzinfo=BEIJING))  # the next day
    _trade("T5", "50.00", paid=None, status="WAIT_BUYER_PAY")
    text = settlement_csv(date(2025, 3, 14), rates={"CNY": Decimal("7.25"), "JPY": Decimal("150")})
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == COLUMNS
    assert [r["trade_id"] for r in rows] == ["T1", "T3", "T2"]
    t1, t3, t2 = rows
    assert (t1["gross"], t1["fee"], t1["refund"], t1["net"], t1["currency"], t1["settlement_rate"],
            t1["settlement_date"]) == ("730.00", "4.38", "0.00", "725.62", "CNY", "7.25", "2025-03-14")
    assert (t2["gross"], t2["fee"], t2["refund"], t2["net"]) == ("100.00", "0.48", "20.00", "79.52")
    assert (t3["gross"], t3["fee"], t3["net"]) == ("1000", "6", "994")
    out = tmp_path / "s.csv"
    call_command("sandbox_settlement_file", "--date", "2025-03-14", "--rate", "CNY=7.25", "--rate", "JPY=150",
                 "--out", str(out), stdout=io.StringIO())
    assert out.read_text() == text
