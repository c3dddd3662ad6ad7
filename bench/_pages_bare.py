"""The "bare view" of bench/pages.py: one Django view answering 'ok', no middleware, no database.

Served by gunicorn next to the real site, it is the ceiling a shopper page is compared with
(what Django + gunicorn + the machine give before any work of ours).

    gunicorn --chdir bench _pages_bare:application
"""
from __future__ import annotations

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "bench-only-" + "x" * 40),
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_I18N=False,
)


def ok(request):
    return HttpResponse("ok")


urlpatterns = [path("", ok)]
application = get_wsgi_application()
