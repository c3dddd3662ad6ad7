"""The sandbox customs' one endpoint: where the platform's DXP client POSTs a signed CEB
message (404 unless the sandbox is enabled). Authenticated by the message's signature, not by
a session: no CSRF, no login."""
from __future__ import annotations

from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from . import conf, services

XML_TYPES = ("application/xml", "text/xml")


@csrf_exempt
@never_cache
def dxp(request):
    if not conf.enabled():
        raise Http404("the sandbox customs is switched off")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if request.content_type not in XML_TYPES:
        return HttpResponse("send the signed CEB message as application/xml", status=415,
                            content_type="text/plain; charset=utf-8")
    reply = services.receive(body=request.body, in_process=getattr(request, "in_process", False))
    return HttpResponse(reply.body, status=reply.status, content_type=reply.content_type)
