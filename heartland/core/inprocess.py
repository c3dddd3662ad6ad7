"""An HTTP request to one of this site's own URLs, answered in-process.

Two parties that would talk over HTTP in production — the platform and an outside party's
stand-in (the sandbox payment gateway, later customs and the carrier) — reach each other only
by URL. When no outside address is configured they run in the same site, and this module
delivers the request where an HTTP call would go: it builds the WSGI request a server would,
resolves its path with Django's URL resolver, calls the view found there and reads the answer.
An exception in the view becomes the response Django's handler would send (404, 403, 400, or a
logged 500), so the caller sees an HTTP answer either way; neither side imports the other.

The request is marked ``request.in_process = True`` so a view can record how it was reached.
Middleware does not run (no session, user or CSRF check), and ``request_started`` /
``request_finished`` are not sent (the caller is already inside a request or a task, whose
database connection they would close): use it for server-to-server endpoints that
authenticate the message itself (signatures), not for pages a person sees.
"""
from __future__ import annotations

import io
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponseBase
from django.urls import get_script_prefix, resolve

SERVER_NAME = "in-process"


@dataclass(frozen=True)
class Answer:
    status: int
    body: str


def _view(request: WSGIRequest) -> HttpResponseBase:
    """What Django's handler does between the middleware and the view: resolve, then call."""
    match = resolve(request.path_info)  # Resolver404 (an Http404): answered 404, as over HTTP
    request.resolver_match = match
    return match.func(request, *match.args, **match.kwargs)


def post(path: str, data: Mapping[str, str]) -> Answer:
    """POST a form (``application/x-www-form-urlencoded``, UTF-8) to this site's ``path``, as
    ``django.urls.reverse`` gives it, and return the status and the body."""
    return post_body(path, urlencode(data).encode("utf-8"), "application/x-www-form-urlencoded; charset=utf-8")


def post_body(path: str, body: bytes, content_type: str) -> Answer:
    """POST ``body`` as ``content_type`` (e.g. a signed XML message) to this site's ``path`` and
    return the status and the body."""
    prefix = get_script_prefix()
    path_info = path[len(prefix) - 1:] if path.startswith(prefix) else path
    request = WSGIRequest({
        "REQUEST_METHOD": "POST",
        "SCRIPT_NAME": prefix.rstrip("/"),
        "PATH_INFO": path_info,
        "QUERY_STRING": "",
        "SERVER_NAME": SERVER_NAME,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
    })
    request.in_process = True
    response = convert_exception_to_response(_view)(request)
    if hasattr(response, "render") and callable(response.render):
        response.render()
    # Not response.close(): it sends request_finished, whose close_old_connections would close the
    # caller's database connection in the middle of its own request or task.
    return Answer(status=response.status_code, body=response.content.decode(response.charset or "utf-8", "replace"))
