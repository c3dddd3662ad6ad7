from django.contrib import admin

from .models import Category, ImportJob, ImportRowError, Product, ProductImage, Variant


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("__str__", "slug", "name_zh_hans", "position")
    search_fields = ("name_en", "name_zh_hans", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


class VariantInline(admin.TabularInline):
    model = Variant
    extra = 0
    fields = ("option1", "option2", "option3", "sku", "price_usd", "grams", "hs_code", "country_of_origin", "tax_category")


class ImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0
    fields = ("position", "image", "src_url", "alt_text")


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("title_en", "title_zh_hans", "merchant", "status", "category", "updated_at")
    list_filter = ("status", "kind", "category", "merchant")
    search_fields = ("title_en", "title_zh_hans", "handle", "variants__sku")
    readonly_fields = ("title_zh_hant", "description_zh_hant", "created_at", "updated_at")
    inlines = [VariantInline, ImageInline]
    list_select_related = ("merchant", "category")


class RowErrorInline(admin.TabularInline):
    model = ImportRowError
    extra = 0
    can_delete = False
    readonly_fields = ("row_number", "column", "value", "reason", "fixed_at")
    fields = readonly_fields


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("original_name", "merchant", "status", "rows_seen", "rows_rejected", "created_at")
    list_filter = ("status",)
    readonly_fields = [f.name for f in ImportJob._meta.fields]
    inlines = [RowErrorInline]
