"""The ledger's account names (pure). An account holds balances in one or more currencies; a
posting names the account and its currency. Debit balances are positive, credit balances
negative (liabilities and revenue are negative).

| name | kind | currencies | what it is |
|---|---|---|---|
| ``provider:clearing`` | asset | the shopper's | shopper money held by the payment provider, not yet settled |
| ``bank:usd`` | asset | USD | Heartland's US bank account (settlements in, payouts out) |
| ``shopper:unearned`` | liability | the shopper's | goods paid for, the farm has not accepted its part yet |
| ``shipping:collected`` | liability | the shopper's | freight paid, the part not shipped yet |
| ``shipping:payable`` | liability | USD | freight owed to carriers (the part shipped) |
| ``tax:collected`` | liability | the shopper's | import tax the shopper prepaid, not yet assessed |
| ``tax:payable`` | liability | the shopper's | import tax owed to customs, per its assessment |
| ``tax:remittance`` | position | the shopper's + USD | prepaid import tax the provider settled into USD, to be remitted to customs in the shopper's currency |
| ``tax:variance`` | liability/expense | the shopper's | prepaid minus assessed tax (operators settle it) |
| ``farm:<id>:pending`` | liability | USD | a farm's net, parts accepted and not yet delivered |
| ``farm:<id>:delivered`` | liability | USD | a farm's net for delivered parts (payouts decide when it is payable) |
| ``revenue:commission`` | revenue | USD | Heartland's commission |
| ``revenue:rounding`` | revenue | USD | the shopper's display-rounded price over the farm's USD price at the locked rate |
| ``fx:conversion`` | position | shopper's + USD | shopper money converted to USD at the locked rate, awaiting settlement |
| ``fx:gain_loss`` | revenue/expense | USD | settlement rate vs locked rate (debit = loss) |
| ``provider:fees`` | expense | USD | the provider's fees on settlement |
| ``refunds:owed`` | liability | the shopper's | refunds owed to shoppers, not yet paid back |
| ``refunds:absorbed`` | expense | the shopper's | refunds Heartland bears (tax already assessed, freight already owed) |
| ``payments:unapplied`` | liability | the shopper's | money paid for an order already cancelled (refunded) |
"""
from __future__ import annotations

CLEARING = "provider:clearing"
BANK_USD = "bank:usd"
UNEARNED = "shopper:unearned"
SHIPPING_COLLECTED = "shipping:collected"
SHIPPING_PAYABLE = "shipping:payable"
TAX_COLLECTED = "tax:collected"
TAX_PAYABLE = "tax:payable"
TAX_VARIANCE = "tax:variance"
TAX_REMITTANCE = "tax:remittance"
COMMISSION = "revenue:commission"
ROUNDING = "revenue:rounding"
FX_CONVERSION = "fx:conversion"
FX_GAIN_LOSS = "fx:gain_loss"
PROVIDER_FEES = "provider:fees"
REFUNDS_OWED = "refunds:owed"
REFUNDS_ABSORBED = "refunds:absorbed"
UNAPPLIED = "payments:unapplied"
#: The accounts shared by every order (looked up together by a posting batch).
SHARED = (CLEARING, BANK_USD, UNEARNED, SHIPPING_COLLECTED, SHIPPING_PAYABLE, TAX_COLLECTED, TAX_PAYABLE,
          TAX_VARIANCE, TAX_REMITTANCE, COMMISSION, ROUNDING, FX_CONVERSION, FX_GAIN_LOSS, PROVIDER_FEES,
          REFUNDS_OWED, REFUNDS_ABSORBED, UNAPPLIED)

FARM_PREFIX = "farm:"
PENDING = "pending"
DELIVERED = "delivered"

#: Every fixed account: name → (kind, description).
FIXED: dict[str, tuple[str, str]] = {
    CLEARING: ("asset", "Shopper money held by the payment provider, not yet settled"),
    BANK_USD: ("asset", "Heartland's US bank account"),
    UNEARNED: ("liability", "Goods paid for; the farm has not accepted its part yet"),
    SHIPPING_COLLECTED: ("liability", "Freight paid; the part is not shipped yet"),
    SHIPPING_PAYABLE: ("liability", "Freight owed to carriers"),
    TAX_COLLECTED: ("liability", "Import tax prepaid by shoppers, not yet assessed by customs"),
    TAX_PAYABLE: ("liability", "Import tax payable to customs, as assessed"),
    TAX_VARIANCE: ("liability", "Prepaid minus assessed import tax"),
    TAX_REMITTANCE: ("position", "Prepaid import tax settled into USD, to be remitted to customs in the shopper's currency"),
    COMMISSION: ("revenue", "Heartland's commission"),
    ROUNDING: ("revenue", "Display-rounded shopper prices over the farm's USD price"),
    FX_CONVERSION: ("position", "Shopper money converted to USD at the locked rate, awaiting settlement"),
    FX_GAIN_LOSS: ("revenue", "Settlement rate against the locked rate (a debit is a loss)"),
    PROVIDER_FEES: ("expense", "The payment provider's fees"),
    REFUNDS_OWED: ("liability", "Refunds owed to shoppers, not yet paid back"),
    REFUNDS_ABSORBED: ("expense", "Refunds Heartland bears"),
    UNAPPLIED: ("liability", "Payments for orders already cancelled"),
}


def farm_pending(merchant_id: int) -> str:
    """A farm's net for parts accepted and not yet delivered (USD, a credit balance)."""
    return f"{FARM_PREFIX}{int(merchant_id)}:{PENDING}"


def farm_delivered(merchant_id: int) -> str:
    """A farm's net for delivered parts (USD, a credit balance); payouts debit it."""
    return f"{FARM_PREFIX}{int(merchant_id)}:{DELIVERED}"


def farm_accounts(merchant_id: int) -> tuple[str, str]:
    return farm_pending(merchant_id), farm_delivered(merchant_id)


def merchant_of(account: str) -> int | None:
    """The merchant id of a farm account (``farm:12:pending`` → 12), else None."""
    if not account.startswith(FARM_PREFIX):
        return None
    try:
        return int(account.split(":")[1])
    except (IndexError, ValueError):
        return None


def kind_of(account: str) -> str:
    if account in FIXED:
        return FIXED[account][0]
    if account.startswith(FARM_PREFIX):
        return "liability"
    return "other"


def describe(account: str) -> str:
    if account in FIXED:
        return FIXED[account][1]
    merchant = merchant_of(account)
    if merchant is not None:
        return f"Owed to farm {merchant} ({account.rsplit(':', 1)[-1]})"
    return ""
