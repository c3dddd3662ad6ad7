"""Load what a web worker's first requests would otherwise load (run by ``heartland.wsgi``).

Measured in a fresh process: the first home page took 550 ms and the first Chinese search 1.9 s
(the jieba dictionary, pinyin tables, translation catalogues, compiled templates); every
following one a few milliseconds. Done at start-up, no shopper waits for it — and under
``gunicorn --preload`` the master loads it once and every forked worker shares it.
Set ``HEARTLAND_WARM_UP=0`` to skip (e.g. a one-off management process importing the WSGI app).
"""
from __future__ import annotations

import logging
import time

log = logging.getLogger(__name__)

TEMPLATES = (
    "storefront/base.html", "storefront/home.html", "storefront/listing.html", "storefront/product.html",
    "storefront/merchant.html", "storefront/_results.html",
    "storefront/_price_box.html", "storefront/_card.html", "storefront/_suggest.html",
)


def warm_up() -> float:
    """Load the text analysis tables, every language's translations and the shopper templates;
    returns the seconds it took. A failure is logged, never raised: a worker must still start."""
    started = time.perf_counter()
    try:
        from django.conf import settings
        from django.template.loader import get_template
        from django.urls import reverse
        from django.utils import translation

        from heartland.search import analysis

        analysis.tokenizer()
        analysis.syllables()
        analysis.pinyin("花旗参")
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                translation.gettext("Search")
                reverse("storefront:home")
        for name in TEMPLATES:
            get_template(name)
    except Exception:  # logged for the operator; the worker starts anyway
        log.exception("warm-up failed; first requests will be slower")
    return time.perf_counter() - started
