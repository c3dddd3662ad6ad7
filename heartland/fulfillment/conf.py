"""Shipping settings. Each is read from Django settings first, then the environment, then a
default — so the app works before settings.py names them.

| name | default | meaning |
|---|---|---|
| HEARTLAND_SANDBOX_ENABLED | DEBUG | offer the sandbox carrier at all (shared with the payment sandbox) |
| HEARTLAND_CARRIER | sandbox | the carrier new shipments are booked with |
| HEARTLAND_CARRIERS | {} | extra carriers: {"code": "dotted.path.Class"} |
| HEARTLAND_SANDBOX_CARRIER_URL | "" | absolute URL of an external sandbox carrier API; empty: this site's |
| HEARTLAND_SANDBOX_CARRIER_WEBHOOK_URL | "" | absolute URL the sandbox carrier POSTs tracking to; empty: in-process |
| HEARTLAND_SANDBOX_CARRIER_SECRET | a development secret | HMAC key shared by the platform and the sandbox carrier |
| HEARTLAND_CARRIER_HTTP_TIMEOUT | 10 | seconds for an HTTP call to or from a carrier |
"""
from __future__ import annotations

import os
from typing import Any

from django.conf import settings

_TRUE = {"1", "true", "yes", "on"}
DEV_SANDBOX_CARRIER_SECRET = "heartland-dev-sandbox-carrier-secret"


def _raw(name: str) -> Any:
    if hasattr(settings, name):
        return getattr(settings, name)
    return os.environ.get(name)


def get_str(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value in (None, "") else str(value)


def sandbox_enabled() -> bool:
    value = _raw("HEARTLAND_SANDBOX_ENABLED")
    if value is None or value == "":
        return bool(settings.DEBUG)
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in _TRUE


def default_carrier() -> str:
    return get_str("HEARTLAND_CARRIER", "sandbox")


def extra_carriers() -> dict[str, str]:
    return dict(getattr(settings, "HEARTLAND_CARRIERS", None) or {})


def sandbox_carrier_url() -> str:
    return get_str("HEARTLAND_SANDBOX_CARRIER_URL")


def sandbox_webhook_url() -> str:
    return get_str("HEARTLAND_SANDBOX_CARRIER_WEBHOOK_URL")


def sandbox_carrier_secret() -> str:
    return get_str("HEARTLAND_SANDBOX_CARRIER_SECRET", DEV_SANDBOX_CARRIER_SECRET)


def http_timeout() -> int:
    return int(get_str("HEARTLAND_CARRIER_HTTP_TIMEOUT", "10"))
