"""The farm ships its part and downloads its shipping documents. Like every portal page, the
merchant comes from ``access_merchant`` (404 to non-members) and the part is looked up through it."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from heartland.core.errors import DomainError
from heartland.fulfillment import documents
from heartland.fulfillment import selectors as shipping
from heartland.fulfillment.services import PackageInput, book_shipment
from heartland.merchants.selectors import access_merchant
from heartland.orders import selectors as order_selectors
from heartland.orders import states

from .shipping_forms import PackageFormSet, ShipForm


@login_required
def order_ship(request, slug, number):
    merchant, _ = access_merchant(user=request.user, slug=slug)
    mo = order_selectors.merchant_order_for(merchant=merchant, number=number)
    if mo.status != states.ACCEPTED or shipping.shipment_for(mo) is not None:
        messages.error(request, "Only an accepted part that is not shipped yet can be shipped.")
        return redirect("portal:order_detail", slug=slug, number=number)
    order = mo.order
    levels = shipping.service_levels_for(order)
    form = ShipForm(request.POST or None, levels=levels, paid=order.service_level,
                    initial={"service_level": order.service_level})
    packages = PackageFormSet(request.POST or None, prefix="pkg")
    verdict = shipping.export_verdict(merchant_order=mo)
    status = 200
    if request.method == "POST":
        if form.is_valid() and packages.is_valid():
            boxes = [PackageInput(**f.cleaned_data) for f in packages if f.has_changed() and f.cleaned_data]
            try:
                shipment = book_shipment(merchant_order=mo, by=request.user,
                                         service_level=form.cleaned_data["service_level"], packages=boxes,
                                         aes_itn=form.cleaned_data["aes_itn"])
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, f"Booked: waybill {shipment.tracking_number}. Print the label and the "
                                          "documents below and hand the parcel to the carrier.")
                return redirect("portal:order_detail", slug=slug, number=number)
        status = 400
    return render(request, "portal/order_ship.html", {
        "merchant": merchant, "mo": mo, "order": order, "form": form, "packages": packages, "verdict": verdict,
        "max_kg": shipping.max_parcel_kg(order, order.service_level)}, status=status)


@login_required
def shipment_document(request, slug, number, kind):
    merchant, _ = access_merchant(user=request.user, slug=slug)
    mo = order_selectors.merchant_order_for(merchant=merchant, number=number)
    shipment = shipping.shipment_for(mo)
    if shipment is None or kind not in documents.kinds_for(shipment):
        raise Http404("no such document")
    response = HttpResponse(documents.render(kind, shipment), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{documents.filename(kind, shipment)}"'
    response["Cache-Control"] = "private, no-store"
    return response
