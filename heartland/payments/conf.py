"""Payment settings. Each is read from Django settings first, then from the environment,
then falls back to a default — so the app works before settings.py names them.

| name | default | meaning |
|---|---|---|
| HEARTLAND_SANDBOX_ENABLED | DEBUG | offer the sandbox provider and its cashier at all |
| HEARTLAND_SANDBOX_APP_ID | heartland-sandbox | the platform's app id at the sandbox gateway |
| HEARTLAND_SANDBOX_NOTIFY_URL | "" | absolute URL the gateway POSTs notices to; empty: in-process |
| HEARTLAND_SANDBOX_GATEWAY_URL | "" | absolute URL of an external sandbox gateway; empty: this site's |
| HEARTLAND_SANDBOX_PLATFORM_PRIVATE_KEY / _PUBLIC_KEY | generated | PEM, see keys.py |
| HEARTLAND_SANDBOX_GATEWAY_PRIVATE_KEY / _PUBLIC_KEY | generated | PEM, see keys.py |
| HEARTLAND_PAYMENT_TIMEOUT | 1800 | seconds a shopper has to pay before the trade expires |
| HEARTLAND_PAYMENT_NOTICE_MAX_AGE | 3600 | seconds: older notify_time is refused (replay window) |
| HEARTLAND_PAYMENT_QUERY_AFTER | 300 | seconds pending without a notice before the periodic query asks |
| HEARTLAND_PAYMENT_HTTP_TIMEOUT | 10 | seconds for any HTTP call to or from a gateway |
| HEARTLAND_PAYMENT_PROVIDERS | {} | extra providers: {"code": "dotted.path.Class"} |
"""
from __future__ import annotations

import os
from typing import Any

from django.conf import settings

_TRUE = {"1", "true", "yes", "on"}


def _raw(name: str) -> Any:
    if hasattr(settings, name):
        return getattr(settings, name)
    return os.environ.get(name)


def get_str(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value in (None, "") else str(value)


def get_int(name: str, default: int) -> int:
    value = _raw(name)
    if value in (None, ""):
        return default
    return int(value)


def get_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in _TRUE


def sandbox_enabled() -> bool:
    return get_bool("HEARTLAND_SANDBOX_ENABLED", bool(settings.DEBUG))


def sandbox_app_id() -> str:
    return get_str("HEARTLAND_SANDBOX_APP_ID", "heartland-sandbox")


def sandbox_notify_url() -> str:
    return get_str("HEARTLAND_SANDBOX_NOTIFY_URL")


def sandbox_gateway_url() -> str:
    return get_str("HEARTLAND_SANDBOX_GATEWAY_URL")


def payment_timeout() -> int:
    return get_int("HEARTLAND_PAYMENT_TIMEOUT", 1800)


def notice_max_age() -> int:
    return get_int("HEARTLAND_PAYMENT_NOTICE_MAX_AGE", 3600)


def query_after() -> int:
    return get_int("HEARTLAND_PAYMENT_QUERY_AFTER", 300)


def http_timeout() -> int:
    return get_int("HEARTLAND_PAYMENT_HTTP_TIMEOUT", 10)


def extra_providers() -> dict[str, str]:
    value = getattr(settings, "HEARTLAND_PAYMENT_PROVIDERS", None) or {}
    return dict(value)
