from datetime import date

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from heartland.core.errors import DomainError

from .fx import FxFileRefused, import_fx_csv
from .models import FxRate, Market, PositiveListEdition
from .rules_in_force import active_rules, replace_positive_list, restore_shipped_positive_list


class UploadForm(forms.Form):
    file = forms.FileField()
    name = forms.CharField(required=False, max_length=200, help_text="Edition name (optional)")


@admin.register(Market)
class MarketAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "currency", "is_open", "display_rounding", "fx_margin_percent", "fx_max_age_hours")
    list_editable = ("is_open",)
    change_list_template = "admin/markets/market/change_list.html"

    def get_urls(self):
        return [path("rules/", self.admin_site.admin_view(self.rules_view), name="markets_rules")] + super().get_urls()

    def rules_view(self, request):
        """Rates, rule files and the positive list in force, in one operator page."""
        if not request.user.has_perm("markets.change_market"):
            return redirect("admin:index")
        fx_form = UploadForm(prefix="fx")
        list_form = UploadForm(prefix="plist")
        if request.method == "POST":
            action = request.POST.get("action")
            if action == "fx":
                fx_form = UploadForm(request.POST, request.FILES, prefix="fx")
                if fx_form.is_valid():
                    try:
                        result = import_fx_csv(fx_form.cleaned_data["file"], by=request.user)
                        messages.success(request, f"Rates added: {result.created}; already stored: {result.unchanged}.")
                        for e in result.errors:
                            messages.error(request, f"Row {e.row_number}: {e.reason}")
                    except FxFileRefused as exc:
                        messages.error(request, f"Refused: {exc}")
                    return redirect("admin:markets_rules")
            elif action == "plist":
                list_form = UploadForm(request.POST, request.FILES, prefix="plist")
                if list_form.is_valid():
                    try:
                        upload = list_form.cleaned_data["file"]
                        text = upload.read().decode("utf-8-sig")
                        edition = replace_positive_list(text=text, name=list_form.cleaned_data["name"],
                                                        source_name=upload.name, by=request.user)
                        messages.success(request, f"Positive list in force: {edition.name} ({edition.lines} lines).")
                    except UnicodeDecodeError:
                        messages.error(request, "The positive list is not UTF-8 text; nothing changed.")
                    except DomainError as exc:
                        messages.error(request, f"{exc.message} — nothing changed.")
                    return redirect("admin:markets_rules")
            elif action == "restore":
                restore_shipped_positive_list()
                messages.success(request, "The positive list shipped with Heartland is in force again.")
                return redirect("admin:markets_rules")
        rules = active_rules()
        today = date.today()
        snapshot = rules.at(today)
        params = []
        for scope, values in sorted(snapshot.params.items()):
            for name, (value, rule) in sorted(values.items()):
                params.append({"scope": scope, "name": name, "value": rule.value or value, "rule": rule})
        latest = {}
        for rate in FxRate.objects.order_by("base", "quote", "-valid_from"):
            latest.setdefault((rate.base, rate.quote), rate)
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "title": "Rates and rules in force",
            "markets": Market.objects.all(), "rates": list(latest.values()), "rules": rules,
            "market_files": rules.markets.values(), "params": params, "positive_list": rules.positive_list,
            "positive_list_rule": rules.positive_list_rule, "editions": PositiveListEdition.objects.all()[:10],
            "fx_form": fx_form, "list_form": list_form, "today": today,
            "plist_entries": sorted(rules.positive_list.entries.values(), key=lambda e: e.hs_code),
        }
        return TemplateResponse(request, "admin/markets/rules.html", context)


@admin.register(FxRate)
class FxRateAdmin(admin.ModelAdmin):
    list_display = ("base", "quote", "rate", "valid_from", "source", "created_by")
    list_filter = ("base", "quote")
    date_hierarchy = "valid_from"
    readonly_fields = ("created_by", "created_at")

    def get_readonly_fields(self, request, obj=None):
        # A stored rate is a record of what prices used: never edited, only superseded.
        return [f.name for f in FxRate._meta.fields] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PositiveListEdition)
class PositiveListEditionAdmin(admin.ModelAdmin):
    list_display = ("name", "lines", "is_active", "uploaded_by", "uploaded_at")
    readonly_fields = ("name", "content", "lines", "is_active", "uploaded_by", "uploaded_at")

    def has_add_permission(self, request):
        return False

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "rules_url": reverse("admin:markets_rules")}
        return super().changelist_view(request, extra_context)
