"""Machine-readable reason codes with English and Simplified Chinese messages."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from .types import Reason

__all__ = ["make_reason", "money_text"]

#: code → (English template, Chinese template). Templates use str.format fields.
_TEMPLATES: dict[str, tuple[str, str]] = {
    "not_on_positive_list": (
        "Not on China's cross-border positive list: HS {hs}. It cannot be sold to mainland China through "
        "cross-border e-commerce.",
        "商品编码 {hs} 不在跨境电子商务零售进口商品清单内，不能通过跨境电商销往中国内地。",
    ),
    "not_on_positive_list.short_code": (
        "HS {hs} has fewer than 8 digits: the CBEC positive list is checked on 8-digit codes. Give the "
        "product its full Chinese 8-digit code.",
        "商品编码 {hs} 不足 8 位：跨境电商正面清单按 8 位税号核对，请填写完整的 8 位中国税号。",
    ),
    "bonded_only": (
        "HS {hs} may only be imported in bonded mode (1210) according to the positive list; this order "
        "uses direct mail ({mode}).",
        "根据正面清单备注，商品编码 {hs} 仅限网购保税进口（1210）；本订单为直购进口（{mode}）。",
    ),
    "quantity_cap": (
        "HS {hs}: the yearly per-person cap is {cap}; {used} already bought this year plus {amount} in "
        "this order exceeds it.",
        "商品编码 {hs}：每人每年限购 {cap}；本年已购 {used}，加上本单 {amount} 超出限额。",
    ),
    "quantity_cap.kr_supplement": (
        "Korea admits at most {limit} bottles of health food per personal order; this order has {count}.",
        "韩国个人进口保健食品每单最多 {limit} 瓶；本订单共 {count} 瓶。",
    ),
    "over_order_limit": (
        "The order's value of RMB {value} exceeds the CBEC per-order limit of RMB {limit}; only an order "
        "of a single item may go over it. Split the order.",
        "订单金额人民币 {value} 元超过跨境电商单次交易限值人民币 {limit} 元；仅单件不可分割商品可超出。请拆分订单。",
    ),
    "over_annual_limit": (
        "This order (RMB {value}) would bring the buyer's CBEC purchases this year to RMB {total}, over "
        "the annual limit of RMB {limit}.",
        "本单人民币 {value} 元将使购买人本年度跨境电商消费累计达到人民币 {total} 元，超过年度限值人民币 {limit} 元。",
    ),
    "no_fx_rate": (
        "No exchange rate from {base} to {quote} is available, so the order cannot be priced.",
        "缺少 {base} 兑 {quote} 的汇率，无法计算订单价格。",
    ),
    "missing_unit_content": (
        "HS {hs} ({category}): the contents of one unit ({need}) are needed to apply {what}.",
        "商品编码 {hs}（{category}）：需要填写每件商品的净含量（{need}）才能适用{what_zh}。",
    ),
    "missing_unit_weight": (
        "HS {hs}: the unit weight is needed to check the yearly cap of {cap}.",
        "商品编码 {hs}：需要填写单件重量才能核对每年 {cap} 的限购。",
    ),
    "missing_abv": (
        "Hong Kong charges 100% duty on liquor over {limit}% alcohol: give the line's ABV.",
        "香港对酒精浓度高于 {limit}% 的酒类征收 100% 酒税：请填写酒精度。",
    ),
    "embargoed_destination": (
        "{country} is under a US embargo (EAR part 746): Heartland cannot ship there.",
        "{country} 受美国禁运（《出口管理条例》第 746 部分）限制，Heartland 无法发货。",
    ),
    "no_duty_rate": (
        "No duty rate is configured for HS {hs} ({category}) in {market}; an operator must add it.",
        "{market} 未配置商品编码 {hs}（{category}）的关税税率，需由运营人员补充。",
    ),
    "eei_required": (
        "Goods under HS {hs6} total USD {value}, over USD {limit}: file Electronic Export Information "
        "(EEI) in AES before export (15 CFR 30.37(a)).",
        "HS {hs6} 项下货值合计 {value} 美元，超过 {limit} 美元：出口前须在 AES 申报电子出口信息（EEI）"
        "（15 CFR 30.37(a)）。",
    ),
    "eei_unchecked": (
        "No {base}→USD exchange rate: the USD {limit} EEI threshold per HS code could not be checked.",
        "缺少 {base} 兑美元汇率：无法核对每个 HS 编码 {limit} 美元的 EEI 申报门槛。",
    ),
    "excise_not_included": (
        "{market} charges excise or liquor tax on alcohol that Heartland does not compute yet: this "
        "quote excludes it.",
        "{market} 对酒类征收消费税或酒税，Heartland 暂未计算：本报价不含该税。",
    ),
}


def money_text(amount: Decimal) -> str:
    """``Decimal('26000.00')`` → ``'26,000.00'`` (no float)."""
    return f"{amount:,f}"


def make_reason(code: str, line: int | None, variant: str | None = None, **fields: Any) -> Reason:
    """Build a Reason from the templates; ``variant`` picks ``code.variant`` wording."""
    en, zh = _TEMPLATES[f"{code}.{variant}" if variant else code]
    return Reason(code=code, line=line, message_en=en.format(**fields), message_zh=zh.format(**fields))
