from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "heartland.core"
    label = "core"

    def ready(self) -> None:
        from .admin import bound_admin_search

        bound_admin_search()
