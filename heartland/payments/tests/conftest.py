"""Payments test setup: fixed test keys (Fernet and the two sandbox RSA pairs, generated once
per session, never written to disk), the sandbox switched on, delivery in-process."""
import pytest
from cryptography.fernet import Fernet
from huey.contrib.djhuey import HUEY

from heartland.core import crypto
from heartland.payments import signals, signing

FERNET_KEY = Fernet.generate_key().decode()
PLATFORM_KEY = signing.generate_private_key()
GATEWAY_KEY = signing.generate_private_key()
INTRUDER_KEY = signing.generate_private_key()


@pytest.fixture(autouse=True)
def payments_settings(settings):
    settings.HEARTLAND_FERNET_KEYS = [FERNET_KEY]
    settings.HEARTLAND_SANDBOX_ENABLED = True
    settings.HEARTLAND_SANDBOX_PLATFORM_PRIVATE_KEY = signing.private_key_to_pem(PLATFORM_KEY)
    settings.HEARTLAND_SANDBOX_PLATFORM_PUBLIC_KEY = ""
    settings.HEARTLAND_SANDBOX_GATEWAY_PRIVATE_KEY = signing.private_key_to_pem(GATEWAY_KEY)
    settings.HEARTLAND_SANDBOX_GATEWAY_PUBLIC_KEY = ""
    settings.HEARTLAND_SANDBOX_NOTIFY_URL = ""
    settings.HEARTLAND_SANDBOX_GATEWAY_URL = ""
    settings.HEARTLAND_SANDBOX_APP_ID = "heartland-sandbox"
    settings.HEARTLAND_PAYMENT_PROVIDERS = {}
    crypto._fernet.cache_clear()
    HUEY.flush()
    yield settings
    crypto._fernet.cache_clear()
    HUEY.flush()


class SignalLog(list):
    def names(self):
        return [name for name, _ in self]

    def of(self, name):
        return [kwargs for n, kwargs in self if n == name]


@pytest.fixture
def received():
    """Every payments signal sent, in order: [(name, kwargs)]."""
    log = SignalLog()
    receivers = {}
    for name in ("payment_succeeded", "payment_failed", "payment_refunded"):
        def receiver(sender, _name=name, **kwargs):
            kwargs.pop("signal", None)
            log.append((_name, kwargs))
        receivers[name] = receiver
        getattr(signals, name).connect(receiver, weak=False, dispatch_uid=f"test-{name}")
    yield log
    for name in receivers:
        getattr(signals, name).disconnect(dispatch_uid=f"test-{name}")
