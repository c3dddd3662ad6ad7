from django.urls import path

from . import views

app_name = "customs"
urlpatterns: list = [
    path("receipts/", views.receipts, name="receipts"),
]
