"""Sandbox customs settings. Each is read from Django settings first, then the environment, then
a default (``payments.conf``'s readers) — so the app works before settings.py names them.

| name | default | meaning |
|---|---|---|
| HEARTLAND_SANDBOX_ENABLED | DEBUG | the one sandbox switch (payments' too): off, every page answers 404 |
| HEARTLAND_SANDBOX_CUSTOMS_RECEIPT_URL | "" | absolute URL receipts are POSTed to; empty: the platform's ``customs:receipts`` in-process |
| HEARTLAND_SANDBOX_CUSTOMS_PLATFORM_CERTIFICATE | "" | PEM of the platform's certificate (what incoming messages must be signed with) |
| HEARTLAND_SANDBOX_CUSTOMS_PLATFORM_CERTIFICATE_LOADER | heartland.customs.keys.platform_certificate | dotted path of a callable giving it (PEM or ``x509.Certificate``) when the PEM setting is empty |
| HEARTLAND_SANDBOX_CUSTOMS_PRIVATE_KEY / _CERTIFICATE | generated | PEM: the sandbox customs' own key and certificate (receipts are signed with them); generated once under VAR_DIR/secrets |
| HEARTLAND_SANDBOX_CUSTOMS_INSPECT_PERCENT | 0 | share of accepted inventory lists held for inspection (500), picked by a hash of the order number and the seed |
| HEARTLAND_SANDBOX_CUSTOMS_INSPECT_SEED | heartland | the seed of that pick |
| HEARTLAND_SANDBOX_CUSTOMS_INSPECTION_SECONDS | 60 | an inspection ends that long after it began (800, or 100 for a consignee named …REJECT…); 0: only a tester ends it (admin) |
| HEARTLAND_SANDBOX_CUSTOMS_CHAOS | false | send every receipt twice and shuffle each batch (the platform's idempotence and ordering by returnTime) |
| HEARTLAND_SANDBOX_CUSTOMS_HTTP_TIMEOUT | 10 | seconds for a receipt POST over HTTP |
"""
from __future__ import annotations

from heartland.payments import conf as payments_conf

DEFAULT_CERTIFICATE_LOADER = "heartland.customs.keys.platform_certificate"


def enabled() -> bool:
    return payments_conf.sandbox_enabled()


def receipt_url() -> str:
    return payments_conf.get_str("HEARTLAND_SANDBOX_CUSTOMS_RECEIPT_URL")


def platform_certificate_pem() -> str:
    return payments_conf.get_str("HEARTLAND_SANDBOX_CUSTOMS_PLATFORM_CERTIFICATE").replace("\\n", "\n")


def platform_certificate_loader() -> str:
    return payments_conf.get_str("HEARTLAND_SANDBOX_CUSTOMS_PLATFORM_CERTIFICATE_LOADER", DEFAULT_CERTIFICATE_LOADER)


def own_private_key_pem() -> str:
    return payments_conf.get_str("HEARTLAND_SANDBOX_CUSTOMS_PRIVATE_KEY").replace("\\n", "\n")


def own_certificate_pem() -> str:
    return payments_conf.get_str("HEARTLAND_SANDBOX_CUSTOMS_CERTIFICATE").replace("\\n", "\n")


def inspect_percent() -> int:
    return max(0, min(100, payments_conf.get_int("HEARTLAND_SANDBOX_CUSTOMS_INSPECT_PERCENT", 0)))


def inspect_seed() -> str:
    return payments_conf.get_str("HEARTLAND_SANDBOX_CUSTOMS_INSPECT_SEED", "heartland")


def inspection_seconds() -> int:
    return max(0, payments_conf.get_int("HEARTLAND_SANDBOX_CUSTOMS_INSPECTION_SECONDS", 60))


def chaos() -> bool:
    return payments_conf.get_bool("HEARTLAND_SANDBOX_CUSTOMS_CHAOS", False)


def http_timeout() -> int:
    return payments_conf.get_int("HEARTLAND_SANDBOX_CUSTOMS_HTTP_TIMEOUT", 10)
