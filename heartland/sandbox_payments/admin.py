"""The sandbox gateway's trades, read-only (what the provider's back office would show)."""
from django.contrib import admin

from heartland.payments.admin import MaskedIdentities, ReadOnlyAdmin

from .models import SandboxTrade


@admin.register(SandboxTrade)
class SandboxTradeAdmin(MaskedIdentities, ReadOnlyAdmin):
    list_display = ("trade_no", "out_trade_no", "total_amount", "currency", "status", "payer_name",
                    "payer_id_masked", "gmt_create")
    list_filter = ("status",)
    fields = ("app_id", "out_trade_no", "trade_no", "subject", "total_amount", "currency", "status", "time_expire",
              "orderer_name", "orderer_id_masked", "payer_name", "payer_id_masked", "buyer_id", "fail_reason",
              "refunded_amount", "gmt_create", "gmt_payment", "gmt_close", "notify_id", "notice_acknowledged_at",
              "notice_attempts")
    readonly_fields = fields
