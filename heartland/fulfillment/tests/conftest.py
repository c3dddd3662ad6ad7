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


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Return photos land in this test's own private folder."""
    settings.HEARTLAND_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.HEARTLAND_PRIVATE_MEDIA_ROOT
