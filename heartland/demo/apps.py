from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo marketplace (``manage.py seed_demo``, run by ``make demo``): it seeds every
    app, so it sits above them all and nothing imports it."""

    name = "heartland.demo"
    label = "demo"
