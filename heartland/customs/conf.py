"""Customs settings: Django settings first, then the environment, then a demo default
(``payments.conf``'s readers) — the app works before settings.py names any of them.

| name | default | meaning |
|---|---|---|
| HEARTLAND_CUSTOMS_GATEWAY_URL | "" | absolute URL the signed messages are POSTed to; empty: the sandbox's ``sandbox_customs:dxp`` in-process |
| HEARTLAND_CUSTOMS_HTTP_TIMEOUT | 10 | seconds for a message POST over HTTP |
| HEARTLAND_CUSTOMS_KEY_FILE / HEARTLAND_CUSTOMS_CERT_FILE | "" | PEM files: the platform's signing key and certificate; empty: generated under VAR_DIR/secrets (development) |
| HEARTLAND_CUSTOMS_RECEIPT_CERT_FILE | "" | PEM file of the certificate receipts must be signed with (customs'); empty: HEARTLAND_SANDBOX_CUSTOMS_CERTIFICATE, else the sandbox's VAR_DIR/secrets/sandbox-customs-cert.pem |
| HEARTLAND_CUSTOMS_SIGNATURE_ALGORITHM | rsa-sha256 | rsa-sha256 or rsa-sha1 (the GACC 2018 samples) |
| HEARTLAND_CUSTOMS_DIGEST | sha256 | sha256 or sha1 |
| HEARTLAND_CUSTOMS_EBP_CODE / _EBP_NAME | 4401960TES / Heartland Marketplace (demo) | the platform's customs registration code and registered name |
| HEARTLAND_CUSTOMS_EBC_CODE / _EBC_NAME | the EBP's | the e-commerce company's (the platform acts for the farms) |
| HEARTLAND_CUSTOMS_COP_CODE / _COP_NAME | the EBP's | the company that transmits (BaseTransfer) |
| HEARTLAND_CUSTOMS_DXP_ID | DXPENT0000000001 | the sender's DXP user ID (China E-port) |
| HEARTLAND_CUSTOMS_AGENT_CODE / _AGENT_NAME, HEARTLAND_CUSTOMS_ASSURE_CODE | the EBC's | the declarant of CEB621 and the company guaranteeing the tax |
| HEARTLAND_CUSTOMS_DISTRICT / HEARTLAND_CUSTOMS_PORT | 5141 / 5141 | 4-digit customs district receiving the declaration / of the entry port (demo: Guangzhou Baiyun airport) |
| HEARTLAND_CUSTOMS_TRAF_MODE | 5 | transport mode of the inventory list (5 air) |
| HEARTLAND_CUSTOMS_LOGISTICS_CODE / _LOGISTICS_NAME | SANDBOXLOG01 / Heartland sandbox carrier | the logistics company's customs code and name (the sandbox carrier's) |
| HEARTLAND_CUSTOMS_RESEND_AFTER | 60 | seconds after which a signed message still not sent is sent again (same guid) |
"""
from __future__ import annotations

from heartland.payments.conf import get_int, get_str


def gateway_url() -> str:
    return get_str("HEARTLAND_CUSTOMS_GATEWAY_URL")


def http_timeout() -> int:
    return get_int("HEARTLAND_CUSTOMS_HTTP_TIMEOUT", 10)


def key_file() -> str:
    return get_str("HEARTLAND_CUSTOMS_KEY_FILE")


def cert_file() -> str:
    return get_str("HEARTLAND_CUSTOMS_CERT_FILE")


def receipt_cert_file() -> str:
    return get_str("HEARTLAND_CUSTOMS_RECEIPT_CERT_FILE")


def sandbox_customs_certificate_pem() -> str:
    return get_str("HEARTLAND_SANDBOX_CUSTOMS_CERTIFICATE").replace("\\n", "\n")


def signature_algorithm() -> str:
    return get_str("HEARTLAND_CUSTOMS_SIGNATURE_ALGORITHM", "rsa-sha256")


def digest() -> str:
    return get_str("HEARTLAND_CUSTOMS_DIGEST", "sha256")


def ebp_code() -> str:
    return get_str("HEARTLAND_CUSTOMS_EBP_CODE", "4401960TES")


def ebp_name() -> str:
    return get_str("HEARTLAND_CUSTOMS_EBP_NAME", "Heartland Marketplace (demo)")


def ebc_code() -> str:
    return get_str("HEARTLAND_CUSTOMS_EBC_CODE", ebp_code())


def ebc_name() -> str:
    return get_str("HEARTLAND_CUSTOMS_EBC_NAME", ebp_name())


def cop_code() -> str:
    return get_str("HEARTLAND_CUSTOMS_COP_CODE", ebp_code())


def cop_name() -> str:
    return get_str("HEARTLAND_CUSTOMS_COP_NAME", ebp_name())


def dxp_id() -> str:
    return get_str("HEARTLAND_CUSTOMS_DXP_ID", "DXPENT0000000001")


def agent_code() -> str:
    return get_str("HEARTLAND_CUSTOMS_AGENT_CODE", ebc_code())


def agent_name() -> str:
    return get_str("HEARTLAND_CUSTOMS_AGENT_NAME", ebc_name())


def assure_code() -> str:
    return get_str("HEARTLAND_CUSTOMS_ASSURE_CODE", ebc_code())


def customs_district() -> str:
    return get_str("HEARTLAND_CUSTOMS_DISTRICT", "5141")


def port_code() -> str:
    return get_str("HEARTLAND_CUSTOMS_PORT", "5141")


def traf_mode() -> str:
    return get_str("HEARTLAND_CUSTOMS_TRAF_MODE", "5")


def logistics_code() -> str:
    return get_str("HEARTLAND_CUSTOMS_LOGISTICS_CODE", "SANDBOXLOG01")


def logistics_name() -> str:
    return get_str("HEARTLAND_CUSTOMS_LOGISTICS_NAME", "Heartland sandbox carrier")


def resend_after() -> int:
    return get_int("HEARTLAND_CUSTOMS_RESEND_AFTER", 60)
