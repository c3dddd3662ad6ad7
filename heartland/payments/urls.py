from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("notify/<slug:provider>/", views.notify, name="notify"),
    path("return/<str:reference>/", views.payment_return, name="return"),
]
