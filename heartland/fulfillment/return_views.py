"""The shopper's return pages (under the i18n URL patterns): ask for a return of a delivered
part of one's own order, see it, see its photos. Anyone else's part, return or photo is 404."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from heartland.core.errors import DomainError

from . import return_selectors, returns, states
from .private_files import photo_response
from .text import milestone_label

LOGIN = "/accounts/login/"


@login_required(login_url=LOGIN)
def request_return(request, part):
    mo = return_selectors.part_for_shopper(user=request.user, number=part)
    offer = return_selectors.return_offer(mo)
    if not offer.open:
        messages.error(request, _(offer.refusal))
        return redirect("orders:detail", number=mo.order.number)
    error, field, status = "", "", 200
    if request.method == "POST":
        quantities = {key.removeprefix("qty_"): value for key, value in request.POST.items() if key.startswith("qty_")}
        try:
            ret = returns.request_return(merchant_order=mo, user=request.user, quantities=quantities,
                                         reason=request.POST.get("reason", ""), unused=bool(request.POST.get("unused")),
                                         photos=request.FILES.getlist("photos"))
        except DomainError as exc:
            error, field, status = exc.message, exc.field or "", 400
        else:
            messages.success(request, _("Your return request is sent to the farm."))
            return redirect("returns:detail", pk=ret.pk)
    return render(request, "fulfillment/return_new.html", {
        "mo": mo, "order": mo.order, "offer": offer, "lines": [r for r in offer.lines if r.available],
        "error": error, "field": field, "values": request.POST, "max_photos": returns.MAX_PHOTOS,
        "kind_is_law": offer.window.kind == "law"}, status=status)


@login_required(login_url=LOGIN)
def return_detail(request, pk):
    ret = return_selectors.return_for_shopper(user=request.user, pk=pk)
    shipment = getattr(ret, "shipment", None)
    return render(request, "fulfillment/return_detail.html", {
        "r": ret, "mo": ret.merchant_order, "order": ret.merchant_order.order, "label": states.label(ret.status),
        "steps": [{"e": e, "label": states.label(e.to_status)} for e in ret.events.all()],
        "shipment": shipment, "shipment_label": milestone_label(shipment.status) if shipment else "",
        "tracking": [{"e": e, "label": milestone_label(e.code)} for e in return_selectors.return_events(ret)],
    })


@login_required(login_url=LOGIN)
def return_photo(request, pk, photo_pk):
    ret = return_selectors.return_for_shopper(user=request.user, pk=pk)
    return photo_response(return_selectors.photo_of(ret, photo_pk))
