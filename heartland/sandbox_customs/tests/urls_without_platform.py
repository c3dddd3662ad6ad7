"""A site with the sandbox customs and no platform receipt view (``customs:receipts`` missing)."""
from django.urls import include, path

urlpatterns = [path("customs/sandbox/", include("heartland.sandbox_customs.urls"))]
