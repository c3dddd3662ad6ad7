"""Operators' view of the zero-result log: what shoppers searched for and did not find, per
market. Read-only: only `services.log_zero_result` writes it."""
from django.contrib import admin

from . import analysis
from .models import ZeroResultQuery


@admin.register(ZeroResultQuery)
class ZeroResultQueryAdmin(admin.ModelAdmin):
    list_display = ("query", "market", "count", "last_seen")
    list_filter = ("market",)
    search_fields = ("query",)
    ordering = ("-count", "-last_seen")
    fields = ("query", "market", "count", "first_seen", "last_seen")
    readonly_fields = fields
    list_per_page = 100
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        # Queries are logged normalized (Simplified, lowercase, half-width): search them the same
        # way, so 牛肉乾 or ＢＥＥＦ finds what shoppers typed as 牛肉干 or beef.
        return super().get_search_results(request, queryset, analysis.normalize(search_term))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
