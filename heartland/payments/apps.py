from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "heartland.payments"
    label = "payments"
    verbose_name = "Payments"
