from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from heartland.core import views as core_views

admin.site.site_header = "Heartland operations"
admin.site.site_title = "Heartland operations"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("portal/", include("heartland.portal.urls")),
    path("pay/sandbox/", include("heartland.sandbox_payments.urls")),
    path("pay/", include("heartland.payments.urls")),
    path("customs/sandbox/", include("heartland.sandbox_customs.urls")),
    path("customs/", include("heartland.customs.urls")),
    path("shipping/sandbox/", include("heartland.sandbox_carrier.urls")),
    path("shipping/", include("heartland.fulfillment.urls")),
    path("money/", include("heartland.payouts.urls")),
]
# Shopper-facing pages: 简体中文 at /, 繁體中文 under /zh-hant/, English under /en/ — one URL
# per language, so search engines index each (hreflang alternates on every page).
urlpatterns += i18n_patterns(
    path("sell/", core_views.sell, name="sell"),
    path("accounts/", include("allauth.urls")),
    path("", include("heartland.checkout.urls")),
    path("", include("heartland.orders.urls")),
    path("", include("heartland.fulfillment.shopper_urls")),
    path("", include("heartland.storefront.urls")),
    prefix_default_language=False,
)
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
