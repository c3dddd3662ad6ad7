"""``{% load ledger_tags %}{% line_money mo %}``: each order line's gross → commission → net for the
farm (the portal's order page)."""
from django import template

from heartland.ledger.selectors import line_breakdown

register = template.Library()


@register.inclusion_tag("ledger/line_money.html")
def line_money(merchant_order):
    rows = line_breakdown(merchant_order)
    return {"rows": rows, "gross": sum(r.gross for r in rows), "commission": sum(r.commission for r in rows),
            "net": sum(r.net for r in rows), "indicative": any(not r.recorded for r in rows)}
