from django import forms
from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from heartland.core.errors import DomainError

from . import services, states
from .models import Membership, Merchant, MerchantStatusChange


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


class StatusChangeInline(admin.TabularInline):
    model = MerchantStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ("at", "from_status", "to_status", "by", "reason")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


class RejectForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "cols": 60}), label="Reason (the merchant will read this)")


@admin.register(Merchant)
class MerchantAdmin(admin.ModelAdmin):
    list_display = ("trading_name", "slug", "state", "kind", "status", "created_at")
    list_filter = ("status", "kind", "state")
    search_fields = ("trading_name", "legal_name", "slug", "ein", "contact_email")
    readonly_fields = ("status", "rejection_reason", "created_at", "updated_at")
    inlines = [MembershipInline, StatusChangeInline]
    actions = ["approve_selected"]
    change_form_template = "admin/merchants/merchant/change_form.html"

    def get_urls(self):
        return [
            path("<int:pk>/approve/", self.admin_site.admin_view(self.approve_view), name="merchants_merchant_approve"),
            path("<int:pk>/reject/", self.admin_site.admin_view(self.reject_view), name="merchants_merchant_reject"),
        ] + super().get_urls()

    def _back(self, pk):
        return redirect(reverse("admin:merchants_merchant_change", args=[pk]))

    def approve_view(self, request, pk):
        merchant = get_object_or_404(Merchant, pk=pk)
        if request.method != "POST" or not self.has_change_permission(request, merchant):
            return self._back(pk)
        try:
            services.approve_merchant(merchant=merchant, by=request.user, require_complete=True)
            self.message_user(request, f"{merchant} is approved and can publish products.", messages.SUCCESS)
        except DomainError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        return self._back(pk)

    def reject_view(self, request, pk):
        merchant = get_object_or_404(Merchant, pk=pk)
        if not self.has_change_permission(request, merchant):
            return self._back(pk)
        form = RejectForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.reject_merchant(merchant=merchant, by=request.user, reason=form.cleaned_data["reason"])
                self.message_user(request, f"{merchant} is rejected; the reason is shown to its members.", messages.WARNING)
                return self._back(pk)
            except DomainError as exc:
                form.add_error(None, exc.message)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "merchant": merchant,
                   "form": form, "title": f"Reject {merchant}"}
        return TemplateResponse(request, "admin/merchants/merchant/reject.html", context)

    @admin.action(description="Approve selected submitted applications")
    def approve_selected(self, request, queryset):
        done, failed = 0, []
        for merchant in queryset:
            try:
                services.approve_merchant(merchant=merchant, by=request.user, require_complete=True)
                done += 1
            except DomainError as exc:
                failed.append(f"{merchant}: {exc.message}")
        if done:
            self.message_user(request, f"Approved {done} merchant(s).", messages.SUCCESS)
        for line in failed:
            self.message_user(request, line, messages.ERROR)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        merchant = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if merchant is not None:
            extra_context["can_approve"] = states.WORKFLOW.can(merchant.status, states.APPROVED)
            extra_context["can_reject"] = states.WORKFLOW.can(merchant.status, states.REJECTED)
        return super().change_view(request, object_id, form_url, extra_context=extra_context)


@admin.register(MerchantStatusChange)
class MerchantStatusChangeAdmin(admin.ModelAdmin):
    list_display = ("merchant", "from_status", "to_status", "by", "at", "reason")
    list_filter = ("to_status",)
    readonly_fields = ("merchant", "from_status", "to_status", "by", "at", "reason")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
