"""Sending a signed CEB message to the gateway: over HTTP when ``HEARTLAND_CUSTOMS_GATEWAY_URL``
is set, else to the sandbox customs' URL ``sandbox_customs:dxp`` in-process (reached by its URL,
as ``core.inprocess`` does for forms — the sandbox's code is not imported). Body: the signed
XML, ``Content-Type: application/xml``. The gateway answers 200 with a DxpRep-like
acknowledgement, or 4xx for a message it refuses."""
from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from heartland.core import inprocess

from . import conf

CONTENT_TYPE = "application/xml; charset=utf-8"


@dataclass(frozen=True)
class Answer:
    status: int  # 0: not reached
    body: str

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def refused(self) -> bool:
        """The gateway read and refused it: sending the same bytes again will not help."""
        return 400 <= self.status < 500 and self.status not in (408, 429)


def _in_process(path: str, body: bytes) -> Answer:
    answer = inprocess.post_body(path, body, CONTENT_TYPE)
    return Answer(status=answer.status, body=answer.body)


def _http(url: str, body: bytes) -> Answer:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": CONTENT_TYPE})
    try:
        with urllib.request.urlopen(request, timeout=conf.http_timeout()) as response:  # noqa: S310 (configured URL)
            return Answer(status=response.status, body=response.read(65536).decode("utf-8", "replace"))
    except urllib.error.HTTPError as exc:
        return Answer(status=exc.code, body=exc.read(65536).decode("utf-8", "replace"))
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        return Answer(status=0, body=str(exc))


def send(xml: bytes) -> Answer:
    url = conf.gateway_url()
    if url:
        return _http(url, xml)
    try:
        path = reverse("sandbox_customs:dxp")
    except NoReverseMatch:
        return Answer(status=0, body="no customs gateway: HEARTLAND_CUSTOMS_GATEWAY_URL is empty and the sandbox "
                                     "customs has no dxp URL")
    return _in_process(path, xml)
