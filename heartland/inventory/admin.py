from django.contrib import admin

from .models import StockLevel, Warehouse


@admin.register(Warehouse)
class WarehouseAdmin(admin.ModelAdmin):
    list_display = ("name", "merchant", "code", "kind", "country", "is_default")
    list_filter = ("kind",)
    search_fields = ("name", "merchant__trading_name")


@admin.register(StockLevel)
class StockLevelAdmin(admin.ModelAdmin):
    list_display = ("variant", "warehouse", "on_hand", "reserved")
    raw_id_fields = ("variant",)
    search_fields = ("variant__sku", "variant__product__title_en")
