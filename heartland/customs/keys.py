"""The platform's customs signing key and certificate, and the certificate receipts are checked
with.

- **Signing** (every CEB message): ``HEARTLAND_CUSTOMS_KEY_FILE`` + ``HEARTLAND_CUSTOMS_CERT_FILE``
  (PEM files; production), else generated once (RSA-2048, self-signed, development only) into
  ``VAR_DIR/secrets/customs-platform-key.pem`` / ``customs-platform-cert.pem`` (directory 0700,
  files 0600) — never into the repository. In production the real signature comes from the
  company's China E-port card (``ceb.signing.Signer``); the file key is the stand-in.
- **Receipts** are accepted only when signed with customs' certificate:
  ``HEARTLAND_CUSTOMS_RECEIPT_CERT_FILE``, else the sandbox customs' certificate (the PEM in
  ``HEARTLAND_SANDBOX_CUSTOMS_CERTIFICATE`` or the file the sandbox generates,
  ``VAR_DIR/secrets/sandbox-customs-cert.pem``) — read by path, the sandbox's code is not imported.

``platform_certificate()`` is what the sandbox customs loads (by dotted path) to check messages.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from heartland.core.devkeys import generated_pair

from . import conf
from .ceb import signing

KEY_FILE, CERT_FILE = "customs-platform-key.pem", "customs-platform-cert.pem"
SANDBOX_CUSTOMS_CERT_FILE = "sandbox-customs-cert.pem"
COMMON_NAME = "Heartland platform customs signing (development only)"


@dataclass(frozen=True)
class Credentials:
    key: RSAPrivateKey
    certificate: x509.Certificate


def _generated(var_dir: str) -> tuple[bytes, bytes]:
    return generated_pair(var_dir, KEY_FILE, CERT_FILE, lambda: signing.generate_credentials(COMMON_NAME))


@lru_cache(maxsize=4)
def _load(key_file: str, cert_file: str, var_dir: str) -> Credentials:
    if bool(key_file) != bool(cert_file):
        raise ImproperlyConfigured("HEARTLAND_CUSTOMS_KEY_FILE and HEARTLAND_CUSTOMS_CERT_FILE go together")
    try:
        key_pem, cert_pem = ((Path(key_file).read_bytes(), Path(cert_file).read_bytes()) if key_file
                             else _generated(var_dir))
        credentials = Credentials(signing.load_private_key(key_pem), signing.load_certificate(cert_pem))
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(f"the customs signing key or certificate: {exc}") from None
    if credentials.certificate.public_key().public_numbers() != credentials.key.public_key().public_numbers():
        raise ImproperlyConfigured("HEARTLAND_CUSTOMS_CERT_FILE is not the certificate of HEARTLAND_CUSTOMS_KEY_FILE")
    return credentials


def platform_credentials() -> Credentials:
    return _load(conf.key_file(), conf.cert_file(), str(settings.VAR_DIR))


def platform_certificate() -> x509.Certificate:
    """The certificate the platform's messages are signed with (for the sandbox customs)."""
    return platform_credentials().certificate


def receipt_certificate() -> x509.Certificate | None:
    """The certificate receipts must be signed with; None when none is known yet (the sandbox has
    not generated its own) — then no receipt is accepted."""
    path = conf.receipt_cert_file()
    pem: bytes | None = None
    if path:
        pem = Path(path).read_bytes()
    elif conf.sandbox_customs_certificate_pem():
        pem = conf.sandbox_customs_certificate_pem().encode()
    else:
        candidate = Path(settings.VAR_DIR) / "secrets" / SANDBOX_CUSTOMS_CERT_FILE
        pem = candidate.read_bytes() if candidate.exists() else None
    return _certificate(pem) if pem else None


@lru_cache(maxsize=8)
def _certificate(pem: bytes) -> x509.Certificate:
    try:
        return signing.load_certificate(pem)
    except ValueError as exc:
        raise ImproperlyConfigured(f"the customs receipt certificate: {exc}") from None
