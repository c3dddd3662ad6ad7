"""Merchant portal (English). Thin views: parse input → service/selector → render.

Every merchant page resolves the merchant through `access_merchant`, which answers 404
to anyone who is not a member — a merchant never sees another's data.
"""
from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from heartland.catalog import import_jobs
from heartland.catalog import selectors as catalog_selectors
from heartland.catalog import services as catalog_services
from heartland.catalog.importers.shopify_export import export_rows
from heartland.catalog.importers.shopify_format import COLUMNS
from heartland.catalog.models import ImportRowError, ProductImage, ProductStatus, Variant
from heartland.core.errors import DomainError
from heartland.fulfillment import documents as shipping_documents
from heartland.fulfillment import return_selectors
from heartland.fulfillment import selectors as shipping
from heartland.inventory import services as inventory_services
from heartland.inventory.models import StockLevel
from heartland.markets.models import Market
from heartland.markets.pricing import prices_in_markets
from heartland.merchants import services as merchant_services
from heartland.merchants import states as merchant_states
from heartland.merchants.selectors import access_merchant, merchants_for_user
from heartland.orders import selectors as order_selectors
from heartland.orders import services as order_services
from heartland.orders import states

from .forms import ApplicationForm, FixRowForm, ImageForm, ImportForm, ProductForm, StockForm, VariantForm


def _apply_domain_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
def index(request):
    merchants = list(merchants_for_user(user=request.user))
    if len(merchants) == 1:
        return redirect("portal:dashboard", slug=merchants[0].slug)
    return render(request, "portal/index.html", {"merchants": merchants})


@login_required
def apply(request):
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        merchant = merchant_services.create_application(
            user=request.user, data={k: form.cleaned_data.get(k) for k in ApplicationForm.Meta.fields})
        messages.success(request, "Your application is saved as a draft. Check it, then submit it for review.")
        return redirect("portal:application", slug=merchant.slug)
    return render(request, "portal/apply.html", {"form": form})


@login_required
def application(request, slug):
    merchant, membership = access_merchant(user=request.user, slug=slug)
    editable = merchant.status in merchant_states.EDITABLE
    form = ApplicationForm(request.POST or None, instance=merchant)
    if not editable:
        for name, field in form.fields.items():
            if name not in merchant_services.ALWAYS_EDITABLE_FIELDS:
                field.disabled = True
    if request.method == "POST":
        if "submit" in request.POST and not form.has_changed():
            try:
                merchant_services.submit_application(merchant=merchant, by=request.user)
                messages.success(request, "Submitted. Heartland will review your application, usually within two business days.")
                return redirect("portal:application", slug=slug)
            except DomainError as exc:
                messages.error(request, exc.message)
        elif form.is_valid():
            try:
                data = {k: form.cleaned_data.get(k) for k in form.changed_data}
                merchant = merchant_services.update_application(merchant=merchant, by=request.user, data=data)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                if "submit" not in request.POST:
                    messages.success(request, "Saved.")
                    return redirect("portal:application", slug=slug)
                try:
                    merchant_services.submit_application(merchant=merchant, by=request.user)
                    messages.success(request, "Saved and submitted for review.")
                except DomainError as exc:  # the changes are saved; say so, and why it was not submitted
                    messages.warning(request, f"Saved, but not submitted: {exc.message}")
                return redirect("portal:application", slug=slug)
    history = merchant.status_changes.select_related("by")
    return render(request, "portal/application.html", {
        "merchant": merchant, "form": form, "history": history,
        "can_submit": merchant.status in merchant_states.EDITABLE,
    })


@login_required
def dashboard(request, slug):
    merchant, membership = access_merchant(user=request.user, slug=slug)
    return render(request, "portal/dashboard.html", {
        "merchant": merchant, "membership": membership,
        "counts": catalog_selectors.catalog_counts(merchant=merchant),
        "jobs": catalog_selectors.import_jobs_for_merchant(merchant=merchant)[:5],
        "out_of_stock": StockLevel.objects.filter(variant__merchant=merchant, on_hand=0).count(),
    })


@login_required
def product_list(request, slug):
    merchant, _ = access_merchant(user=request.user, slug=slug)
    query = request.GET.get("q", "")[:200]
    status = request.GET.get("status", "")
    if status not in ProductStatus.values:
        status = ""
    qs = catalog_selectors.products_for_merchant(merchant=merchant, query=query, status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {"merchant": merchant, "page": page, "q": query, "status": status, "statuses": ProductStatus.choices}
    template = "portal/_product_rows.html" if request.htmx else "portal/product_list.html"
    return render(request, template, context)


@login_required
def product_edit(request, slug, pk=None):
    merchant, _ = access_merchant(user=request.user, slug=slug)
    product = catalog_selectors.product_for_merchant(merchant=merchant, pk=pk) if pk else None
    form = ProductForm(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ProductForm.Meta.fields}
        try:
            saved = catalog_services.save_product(merchant=merchant, fields=fields, product=product)
            messages.success(request, "Product saved." if product else "Product created. Now add its variants.")
            return redirect("portal:product_edit", slug=slug, pk=saved.pk)
        except DomainError as exc:
            _apply_domain_error(form, exc)
    context = {"merchant": merchant, "product": product, "form": form}
    if product is not None:
        markets = list(Market.objects.all())
        variants = product.variants.prefetch_related(Prefetch("stock_levels", queryset=StockLevel.objects.select_related("warehouse")))
        context.update(variants=variants, images=product.images.all(), image_form=ImageForm(),
                       variant_form=VariantForm(initial={"country_of_origin": "US"}),
                       buyer_prices=[(v, prices_in_markets(v, markets)) for v in list(variants)[:6]])
    return render(request, "portal/product_form.html", context)


@login_required
def variant_edit(request, slug, pk, variant_pk=None):
    merchant, _ = access_merchant(user=request.user, slug=slug)
    product = catalog_selectors.product_for_merchant(merchant=merchant, pk=pk)
    variant = get_object_or_404(Variant, pk=variant_pk, product=product) if variant_pk else None
    warehouses = [inventory_services.ensure_default_warehouse(merchant=merchant)]
    warehouses += [w for w in merchant.warehouses.all() if w.pk != warehouses[0].pk]
    levels = {lvl.warehouse_id: lvl for lvl in StockLevel.objects.filter(variant=variant)} if variant else {}
    initial = {f: getattr(variant, f) for f in VariantForm.base_fields} if variant else {"country_of_origin": "US"}
    form = VariantForm(request.POST or None, initial=initial)
    stock_form = StockForm(request.POST or None, warehouses=warehouses, levels=levels)
    if request.method == "POST" and form.is_valid() and stock_form.is_valid():
        try:
            data = catalog_services.VariantInput(**form.cleaned_data)
            with transaction.atomic():
                saved = catalog_services.save_variant(product=product, data=data, variant=variant)
                for wh in warehouses:
                    inventory_services.set_stock(variant=saved, warehouse=wh, on_hand=stock_form.cleaned_data[f"wh_{wh.pk}"])
            messages.success(request, "Variant saved.")
            return redirect("portal:product_edit", slug=slug, pk=product.pk)
        except DomainError as exc:
            _apply_domain_error(form, exc)
    return render(request, "portal/variant_form.html", {
        "merchant": merchant, "product": product, "variant": variant, "form": form, "stock_form": stock_form})


@login_required
@require_POST
def variant_delete(request, slug, pk, variant_pk):
    merchant, _ = access_merchant(user=request.user, slug=slug)
    product = catalog_selectors.product_for_merchant(merchant=merchant, pk=pk)
    variant = get_object_or_404(Variant, pk=variant_pk, product=product)
    try:
        catalog_services.delete_variant(variant=variant)
        messages.success(request, "Variant deleted.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("portal:product_edit", slug=slug, pk=product.pk)


@login_required
@require_POST
def image_upload(request, slug, pk):
    merchant, _ = access_merchant(user=request.user, slug=slug)
    product = catalog_selectors.product_for_merchant(merchant=merchant, pk=pk)
    form = ImageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            catalog_services.add_image(product=product, upload=form.cleaned_data["image"], alt_text=form.cleaned_data["alt_text"])
            messages.success(request, "Image added.")
        except DomainError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, "Choose an image file to upload.")
    return redirect("portal:product_edit", slug=slug, pk=product.pk)


@login_required
@require_POST
def image_delete(request, slug, pk, image_pk):
    merchant, _ = access_merchant(user=request.user, slug=slug)
    product = catalog_selectors.product_for_merchant(merchant=merchant, pk=pk)
    catalog_services.delete_image(image=get_object_or_404(ProductImage, pk=image_pk, product=product))
    messages.success(request, "Image removed.")
    return redirect("portal:product_edit", slug=slug, pk=product.pk)


@login_required
def imports(request, slug):
    merchant, _ = access_merchant(user=request.user, slug=slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = import_jobs.start_import(merchant=merchant, user=request.user, upload=form.cleaned_data["file"])
        return redirect("portal:import_detail", slug=slug, pk=job.pk)
    return render(request, "portal/imports.html", {
        "merchant": merchant, "form": form, "jobs": catalog_selectors.import_jobs_for_merchant(merchant=merchant)[:20],
        "columns": COLUMNS})


@login_required
def import_detail(request, slug, pk):
    merchant, _ = access_merchant(user=request.user, slug=slug)
    job = get_object_or_404(catalog_selectors.import_jobs_for_merchant(merchant=merchant), pk=pk)
    errors = Paginator(job.row_errors.all(), 100).get_page(request.GET.get("page"))
    context = {"merchant": merchant, "job": job, "errors": errors}
    if request.htmx and not job.finished:
        return render(request, "portal/_import_progress.html", context)
    if request.htmx:
        response = HttpResponse()
        response["HX-Refresh"] = "true"
        return response
    return render(request, "portal/import_detail.html", context)


@login_required
def import_fix_row(request, slug, pk, error_pk):
    merchant, _ = access_merchant(user=request.user, slug=slug)
    job = get_object_or_404(catalog_selectors.import_jobs_for_merchant(merchant=merchant), pk=pk)
    row_error = get_object_or_404(ImportRowError, pk=error_pk, job=job)
    form = FixRowForm(request.POST or None, row=row_error.row or {"handle": row_error.handle}, columns=COLUMNS)
    new_errors = []
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data.get(k, "") for k in form.keys}
        new_errors = import_jobs.fix_row(merchant=merchant, row_error=row_error, values=values)
        if not new_errors:
            messages.success(request, f"Row {row_error.row_number} is imported.")
            return redirect("portal:import_detail", slug=slug, pk=job.pk)
        for e in new_errors:
            key = next((k for k, h in COLUMNS.items() if h == e.column), None)
            form.add_error(key if key in form.fields else None, e.reason)
    return render(request, "portal/import_fix.html", {
        "merchant": merchant, "job": job, "row_error": row_error, "form": form})


@login_required
def export_csv(request, slug):
    merchant, _ = access_merchant(user=request.user, slug=slug)
    class Echo:
        def write(self, value):
            return value

    writer = csv.writer(Echo(), lineterminator="\n")
    response = StreamingHttpResponse((writer.writerow(r) for r in export_rows(merchant=merchant)),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{merchant.slug}-products.csv"'
    return response


# --- orders -------------------------------------------------------------------------------
@login_required
def order_inbox(request, slug):
    merchant, _ = access_merchant(user=request.user, slug=slug)
    status = request.GET.get("status", "")
    status = status if status in states.STATES else ""
    page = Paginator(order_selectors.merchant_orders_for(merchant=merchant, status=status), 50).get_page(
        request.GET.get("page"))
    return render(request, "portal/orders.html", {"merchant": merchant, "page": page, "status": status,
                                                  "statuses": [(s, states.label(s)) for s in states.STATES]})


@login_required
def order_detail(request, slug, number):
    merchant, _ = access_merchant(user=request.user, slug=slug)
    mo = order_selectors.merchant_order_for(merchant=merchant, number=number)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "accept":
                order_services.merchant_accept(merchant_order=mo, by=request.user)
                messages.success(request, "Accepted. Ship it within 3 business days.")
            elif request.POST.get("action") == "cancel":
                order_services.merchant_cancel(merchant_order=mo, by=request.user,
                                               reason=request.POST.get("reason", "")[:500])
                messages.warning(request, "Cancelled; the shopper is refunded for your part.")
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("portal:order_detail", slug=slug, number=number)
    shipment = shipping.shipment_for(mo)
    return render(request, "portal/order_detail.html", {
        "merchant": merchant, "mo": mo, "order": mo.order, "status_label": states.label(mo.status),
        "can_accept": states.can(mo.status, states.ACCEPTED, "merchant"),
        "can_cancel": states.can(mo.status, states.REFUNDED, "merchant"),
        "can_ship": mo.status == states.ACCEPTED and shipment is None,
        "shipment": shipment, "tracking": shipping.tracking_for(mo) if shipment else None,
        "documents": [(kind, shipping_documents.KINDS[kind]) for kind in shipping_documents.kinds_for(shipment)]
        if shipment else [],
        "returns": return_selectors.returns_for_parts([mo.pk]).get(mo.pk, []),
    })
