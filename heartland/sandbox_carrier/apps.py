from django.apps import AppConfig


class SandboxCarrierConfig(AppConfig):
    """The stand-in for a carrier's servers: books shipments, issues tracking numbers, emits tracking events. Off unless the sandbox is enabled."""

    name = "heartland.sandbox_carrier"
    label = "sandbox_carrier"
    verbose_name = "Sandbox carrier"
