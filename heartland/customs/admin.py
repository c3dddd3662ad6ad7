"""Operators see customs messages (the XML with ID numbers masked), the receipts, and the queue of
parts needing action — read-only but for two actions on the queue: declare again after a fix,
or refund a part customs rejected for good."""
from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Exists, OuterRef, Q
from django.template.response import TemplateResponse
from django.utils.html import format_html

from heartland.core.crypto import decrypt
from heartland.core.errors import DomainError
from heartland.orders import states

from . import services
from .models import CustomsMessage, CustomsReceipt, MessageStatus, RejectedPart, masked_xml

NEEDS_ACTION = (MessageStatus.REJECTED, MessageStatus.FAILED, MessageStatus.INVALID)


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _id_numbers(message: CustomsMessage) -> list[str]:
    order = message.merchant_order.order
    return [decrypt(order.buyer_id_encrypted)] if order.buyer_id_encrypted else []


class ReceiptInline(ReadOnly, admin.TabularInline):
    model = CustomsReceipt
    extra = 0
    fields = ("kind", "return_status", "return_time", "return_info", "applied", "note", "received_at")
    readonly_fields = fields


@admin.register(CustomsMessage)
class CustomsMessageAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("kind", "part", "status", "return_status", "problems_text", "attempts", "created_at")
    list_filter = ("kind", "status", "superseded")
    search_fields = ("merchant_order__number", "guid", "receipt_key")
    readonly_fields = ("kind", "part", "guid", "receipt_key", "status", "superseded", "problems_text", "attempts",
                       "last_error", "return_status", "return_time", "return_info", "customs_tax", "value_added_tax",
                       "consumption_tax", "created_at", "sent_at", "updated_at", "xml_masked")
    fields = readonly_fields
    inlines = [ReceiptInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("merchant_order__order")

    @admin.display(description="part", ordering="merchant_order__number")
    def part(self, obj):
        return obj.merchant_order.number

    @admin.display(description="problems")
    def problems_text(self, obj):
        return obj.problems_text

    @admin.display(description="XML (ID numbers masked)")
    def xml_masked(self, obj):
        return format_html("<pre style='white-space:pre-wrap'>{}</pre>", masked_xml(obj.xml, _id_numbers(obj)))


@admin.register(CustomsReceipt)
class CustomsReceiptAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("kind", "return_status", "return_time", "message", "applied", "note", "received_at")
    list_filter = ("kind", "return_status", "applied")
    search_fields = ("message__merchant_order__number", "guid")
    readonly_fields = ("kind", "guid", "message", "return_status", "return_time", "return_info", "keys", "applied",
                       "note", "fingerprint", "received_at")
    fields = readonly_fields


@admin.register(RejectedPart)
class RejectedPartAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("number", "status", "why", "updated_at")
    search_fields = ("number", "order__number")
    readonly_fields = ("number", "status", "why", "total")
    fields = readonly_fields
    actions = ["declare_again", "refund_parts"]

    def get_queryset(self, request):
        needs = CustomsMessage.objects.filter(merchant_order=OuterRef("pk"), superseded=False,
                                              status__in=NEEDS_ACTION)
        return (super().get_queryset(request).select_related("order")
                .filter(Q(status=states.REJECTED) | (Exists(needs) & ~Q(status__in=states.FINAL))))

    @admin.display(description="why")
    def why(self, obj):
        rows = CustomsMessage.objects.filter(merchant_order=obj, superseded=False, status__in=NEEDS_ACTION)
        return "; ".join(f"{m.kind} {m.status}: {m.problems_text or m.return_info or m.last_error}" for m in rows)

    def _can_act(self, request) -> bool:
        return request.user.has_perm("orders.change_merchantorder")

    @admin.action(description="Declare the selected parts to customs again (after a fix)")
    def declare_again(self, request, queryset):
        if not self._can_act(request):
            self.message_user(request, "You may not act on customs declarations.", messages.ERROR)
            return None
        for part in queryset:
            try:
                fresh = services.declare_again(merchant_order=part, by=request.user)
                self.message_user(request, f"{part.number}: {', '.join(m.kind for m in fresh)} declared again.",
                                  messages.SUCCESS)
            except DomainError as exc:
                self.message_user(request, f"{part.number}: {exc.message}", messages.ERROR)
        return None

    @admin.action(description="Refund the selected parts (rejected for good)…")
    def refund_parts(self, request, queryset):
        if not self._can_act(request):
            self.message_user(request, "You may not act on customs declarations.", messages.ERROR)
            return None
        reason = " ".join(request.POST.get("reason", "").split())
        if not reason:
            return TemplateResponse(request, "admin/customs/refund_parts.html", {
                **self.admin_site.each_context(request), "title": "Refund parts", "parts": queryset,
                "opts": self.model._meta, "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "error": "Say why the part is refunded." if "reason" in request.POST else ""})
        for part in queryset:
            try:
                services.refund_rejected(merchant_order=part, by=request.user, reason=reason)
                self.message_user(request, f"{part.number} refunded: {reason}", messages.SUCCESS)
            except DomainError as exc:
                self.message_user(request, f"{part.number}: {exc.message}", messages.ERROR)
        return None
