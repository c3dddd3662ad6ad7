from django.apps import AppConfig


class SandboxPaymentsConfig(AppConfig):
    """The stand-in for the payment provider's servers (an Alipay-shaped gateway and cashier).
    Its pages answer 404 unless the sandbox is enabled (``HEARTLAND_SANDBOX_ENABLED``)."""

    name = "heartland.sandbox_payments"
    label = "sandbox_payments"
    verbose_name = "Sandbox payment provider"
