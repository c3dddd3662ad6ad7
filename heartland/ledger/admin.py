"""Operators: the trial balance, every account with its balances and postings, the journal
(read-only: entries are never edited — a correction is a reversing entry) and commission rates
(editable, from a date)."""
from __future__ import annotations

from django.contrib import admin
from django.db.models import Sum
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from . import inbox, selectors
from .math import from_minor
from .models import Account, CommissionRate, JournalEntry, PendingEvent, Posting


def _money(amount_minor: int, currency: str) -> str:
    return f"{from_minor(amount_minor, currency):,} {currency}"


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PostingInline(admin.TabularInline):
    model = Posting
    fields = ("account", "currency", "amount_minor", "amount")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="amount")
    def amount(self, obj):
        return _money(obj.amount_minor, obj.currency)


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnly):
    list_display = ("occurred_at", "key", "kind", "memo", "order", "merchant")
    list_filter = ("kind",)
    search_fields = ("key", "memo", "order__number", "merchant_order__number")
    date_hierarchy = "occurred_at"
    list_select_related = ("order", "merchant")
    inlines = [PostingInline]
    readonly_fields = ("key", "kind", "memo", "occurred_at", "posted_at", "order", "merchant_order", "merchant",
                       "reverses", "data")

    def get_urls(self):
        return [path("trial-balance/", self.admin_site.admin_view(self.trial_balance_view),
                     name="ledger_trial_balance")] + super().get_urls()

    def trial_balance_view(self, request):
        rows = [{**r, "amount": _money(r["balance_minor"], r["currency"])} for r in selectors.trial_balance()]
        totals = [{"currency": c, "amount": _money(s, c), "zero": s == 0}
                  for c, s in sorted(selectors.totals_by_currency().items())]
        ids = dict(Account.objects.values_list("name", "id"))
        for r in rows:
            r["url"] = reverse("admin:ledger_account_change", args=[ids[r["account"]]]) if r["account"] in ids else ""
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "title": "Trial balance",
                   "rows": rows, "totals": totals, "unbalanced": selectors.unbalanced_entries()}
        return TemplateResponse(request, "admin/ledger/trial_balance.html", context)


@admin.register(Account)
class AccountAdmin(ReadOnly):
    list_display = ("name", "kind", "merchant", "balances", "description")
    list_filter = ("kind",)
    search_fields = ("name", "merchant__trading_name")
    readonly_fields = ("name", "kind", "merchant", "description", "balances", "recent_postings")

    @admin.display(description="balances")
    def balances(self, obj):
        rows = (Posting.objects.filter(account=obj).values("currency").annotate(s=Sum("amount_minor"))
                .order_by("currency"))
        return " · ".join(_money(r["s"], r["currency"]) for r in rows) or "—"

    @admin.display(description="latest postings")
    def recent_postings(self, obj):
        rows = selectors.account_entries(obj.name)[:100]
        return format_html("<table>{}</table>", format_html_join(
            "", "<tr><td>{}</td><td><a href='{}'>{}</a></td><td>{}</td><td style='text-align:right'>{}</td></tr>",
            ((p.entry.occurred_at.strftime("%Y-%m-%d %H:%M"),
              reverse("admin:ledger_journalentry_change", args=[p.entry_id]), p.entry.key, p.entry.memo,
              _money(p.amount_minor, p.currency)) for p in rows)))


@admin.register(CommissionRate)
class CommissionRateAdmin(admin.ModelAdmin):
    list_display = ("category", "rate_percent", "effective_from", "note", "created_by", "created_at")
    list_filter = ("category",)
    fields = ("category", "rate_percent", "effective_from", "note")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(PendingEvent)
class PendingEventAdmin(ReadOnly):
    """Events written down and not yet posted: normally for a second; one that failed shows its
    error and when it is tried again (the later events of its part wait behind it)."""

    list_display = ("id", "kind", "merchant_order", "created_at", "attempts", "next_attempt_at", "error")
    list_filter = ("kind",)
    readonly_fields = ("kind", "merchant_order", "data", "created_at", "attempts", "last_error", "next_attempt_at")
    actions = ["post_now"]

    @admin.display(description="last error")
    def error(self, obj):
        return obj.last_error[:120]

    @admin.action(description="Post the selected events now")
    def post_now(self, request, queryset):
        from django.utils import timezone

        queryset.filter(next_attempt_at__isnull=False).update(next_attempt_at=timezone.now())
        done = inbox.post_pending()
        self.message_user(request, f"Posted {done.events} events; {done.failed} failed.")
