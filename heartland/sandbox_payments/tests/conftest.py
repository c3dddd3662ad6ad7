"""Sandbox gateway test setup: fixed test keys (Fernet and the two RSA pairs, generated once per
session, never written to disk), the sandbox switched on, notices delivered in-process."""
import pytest
from cryptography.fernet import Fernet
from huey.contrib.djhuey import HUEY

from heartland.core import crypto
from heartland.payments import signing

FERNET_KEY = Fernet.generate_key().decode()
PLATFORM_KEY = signing.generate_private_key()
GATEWAY_KEY = signing.generate_private_key()
INTRUDER_KEY = signing.generate_private_key()


@pytest.fixture(autouse=True)
def sandbox_settings(settings):
    settings.HEARTLAND_FERNET_KEYS = [FERNET_KEY]
    settings.HEARTLAND_SANDBOX_ENABLED = True
    settings.HEARTLAND_SANDBOX_PLATFORM_PRIVATE_KEY = signing.private_key_to_pem(PLATFORM_KEY)
    settings.HEARTLAND_SANDBOX_PLATFORM_PUBLIC_KEY = ""
    settings.HEARTLAND_SANDBOX_GATEWAY_PRIVATE_KEY = signing.private_key_to_pem(GATEWAY_KEY)
    settings.HEARTLAND_SANDBOX_GATEWAY_PUBLIC_KEY = ""
    settings.HEARTLAND_SANDBOX_NOTIFY_URL = ""
    settings.HEARTLAND_SANDBOX_GATEWAY_URL = ""
    settings.HEARTLAND_SANDBOX_APP_ID = "heartland-sandbox"
    crypto._fernet.cache_clear()
    HUEY.flush()
    yield settings
    crypto._fernet.cache_clear()
    HUEY.flush()
