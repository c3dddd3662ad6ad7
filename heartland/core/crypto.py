"""Encryption at rest for identity numbers (cryptography's Fernet).

The key comes from HEARTLAND_FERNET_KEYS (comma-separated, newest first: old keys keep
decrypting while the new one encrypts — key rotation). With nothing set (a laptop, the
demo), a key is generated once into the var directory, outside the repository.
"""
from __future__ import annotations

import hashlib
import hmac
import os
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _local_key() -> str:
    path = Path(settings.VAR_DIR) / "secrets" / "fernet.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(Fernet.generate_key().decode())
    return path.read_text().strip()


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    keys = [k.strip() for k in getattr(settings, "HEARTLAND_FERNET_KEYS", []) if k.strip()]
    if not keys:
        if not getattr(settings, "HEARTLAND_ALLOW_LOCAL_KEYS", False):
            raise ImproperlyConfigured("HEARTLAND_FERNET_KEYS must be set in production")
        keys = [_local_key()]
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(f"HEARTLAND_FERNET_KEYS: {exc}") from None


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ValueError("cannot decrypt: wrong key or damaged data") from None


def mask_id_number(number: str) -> str:
    """'11010519491231002X' → '1101**********002X' (first 4 and last 4 shown)."""
    number = number or ""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def lookup_hash(value: str) -> str:
    """A keyed hash (HMAC-SHA256) to find equal identity numbers without decrypting any.

    Keyed by HEARTLAND_LOOKUP_HASH_KEY (default: derived from SECRET_KEY) — keep it stable:
    changing it forgets who bought what this year.
    """
    key = getattr(settings, "HEARTLAND_LOOKUP_HASH_KEY", "") or f"lookup:{settings.SECRET_KEY}"
    return hmac.new(key.encode(), value.strip().upper().encode(), hashlib.sha256).hexdigest()
