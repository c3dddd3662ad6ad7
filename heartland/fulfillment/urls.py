from django.urls import path

from . import views

app_name = "fulfillment"
urlpatterns = [
    path("tracking/<slug:carrier>/", views.tracking, name="tracking"),
]
