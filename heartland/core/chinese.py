"""Script conversion for product text (pure; OpenCC reimplementation)."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _s2t():
    from opencc import OpenCC

    return OpenCC("s2t")


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


def to_traditional(text: str | None) -> str:
    return _s2t().convert(text) if text else ""


def to_simplified(text: str | None) -> str:
    return _t2s().convert(text) if text else ""
