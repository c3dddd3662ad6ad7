"""RSA2 signing as Alipay does it: SHA256withRSA (PKCS#1 v1.5) over the canonical string.

The canonical string: every parameter except ``sign`` and ``sign_type`` whose value is not
empty, sorted by key, joined as ``key=value&key=value`` (raw values, not URL-encoded), UTF-8.
The signature is standard base64.

Alipay's scheme has one weakness this module closes: a value holding ``&k=v`` makes the
canonical string ambiguous (``{"a": "1&b=2"}`` and ``{"a": "1", "b": "2"}`` join to the
same text). So keys must be ``[A-Za-z0-9_.]+`` and no value may contain ``&`` — signing
refuses such a set and verification rejects it. With that, a signature binds exactly one
parameter set (empty values count as absent, as in Alipay). JSON values (``biz_content``)
are written with ``&`` escaped as ``\\u0026`` (``dumps_json``).

Also here: RSA-OAEP for one sensitive field (the orderer's ID number sent to the gateway),
as WeChat Pay v3 encrypts sensitive fields with the platform certificate's public key.

Pure Python: no Django.
"""
from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey

SIGN_TYPE = "RSA2"
EXCLUDED = frozenset({"sign", "sign_type"})
_KEY_RE = re.compile(r"[A-Za-z0-9_.]+")


class SigningError(ValueError):
    """A parameter set that cannot be signed unambiguously."""


def _check(params: Mapping[str, Any]) -> list[tuple[str, str]]:
    items = []
    for key, value in params.items():
        if not isinstance(key, str) or not _KEY_RE.fullmatch(key):
            raise SigningError(f"parameter name {key!r} must be letters, digits, '_' or '.'")
        if key in EXCLUDED or value is None:
            continue
        if not isinstance(value, str):
            raise SigningError(f"parameter {key} must be text, not {type(value).__name__}")
        if value == "":
            continue
        if "&" in value:
            raise SigningError(f"parameter {key} contains '&'")
        items.append((key, value))
    items.sort()
    return items


def signing_string(params: Mapping[str, Any]) -> str:
    """The canonical ``k=v&k=v`` text that is signed."""
    return "&".join(f"{k}={v}" for k, v in _check(params))


def sign(params: Mapping[str, Any], private_key: RSAPrivateKey) -> str:
    data = signing_string(params).encode("utf-8")
    return base64.b64encode(private_key.sign(data, padding.PKCS1v15(), hashes.SHA256())).decode("ascii")


def signed(params: Mapping[str, Any], private_key: RSAPrivateKey) -> dict[str, str]:
    """A copy of ``params`` (empty values dropped) with ``sign_type=RSA2`` and ``sign``."""
    out = {k: v for k, v in params.items() if k not in EXCLUDED and v not in (None, "")}
    out["sign_type"] = SIGN_TYPE
    out["sign"] = sign(out, private_key)
    return out


def verify(params: Mapping[str, Any], public_key: RSAPublicKey) -> bool:
    """True only for a well-formed RSA2 signature by ``public_key`` over exactly these params."""
    signature = params.get("sign")
    if not isinstance(signature, str) or not signature:
        return False
    sign_type = params.get("sign_type")
    if sign_type not in (None, "", SIGN_TYPE):
        return False
    try:
        raw = base64.b64decode(signature, validate=True)
        data = signing_string(params).encode("utf-8")
    except (binascii.Error, ValueError):
        return False
    try:
        public_key.verify(raw, data, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


# --- keys -------------------------------------------------------------------------------

def generate_private_key() -> RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def private_key_to_pem(key: RSAPrivateKey) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode("ascii")


def public_key_to_pem(key: RSAPublicKey) -> str:
    return key.public_bytes(serialization.Encoding.PEM,
                            serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def _pem_bytes(pem: str) -> bytes:
    # Environment variables often carry PEM with literal "\n".
    return pem.strip().replace("\\n", "\n").encode("ascii")


def load_private_key(pem: str) -> RSAPrivateKey:
    key = serialization.load_pem_private_key(_pem_bytes(pem), password=None)
    if not isinstance(key, RSAPrivateKey) or key.key_size < 2048:
        raise ValueError("an RSA private key of at least 2048 bits is required")
    return key


def load_public_key(pem: str) -> RSAPublicKey:
    key = serialization.load_pem_public_key(_pem_bytes(pem))
    if not isinstance(key, RSAPublicKey) or key.key_size < 2048:
        raise ValueError("an RSA public key of at least 2048 bits is required")
    return key


# --- one encrypted field ------------------------------------------------------------------

_OAEP = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


def encrypt_field(text: str, public_key: RSAPublicKey) -> str:
    return base64.b64encode(public_key.encrypt(text.encode("utf-8"), _OAEP)).decode("ascii")


def decrypt_field(token: str, private_key: RSAPrivateKey) -> str:
    try:
        return private_key.decrypt(base64.b64decode(token, validate=True), _OAEP).decode("utf-8")
    except (binascii.Error, ValueError) as exc:
        raise ValueError("cannot decrypt the field") from exc


def dumps_json(data: Any) -> str:
    """Compact JSON for a signed parameter: key order kept, '&' escaped so it can be signed."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("&", "\\u0026")
