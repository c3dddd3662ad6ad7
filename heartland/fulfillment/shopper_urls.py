"""The shopper's return pages, mounted under the i18n URL patterns (one URL per language)."""
from django.urls import path

from . import return_views

app_name = "returns"
urlpatterns = [
    path("returns/new/<str:part>/", return_views.request_return, name="new"),
    path("returns/<int:pk>/", return_views.return_detail, name="detail"),
    path("returns/<int:pk>/photos/<int:photo_pk>/", return_views.return_photo, name="photo"),
]
