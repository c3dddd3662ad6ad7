from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "heartland.accounts"
    label = "accounts"
    verbose_name = "Users"
