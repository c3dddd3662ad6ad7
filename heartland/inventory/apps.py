from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "heartland.inventory"
    label = "inventory"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (a new merchant's default warehouse)
