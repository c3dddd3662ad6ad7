"""The sandbox customs' back office for testers: the messages received, each document and where
customs stands on it, the receipts sent (and whether the platform acknowledged them); actions
to release, hold or reject a document by hand. Nothing is edited in place."""
from __future__ import annotations

from django.contrib import admin, messages

from . import services
from .models import SandboxDocument, SandboxMessage, SandboxReceipt


class _ReadOnly(admin.ModelAdmin):
    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReceiptInline(admin.TabularInline):
    model = SandboxReceipt
    fields = ("kind", "return_status", "return_time", "return_info", "value_added_tax", "attempts",
              "acknowledged_at", "last_answer")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("return_time", "pk")

    def has_add_permission(self, request, obj=None):
        return False


class DocumentInline(admin.TabularInline):
    model = SandboxDocument
    fields = ("index", "kind", "order_no", "key", "status", "reason", "current")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SandboxMessage)
class SandboxMessageAdmin(_ReadOnly):
    list_display = ("guid", "kind", "cop_name", "received_at", "in_process", "repeats")
    list_filter = ("kind", "in_process")
    search_fields = ("guid", "documents__order_no")
    inlines = [DocumentInline]


def _act(modeladmin, request, queryset, action, **kwargs):
    done = 0
    for document in queryset.order_by("pk"):
        try:
            action(document_id=document.pk, **kwargs)
            done += 1
        except (services.NotAllowed, ValueError) as exc:
            modeladmin.message_user(request, str(exc), messages.WARNING)
    if done:
        modeladmin.message_user(request, f"{done} document(s) done; their receipts are on their way.",
                                messages.SUCCESS)


@admin.register(SandboxDocument)
class SandboxDocumentAdmin(_ReadOnly):
    list_display = ("order_no", "kind", "key", "status", "current", "consignee", "tax_assessed", "received_at",
                    "decided_at")
    list_filter = ("kind", "status", "current")
    search_fields = ("order_no", "key", "guid", "invt_no")
    inlines = [ReceiptInline]
    actions = ["release", "hold", "reject"]

    @admin.action(description="Release (800, the prepaid tax stated) — accepted or held inventory lists",
                  permissions=["change"])
    def release(self, request, queryset):
        _act(self, request, queryset, services.release)

    @admin.action(description="Hold for inspection (500) — accepted inventory lists", permissions=["change"])
    def hold(self, request, queryset):
        _act(self, request, queryset, services.hold)

    @admin.action(description="Reject (100: rejected by a tester)", permissions=["change"])
    def reject(self, request, queryset):
        _act(self, request, queryset, services.reject, reason=f"rejected by a tester ({request.user})")


@admin.register(SandboxReceipt)
class SandboxReceiptAdmin(_ReadOnly):
    list_display = ("document", "kind", "return_status", "return_time", "attempts", "acknowledged_at")
    list_filter = ("kind", "return_status")
    search_fields = ("document__order_no", "guid")
    list_select_related = ("document",)
