from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "heartland.storefront"
    label = "storefront"

    def ready(self) -> None:
        # What retires cached pages (receivers.py imports models: not before the registry is ready).
        from . import receivers  # noqa: F401
