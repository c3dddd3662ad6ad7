"""heartland.landedcost.money: pure Python (no Django settings needed)."""
from __future__ import annotations

import dataclasses
from decimal import ROUND_DOWN, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from heartland.landedcost.money import (
    CurrencyMismatch,
    DecimalParseError,
    Money,
    UnknownCurrency,
    format_money,
    minor_units,
    parse_decimal,
    quantize,
    quantum,
    round_display,
)

D = Decimal


@pytest.mark.parametrize("currency,places", [("CNY", 2), ("HKD", 2), ("USD", 2), ("SGD", 2), ("JPY", 0), ("KRW", 0)])
def test_minor_units_from_babel(currency: str, places: int) -> None:
    assert minor_units(currency) == places
    assert quantum(currency) == D(1).scaleb(-places)


@pytest.mark.parametrize("code", ["XYZ", "cny", "RMB", "", "CNYY", None, 156])
def test_unknown_currency(code: object) -> None:
    with pytest.raises(UnknownCurrency):
        minor_units(code)  # type: ignore[arg-type]


# (amount, currency, rounding, expected)
QUANTIZE = [
    (D("1.005"), "CNY", None, D("1.01")),
    (D("1.004"), "CNY", None, D("1.00")),
    (D("2.5"), "JPY", None, D("3")),
    (D("-2.5"), "JPY", None, D("-3")),
    (D("1280.5"), "KRW", None, D("1281")),
    (D("425"), "CNY", None, D("425.00")),
    (7, "HKD", None, D("7.00")),
    (D("1.009"), "CNY", ROUND_DOWN, D("1.00")),
]


@pytest.mark.parametrize("amount,currency,rounding,expected", QUANTIZE)
def test_quantize_half_up(amount: Decimal, currency: str, rounding: str | None, expected: Decimal) -> None:
    result = quantize(amount, currency) if rounding is None else quantize(amount, currency, rounding)
    assert result == expected
    assert result.as_tuple().exponent == expected.as_tuple().exponent


@pytest.mark.parametrize("bad,error", [(1.5, TypeError), ("1.5", TypeError), (True, TypeError), (D("NaN"), ValueError),
                                       (D("Infinity"), ValueError)])
def test_quantize_refuses_floats_and_non_finite(bad: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        quantize(bad, "CNY")  # type: ignore[arg-type]


def test_money_is_frozen_slotted_and_rounded() -> None:
    m = Money(D("1.005"), "CNY")
    assert m.amount == D("1.01")
    assert Money(D("99.5"), "JPY").amount == D("100")
    assert Money("12.345", "USD").amount == D("12.35")
    assert Money(7, "KRW").amount == D("7")
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.amount = D(2)  # type: ignore[misc]
    assert not hasattr(m, "__dict__")
    assert str(m) == "1.01 CNY"
    assert Money.zero("JPY") == Money(D(0), "JPY")


@pytest.mark.parametrize("amount", [1.5, D("NaN"), D("-Infinity"), "1e3", None, True])
def test_money_refuses_floats_and_garbage(amount: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        Money(amount, "CNY")  # type: ignore[arg-type]


def test_money_arithmetic_refuses_mixed_currencies() -> None:
    a, b = Money(D("10.50"), "CNY"), Money(D("0.75"), "CNY")
    assert a + b == Money(D("11.25"), "CNY")
    assert a - b == Money(D("9.75"), "CNY")
    assert -b == Money(D("-0.75"), "CNY") and abs(-b) == b
    assert a * D("0.13") == Money(D("1.37"), "CNY")  # 1.365 → 1.37 half up
    assert 3 * b == Money(D("2.25"), "CNY")
    assert b < a and a >= b and a > b and b <= a
    assert bool(Money.zero("CNY")) is False
    usd = Money(D("1"), "USD")
    for op in (lambda: a + usd, lambda: a - usd, lambda: a < usd, lambda: a >= usd):
        with pytest.raises(CurrencyMismatch):
            op()
    with pytest.raises(TypeError):
        a * 1.5  # type: ignore[operator]
    with pytest.raises(TypeError):
        a + D(1)  # type: ignore[operator]
    assert a != usd


# (amount, currency, locale, text) — what babel 2.19 really prints
FORMATS = [
    (D("1280"), "CNY", "zh_Hans_CN", "¥1,280.00"),
    (D("1280"), "HKD", "zh_Hant_HK", "HK$1,280.00"),
    (D("1280"), "CNY", "zh_Hant_HK", "CN¥1,280.00"),
    (D("1280"), "JPY", "ja_JP", "￥1,280"),
    (D("1280"), "JPY", "zh_Hans_CN", "JP¥1,280"),
    (D("1280"), "KRW", "ko_KR", "₩1,280"),
    (D("1280"), "SGD", "en_SG", "S$1,280.00"),  # babel prints a bare $ in Singapore …
    (D("1280"), "SGD", "zh_Hans_CN", "S$1,280.00"),  # … and the ISO code elsewhere: both become S$
    (D("1280"), "USD", "en_US", "$1,280.00"),
    (D("1280"), "USD", "zh_Hans_CN", "US$1,280.00"),
    (D("-3.5"), "CNY", "zh_Hans_CN", "-¥3.50"),
    (D("1280.5"), "JPY", "ja_JP", "￥1,281"),  # rounded half up by Money; babel alone would print ￥1,280
]


@pytest.mark.parametrize("amount,currency,locale,text", FORMATS)
def test_format_money_with_babel(amount: Decimal, currency: str, locale: str, text: str) -> None:
    assert format_money(Money(amount, currency), locale) == text


def test_format_money_needs_money() -> None:
    with pytest.raises(TypeError):
        format_money(D("1"), "en")  # type: ignore[arg-type]


@pytest.mark.parametrize("text,expected", [
    ("425", D("425")), ("  12.50 ", D("12.50")), ("-3.5", D("-3.5")), ("+7", D("7")), ("0.000", D("0.000")),
    (12, D(12)), (D("9.99"), D("9.99")),
])
def test_parse_decimal_accepts_plain_decimals(text: object, expected: Decimal) -> None:
    result = parse_decimal(text)
    assert result == expected and isinstance(result, Decimal)


@pytest.mark.parametrize("text", [
    1.5, 0.1, True, None, [], "", "   ", "abc", "NaN", "nan", "Infinity", "-inf", "1e3", "1E-2", "1_000", "1,000",
    "1.", ".5", "1.2.3", "١٢", "１２", "0x10", "12 34", "$12", "1" * 41, D("NaN"), D("Infinity"),
])
def test_parse_decimal_refuses_everything_else(text: object) -> None:
    with pytest.raises(DecimalParseError):
        parse_decimal(text)


def test_parse_decimal_float_message_is_helpful() -> None:
    with pytest.raises(DecimalParseError, match="binary float"):
        parse_decimal(0.1)


# (amount, currency, mode, expected)
DISPLAY = [
    ("128.34", "CNY", "none", "128.34"),
    ("128.345", "CNY", "none", "128.35"),
    ("128.34", "CNY", "0.1", "128.30"),
    ("128.35", "CNY", "0.1", "128.40"),
    ("128.34", "CNY", "1", "128.00"),
    ("128.50", "CNY", "1", "129.00"),
    ("128.34", "CNY", "10", "130.00"),
    ("128.34", "CNY", "charm_9", "128.90"),
    ("128.90", "CNY", "charm_9", "128.90"),
    ("128.91", "CNY", "charm_9", "129.90"),
    ("0", "CNY", "charm_9", "0.90"),
    ("99.85", "HKD", "charm_9", "99.90"),
    ("1234", "JPY", "none", "1234"),
    ("1234", "JPY", "0.1", "1234"),  # never finer than the yen
    ("1234.5", "JPY", "1", "1235"),
    ("1234", "JPY", "10", "1230"),
    ("1235", "JPY", "10", "1240"),
    ("1234", "JPY", "100", "1200"),
    ("1234", "JPY", "charm_9", "1239"),
    ("1239", "JPY", "charm_9", "1239"),
    ("1240", "JPY", "charm_9", "1249"),
    ("12340", "KRW", "charm_9", "12900"),
    ("12900", "KRW", "charm_9", "12900"),
    ("12901", "KRW", "charm_9", "13900"),
    ("12340", "KRW", "100", "12300"),
    ("19.05", "SGD", "charm_9", "19.90"),
]


@pytest.mark.parametrize("amount,currency,mode,expected", DISPLAY)
def test_round_display(amount: str, currency: str, mode: str, expected: str) -> None:
    result = round_display(D(amount), currency, mode)
    assert f"{result:f}" == expected


def test_round_display_errors() -> None:
    with pytest.raises(ValueError, match="unknown display rounding mode"):
        round_display(D("1"), "CNY", "0.5")
    with pytest.raises(ValueError, match="negative"):
        round_display(D("-1"), "CNY", "charm_9")
    with pytest.raises(TypeError):
        round_display(1.5, "CNY", "1")  # type: ignore[arg-type]


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["CNY", "JPY", "KRW", "SGD"]))
def test_charm_is_the_smallest_charm_price_not_below(cents: int, currency: str) -> None:
    amount = D(cents).scaleb(-minor_units(currency))
    result = round_display(amount, currency, "charm_9")
    assert result >= amount
    unit = {"JPY": D(10), "KRW": D(1000)}.get(currency, D(1))
    assert (result + unit / 10) % unit == 0  # ends in 9 tenths of the unit
    assert result - unit < amount  # the previous charm price would be too low
