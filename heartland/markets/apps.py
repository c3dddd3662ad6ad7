from django.apps import AppConfig


class MarketsConfig(AppConfig):
    name = "heartland.markets"
    label = "markets"

    def ready(self) -> None:
        from . import receivers  # noqa: F401
