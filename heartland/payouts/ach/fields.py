"""Field formatting for 94-character ACH records (pure): alphanumeric fields left-justified and
space-padded, numeric fields right-justified and zero-padded; nothing is ever silently cut but
free text (names, descriptions), which is upper-cased, reduced to ASCII and truncated."""
from __future__ import annotations

import unicodedata

RECORD_LENGTH = 94
BLOCKING_FACTOR = 10
FILLER = "9" * RECORD_LENGTH


def text(value: str, width: int) -> str:
    """Free text: ASCII upper case (accents dropped, anything unprintable a space), cut to
    ``width``, left-justified, space-padded."""
    plain = unicodedata.normalize("NFKD", value or "").encode("ascii", "ignore").decode("ascii")
    plain = "".join(c if 32 <= ord(c) < 127 else " " for c in plain).upper()
    return plain[:width].ljust(width)


def alpha(value: str, width: int) -> str:
    """An identifier (account number, company id): must fit, left-justified, space-padded."""
    value = value or ""
    if len(value) > width or not value.isascii() or any(not (32 <= ord(c) < 127) for c in value):
        raise ValueError(f"{value!r} does not fit an alphanumeric field of {width}")
    return value.ljust(width)


def num(value: int | str, width: int) -> str:
    """A number: right-justified, zero-padded; refused when negative or too long."""
    if isinstance(value, bool):
        raise TypeError("a numeric field takes an int or a digit string")
    if isinstance(value, int):
        if value < 0:
            raise ValueError("a numeric field is never negative")
        digits = str(value)
    elif isinstance(value, str) and value.isascii() and value.isdigit():
        digits = value
    else:
        raise TypeError(f"a numeric field takes an int or a digit string, not {value!r}")
    if len(digits) > width:
        raise ValueError(f"{digits} does not fit a numeric field of {width}")
    return digits.rjust(width, "0")


def last_digits(value: int, width: int) -> int:
    """The rightmost ``width`` digits of a sum (the entry hash keeps ten)."""
    return value % (10 ** width)
