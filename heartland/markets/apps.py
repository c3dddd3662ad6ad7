from django.apps import AppConfig


class MarketsConfig(AppConfig):
    name = "heartland.markets"
    label = "markets"
