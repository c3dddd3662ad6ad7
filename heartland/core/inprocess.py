"""An HTTP request to one of this site's own URLs, answered in-process.

Two parties that would talk over HTTP in production — the platform and an outside party's
stand-in (the sandbox payment gateway, later customs and the carrier) — reach each other only
by URL. When no outside address is configured they run in the same site, and this module
delivers the request to the view the URL resolves to, through Django's URL resolver and
request handling, without a socket: neither side imports the other. The request is marked
``request.in_process = True`` so a view can record how it was reached.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.test import RequestFactory
from django.urls import resolve


@dataclass(frozen=True)
class Answer:
    status: int
    body: str


def post(path: str, data: dict[str, str]) -> Answer:
    """POST a form (``application/x-www-form-urlencoded``) to this site's ``path``."""
    request = RequestFactory().post(path, data=data)
    request.in_process = True
    match = resolve(path)
    try:
        response = match.func(request, *match.args, **match.kwargs)
    except Http404:  # what Django's handler would answer
        return Answer(status=404, body="")
    if hasattr(response, "render"):
        response.render()
    return Answer(status=response.status_code, body=response.content.decode("utf-8", "replace"))
