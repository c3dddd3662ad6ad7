"""Payment pages and endpoints. Thin: parse → service/gateway → respond.

* ``notify`` — server-to-server notices (csrf-exempt: authenticated by signature).
* ``payment_return`` — where the shopper lands after the cashier. Shows the payment as the
  database has it; the signed return parameters are only a hint ("the gateway says paid,
  confirming…") and never change anything.
* ``sandbox_gateway`` / ``sandbox_cashier`` — the sandbox gateway's own pages (404 unless
  the sandbox is enabled).
"""
from __future__ import annotations

from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import conf, gateway, services, states
from .forms import CashierForm
from .models import Payment, SandboxTradeStatus
from .provider import ProviderUnavailable, get_provider


@csrf_exempt
@require_POST
def notify(request, provider: str):
    try:
        receipt = services.receive_notice(provider_code=provider, params=request.POST.dict(), source="http")
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


def _sandbox_only():
    if not conf.sandbox_enabled():
        raise Http404("the sandbox gateway is switched off")


@csrf_exempt  # GET: the shopper's signed redirect; POST: the platform's signed API call
@never_cache
def sandbox_gateway(request):
    _sandbox_only()
    if request.method == "GET":
        try:
            trade = gateway.open_page_pay(request.GET.dict())
        except gateway.GatewayError as exc:
            return render(request, "payments/sandbox/error.html", {"error": exc}, status=400)
        return redirect("payments:sandbox_cashier", token=trade.cashier_token)
    if request.method == "POST":
        return JsonResponse(gateway.handle_api(request.POST.dict()), json_dumps_params={"ensure_ascii": False})
    return HttpResponseNotAllowed(["GET", "POST"])


@never_cache
def sandbox_cashier(request, token: str):
    _sandbox_only()
    trade = gateway.trade_for_cashier(token)
    if trade is None:
        raise Http404("no such trade")
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    form = CashierForm(request.POST or None)
    error = None
    if request.method == "POST" and trade.status == SandboxTradeStatus.WAIT_BUYER_PAY:
        action = request.POST.get("action")
        try:
            if action == "decline":
                trade = gateway.decline(token=token)
                form = CashierForm()
            elif action == "pay":
                if form.is_valid():
                    trade = gateway.pay(token=token, payer_name=form.cleaned_data["payer_name"],
                                        payer_id_number=form.cleaned_data["payer_id_number"])
                    return redirect(gateway.return_url_for(trade))
            else:
                form = CashierForm()
        except gateway.GatewayError as exc:
            error = exc.message
            trade = gateway.trade_for_cashier(token)
    elif request.method == "POST":
        form = CashierForm()
    context = {**gateway.trade_view(trade), "form": form, "error": error}
    return render(request, "payments/sandbox/cashier.html", context, status=400 if error or form.errors else 200)
