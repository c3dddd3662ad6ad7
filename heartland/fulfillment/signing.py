"""HMAC-SHA256 over a message, with a secret the platform and a carrier share (hex digest)."""
from __future__ import annotations

import hashlib
import hmac


def sign(secret: str, message: str) -> str:
    return hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()


def verify(secret: str, message: str, signature: str) -> bool:
    return bool(signature) and hmac.compare_digest(sign(secret, message), signature)
