"""A site with the sandbox customs and a stand-in for the platform's ``customs:receipts`` view,
which verifies each receipt with the sandbox customs' certificate, records it and answers what
the test scripted (HTTP 200 ``success`` unless told otherwise)."""
from __future__ import annotations

from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from heartland.customs.ceb import signing
from heartland.customs.ceb.xml import parse_receipts

got: list = []  # (Receipt, in_process)
bodies: list[bytes] = []
answers: list[tuple[int, str]] = []  # popped first to last; empty: 200 success


def reset() -> None:
    got.clear()
    bodies.clear()
    answers.clear()


@csrf_exempt
def receipts(request):
    from .conftest import CUSTOMS_CERT

    body = request.body
    bodies.append(body)
    assert request.content_type == "application/xml"
    if not signing.verify(body, CUSTOMS_CERT):
        return HttpResponse("bad signature", status=403)
    status, text = answers.pop(0) if answers else (200, "success")
    if (status, text) == (200, "success"):  # what the platform took
        got.extend((receipt, getattr(request, "in_process", False)) for receipt in parse_receipts(body))
    return HttpResponse(text, status=status, content_type="text/plain")


urlpatterns = [
    path("admin/", admin.site.urls),
    path("customs/sandbox/", include("heartland.sandbox_customs.urls")),
    path("customs/", include(([path("receipts/", receipts, name="receipts")], "customs"))),
]
