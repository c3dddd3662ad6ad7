"""A farm owed money for a delivered part, built through the ledger's own services."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from heartland.ledger import services as ledger
from heartland.ledger.tests.factories import make_order
from heartland.payouts import services

GOOD_ROUTING = "011000015"


def delivered_part(*, usd: str = "100.00", delivered_at: datetime | None = None, merchant=None, category="general"):
    order = make_order(parts=[{"lines": [(Decimal(usd), 1, category)]}], merchants=[merchant] if merchant else None)
    mo = order.merchant_orders.get()
    when = delivered_at or timezone.now()
    ledger.record_part_paid(merchant_order=mo, occurred_at=when)
    ledger.record_part_accepted(merchant_order=mo, occurred_at=when)
    ledger.record_part_delivered(merchant_order=mo, occurred_at=when)
    return mo


def add_bank(merchant, *, account="000123456789", routing=GOOD_ROUTING, kind="checking"):
    return services.save_bank_account(merchant=merchant, by=None, holder_name=f"{merchant.trading_name} LLC",
                                      account_type=kind, routing_number=routing, account_number=account)
