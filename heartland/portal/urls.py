from django.urls import path

from . import returns_views, shipping_views, views

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("apply/", views.apply, name="apply"),
    path("m/<slug:slug>/", views.dashboard, name="dashboard"),
    path("m/<slug:slug>/application/", views.application, name="application"),
    path("m/<slug:slug>/products/", views.product_list, name="product_list"),
    path("m/<slug:slug>/products/new/", views.product_edit, name="product_new"),
    path("m/<slug:slug>/products/<int:pk>/", views.product_edit, name="product_edit"),
    path("m/<slug:slug>/products/<int:pk>/variants/new/", views.variant_edit, name="variant_new"),
    path("m/<slug:slug>/products/<int:pk>/variants/<int:variant_pk>/", views.variant_edit, name="variant_edit"),
    path("m/<slug:slug>/products/<int:pk>/variants/<int:variant_pk>/delete/", views.variant_delete, name="variant_delete"),
    path("m/<slug:slug>/products/<int:pk>/images/", views.image_upload, name="image_upload"),
    path("m/<slug:slug>/products/<int:pk>/images/<int:image_pk>/delete/", views.image_delete, name="image_delete"),
    path("m/<slug:slug>/imports/", views.imports, name="imports"),
    path("m/<slug:slug>/imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("m/<slug:slug>/imports/<int:pk>/rows/<int:error_pk>/", views.import_fix_row, name="import_fix_row"),
    path("m/<slug:slug>/export.csv", views.export_csv, name="export_csv"),
    path("m/<slug:slug>/orders/", views.order_inbox, name="orders"),
    path("m/<slug:slug>/orders/<str:number>/", views.order_detail, name="order_detail"),
    path("m/<slug:slug>/orders/<str:number>/ship/", shipping_views.order_ship, name="order_ship"),
    path("m/<slug:slug>/orders/<str:number>/documents/<slug:kind>.pdf", shipping_views.shipment_document,
         name="shipment_document"),
    path("m/<slug:slug>/returns/", returns_views.return_list, name="returns"),
    path("m/<slug:slug>/returns/<int:pk>/", returns_views.return_detail, name="return_detail"),
    path("m/<slug:slug>/returns/<int:pk>/photos/<int:photo_pk>/", returns_views.return_photo, name="return_photo"),
]
