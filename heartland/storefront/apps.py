from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "heartland.storefront"
    label = "storefront"
