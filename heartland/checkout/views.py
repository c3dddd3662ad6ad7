"""Cart and checkout pages (shopper-facing). Thin: parse → service → render."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from heartland.catalog import text
from heartland.catalog.models import Variant
from heartland.core.errors import DomainError
from heartland.markets.current import current_market
from heartland.markets.pricing import price_for
from heartland.orders import states
from heartland.orders.billing import redirect_to_payment
from heartland.orders.models import BUYER_ID_BY_MARKET, Order

from . import services
from .forms import AddToCartForm, QuantityForm, checkout_form_for
from .models import MAX_LINE_QUANTITY, Address, BuyerIdentity
from .validation import clean_consignee, clean_customs_code, clean_identity


def _cart_context(cart, market, lines=None):
    if lines is None:
        lines = services.cart_lines(cart) if cart else []
    pairs = [(line.variant, line.quantity) for line in lines]
    problems = {p.variant_id: p.message for p in services.cart_problems(pairs)}
    ok_pairs = [(v, q) for v, q in pairs if v.pk not in problems]
    quote = price_for(ok_pairs, market) if ok_pairs else None
    if quote is not None and quote.quote is not None:
        for reason in quote.reasons:
            if reason.line is not None:
                problems.setdefault(ok_pairs[reason.line][0].pk, text.reason_message(reason))
    order_reasons = [text.reason_message(r) for r in (quote.reasons if quote and quote.quote else ()) if r.line is None]
    groups: dict[int, dict] = {}
    for line in lines:
        merchant = line.variant.product.merchant
        group = groups.setdefault(merchant.pk, {"merchant": merchant, "lines": []})
        unit = next((p.unit_price for p in (quote.lines if quote else ()) if p.variant.pk == line.variant_id), None)
        group["lines"].append({"line": line, "title": text.product_title(line.variant.product),
                               "problem": problems.get(line.variant_id), "unit": unit})
    return {"cart": cart, "groups": list(groups.values()), "quote": quote, "order_reasons": order_reasons,
            "can_checkout": bool(ok_pairs) and not problems and quote is not None and quote.can_checkout}


def cart(request):
    market = current_market(request)
    return render(request, "checkout/cart.html", _cart_context(services.cart_for_request(request), market))


@require_POST
def add(request):
    form = AddToCartForm(request.POST)
    back = request.META.get("HTTP_REFERER") or "/"
    if not form.is_valid():
        messages.error(request, _("Choose a quantity from 1 to %(max)s.") % {"max": MAX_LINE_QUANTITY})
        return redirect(back)
    variant = get_object_or_404(Variant.objects.select_related("product"), pk=form.cleaned_data["variant"])
    market = current_market(request)
    quote = price_for(variant, market)
    if not quote.allowed:
        messages.error(request, quote.unavailable.message if quote.unavailable else text.reason_message(quote.reasons[0]))
        return redirect(back)
    try:
        services.add_to_cart(cart=services.cart_for_request(request, create=True), variant=variant,
                             quantity=form.cleaned_data["quantity"])
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, _("Added to your cart."))
    return redirect("checkout:cart")


@require_POST
def update_line(request, line_id):
    form = QuantityForm(request.POST)
    cart_obj = services.cart_for_request(request)
    if cart_obj is None or not form.is_valid():
        return redirect("checkout:cart")
    try:
        services.set_line_quantity(cart=cart_obj, line_id=line_id, quantity=form.cleaned_data["quantity"])
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("checkout:cart")


@login_required(login_url="/accounts/login/")
def checkout(request):
    market = current_market(request)
    key_unused = False
    if request.method == "POST":
        # A second submit of the same form (double click, retry, another tab): same order.
        key = request.POST.get("key", "")[:64]
        done = Order.objects.filter(idempotency_key=key).first() if key else None
        if done is not None and done.user_id == request.user.pk:
            return redirect_to_payment(request, done) if done.status == states.PENDING_PAYMENT else redirect(
                "orders:detail", number=done.number)
        key_unused = done is None  # another shopper's key: the service refuses it
    cart_obj = services.cart_for_request(request)
    lines = services.cart_lines(cart_obj) if cart_obj is not None else []
    if not lines:
        return redirect("checkout:cart")
    form_class = checkout_form_for(market)
    id_type = BUYER_ID_BY_MARKET.get(market.code, "")
    identity = None
    if request.method == "POST":
        form = form_class(request.POST)
    else:  # a fresh form starts from the address book and the saved identity
        address = Address.objects.filter(user=request.user, country=market.code).first()
        identity = BuyerIdentity.objects.filter(user=request.user, id_type=id_type).first() if id_type else None
        initial = {"key": services.new_idempotency_key()}
        if address:
            initial.update({k: getattr(address, k) for k in ("name", "phone", *form_class.address_fields)})
        if identity and market.code == "CN":
            initial.update(real_name=identity.real_name)
        form = form_class(initial=initial)
    refusal = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consignee = clean_consignee(data, country=market.code)
            if market.code == "CN":
                real_name, id_number = clean_identity(data["real_name"], data["id_number"])
            elif market.code == "KR":
                real_name, id_number = consignee.name, clean_customs_code(data["customs_code"])
            else:
                real_name, id_number = consignee.name, ""
            order = services.submit_checkout(
                user=request.user, cart=cart_obj, market=market, consignee=consignee, real_name=real_name,
                id_number=id_number, idempotency_key=data["key"], service_level=data["service_level"],
                lines=lines, key_unused=key_unused and data["key"] == key)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except services.CheckoutRefused as exc:
            refusal = exc
        else:
            return redirect_to_payment(request, order)
    if identity is None and id_type and request.method == "POST":  # shown again, with what went wrong
        identity = BuyerIdentity.objects.filter(user=request.user, id_type=id_type).first()
    return render(request, "checkout/checkout.html", {
        # Priced only when the page is shown: a successful submit prices the cart once, in the service.
        **_cart_context(cart_obj, market, lines), "form": form, "refusal": refusal, "identity": identity, "market": market,
        "address_fields": [form[name] for name in form_class.address_fields],
        "refusal_text": refusal.message if refusal else "",
        "refusal_lines": [p.message for p in refusal.lines] if refusal else [],
    })
