from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "heartland.core"
    label = "core"
