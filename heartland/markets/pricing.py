"""`price_for`: the one way any page learns what a shopper in a market pays.

Product prices are converted from USD at the rate in force (plus the market's margin),
rounded for display (the product price only — never a tax), shipped at the market's
rate table, and taxed by the landed-cost engine. The storefront, checkout and the
merchant's "what buyers pay" all call this and nothing else.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.utils import translation
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from heartland.catalog import text
from heartland.catalog.models import Product, Variant
from heartland.core.i18n import gettext_format_lazy
from heartland.landedcost import Case, Line, Quote, Reason, ShippingError, ShippingQuote, quote, shipping_quote
from heartland.landedcost.money import Money, format_money, quantize, round_display

from .fx import RateInForce, rate_in_force
from .models import Market
from .rules_in_force import active_rules

BASE_CURRENCY = "USD"


@dataclass(frozen=True)
class Unavailable:
    """Why no price can be shown. ``message`` is lazy: translated (heartland/locale/) in the
    language active where it is shown."""

    code: str
    message: Promise

    @property
    def message_en(self) -> str:
        with translation.override("en"):
            return str(self.message)

    @property
    def message_zh(self) -> str:
        with translation.override("zh-hans"):
            return str(self.message)


@dataclass(frozen=True)
class PricedLine:
    variant: Variant
    quantity: int
    unit_price: Decimal      # in the market's currency, display-rounded
    goods: Decimal


@dataclass(frozen=True)
class PriceQuote:
    """What the shopper pays, in the market's currency, and why.

    `unavailable` is set when no price can be shown at all (market closed, no FX rate);
    `indicative` when the rate is older than the market allows for checkout. `allowed`
    and `reasons` are the engine's verdict (e.g. not on China's positive list).
    """

    market: Market
    currency: str
    lines: tuple[PricedLine, ...] = ()
    unavailable: Unavailable | None = None
    fx: RateInForce | None = None
    service_level: str = ""
    shipping: ShippingQuote | None = None
    quote: Quote | None = None
    reasons: tuple[Reason, ...] = ()
    warnings: tuple[Reason, ...] = ()
    freight: Decimal | None = None
    parcels: dict = field(default_factory=dict)  # merchant id → that parcel's freight

    @property
    def available(self) -> bool:
        return self.unavailable is None

    @property
    def indicative(self) -> bool:
        return bool(self.fx and self.fx.stale)

    @property
    def allowed(self) -> bool:
        return self.available and not self.reasons

    @property
    def can_checkout(self) -> bool:
        return self.allowed and not self.indicative

    def _amount(self, name: str) -> Decimal | None:
        if self.quote is None:
            return None
        return getattr(self.quote, name)

    goods = property(lambda self: self._amount("goods"))
    duty = property(lambda self: self._amount("duty"))
    vat = property(lambda self: self._amount("vat"))
    consumption_tax = property(lambda self: self._amount("consumption_tax"))
    total_tax = property(lambda self: self._amount("total_tax"))
    total = property(lambda self: self._amount("total"))

    def format(self, name: str) -> str:
        """A formatted amount for display (e.g. ¥1,280.00), or '' when not computed."""
        amount = self.freight if name == "freight" else self._amount(name)
        return "" if amount is None else format_money(Money(amount, self.currency), self.market.locale)

    @cached_property
    def shown(self) -> Mapping[str, str]:
        """Every amount formatted for the market's locale (for templates), each formatted when first
        read: a product card shows only the total."""
        return _Shown(self)


SHOWN = ("goods", "freight", "duty", "vat", "consumption_tax", "total_tax", "total")


class _Shown(Mapping):
    """{amount name: formatted amount} of a quote, formatting (babel) each on first use."""

    def __init__(self, quote: PriceQuote) -> None:
        self._quote = quote
        self._done: dict[str, str] = {}

    def __getitem__(self, name: str) -> str:
        found = self._done.get(name)
        if found is None:
            if name not in SHOWN:
                raise KeyError(name)
            found = self._done[name] = self._quote.format(name)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(SHOWN)

    def __len__(self) -> int:
        return len(SHOWN)


def _unavailable(market: Market, code: str, message: Promise) -> PriceQuote:
    return PriceQuote(market=market, currency=market.currency, unavailable=Unavailable(code, message))


_market_name_lazy = lazy(text.market_name, str)


def _reason(code: str, line: int | None, message: str, market: Market) -> Reason:
    """A verdict of ours in the engine's shape, which carries English and Chinese: both from the
    msgid's translations (``%(market)s`` is the market's name in that language)."""
    def say(language: str) -> str:
        with translation.override(language):
            return gettext(message) % {"market": text.market_name(market)}
    return Reason(code, line, say("en"), say("zh-hans"))


def _lines_of(item) -> list[tuple[Variant, int]]:
    if isinstance(item, Product):
        # Uses prefetched variants when the caller loaded them.
        variants = sorted(item.variants.all(), key=lambda v: (v.price_usd, v.position, v.pk))
        return [(variants[0], 1)] if variants else []
    if isinstance(item, Variant):
        return [(item, 1)]
    return [(v, int(q)) for v, q in item]


def _line(variant: Variant, unit_price: Decimal, quantity: int, *, hs_code: str, sku: str | None = None) -> Line:
    """The landed-cost line for `quantity` of `variant` at `unit_price` (the caller picks hs_code and sku)."""
    return Line(hs_code=hs_code, tax_category=variant.tax_category, unit_price=unit_price, quantity=quantity,
                origin=variant.country_of_origin, unit_weight_g=variant.grams, unit_content=variant.unit_content,
                unit_content_uom=variant.unit_content_uom or None, abv=variant.abv, sku=sku)


def rate_for(market: Market) -> RateInForce | None:
    """The USD → market rate in force, with the market's margin."""
    return rate_in_force(base=BASE_CURRENCY, quote=market.currency, market=market)


def convert(amount_usd: Decimal, rate: RateInForce, currency: str) -> Decimal:
    return quantize(amount_usd * rate.effective, currency)


def price_for(product_or_cart: Product | Variant | Iterable[tuple[Variant, int]], market: Market | str, *,
              service_level: str | None = None, annual_used: Decimal = Decimal(0), mode: str | None = None,
              rate: RateInForce | None = None) -> PriceQuote:
    """The all-in price of a product (its cheapest variant), a variant, or cart lines [(variant, qty)].

    `rate` lets a page that prices many products look the rate up once (`rate_for(market)`);
    `prices_for` prices a page of products at once.
    """
    if isinstance(market, str):
        market = Market.objects.get(code=market)
    refused = _refusal(market)
    if refused is not None:
        return refused
    rate = rate or rate_for(market)
    if rate is None:
        return _no_rate(market)
    return _price(_lines_of(product_or_cart), market, rate, active_rules(), service_level=service_level,
                  annual_used=annual_used, mode=mode)


def prices_for(items: Iterable[Product | Variant | Iterable[tuple[Variant, int]]], market: Market, *,
               rate: RateInForce | None = None) -> list[PriceQuote]:
    """`price_for` of each item (a product, a variant or cart lines), in order: the same quotes, with
    the market, the rate, the rules in force and each parcel weight's shipping looked up once for the lot."""
    items = list(items)
    refused = _refusal(market)
    if refused is None:
        rate = rate or rate_for(market)
        if rate is None:
            refused = _no_rate(market)
    if refused is not None:
        return [refused] * len(items)
    rules = active_rules()
    shipped: dict[tuple[str, Decimal], ShippingQuote | ShippingError] = {}
    return [_price(_lines_of(item), market, rate, rules, shipped=shipped) for item in items]


def _refusal(market: Market) -> PriceQuote | None:
    if not market.is_open:
        return _unavailable(market, "market_closed", gettext_format_lazy(
            gettext_noop("Heartland is not selling to %(market)s at the moment."), market=_market_name_lazy(market)))
    return None


def _no_rate(market: Market) -> PriceQuote:
    return _unavailable(market, "no_fx_rate", gettext_format_lazy(
        gettext_noop("Prices in %(currency)s are not available yet: no exchange rate has been set."),
        currency=market.currency))


def _shipping(market: Market, level: str, weight: Decimal, rules, shipped: dict | None) -> ShippingQuote:
    """shipping_quote, remembered in `shipped` (a batch's memo) when given. Raises ShippingError."""
    if shipped is None:
        return shipping_quote(market.code, level, weight, rules=rules)
    key = (level, weight)
    found = shipped.get(key)
    if found is None:
        try:
            found = shipping_quote(market.code, level, weight, rules=rules)
        except ShippingError as exc:
            found = exc
        shipped[key] = found
    if isinstance(found, ShippingError):
        raise found
    return found


def _price(items: list[tuple[Variant, int]], market: Market, rate: RateInForce, rules, *,
           service_level: str | None = None, annual_used: Decimal = Decimal(0), mode: str | None = None,
           shipped: dict | None = None) -> PriceQuote:
    """The quote of `items` in an open `market` at `rate` (price_for's work after its checks)."""
    if not items:
        return _unavailable(market, "no_variants", gettext_lazy("This product has nothing for sale yet."))
    priced = []
    weights: dict[int, Decimal] = {}  # each merchant ships its own parcel from the US
    for variant, qty in items:
        unit = round_display(convert(variant.price_usd, rate, market.currency), market.currency,
                             market.display_rounding)
        priced.append(PricedLine(variant=variant, quantity=qty, unit_price=unit, goods=unit * qty))
        if variant.requires_shipping:
            weights[variant.merchant_id] = weights.get(variant.merchant_id, Decimal(0)) + variant.grams * qty
    levels = market.service_levels or ["standard"]
    level = service_level if service_level in levels else ("standard" if "standard" in levels else levels[0])
    shipping = None
    parcels: dict[int, Decimal] = {}
    for merchant_id, weight in weights.items():
        try:
            shipping = _shipping(market, level, weight, rules, shipped)
        except ShippingError as exc:
            # The engine's reason is English, so the Chinese message leaves it out; msgfmt would refuse
            # a translation without %(error)s, hence the flag.
            message = (  # xgettext:no-python-format
                gettext_noop("Cannot ship this parcel: %(error)s."))
            return _unavailable(market, "cannot_ship", gettext_format_lazy(message, error=str(exc)))
        parcels[merchant_id] = convert(shipping.amount, rate, market.currency)
    freight = sum(parcels.values(), Decimal(0))
    case = Case(
        market=market.code, currency=market.currency, freight=freight, annual_used=annual_used,
        mode=mode or market.default_mode,
        lines=tuple(_line(p.variant, p.unit_price, p.quantity, hs_code=p.variant.hs_code, sku=p.variant.sku or None)
                    for p in priced),
    )
    missing_hs = [i for i, p in enumerate(priced) if p.variant.requires_shipping and not p.variant.hs_code]
    if missing_hs:
        return _unavailable(market, "no_hs_code", gettext_lazy(
            "The merchant has not given this product's HS code yet, so its import tax cannot be worked out."))
    # Both directions: the engine converts prices to USD for the US export (EEI) check.
    fx = {(BASE_CURRENCY, market.currency): rate.effective, (market.currency, BASE_CURRENCY): 1 / rate.raw}
    result = quote(case, rules=rules, fx=fx)
    return PriceQuote(market=market, currency=market.currency, lines=tuple(priced), fx=rate, service_level=level,
                      shipping=shipping, quote=result, reasons=result.reasons, warnings=result.warnings,
                      freight=freight, parcels=parcels)


def prices_in_markets(product_or_variant: Product | Variant, markets: Iterable[Market] | None = None
                      ) -> list[PriceQuote]:
    """One quote per market (closed ones say so), for the merchant's "what buyers pay".
    A page that prices several variants passes the markets it loaded once."""
    return [price_for(product_or_variant, m) for m in (markets if markets is not None else Market.objects.all())]


def market_restrictions(variant: Variant, markets: Iterable[Market] | None = None) -> dict[str, tuple[Reason, ...]]:
    """Why a variant cannot be sold to each market, whatever its price: {code: reasons} ('' → sellable).

    Price-independent rules only (positive list, prohibitions, missing product data, closed
    markets); used by the search index to keep unsellable products out of a market's results.
    """
    out: dict[str, tuple[Reason, ...]] = {}
    rules = active_rules()
    for market in markets if markets is not None else Market.objects.all():
        if not market.is_open:
            out[market.code] = (_reason("market_closed", None, gettext_noop("Not selling to %(market)s."), market),)
            continue
        if variant.requires_shipping and not variant.hs_code:
            out[market.code] = (_reason("no_hs_code", 0, gettext_noop("No HS code."), market),)
            continue
        case = Case(market=market.code, currency=market.currency, mode=market.default_mode,
                    lines=(_line(variant, Decimal(1), 1, hs_code=variant.hs_code or "000000"),))
        result = quote(case, rules=rules, fx={})
        out[market.code] = tuple(r for r in result.reasons if r.code not in PRICE_DEPENDENT)
    return out


# Verdicts that depend on the price or on the buyer, not on the product.
PRICE_DEPENDENT = frozenset({"over_order_limit", "over_annual_limit", "no_fx_rate", "quantity_cap"})


@dataclass(frozen=True)
class DeliveryOption:
    service_level: str
    days_min: int
    days_max: int
    price: Decimal
    currency: str
    formatted: str


def delivery_options(variant: Variant, market: Market, *, rate: RateInForce | None = None,
                     quantity: int = 1) -> list[DeliveryOption]:
    """Each service level the market offers: delivery days and the parcel's shipping price."""
    rate = rate or rate_for(market)
    if rate is None or not variant.requires_shipping:
        return []
    options = []
    rules = active_rules()
    for level in market.service_levels or []:
        try:
            ship = shipping_quote(market.code, level, variant.grams * quantity, rules=rules)
        except ShippingError:
            continue
        price = convert(ship.amount, rate, market.currency)
        options.append(DeliveryOption(level, ship.days_min, ship.days_max, price, market.currency,
                                      format_money(Money(price, market.currency), market.locale)))
    return options
