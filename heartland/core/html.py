"""Sanitizing merchant HTML with nh3: ordinary formatting stays, scripts do not."""
from __future__ import annotations

import html as _html

import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "div", "span", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "a", "img", "figure", "figcaption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}


def sanitize_html(html: str | None) -> str:
    """Return merchant HTML safe to render: no script/style/meta/iframe, no event
    handlers or inline styles, only http(s)/mailto links (which get rel=noopener)."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def html_to_text(html: str | None) -> str:
    """Plain text of sanitized HTML (for search and meta descriptions)."""
    if not html:
        return ""
    text = nh3.clean(html, tags=set(), attributes={})
    return " ".join(_html.unescape(text).split())
