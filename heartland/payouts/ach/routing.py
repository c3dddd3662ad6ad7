"""ABA routing numbers: nine digits whose 3-7-1 weighted sum is a multiple of ten (pure)."""
from __future__ import annotations

WEIGHTS = (3, 7, 1, 3, 7, 1, 3, 7, 1)


def checksum(digits: str) -> int:
    """The 3-7-1 weighted sum of nine digits (a valid routing number's is divisible by 10)."""
    return sum(w * int(d) for w, d in zip(WEIGHTS, digits, strict=True))


def is_valid_routing_number(value: str) -> bool:
    """True for nine ASCII digits whose 3-7-1 weighted sum is divisible by 10 (e.g. 011000015)."""
    if not isinstance(value, str) or len(value) != 9 or not value.isascii() or not value.isdigit():
        return False
    return checksum(value) % 10 == 0


def check_digit(first_eight: str) -> str:
    """The ninth digit that makes ``first_eight`` a valid routing number."""
    if len(first_eight) != 8 or not first_eight.isascii() or not first_eight.isdigit():
        raise ValueError("a routing prefix is eight digits")
    partial = sum(w * int(d) for w, d in zip(WEIGHTS[:8], first_eight, strict=True))
    return str((10 - partial % 10) % 10)
