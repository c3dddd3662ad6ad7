"""The sandbox's two RSA key pairs: the platform's and the sandbox gateway's.

The platform signs its requests with its private key; the gateway verifies them with the
platform's public key. The gateway signs notices and answers with its private key; the
platform verifies them with the gateway's public key — exactly the split a real provider has
(you keep your private key and upload your public key; the provider gives you theirs).

Where each key comes from, in order:

1. the setting or environment variable holding the PEM text
   (``HEARTLAND_SANDBOX_PLATFORM_PRIVATE_KEY``, ``HEARTLAND_SANDBOX_PLATFORM_PUBLIC_KEY``,
   ``HEARTLAND_SANDBOX_GATEWAY_PRIVATE_KEY``, ``HEARTLAND_SANDBOX_GATEWAY_PUBLIC_KEY``;
   literal ``\\n`` in the value is read as a newline);
2. a public key missing from (1) is derived from its private key;
3. with neither half given, the private key is generated once into
   ``VAR_DIR/secrets/sandbox-platform-private.pem`` / ``sandbox-gateway-private.pem``
   (directory 0700, files 0600) — never into the repository.

If only a public key is given (the other side runs elsewhere), the private half is None and
whoever needs it fails loudly with ImproperlyConfigured.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import conf, signing

ENV = {
    "platform_private": "HEARTLAND_SANDBOX_PLATFORM_PRIVATE_KEY",
    "platform_public": "HEARTLAND_SANDBOX_PLATFORM_PUBLIC_KEY",
    "gateway_private": "HEARTLAND_SANDBOX_GATEWAY_PRIVATE_KEY",
    "gateway_public": "HEARTLAND_SANDBOX_GATEWAY_PUBLIC_KEY",
}
FILES = {"platform": "sandbox-platform-private.pem", "gateway": "sandbox-gateway-private.pem"}


@dataclass(frozen=True)
class KeyPair:
    private: RSAPrivateKey | None
    public: RSAPublicKey

    def require_private(self, who: str) -> RSAPrivateKey:
        if self.private is None:
            raise ImproperlyConfigured(f"the sandbox {who} private key is not available here "
                                       f"({ENV[who + '_private']} is not set, only its public key)")
        return self.private


@dataclass(frozen=True)
class SandboxKeys:
    platform: KeyPair
    gateway: KeyPair


def _secret_file(var_dir: str, name: str) -> str:
    """Read VAR_DIR/secrets/<name>, generating a private key into it if missing (race-safe)."""
    directory = Path(var_dir) / "secrets"
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / name
    if not path.exists():
        tmp = directory / f".{name}.{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(signing.private_key_to_pem(signing.generate_private_key()))
        try:
            os.link(tmp, path)  # atomic: another process may have won; then use theirs
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    return path.read_text()


def _pair(who: str, private_pem: str, public_pem: str, var_dir: str) -> KeyPair:
    name = ENV[who + "_private"]
    try:
        if private_pem:
            private = signing.load_private_key(private_pem)
        elif public_pem:
            private = None
        else:
            private = signing.load_private_key(_secret_file(var_dir, FILES[who]))
        public = signing.load_public_key(public_pem) if public_pem else private.public_key()
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} / {ENV[who + '_public']}: {exc}") from None
    if private is not None and public_pem and \
            signing.public_key_to_pem(private.public_key()) != signing.public_key_to_pem(public):
        raise ImproperlyConfigured(f"{ENV[who + '_public']} is not the public half of {name}")
    return KeyPair(private=private, public=public)


@lru_cache(maxsize=4)
def _load(values: tuple[str, str, str, str], var_dir: str) -> SandboxKeys:
    pp, pu, gp, gu = values
    return SandboxKeys(platform=_pair("platform", pp, pu, var_dir), gateway=_pair("gateway", gp, gu, var_dir))


def sandbox_keys() -> SandboxKeys:
    values = tuple(conf.get_str(ENV[k]) for k in ("platform_private", "platform_public",
                                                    "gateway_private", "gateway_public"))
    return _load(values, str(settings.VAR_DIR))
