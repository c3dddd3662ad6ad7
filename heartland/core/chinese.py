"""Script conversion for product text (pure; OpenCC reimplementation)."""
from __future__ import annotations

from functools import lru_cache

# OpenCC is imported on first use: it loads its dictionaries, which most processes never need.


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


# Short texts (titles, names, description fragments) repeat a lot; long ones rarely do.
_CACHED_MAX_CHARS = 200


@lru_cache(maxsize=5000)
def _to_traditional_memo(text: str) -> str:
    return to_traditional(text)


def to_traditional_cached(text: str | None) -> str:
    """to_traditional with a shared memo for texts up to 200 characters (longer ones converted uncached)."""
    if not text:
        return ""
    if len(text) > _CACHED_MAX_CHARS:
        return to_traditional(text)
    return _to_traditional_memo(text)


def to_simplified(text: str | None) -> str:
    return _t2s().convert(text) if text else ""
