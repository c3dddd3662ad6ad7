from django.apps import AppConfig


class MerchantsConfig(AppConfig):
    name = "heartland.merchants"
    label = "merchants"
