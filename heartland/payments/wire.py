"""The wire protocol of Alipay-shaped messages, shared by the sandbox client (platform side)
and the sandbox gateway: the method names, the success code, and how values travel — times in
Beijing time as ``yyyy-MM-dd HH:mm:ss``, amounts as plain decimal text at the currency's minor
unit ("523.00"). Pure Python (babel via landedcost.money)."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from heartland.landedcost.money import DecimalParseError, minor_units, parse_decimal, quantize

BEIJING = ZoneInfo("Asia/Shanghai")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"

PAGE_PAY = "alipay.trade.page.pay"
QUERY = "alipay.trade.query"
REFUND = "alipay.trade.refund"
CLOSE = "alipay.trade.close"
RETURN_METHOD = "alipay.trade.page.pay.return"
#: ``code`` of an API answer that did what was asked.
SUCCESS_CODE = "10000"


def format_time(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(BEIJING).strftime(TIME_FORMAT)


def parse_time(text: object) -> datetime:
    if not isinstance(text, str) or len(text) != 19:
        raise ValueError(f"not a time: {text!r}")
    return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=BEIJING)


def format_amount(amount: Decimal, currency: str) -> str:
    return str(quantize(amount, currency))


def parse_amount(text: object, currency: str) -> Decimal:
    """Decimal text with no more decimals than the currency has; positive. ValueError otherwise."""
    try:
        value = parse_decimal(text)
    except DecimalParseError as exc:
        raise ValueError(str(exc)) from None
    if value <= 0:
        raise ValueError("amount must be positive")
    if value != quantize(value, currency):
        raise ValueError(f"{currency} has {minor_units(currency)} decimals")
    return value
