from django.urls import path

from . import views

app_name = "sandbox_carrier"
urlpatterns = [
    path("api/", views.api, name="api"),
]
