from django.apps import AppConfig


class PayoutsConfig(AppConfig):
    """Money reaches the farm: the provider's settlement files reconciled, balances payable after delivery and the return window, ACH payouts (NACHA files), bank details, statements."""

    name = "heartland.payouts"
    label = "payouts"
    verbose_name = "Payouts"
