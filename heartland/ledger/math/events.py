"""The postings each order event makes (pure): the table in docs/ledger.md, as code.

Every builder returns postings that balance per currency (``check_balanced``); the service
writes them. Amounts are integer minor units: the shopper's currency for what the shopper
paid, US cents for what farms, carriers and Heartland are owed.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from . import Posting, allocate, check_balanced, pro_rata, to_usd_minor
from . import accounts as A

USD = "USD"


def merge(postings: list[Posting]) -> list[Posting]:
    """Postings on the same account and currency added together; zero legs dropped; order kept."""
    sums: dict[tuple[str, str], int] = defaultdict(int)
    for p in postings:
        sums[(p.account, p.currency)] += p.amount_minor
    return [Posting(a, c, v) for (a, c), v in sums.items() if v != 0]


def capture(*, currency: str, goods: int, freight: int, tax: int) -> list[Posting]:
    """A farm's part paid: the provider holds the money; it is owed back to the shopper until each
    piece is earned (goods: the farm accepts; freight: shipped; tax: customs assesses)."""
    return merge([
        Posting(A.CLEARING, currency, goods + freight + tax),
        Posting(A.UNEARNED, currency, -goods),
        Posting(A.SHIPPING_COLLECTED, currency, -freight),
        Posting(A.TAX_COLLECTED, currency, -tax),
    ])


def late_payment(*, currency: str, amount: int) -> list[Posting]:
    """Money for an order already cancelled: held, unapplied, until it is refunded."""
    return [Posting(A.CLEARING, currency, amount), Posting(A.UNAPPLIED, currency, -amount)]


@dataclass(frozen=True)
class Acceptance:
    goods_usd: int  # the shopper's goods money at the locked rate (Lg)
    gross_usd: int  # the farm's USD price × quantity (U)
    commission_usd: int  # C
    postings: list[Posting]

    @property
    def net_usd(self) -> int:
        return self.gross_usd - self.commission_usd


def acceptance(*, currency: str, goods: int, rate: Decimal, gross_usd: int, commission_usd: int,
               merchant_id: int) -> Acceptance:
    """The farm accepted its part: the goods money is converted to USD at the order's locked rate;
    the farm is owed its USD price less commission; the display rounding is Heartland's."""
    if not 0 <= commission_usd <= gross_usd:
        raise ValueError("commission is between zero and the goods value")
    lg = to_usd_minor(goods, currency, rate)
    postings = merge([
        Posting(A.UNEARNED, currency, goods),
        Posting(A.FX_CONVERSION, currency, -goods),
        Posting(A.FX_CONVERSION, USD, lg),
        Posting(A.farm_pending(merchant_id), USD, -(gross_usd - commission_usd)),
        Posting(A.COMMISSION, USD, -commission_usd),
        Posting(A.ROUNDING, USD, -(lg - gross_usd)),
    ])
    return Acceptance(goods_usd=lg, gross_usd=gross_usd, commission_usd=commission_usd, postings=postings)


def customs_tax(*, currency: str, collected: int, assessed: int) -> list[Posting]:
    """Customs assessed the part's tax: owed to customs as assessed; what the shopper prepaid
    beyond it (or short of it) goes to the variance account."""
    return merge([
        Posting(A.TAX_COLLECTED, currency, collected),
        Posting(A.TAX_PAYABLE, currency, -assessed),
        Posting(A.TAX_VARIANCE, currency, assessed - collected),
    ])


def shipped(*, currency: str, freight: int, rate: Decimal) -> tuple[int, list[Posting]]:
    """The part shipped: its freight is owed to the carrier in USD at the locked rate."""
    lf = to_usd_minor(freight, currency, rate)
    return lf, merge([
        Posting(A.SHIPPING_COLLECTED, currency, freight),
        Posting(A.FX_CONVERSION, currency, -freight),
        Posting(A.FX_CONVERSION, USD, lf),
        Posting(A.SHIPPING_PAYABLE, USD, -lf),
    ])


def delivered(*, merchant_id: int, net_usd: int) -> list[Posting]:
    """Delivered: what the farm is owed for the part moves from pending to delivered."""
    return merge([Posting(A.farm_pending(merchant_id), USD, net_usd),
                  Posting(A.farm_delivered(merchant_id), USD, -net_usd)])


@dataclass
class PartState:
    """What the ledger knows of one farm's part, read back from its entries."""

    merchant_id: int
    currency: str
    rate: Decimal
    goods: int = 0
    freight: int = 0
    tax: int = 0
    paid: bool = False
    accepted: bool = False
    gross_usd: int = 0
    commission_usd: int = 0
    goods_usd: int = 0
    shipped: bool = False
    assessed: bool = False
    delivered: bool = False
    refunded_goods: int = 0
    refunded_freight: int = 0
    refunded_tax: int = 0
    refunded_total: int = 0
    extra: dict = field(default_factory=dict)

    def apply(self, kind: str, data: dict) -> None:
        """Fold one posted entry of this part (its kind and figures) into the state."""
        if kind == "paid":
            self.paid = True
        elif kind == "accepted":
            self.accepted = True
            self.gross_usd, self.commission_usd, self.goods_usd = (data["gross_usd"], data["commission_usd"],
                                                                   data["goods_usd"])
        elif kind == "shipped":
            self.shipped = True
        elif kind == "customs_tax":
            self.assessed = True
        elif kind == "delivered":
            self.delivered = True
        elif kind == "refund_owed":
            self.refunded_goods += data.get("goods", 0)
            self.refunded_freight += data.get("freight", 0)
            self.refunded_tax += data.get("tax", 0)
            self.refunded_total += data.get("amount", 0)

    def farm_net(self) -> int:
        """What the farm is owed for this part now (US cents): its price less commission, less the
        refunded share of both."""
        if not self.accepted:
            return 0
        gross = self.gross_usd - pro_rata(self.gross_usd, self.refunded_goods, self.goods)
        commission = self.commission_usd - pro_rata(self.commission_usd, self.refunded_goods, self.goods)
        return gross - commission

    def farm_account(self) -> str:
        return A.farm_delivered(self.merchant_id) if self.delivered else A.farm_pending(self.merchant_id)


@dataclass(frozen=True)
class Refund:
    goods: int
    freight: int
    tax: int
    excess: int
    postings: list[Posting]


def refund_owed(*, state: PartState, amount: int) -> Refund:
    """``amount`` of the part is owed back to the shopper. It is split over what is left of the
    part's goods, freight and tax in proportion (largest remainder); the goods share comes off the
    farm (and Heartland's commission on it, pro rata, cumulatively exact) once the farm accepted,
    else off the unearned goods money; freight and tax shares come back from what is still held,
    or — once owed to the carrier or assessed by customs — are borne by Heartland
    (``refunds:absorbed``), as is anything beyond what is left of the part."""
    if amount <= 0:
        raise ValueError("a refund is a positive amount")
    s, ccy = state, state.currency
    left = [max(s.goods - s.refunded_goods, 0), max(s.freight - s.refunded_freight, 0),
            max(s.tax - s.refunded_tax, 0)]
    g, f, t = allocate(min(amount, sum(left)), left)
    excess = amount - g - f - t
    legs = [Posting(A.REFUNDS_OWED, ccy, -amount)]
    if g:
        if s.accepted:
            before, after = s.refunded_goods, s.refunded_goods + g
            du = pro_rata(s.gross_usd, after, s.goods) - pro_rata(s.gross_usd, before, s.goods)
            dc = pro_rata(s.commission_usd, after, s.goods) - pro_rata(s.commission_usd, before, s.goods)
            dl = pro_rata(s.goods_usd, after, s.goods) - pro_rata(s.goods_usd, before, s.goods)
            legs += [Posting(s.farm_account(), USD, du - dc), Posting(A.COMMISSION, USD, dc),
                     Posting(A.ROUNDING, USD, dl - du), Posting(A.FX_CONVERSION, USD, -dl),
                     Posting(A.FX_CONVERSION, ccy, g)]
        else:
            legs.append(Posting(A.UNEARNED, ccy, g))
    if f:
        legs.append(Posting(A.REFUNDS_ABSORBED if s.shipped else A.SHIPPING_COLLECTED, ccy, f))
    if t:
        legs.append(Posting(A.REFUNDS_ABSORBED if s.assessed else A.TAX_COLLECTED, ccy, t))
    if excess:
        legs.append(Posting(A.REFUNDS_ABSORBED, ccy, excess))
    postings = merge(legs)
    check_balanced(postings)
    return Refund(goods=g, freight=f, tax=t, excess=excess, postings=postings)


def refund_owed_unapplied(*, currency: str, amount: int) -> list[Posting]:
    """A late payment's refund owed: out of the unapplied money."""
    return [Posting(A.UNAPPLIED, currency, amount), Posting(A.REFUNDS_OWED, currency, -amount)]


def refund_paid(*, currency: str, amount: int) -> list[Posting]:
    """The provider paid a refund back to the shopper."""
    return [Posting(A.REFUNDS_OWED, currency, amount), Posting(A.CLEARING, currency, -amount)]


def settlement(*, currency: str, settled: int, locked_usd: int, received_usd: int, fee_usd: int = 0,
               tax: int = 0, tax_locked_usd: int = 0) -> list[Posting]:
    """The provider settled ``settled`` of the shopper's currency into ``received_usd`` (after its
    ``fee_usd``) at its settlement rate. Of it, ``tax`` is the import tax the shopper prepaid: it
    was never converted (it is owed to customs in the shopper's currency), so it does not relieve
    the conversion position — it goes to ``tax:remittance`` (the tax money, now in USD, to be
    remitted to customs in the shopper's currency), at ``tax_locked_usd`` (``tax`` at the order's
    locked rate). The rest, ``settled − tax``, relieves the conversion position at ``locked_usd``
    (what ``fx:conversion`` holds for it in USD: ``selectors.settlement_split``). The difference
    between the locked rate and the settlement rate is FX gain (credit) or loss (debit) — never the
    farm's."""
    if not 0 <= tax <= max(settled, 0):
        raise ValueError("the tax share is between zero and the settled amount")
    fx = locked_usd + tax_locked_usd - received_usd - fee_usd
    return merge([
        Posting(A.CLEARING, currency, -settled),
        Posting(A.FX_CONVERSION, currency, settled - tax),
        Posting(A.TAX_REMITTANCE, currency, tax),
        Posting(A.FX_CONVERSION, USD, -locked_usd),
        Posting(A.TAX_REMITTANCE, USD, -tax_locked_usd),
        Posting(A.BANK_USD, USD, received_usd),
        Posting(A.PROVIDER_FEES, USD, fee_usd),
        Posting(A.FX_GAIN_LOSS, USD, fx),
    ])
