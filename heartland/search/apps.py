from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "heartland.search"
    label = "search"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (index updates on commit)
