from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "heartland.catalog"
    label = "catalog"
