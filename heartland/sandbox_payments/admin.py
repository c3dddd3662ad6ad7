"""The sandbox gateway's trades, read-only (what the provider's back office would show).
Identity numbers appear masked only."""
from django.contrib import admin

from .models import SandboxTrade


@admin.register(SandboxTrade)
class SandboxTradeAdmin(admin.ModelAdmin):
    list_display = ("trade_no", "out_trade_no", "total_amount", "currency", "status", "payer_name",
                    "payer_id_masked", "gmt_create")
    list_filter = ("status",)
    search_fields = ("trade_no", "out_trade_no")
    fields = ("app_id", "out_trade_no", "trade_no", "subject", "total_amount", "currency", "status", "time_expire",
              "orderer_name", "orderer_id_masked", "payer_name", "payer_id_masked", "buyer_id", "fail_reason",
              "refunded_amount", "gmt_create", "gmt_payment", "gmt_close", "notify_id", "notice_acknowledged_at",
              "notice_attempts")
    readonly_fields = fields

    @admin.display(description="payer ID number")
    def payer_id_masked(self, obj):
        return obj.payer_id_masked

    @admin.display(description="orderer ID number")
    def orderer_id_masked(self, obj):
        return obj.orderer_id_masked

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
