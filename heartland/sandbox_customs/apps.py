from django.apps import AppConfig


class SandboxCustomsConfig(AppConfig):
    """The stand-in for China customs' CBEC system (the Single Window): receives messages, matches the three documents, answers with receipts. Off unless the sandbox is enabled."""

    name = "heartland.sandbox_customs"
    label = "sandbox_customs"
    verbose_name = "Sandbox customs"
