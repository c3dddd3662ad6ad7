"""Development-only key pairs, generated once into ``VAR_DIR/secrets`` (directory 0700, files 0600)
— never into the repository. The sandboxes and the platform's development signing keys use it;
production configures real keys instead."""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def _write_once(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    try:
        os.link(tmp, path)  # atomic: another process may have won; then theirs is used
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)


def generated_pair(var_dir: str, key_file: str, cert_file: str, make: Callable[[], tuple[bytes, bytes]]
                   ) -> tuple[bytes, bytes]:
    """(key PEM, certificate PEM) from ``VAR_DIR/secrets``, made with ``make()`` the first time.
    Two processes racing to make it agree on one pair."""
    directory = Path(var_dir) / "secrets"
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    key_path, cert_path = directory / key_file, directory / cert_file
    if not key_path.exists():
        key_pem, cert_pem = make()
        _write_once(key_path, key_pem)
        if key_path.read_bytes() == key_pem:  # ours won: its certificate goes with it
            cert_path.unlink(missing_ok=True)
            _write_once(cert_path, cert_pem)
    if not cert_path.exists():
        raise ImproperlyConfigured(f"{key_path} has no certificate beside it ({cert_path}); delete both to regenerate")
    return key_path.read_bytes(), cert_path.read_bytes()
