"""Admin behaviour shared by every ModelAdmin — the apps' own and those Django and allauth register."""
from __future__ import annotations

from django.contrib import admin
from django.utils.text import smart_split

MAX_SEARCH_TERMS = 20


def bound_admin_search() -> None:
    """Every changelist searches on its first MAX_SEARCH_TERMS words only. Each word adds an OR over
    every search field to the query, and a pasted paragraph (about a thousand words) goes past
    SQLite's expression depth: the changelist answered a server error instead of a list. Installed
    once on ``ModelAdmin`` (CoreConfig.ready), so an admin added later is bounded too."""
    search = admin.ModelAdmin.get_search_results
    if getattr(search, "bounded", False):
        return

    def get_search_results(self, request, queryset, search_term):
        terms = list(smart_split(search_term or ""))[:MAX_SEARCH_TERMS]
        return search(self, request, queryset, " ".join(terms))

    get_search_results.bounded = True
    admin.ModelAdmin.get_search_results = get_search_results


class ReadOnly:
    """An admin (or inline) operators read but never write: every change goes through services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False
