"""Sandbox gateway test setup: the payments tests' fixed keys (Fernet and the two RSA pairs,
generated once per session, never written to disk), the sandbox switched on, notices delivered
in-process — the same setup both sides of the protocol are tested with."""
from heartland.payments.tests.conftest import (  # noqa: F401  (the autouse fixture applies here too)
    FERNET_KEY,
    GATEWAY_KEY,
    INTRUDER_KEY,
    PLATFORM_KEY,
    payments_settings,
)
