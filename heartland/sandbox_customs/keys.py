"""The two certificates the sandbox customs deals in.

- **Its own** key and certificate, which sign every receipt it sends: from
  ``HEARTLAND_SANDBOX_CUSTOMS_PRIVATE_KEY`` / ``HEARTLAND_SANDBOX_CUSTOMS_CERTIFICATE`` (PEM),
  or generated once (RSA-2048, self-signed, development only) into
  ``VAR_DIR/secrets/sandbox-customs-key.pem`` and ``sandbox-customs-cert.pem`` (directory 0700,
  files 0600) — never into the repository. The platform verifies receipts with that certificate
  (the PEM file, or the setting's value).
- **The platform's** certificate, which every incoming message must be signed with (customs
  knows each sender's registered certificate; it never trusts the one inside the message):
  ``HEARTLAND_SANDBOX_CUSTOMS_PLATFORM_CERTIFICATE`` (PEM), else the callable named by
  ``HEARTLAND_SANDBOX_CUSTOMS_PLATFORM_CERTIFICATE_LOADER`` (default
  ``heartland.customs.keys.platform_certificate``), looked up at run time by name, as a
  setting names a backend: the sandbox imports no platform code for it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from heartland.core.devkeys import generated_pair
from heartland.customs.ceb import signing

from . import conf

KEY_FILE, CERT_FILE = "sandbox-customs-key.pem", "sandbox-customs-cert.pem"
COMMON_NAME = "Heartland sandbox customs (development only)"


@dataclass(frozen=True)
class Credentials:
    key: RSAPrivateKey
    certificate: x509.Certificate


def _generated(var_dir: str) -> tuple[bytes, bytes]:
    return generated_pair(var_dir, KEY_FILE, CERT_FILE, lambda: signing.generate_credentials(COMMON_NAME))


@lru_cache(maxsize=4)
def _load(key_pem: str, cert_pem: str, var_dir: str) -> Credentials:
    if bool(key_pem) != bool(cert_pem):
        raise ImproperlyConfigured("HEARTLAND_SANDBOX_CUSTOMS_PRIVATE_KEY and _CERTIFICATE go together")
    key_bytes, cert_bytes = (key_pem.encode(), cert_pem.encode()) if key_pem else _generated(var_dir)
    try:
        credentials = Credentials(signing.load_private_key(key_bytes), signing.load_certificate(cert_bytes))
    except ValueError as exc:
        raise ImproperlyConfigured(f"the sandbox customs key or certificate: {exc}") from None
    if credentials.certificate.public_key().public_numbers() != credentials.key.public_key().public_numbers():
        raise ImproperlyConfigured("the sandbox customs certificate is not for its private key")
    return credentials


def own() -> Credentials:
    """The sandbox customs' key and certificate (generated on first use unless configured)."""
    return _load(conf.own_private_key_pem(), conf.own_certificate_pem(), str(settings.VAR_DIR))


def platform_certificate() -> x509.Certificate:
    """The certificate incoming messages must be signed with. ImproperlyConfigured when none is
    configured and the loader cannot be imported or called."""
    pem = conf.platform_certificate_pem()
    if not pem:
        path = conf.platform_certificate_loader()
        try:
            value = import_string(path)()
        except ImportError as exc:
            raise ImproperlyConfigured(
                "the sandbox customs has no platform certificate: set HEARTLAND_SANDBOX_CUSTOMS_PLATFORM_CERTIFICATE "
                f"or HEARTLAND_SANDBOX_CUSTOMS_PLATFORM_CERTIFICATE_LOADER ({path}: {exc})") from None
        if isinstance(value, x509.Certificate):
            return value
        pem = value.decode() if isinstance(value, bytes) else str(value)
    try:
        return signing.load_certificate(pem)
    except ValueError as exc:
        raise ImproperlyConfigured(f"the platform certificate for the sandbox customs: {exc}") from None
