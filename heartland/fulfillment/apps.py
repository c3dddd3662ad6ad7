from django.apps import AppConfig


class FulfillmentConfig(AppConfig):
    """Shipments, the carrier interface, tracking, shipping documents (PDF) and returns."""

    name = "heartland.fulfillment"
    label = "fulfillment"
    verbose_name = "Fulfilment"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
