"""Payment pages and endpoints. Thin: parse → service → respond.

* ``notify`` — server-to-server notices (csrf-exempt: authenticated by signature).
* ``payment_return`` — where the shopper lands after the cashier. Shows the payment as the
  database has it; the signed return parameters are only a hint ("the gateway says paid,
  confirming…") and never change anything.
"""
from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import services, states
from .models import Payment
from .provider import ProviderUnavailable, get_provider


@csrf_exempt
@require_POST
def notify(request, provider: str):
    try:
        receipt = services.receive_notice(provider_code=provider, params=request.POST.dict(),
                                          source="in_process" if getattr(request, "in_process", False) else "http")
    except ProviderUnavailable:
        raise Http404("no such payment provider") from None
    return HttpResponse(receipt.body, status=receipt.http_status, content_type="text/plain; charset=utf-8")


@never_cache
def payment_return(request, reference: str):
    payment = get_object_or_404(Payment, reference=reference)
    provider_says_paid = False
    if "sign" in request.GET:
        try:
            params = request.GET.dict()
            provider_says_paid = (params.get("out_trade_no") == payment.reference
                                  and get_provider(payment.provider).verify_return(params))
        except ProviderUnavailable:
            pass
    return render(request, "payments/return.html", {
        "payment": payment, "provider_says_paid": provider_says_paid,
        "waiting": payment.status in states.OPEN,
    })
