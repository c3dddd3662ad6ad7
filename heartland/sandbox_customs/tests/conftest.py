"""Sandbox customs test setup: fixed keys and certificates (the platform's, the sandbox customs'
and an intruder's, generated once per session, never written to disk), the sandbox switched
on, receipts delivered in-process to a stand-in for the platform's receipt view
(``tests/urls.py``), which records what it got and answers as told."""
from __future__ import annotations

import pytest
from huey.contrib.djhuey import HUEY

from heartland.customs.ceb import signing

from . import urls as platform

PLATFORM_KEY, PLATFORM_CERT = signing.generate_credentials("Heartland platform (test)")
CUSTOMS_KEY, CUSTOMS_CERT = signing.generate_credentials("Sandbox customs (test)")
INTRUDER_KEY, INTRUDER_CERT = signing.generate_credentials("Intruder (test)")


@pytest.fixture(autouse=True)
def customs_settings(settings):
    settings.HEARTLAND_SANDBOX_ENABLED = True
    settings.HEARTLAND_SANDBOX_CUSTOMS_PLATFORM_CERTIFICATE = PLATFORM_CERT.decode()
    settings.HEARTLAND_SANDBOX_CUSTOMS_PRIVATE_KEY = CUSTOMS_KEY.decode()
    settings.HEARTLAND_SANDBOX_CUSTOMS_CERTIFICATE = CUSTOMS_CERT.decode()
    settings.HEARTLAND_SANDBOX_CUSTOMS_RECEIPT_URL = ""
    settings.HEARTLAND_SANDBOX_CUSTOMS_CHAOS = False
    settings.HEARTLAND_SANDBOX_CUSTOMS_INSPECT_PERCENT = 0
    settings.HEARTLAND_SANDBOX_CUSTOMS_INSPECTION_SECONDS = 60
    HUEY.flush()
    yield settings
    HUEY.flush()


@pytest.fixture
def platform_receipts(settings):
    """The platform's receipt view, stood in for: the receipts it got (verified, parsed)."""
    settings.ROOT_URLCONF = "heartland.sandbox_customs.tests.urls"
    platform.reset()
    yield platform
    platform.reset()
