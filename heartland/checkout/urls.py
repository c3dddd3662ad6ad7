from django.urls import path

from . import views

app_name = "checkout"
urlpatterns = [
    path("cart/", views.cart, name="cart"),
    path("cart/add/", views.add, name="add"),
    path("cart/lines/<int:line_id>/", views.update_line, name="update_line"),
    path("checkout/", views.checkout, name="checkout"),
]
