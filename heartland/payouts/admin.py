"""Operators: payout settings, bank details (masked), settlement imports (upload a file) and their
differences (resolve them), payout runs (download the NACHA file) and payouts. Money rows are
read-only: they change through the services only."""
from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html

from heartland.core.errors import DomainError

from . import services
from .forms import SettlementUploadForm
from .models import (
    BankAccount,
    Payout,
    PayoutRun,
    PayoutSettings,
    SettledTrade,
    SettlementDifference,
    SettlementImport,
    usd_text,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PayoutSettings)
class PayoutSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "updated_at")

    def has_add_permission(self, request):
        return not PayoutSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BankAccount)
class BankAccountAdmin(ReadOnly):
    list_display = ("merchant", "holder_name", "account_type", "routing_masked", "account_masked", "updated_at")
    search_fields = ("merchant__trading_name", "holder_name")
    fields = ("merchant", "holder_name", "account_type", "routing_masked", "account_masked", "updated_at",
              "updated_by")
    readonly_fields = fields


class SettledTradeInline(admin.TabularInline):
    model = SettledTrade
    fields = ("trade_id", "currency", "gross_minor", "fee_minor", "refund_minor", "net_minor", "settlement_rate",
              "received_usd_minor", "fx_gain_minor", "entry")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class DifferenceInline(admin.TabularInline):
    model = SettlementDifference
    fields = ("kind", "trade_id", "payment", "detail", "resolved_at", "resolution")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SettlementImport)
class SettlementImportAdmin(ReadOnly):
    list_display = ("file_name", "provider", "settlement_dates", "rows", "matched", "differences", "imported_at")
    fields = ("file_name", "provider", "sha256", "settlement_dates", "rows", "matched", "differences",
              "imported_at", "imported_by")
    readonly_fields = fields
    inlines = [SettledTradeInline, DifferenceInline]
    change_list_template = "admin/payouts/settlementimport/change_list.html"

    def get_urls(self):
        return [path("upload/", self.admin_site.admin_view(self.upload), name="payouts_settlementimport_upload"),
                *super().get_urls()]

    def upload(self, request):
        if not request.user.has_perm("payouts.view_settlementimport"):
            raise PermissionDenied
        form = SettlementUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            f = form.cleaned_data["file"]
            try:
                imp, created = services.import_settlement(content=f.read(), file_name=f.name,
                                                          provider=form.cleaned_data["provider"], by=request.user)
            except DomainError as exc:
                form.add_error("file", exc.message)
            else:
                (messages.success if created else messages.info)(
                    request, f"{imp.rows} rows, {imp.matched} matched, {imp.differences} differences"
                    + ("" if created else " (already imported: nothing changed)"))
                return redirect(reverse("admin:payouts_settlementimport_change", args=[imp.pk]))
        return render(request, "admin/payouts/settlementimport/upload.html",
                      {**self.admin_site.each_context(request), "form": form, "title": "Import a settlement file",
                       "opts": self.model._meta})


@admin.register(SettlementDifference)
class SettlementDifferenceAdmin(admin.ModelAdmin):
    list_display = ("kind", "trade_id", "payment", "settlement_import", "resolved_at")
    list_filter = ("kind", ("resolved_at", admin.EmptyFieldListFilter))
    search_fields = ("trade_id",)
    fields = ("settlement_import", "kind", "trade_id", "payment", "row_number", "detail", "resolution",
              "resolved_at", "resolved_by")
    readonly_fields = ("settlement_import", "kind", "trade_id", "payment", "row_number", "detail", "resolved_at",
                       "resolved_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            services.resolve_difference(difference=obj, by=request.user, resolution=obj.resolution)
        except DomainError as exc:
            messages.error(request, exc.message)


class PayoutInline(admin.TabularInline):
    model = Payout
    fields = ("sequence", "merchant", "amount", "account_type", "account_last4", "key", "entry")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="amount")
    def amount(self, obj):
        return usd_text(obj.amount_minor)


@admin.register(PayoutRun)
class PayoutRunAdmin(ReadOnly):
    list_display = ("pk", "created_at", "effective_date", "status", "payout_count", "total", "file_name")
    list_filter = ("status",)
    fields = ("created_at", "effective_date", "file_id_modifier", "status", "payout_count", "total", "file_name",
              "file_sha256", "written_at", "started_by", "download")
    readonly_fields = fields
    inlines = [PayoutInline]

    @admin.display(description="total")
    def total(self, obj):
        return usd_text(obj.total_minor)

    @admin.display(description="NACHA file")
    def download(self, obj):
        if not obj.pk:
            return "-"
        return format_html('<a href="{}">download</a>', reverse("admin:payouts_payoutrun_file", args=[obj.pk]))

    def get_urls(self):
        return [path("<int:pk>/file/", self.admin_site.admin_view(self.file), name="payouts_payoutrun_file"),
                *super().get_urls()]

    def file(self, request, pk):
        if not request.user.has_perm("payouts.view_payoutrun"):
            raise PermissionDenied
        run = get_object_or_404(PayoutRun, pk=pk)
        response = HttpResponse(services.build_run_file(run), content_type="text/plain; charset=ascii")
        response["Content-Disposition"] = f'attachment; filename="{services.run_file_name(run)}"'
        return response


@admin.register(Payout)
class PayoutAdmin(ReadOnly):
    list_display = ("created_at", "merchant", "amount", "account_type", "account_last4", "run")
    search_fields = ("merchant__trading_name", "key")
    fields = ("run", "merchant", "amount", "holder_name", "account_type", "account_last4", "key", "sequence",
              "entry", "created_at")
    readonly_fields = fields

    @admin.display(description="amount")
    def amount(self, obj):
        return usd_text(obj.amount_minor)
