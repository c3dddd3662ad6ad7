"""Admin helpers shared by the apps' ModelAdmins."""
from __future__ import annotations

from django.utils.text import smart_split

MAX_SEARCH_TERMS = 20


class BoundedSearchMixin:
    """Search on the first MAX_SEARCH_TERMS words only. Each word adds an OR over every search
    field to the query, and a pasted paragraph (about a thousand words) goes past SQLite's
    expression depth: the changelist answered a server error instead of a list."""

    def get_search_results(self, request, queryset, search_term):
        terms = list(smart_split(search_term or ""))[:MAX_SEARCH_TERMS]
        return super().get_search_results(request, queryset, " ".join(terms))
