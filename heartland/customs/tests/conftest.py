"""Customs test setup: the payments sandbox settings (Fernet key, sandbox provider), the
platform's signing key and customs' receipt certificate in temporary files, and a fake gateway
that takes every message (no sandbox customs needed)."""
from __future__ import annotations

import pytest

from heartland.customs import keys, transport
from heartland.customs.ceb import signing
from heartland.payments.tests.conftest import payments_settings  # noqa: F401  (autouse)


@pytest.fixture(scope="session")
def credential_files(tmp_path_factory):
    directory = tmp_path_factory.mktemp("customs-keys")
    files = {}
    for who in ("platform", "customs"):
        key_pem, cert_pem = signing.generate_credentials(f"test {who}")
        (directory / f"{who}-key.pem").write_bytes(key_pem)
        (directory / f"{who}-cert.pem").write_bytes(cert_pem)
        files[who] = (directory / f"{who}-key.pem", directory / f"{who}-cert.pem")
    return files


@pytest.fixture(autouse=True)
def customs_settings(settings, credential_files):
    settings.HEARTLAND_CUSTOMS_KEY_FILE = str(credential_files["platform"][0])
    settings.HEARTLAND_CUSTOMS_CERT_FILE = str(credential_files["platform"][1])
    settings.HEARTLAND_CUSTOMS_RECEIPT_CERT_FILE = str(credential_files["customs"][1])
    settings.HEARTLAND_CUSTOMS_GATEWAY_URL = ""
    keys._load.cache_clear()
    return settings


class FakeGateway:
    def __init__(self) -> None:
        self.sent: list[bytes] = []
        self.answer = transport.Answer(200, "<DxpRep>ok</DxpRep>")

    def __call__(self, xml: bytes) -> transport.Answer:
        self.sent.append(xml)
        return self.answer


@pytest.fixture(autouse=True)
def gateway(monkeypatch):
    fake = FakeGateway()
    monkeypatch.setattr(transport, "send", fake)
    return fake


@pytest.fixture
def customs_key(credential_files):
    key_file, cert_file = credential_files["customs"]
    return signing.load_private_key(key_file.read_bytes()), signing.load_certificate(cert_file.read_bytes())
