from django import template

from heartland.catalog.text import localized

register = template.Library()


@register.simple_tag
def facet_label(facet) -> str:
    """A facet (value, label_en, label_zh, count) labelled in the shopper's script."""
    return localized(facet[1], facet[2])
