from django.urls import path

from . import csrf_views, views

app_name = "storefront"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("search/suggest/", views.suggest, name="suggest"),
    path("c/<slug:slug>/", views.category, name="category"),
    path("p/<slug:merchant>/<str:handle>/", views.product, name="product"),
    path("m/<slug:slug>/", views.merchant_page, name="merchant"),
    path("market/", views.set_market, name="set_market"),
    path("notice/", views.risk_notice, name="risk_notice"),
    path("csrf/", csrf_views.csrf_cookie, name="csrf"),
]
