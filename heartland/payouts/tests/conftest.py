"""Payouts test setup: the payments tests' fixed Fernet key (bank details are encrypted with it)."""
from heartland.payments.tests.conftest import payments_settings  # noqa: F401  (autouse)
