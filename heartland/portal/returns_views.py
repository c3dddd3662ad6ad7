"""The farm's returns: the list, one return (accept, refuse, book the return shipment again, mark it
received, confirm what came back), its photos. Like every portal page, the merchant comes from
``access_merchant`` (404 to non-members) and the return is looked up through it."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from heartland.core.errors import DomainError
from heartland.fulfillment import return_selectors, returns
from heartland.fulfillment import states as return_states
from heartland.fulfillment.private_files import photo_response
from heartland.merchants.selectors import access_merchant

STATUS_NAMES = {
    return_states.REQUESTED: "Requested — decide", return_states.ACCEPTED: "Accepted — return not booked",
    return_states.SHIPPING: "On its way back", return_states.RECEIVED: "Received — confirm what came back",
    return_states.REFUNDED: "Refunded", return_states.REFUSED: "Refused", return_states.CANCELLED: "Cancelled",
}


@login_required
def return_list(request, slug):
    merchant, _ = access_merchant(user=request.user, slug=slug)
    status = request.GET.get("status", "")
    status = status if status in return_states.STATES else ""
    page = Paginator(return_selectors.returns_for_merchant(merchant=merchant, status=status), 50).get_page(
        request.GET.get("page"))
    return render(request, "portal/returns.html", {"merchant": merchant, "page": page, "status": status,
                                                   "statuses": list(STATUS_NAMES.items()), "names": STATUS_NAMES})


def _counts(request, ret) -> dict[int, tuple[int, int]]:
    counts = {}
    for line in ret.lines.all():
        try:
            got = int(request.POST.get(f"received_{line.pk}", "0") or 0)
            good = int(request.POST.get(f"resellable_{line.pk}", "0") or 0)
        except ValueError:
            raise DomainError("count_invalid", "Give whole numbers of units.") from None
        counts[line.pk] = (got, good)
    return counts


@login_required
def return_detail(request, slug, pk):
    merchant, _ = access_merchant(user=request.user, slug=slug)
    ret = return_selectors.return_for_merchant(merchant=merchant, pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                ret = returns.accept_return(return_request=ret, by=request.user)
                if ret.booking_error:
                    messages.warning(request, f"Accepted. {ret.booking_error} Book it again below, or mark it "
                                              "received when the parcel arrives.")
                else:
                    messages.success(request, "Accepted: the return shipment is booked; the shopper sees its waybill.")
            elif action == "book":
                if returns.book_return_shipment(return_request=ret) is None:
                    ret.refresh_from_db()
                    messages.error(request, ret.booking_error)
                else:
                    messages.success(request, "The return shipment is booked.")
            elif action == "refuse":
                returns.refuse_return(return_request=ret, by=request.user, reason=request.POST.get("reason", ""))
                messages.warning(request, "Refused; the shopper sees your reason.")
            elif action == "received":
                returns.mark_received(return_request=ret, by=request.user)
                messages.success(request, "Marked received. Confirm what came back to refund the shopper.")
            elif action == "confirm":
                ret = returns.confirm_return(return_request=ret, by=request.user, counts=_counts(request, ret))
                messages.success(request, f"Refunded {ret.refund_amount} {ret.merchant_order.order.currency}; "
                                          "resellable units are back in stock.")
            else:
                messages.error(request, "Unknown action.")
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("portal:return_detail", slug=slug, pk=pk)
    return render(request, "portal/return_detail.html", {
        "merchant": merchant, "r": ret, "mo": ret.merchant_order, "order": ret.merchant_order.order,
        "status_name": STATUS_NAMES.get(ret.status, ret.status), "shipment": getattr(ret, "shipment", None),
        "tracking": return_selectors.return_events(ret),
        "can_decide": ret.status == return_states.REQUESTED,
        "can_book": ret.status == return_states.ACCEPTED,
        "can_receive": return_states.can(ret.status, return_states.RECEIVED, "merchant"),
        "can_confirm": ret.status == return_states.RECEIVED,
    })


@login_required
def return_photo(request, slug, pk, photo_pk):
    merchant, _ = access_merchant(user=request.user, slug=slug)
    ret = return_selectors.return_for_merchant(merchant=merchant, pk=pk)
    return photo_response(return_selectors.photo_of(ret, photo_pk))
