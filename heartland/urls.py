from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from heartland.core import views as core_views

admin.site.site_header = "Heartland operations"
admin.site.site_title = "Heartland operations"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("portal/", include("heartland.portal.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
