from django.urls import path, re_path

from . import views

app_name = "payouts"
urlpatterns = [
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/bank/", views.bank_details, name="bank"),
    re_path(r"^(?P<slug>[-\w]+)/statements/(?P<period>\d{4}-\d{2})\.csv$", views.statement_csv, name="statement_csv"),
    re_path(r"^(?P<slug>[-\w]+)/statements/(?P<period>\d{4}-\d{2})\.pdf$", views.statement_pdf, name="statement_pdf"),
]
