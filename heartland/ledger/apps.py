from django.apps import AppConfig


class LedgerConfig(AppConfig):
    """The double-entry ledger: accounts, immutable journal entries posted by what happens to orders, payments, customs and shipments; commission and FX."""

    name = "heartland.ledger"
    label = "ledger"
    verbose_name = "Ledger"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the signal receivers)
