"""The sandbox gateway's pages: the signed redirect and API endpoint, and the cashier the
shopper pays on (404 unless the sandbox is enabled)."""
from __future__ import annotations

from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from heartland.payments import conf

from . import gateway
from .forms import CashierForm
from .models import SandboxTradeStatus


def _sandbox_only():
    if not conf.sandbox_enabled():
        raise Http404("the sandbox gateway is switched off")


@csrf_exempt  # GET: the shopper's signed redirect; POST: the platform's signed API call
@never_cache
def gateway_endpoint(request):
    _sandbox_only()
    if request.method == "GET":
        try:
            trade = gateway.open_page_pay(request.GET.dict())
        except gateway.GatewayError as exc:
            return render(request, "sandbox_payments/error.html", {"error": exc}, status=400)
        return redirect("sandbox_payments:cashier", token=trade.cashier_token)
    if request.method == "POST":
        return JsonResponse(gateway.handle_api(request.POST.dict()), json_dumps_params={"ensure_ascii": False})
    return HttpResponseNotAllowed(["GET", "POST"])


@never_cache
def cashier(request, token: str):
    _sandbox_only()
    trade = gateway.trade_for_cashier(token)
    if trade is None:
        raise Http404("no such trade")
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    require_id = bool(trade.orderer_id_number_encrypted)
    form = CashierForm(request.POST or None, require_id=require_id)
    error = None
    if request.method == "POST" and trade.status == SandboxTradeStatus.WAIT_BUYER_PAY:
        action = request.POST.get("action")
        try:
            if action == "decline":
                trade = gateway.decline(token=token)
                form = CashierForm(require_id=require_id)
            elif action == "pay":
                if form.is_valid():
                    trade = gateway.pay(token=token, payer_name=form.cleaned_data["payer_name"],
                                        payer_id_number=form.cleaned_data.get("payer_id_number", ""))
                    return redirect(gateway.return_url_for(trade))
            else:
                form = CashierForm(require_id=require_id)
        except gateway.GatewayError as exc:
            error = exc.message
            trade = gateway.trade_for_cashier(token)
    elif request.method == "POST":
        form = CashierForm(require_id=require_id)
    context = {**gateway.trade_view(trade), "form": form, "error": error}
    return render(request, "sandbox_payments/cashier.html", context, status=400 if error or form.errors else 200)
