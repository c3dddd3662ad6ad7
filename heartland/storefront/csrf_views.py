"""CSRF for pages served from the cache: they carry no token.

* `csrf_cookie` — a tiny uncached endpoint that sets the `csrftoken` cookie; csrf.js calls it
  when the cookie is missing, then fills the forms and htmx's header from the cookie.
* `csrf_failure` — Django's CSRF failure view: a shopper without JavaScript who posted a cached
  page's form (market switch, add to cart) is offered the same action again, with a fresh token,
  one click away. Only those two harmless actions are re-offered; anything else gets a plain 403.
"""
from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import ensure_csrf_cookie

# url name → the fields re-posted as they came
REOFFERED = {"storefront:set_market": ("market", "next"), "checkout:add": ("variant", "quantity")}


@ensure_csrf_cookie
def csrf_cookie(request):
    response = HttpResponse(status=204)
    add_never_cache_headers(response)
    return response


def csrf_failure(request, reason: str = ""):
    try:
        name = resolve(request.path_info).view_name
    except Resolver404:
        name = ""
    fields = REOFFERED.get(name) if request.method == "POST" else None
    context = {"action": request.path, "kind": name, "fields": []}
    if fields:
        values = [(f, request.POST.get(f, "")[:500]) for f in fields]
        if name == "storefront:set_market":
            values = [(f, v if f != "next" or url_has_allowed_host_and_scheme(
                v, allowed_hosts={request.get_host()}, require_https=request.is_secure()) else "/") for f, v in values]
        context["fields"] = values
    response = render(request, "storefront/csrf_retry.html", context, status=403)
    add_never_cache_headers(response)
    return response
