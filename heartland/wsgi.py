import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heartland.settings")
application = get_wsgi_application()

if os.environ.get("HEARTLAND_WARM_UP", "1") != "0":
    from heartland.warmup import warm_up

    warm_up()
