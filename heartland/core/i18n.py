"""Translation helpers for UI text (English msgids, translated by gettext from heartland/locale/)."""
from __future__ import annotations

from django.utils.functional import lazy
from django.utils.translation import gettext


def _format(message: str, params: dict) -> str:
    return gettext(message) % params


_format_lazy = lazy(_format, str)


def gettext_format_lazy(message: str, **params) -> str:
    """``gettext_lazy(message) % params`` that stays lazy: translated when shown, in the
    language active then (``gettext_lazy(...) % params`` would translate at once)."""
    return _format_lazy(message, params)
