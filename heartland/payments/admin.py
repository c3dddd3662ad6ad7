"""Operators see payments, their audit trail, notices and refunds — read-only: every change
goes through services. Identity numbers appear masked only."""
from django.contrib import admin

from .models import Payment, PaymentNotice, PaymentStatusChange, Refund


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MaskedIdentities:
    """The payer's and orderer's ID numbers, masked, as admin columns."""

    @admin.display(description="payer ID number")
    def payer_id_masked(self, obj):
        return obj.payer_id_masked

    @admin.display(description="orderer ID number")
    def orderer_id_masked(self, obj):
        return obj.orderer_id_masked


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StatusChangeInline(ReadOnlyInline):
    model = PaymentStatusChange
    fields = ("at", "from_status", "to_status", "event", "by", "reason")
    readonly_fields = fields


class RefundInline(ReadOnlyInline):
    model = Refund
    fields = ("reference", "amount", "currency", "status", "reason", "provider_refund_no", "created_at")
    readonly_fields = fields


class NoticeInline(ReadOnlyInline):
    model = PaymentNotice
    fields = ("received_at", "channel", "notify_id", "trade_status", "signature_valid", "accepted", "outcome")
    readonly_fields = fields


@admin.register(Payment)
class PaymentAdmin(MaskedIdentities, ReadOnlyAdmin):
    list_display = ("reference", "purpose_reference", "amount", "currency", "provider", "status", "payer_name",
                    "payer_id_masked", "paid_at", "created_at")
    list_filter = ("status", "provider", "currency")
    search_fields = ("reference", "purpose_reference", "provider_trade_no")
    fields = ("reference", "purpose_reference", "subject", "amount", "currency", "provider", "status",
              "provider_trade_no", "orderer_name", "orderer_id_masked", "payer_name", "payer_id_masked",
              "payer_matches_orderer", "paid_at", "refunded_amount", "failure_reason", "idempotency_key",
              "created_by", "created_at", "pending_since", "expires_at", "last_queried_at", "return_url")
    readonly_fields = fields
    inlines = [StatusChangeInline, RefundInline, NoticeInline]


@admin.register(PaymentNotice)
class PaymentNoticeAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "provider", "channel", "notify_id", "payment", "trade_status",
                    "signature_valid", "accepted", "outcome")
    list_filter = ("provider", "channel", "outcome", "signature_valid", "accepted")
    search_fields = ("notify_id", "payment__reference")
    readonly_fields = ("provider", "channel", "source", "notify_id", "payment", "trade_status", "params",
                       "signature_valid", "accepted", "outcome", "detail", "notify_time", "received_at")


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ("reference", "payment", "amount", "currency", "status", "created_at", "completed_at")
    list_filter = ("status",)
    search_fields = ("reference", "payment__reference", "provider_refund_no")
    readonly_fields = ("reference", "payment", "amount", "currency", "reason", "status", "provider_refund_no",
                       "failure_reason", "idempotency_key", "requested_by", "actor", "attempts", "created_at",
                       "completed_at")
