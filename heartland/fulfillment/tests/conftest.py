"""Shipping test setup: the sandbox on (carrier reached in-process), the development secret."""
import pytest


@pytest.fixture(autouse=True)
def carrier_settings(settings):
    settings.HEARTLAND_SANDBOX_ENABLED = True
    settings.HEARTLAND_CARRIER = "sandbox"
    settings.HEARTLAND_SANDBOX_CARRIER_URL = ""
    settings.HEARTLAND_SANDBOX_CARRIER_WEBHOOK_URL = ""
    settings.HEARTLAND_SANDBOX_CARRIER_SECRET = "test-carrier-secret"
    return settings
