from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "heartland.search"
    label = "search"

    def ready(self) -> None:
        # Connects the receivers that keep the index up to date. Imported here, not at the top:
        # receivers.py imports models, which cannot load before the app registry is ready.
        from . import receivers  # noqa: F401
