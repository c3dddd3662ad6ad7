"""Operators see returns — state, lines, every step, the return shipment — read-only. One override:
cancel a return that has not been refunded (it was asked for by mistake, or settled outside
Heartland). Photos are not shown here: only the shopper and the farm see them."""
from __future__ import annotations

from django.contrib import admin, messages

from heartland.core.admin import ReadOnly, ReadOnlyInline
from heartland.core.errors import DomainError

from . import returns
from .models import Return, ReturnEvent, ReturnLine, ReturnShipment


class LineInline(ReadOnlyInline):
    model = ReturnLine
    fields = ("order_line", "quantity", "received", "resellable")
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = ReturnEvent
    fields = ("at", "from_status", "to_status", "event", "by", "reason")
    readonly_fields = fields
    ordering = ("at", "pk")


class ShipmentInline(ReadOnlyInline):
    model = ReturnShipment
    fields = ("carrier", "tracking_number", "status", "booked_at", "delivered_at")
    readonly_fields = fields


@admin.register(Return)
class ReturnAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("pk", "merchant_order", "status", "created_at", "window_closes_at", "refund_amount")
    list_filter = ("status", "window_kind")
    search_fields = ("merchant_order__number", "merchant_order__order__number")
    readonly_fields = ("merchant_order", "requested_by", "status", "reason", "unused_confirmed", "window_days",
                       "window_starts", "window_kind", "window_source", "window_closes_at", "refusal_reason",
                       "refund_amount", "refund_tax", "limit_value", "booking_error", "photo_count", "created_at",
                       "updated_at")
    fields = readonly_fields
    inlines = [LineInline, ShipmentInline, EventInline]
    actions = ["cancel_returns"]

    @admin.display(description="photos")
    def photo_count(self, obj):
        return f"{obj.photos.count()} (seen by the shopper and the farm only)"

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("cancel_returns", None)
        return actions

    @admin.action(description="Cancel the selected returns (override; not for refunded ones)")
    def cancel_returns(self, request, queryset):
        done = 0
        for ret in queryset:
            try:
                returns.cancel_return(return_request=ret, by=request.user, reason="Cancelled by Heartland support.")
                done += 1
            except DomainError as exc:
                messages.error(request, f"Return {ret.pk}: {exc.message}")
        if done:
            messages.success(request, f"{done} return(s) cancelled.")
