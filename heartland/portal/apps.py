from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "heartland.portal"
    label = "portal"
