from django.urls import path

from . import views

app_name = "sandbox_customs"

urlpatterns = [
    path("dxp/", views.dxp, name="dxp"),
]
