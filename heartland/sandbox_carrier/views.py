"""The sandbox carrier's API endpoint (404 unless the sandbox is enabled): signed book / track /
cancel requests from the platform's carrier client, signed JSON answers."""
from __future__ import annotations

from django.http import Http404, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from heartland.fulfillment import conf

from . import carrier


@csrf_exempt  # a server-to-server call, authenticated by its HMAC signature
@never_cache
@require_POST
def api(request):
    if not conf.sandbox_enabled():
        raise Http404("the sandbox carrier is switched off")
    status, body = carrier.handle_api(request.POST.dict())
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
