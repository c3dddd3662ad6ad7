from django.apps import AppConfig


class CustomsConfig(AppConfig):
    """China customs declarations (CEB311/411/511/621): built from orders, payments and shipments, validated, signed, sent, and their receipts applied."""

    name = "heartland.customs"
    label = "customs"
    verbose_name = "Customs"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the signal receivers)
