from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "heartland.orders"
    label = "orders"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (payment outcomes → order transitions)
