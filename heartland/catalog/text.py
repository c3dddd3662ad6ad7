"""Content in the shopper's script: what merchants and operators typed in two languages
(product titles and descriptions, category names, merchant stories, market names), or the
Traditional Chinese OpenCC derives; and the landed-cost engine's reasons, which carry their own
English and Chinese text because the engine is pure Python without Django.

UI text — labels, messages, errors — is not picked here: it is an English msgid translated by
gettext from the .po files in heartland/locale/."""
from __future__ import annotations

from django.utils.translation import get_language

from heartland.core.chinese import to_traditional_cached
from heartland.core.html import html_to_text


def script() -> str:
    """'zh-hans', 'zh-hant' or 'en' for the active language."""
    lang = (get_language() or "zh-hans").lower()
    if lang.startswith("zh-hant") or lang in ("zh-tw", "zh-hk"):
        return "zh-hant"
    if lang.startswith("zh"):
        return "zh-hans"
    return "en"


def localized(en: str, zh_hans: str, zh_hant: str = "") -> str:
    s = script()
    if s == "en":
        return en or zh_hans
    if s == "zh-hant":
        return zh_hant or (to_traditional_cached(zh_hans) if zh_hans else en)
    return zh_hans or en


def product_title(product) -> str:
    return localized(product.title_en, product.title_zh_hans, product.title_zh_hant)


def product_description(product) -> str:
    """Sanitized HTML (cleaned when the merchant saved it)."""
    return localized(product.description_en, product.description_zh_hans, product.description_zh_hant)


def product_summary(product, limit: int = 150) -> str:
    text = html_to_text(product_description(product)) or product_title(product)
    return text[:limit]


def category_name(category) -> str:
    return localized(category.name_en, category.name_zh_hans)


def merchant_story(merchant) -> str:
    return localized(merchant.story, merchant.story_zh_hans)


def market_name(market) -> str:
    return localized(market.name_en, market.name_zh_hans)


def reason_message(reason) -> str:
    s = script()
    if s == "en":
        return reason.message_en
    return to_traditional_cached(reason.message_zh) if s == "zh-hant" else reason.message_zh
