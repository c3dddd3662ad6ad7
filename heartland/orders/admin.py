"""Operators see orders — state, each farm's part, lines, payments, refunds, events — and the
refunds still open, to retry or resolve. Read-only otherwise: every change goes through services.
Identity numbers appear masked only."""
from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from heartland.core.admin import ReadOnly, ReadOnlyInline
from heartland.core.errors import DomainError
from heartland.payments.selectors import payments_for

from . import refunds
from .models import MerchantOrder, Order, OrderEvent, OrderLine, OrderRefund, RefundStatus


class PartInline(ReadOnlyInline):
    model = MerchantOrder
    fields = ("number", "merchant", "status", "goods", "freight", "total_tax", "total", "payout_usd", "reason")
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = OrderEvent
    fields = ("at", "merchant_order", "from_status", "to_status", "event", "by", "reason")
    readonly_fields = fields
    ordering = ("at", "pk")


class RefundInline(ReadOnlyInline):
    model = OrderRefund
    fields = ("key", "merchant_order", "amount", "currency", "status", "attempts", "last_error", "next_attempt_at",
              "provider_reference", "resolution")
    readonly_fields = fields


class OpenRefunds(admin.SimpleListFilter):
    title = "refunds"
    parameter_name = "refunds"

    def lookups(self, request, model_admin):
        return [("open", "a refund not yet done"), ("failed", "a refund the provider refused")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(refunds__status__in=(RefundStatus.PENDING, RefundStatus.FAILED)).distinct()
        if self.value() == "failed":
            return queryset.filter(refunds__status=RefundStatus.FAILED).distinct()
        return queryset


@admin.register(Order)
class OrderAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("number", "created_at", "market", "status", "total", "currency", "buyer_name", "parts",
                    "open_refunds")
    list_filter = ("status", "market", OpenRefunds, "created_at")
    search_fields = ("number", "payment_reference", "consignee_name", "buyer_name", "merchant_orders__number")
    date_hierarchy = "created_at"
    readonly_fields = ("number", "user", "market", "currency", "status", "reason", "mode", "service_level",
                       "created_at", "paid_at", "buyer_name", "buyer_id_type", "buyer_id", "consignee",
                       "goods", "freight", "duty", "vat", "consumption_tax", "total_tax", "total",
                       "fx_effective", "fx_source", "payments", "lines")
    fieldsets = [
        (None, {"fields": ("number", "status", "reason", "user", "market", "created_at", "paid_at")}),
        ("Buyer and consignee", {"fields": ("buyer_name", "buyer_id_type", "buyer_id", "consignee")}),
        ("Amounts (locked at checkout)", {"fields": ("currency", "goods", "freight", "duty", "vat",
                                                     "consumption_tax", "total_tax", "total", "fx_effective",
                                                     "fx_source", "mode", "service_level")}),
        ("Lines and payments", {"fields": ("lines", "payments")}),
    ]
    inlines = [PartInline, RefundInline, EventInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            n_parts=Count("merchant_orders", distinct=True),
            n_open=Count("refunds", filter=Q(refunds__status__in=(RefundStatus.PENDING, RefundStatus.FAILED)),
                         distinct=True))

    @admin.display(description="parts", ordering="n_parts")
    def parts(self, obj):
        return obj.n_parts

    @admin.display(description="open refunds", ordering="n_open")
    def open_refunds(self, obj):
        return obj.n_open or ""

    @admin.display(description="ID number")
    def buyer_id(self, obj):
        return obj.buyer_id_masked

    @admin.display(description="consignee")
    def consignee(self, obj):
        parts = (obj.consignee_name, obj.consignee_phone, obj.consignee_region, obj.consignee_city,
                 obj.consignee_district, obj.consignee_address, obj.consignee_postcode, obj.consignee_country)
        return " · ".join(p for p in parts if p)

    @admin.display(description="lines")
    def lines(self, obj):
        rows = OrderLine.objects.filter(merchant_order__order=obj).select_related("merchant_order").order_by("pk")
        return format_html_join(
            "", "<div>{} — {} × {} ({}) @ {} = {}, tax {}</div>",
            ((r.merchant_order.number, r.quantity, r.title_en, r.sku, r.unit_price, r.goods, r.total_tax)
             for r in rows)) or "—"

    @admin.display(description="payments")
    def payments(self, obj):
        rows = [(reverse("admin:payments_payment_change", args=[p.pk]), p.reference, p.status, p.amount,
                 p.currency, p.refunded_amount) for p in payments_for(obj.number)]
        return format_html_join("", '<div><a href="{}">{}</a> — {} · {} {} · refunded {}</div>', rows) or "—"


@admin.register(OrderRefund)
class OrderRefundAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("key", "order_link", "amount", "currency", "status", "attempts", "last_error",
                    "next_attempt_at", "created_at")
    list_filter = ("status", "currency", "created_at")
    search_fields = ("key", "order__number", "provider_reference")
    readonly_fields = ("key", "order_link", "merchant_order", "amount", "currency", "reason", "status", "attempts",
                       "provider_attempt", "provider_reference", "last_error", "next_attempt_at", "created_at",
                       "succeeded_at", "resolved_at", "resolved_by", "resolution")
    fields = readonly_fields
    actions = ["retry_refunds", "resolve_refunds"]

    @admin.display(description="order", ordering="order__number")
    def order_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:orders_order_change", args=[obj.order_id]),
                           obj.order.number)

    def _can_act(self, request) -> bool:
        return request.user.has_perm("orders.change_orderrefund")

    @admin.action(description="Send the selected open refunds to the provider again now")
    def retry_refunds(self, request, queryset):
        if not self._can_act(request):
            self.message_user(request, "You may not act on refunds.", messages.ERROR)
            return None
        done = 0
        for refund in queryset.filter(status__in=(RefundStatus.PENDING, RefundStatus.FAILED)):
            result = refunds.retry_now(refund=refund)
            done += result.status == RefundStatus.SUCCEEDED
            if result.status != RefundStatus.SUCCEEDED:
                self.message_user(request, f"{result.key}: still {result.status} — {result.last_error}",
                                  messages.WARNING)
        self.message_user(request, f"{done} refund(s) succeeded.", messages.SUCCESS if done else messages.INFO)
        return None

    @admin.action(description="Mark the selected open refunds resolved outside Heartland…")
    def resolve_refunds(self, request, queryset):
        if not self._can_act(request):
            self.message_user(request, "You may not act on refunds.", messages.ERROR)
            return None
        open_ones = queryset.filter(status__in=(RefundStatus.PENDING, RefundStatus.FAILED))
        resolution = " ".join(request.POST.get("resolution", "").split())
        if not resolution:  # ask for the note first
            return TemplateResponse(request, "admin/orders/resolve_refunds.html", {
                **self.admin_site.each_context(request), "title": "Resolve refunds", "refunds": open_ones,
                "opts": self.model._meta, "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "error": "Say how the money was returned." if "resolution" in request.POST else ""})
        resolved = 0
        for refund in list(open_ones):
            try:
                refunds.resolve_refund(refund=refund, by=request.user, resolution=resolution)
                resolved += 1
            except DomainError as exc:
                self.message_user(request, f"{refund.key}: {exc.message}", messages.ERROR)
        self.message_user(request, f"{resolved} refund(s) resolved: {resolution}", messages.SUCCESS)
        return None
