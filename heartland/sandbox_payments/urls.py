from django.urls import path

from . import views

app_name = "sandbox_payments"

urlpatterns = [
    path("gateway/", views.gateway_endpoint, name="gateway"),
    path("cashier/<str:token>/", views.cashier, name="cashier"),
]
