from django.apps import AppConfig


class CheckoutConfig(AppConfig):
    name = "heartland.checkout"
    label = "checkout"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (cart merge on sign-in)
