from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "heartland.inventory"
    label = "inventory"
