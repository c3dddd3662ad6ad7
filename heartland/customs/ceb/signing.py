"""XML-DSig enveloped signatures on CEB messages, as the GACC samples lay them out (pure: lxml +
cryptography, no Django).

``ds:Signature`` is the last child of the ``CEBnnnMessage`` root; one ``Reference URI=""`` (the
whole document) with the ``enveloped-signature`` transform; canonicalization C14N 1.0
(``http://www.w3.org/TR/2001/REC-xml-c14n-20010315``, no comments); ``KeyInfo`` holds
``KeyName`` (the certificate's serial number in hex, as the E-port card's serial is written)
and ``X509Data/X509Certificate``.

Algorithms: RSA with SHA-256 (signature and digest) by default. The GACC samples of 2016/2018
use ``rsa-sha1``/``sha1`` (``algorithm="rsa-sha1", digest="sha1"``); the 2022-05 sample uses
China E-port's SM2/SM3 URIs, which cryptography cannot compute — production signs with the
company's E-port card, whose key cannot be exported: pass a ``Signer`` (anything with
``signature_uri``, ``digest`` and ``sign(data) -> bytes``) to ``sign`` for that.

``verify`` accepts exactly this layout and nothing looser: one Signature, the root's last
child; one Reference to the whole document with only the enveloped transform; a known
algorithm from the allowed set; the digest recomputed over the document without the
Signature; the signature checked with the certificate the caller trusts (never the one in
KeyInfo). Comments and processing instructions are dropped on parsing (C14N ignores them,
so they could otherwise change what a reader sees without breaking the signature).

(signxml 4.0.5, the usual library, does not import with cryptography 50: it references the
binary elliptic curves cryptography removed; hence this module.)
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from lxml import etree

DS = "http://www.w3.org/2000/09/xmldsig#"
C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"

DIGESTS = {
    "sha256": ("http://www.w3.org/2001/04/xmlenc#sha256", "sha256"),
    "sha1": ("http://www.w3.org/2000/09/xmldsig#sha1", "sha1"),
}
ALGORITHMS = {
    "rsa-sha256": ("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", hashes.SHA256),
    "rsa-sha1": ("http://www.w3.org/2000/09/xmldsig#rsa-sha1", hashes.SHA1),
}
DEFAULT_ALGORITHM = "rsa-sha256"
DEFAULT_DIGEST = "sha256"
_DIGEST_OF_URI = {uri: name for uri, name in DIGESTS.values()}
_ALG_OF_URI = {uri: name for name, (uri, _h) in ALGORITHMS.items()}

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True,
                          remove_pis=True, huge_tree=False)


class SigningError(ValueError):
    """A message that cannot be signed (not XML, already signed, unknown algorithm)."""


class Signer(Protocol):
    """Something that signs SignedInfo: an RSA key here, the E-port card in production."""

    signature_uri: str

    def sign(self, data: bytes) -> bytes: ...


@dataclass(frozen=True)
class RsaSigner:
    key: rsa.RSAPrivateKey
    algorithm: str = DEFAULT_ALGORITHM

    @property
    def signature_uri(self) -> str:
        return ALGORITHMS[self.algorithm][0]

    def sign(self, data: bytes) -> bytes:
        return self.key.sign(data, padding.PKCS1v15(), ALGORITHMS[self.algorithm][1]())


# --- keys and certificates ------------------------------------------------------------------------

def load_private_key(pem: bytes | str) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(pem.encode() if isinstance(pem, str) else pem, password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("the customs signing key must be an RSA key")
    return key


def load_certificate(pem: bytes | str) -> x509.Certificate:
    return x509.load_pem_x509_certificate(pem.encode() if isinstance(pem, str) else pem)


def generate_credentials(common_name: str, *, days: int = 3650) -> tuple[bytes, bytes]:
    """A new RSA-2048 key and a self-signed certificate for it (PEM, PEM) — development only."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=days)).sign(key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return key_pem, cert.public_bytes(serialization.Encoding.PEM)


def key_name(cert: x509.Certificate) -> str:
    """The certificate's serial number in lower-case hex (the samples' KeyName, e.g. 01691fe9)."""
    text = f"{cert.serial_number:x}"
    return text if len(text) % 2 == 0 else "0" + text


# --- signing ------------------------------------------------------------------------------------

def _tree(xml: bytes | str | etree._Element) -> etree._Element:
    if isinstance(xml, etree._Element):
        return xml
    try:
        return etree.fromstring(xml.encode("utf-8") if isinstance(xml, str) else xml, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise SigningError(f"not well-formed XML: {exc}") from None


def _c14n(node: etree._Element) -> bytes:
    return etree.tostring(node, method="c14n", exclusive=False, with_comments=False)


def _ds(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    node = etree.SubElement(parent, f"{{{DS}}}{tag}", attrs)
    if text is not None:
        node.text = text
    return node


def sign(xml: bytes | str | etree._Element, key: rsa.RSAPrivateKey | bytes | str | None,
         cert: x509.Certificate | bytes | str, *, algorithm: str = DEFAULT_ALGORITHM,
         digest: str = DEFAULT_DIGEST, signer: Signer | None = None) -> bytes:
    """The message with an enveloped ``ds:Signature`` as its root's last child (UTF-8 bytes with
    the XML declaration). ``key`` is an RSA private key (object or PEM) — or None with a
    ``signer`` (the E-port card); ``cert`` the certificate whose key signs (object or PEM)."""
    if digest not in DIGESTS:
        raise SigningError(f"unknown digest {digest!r} (known: {', '.join(DIGESTS)})")
    if signer is None:
        if algorithm not in ALGORITHMS:
            raise SigningError(f"unknown algorithm {algorithm!r} (known: {', '.join(ALGORITHMS)})")
        if key is None:
            raise SigningError("a private key or a signer is needed")
        signer = RsaSigner(load_private_key(key) if isinstance(key, bytes | str) else key, algorithm)
    certificate = load_certificate(cert) if isinstance(cert, bytes | str) else cert
    root = _tree(xml)
    if root.find(f"{{{DS}}}Signature") is not None:
        raise SigningError("the message is already signed")
    digest_uri, hash_name = DIGESTS[digest]
    digest_value = base64.b64encode(hashlib.new(hash_name, _c14n(root)).digest()).decode("ascii")

    signature = etree.SubElement(root, f"{{{DS}}}Signature", nsmap={"ds": DS})
    info = _ds(signature, "SignedInfo")
    _ds(info, "CanonicalizationMethod", Algorithm=C14N)
    _ds(info, "SignatureMethod", Algorithm=signer.signature_uri)
    reference = _ds(info, "Reference", URI="")
    _ds(_ds(reference, "Transforms"), "Transform", Algorithm=ENVELOPED)
    _ds(reference, "DigestMethod", Algorithm=digest_uri)
    _ds(reference, "DigestValue", digest_value)
    value = _ds(signature, "SignatureValue")
    key_info = _ds(signature, "KeyInfo")
    _ds(key_info, "KeyName", key_name(certificate))
    der = certificate.public_bytes(serialization.Encoding.DER)
    _ds(_ds(key_info, "X509Data"), "X509Certificate", base64.b64encode(der).decode("ascii"))
    value.text = base64.b64encode(signer.sign(_c14n(info))).decode("ascii")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


# --- verifying ----------------------------------------------------------------------------------

def _only(parent: etree._Element, tag: str) -> etree._Element:
    found = parent.findall(f"{{{DS}}}{tag}")
    if len(found) != 1:
        raise ValueError(f"want one ds:{tag}")
    return found[0]


def verify(xml: bytes | str, cert: x509.Certificate | bytes | str, *,
           algorithms: tuple[str, ...] = (DEFAULT_ALGORITHM,),
           digests: tuple[str, ...] = (DEFAULT_DIGEST,)) -> bool:
    """True only if ``xml`` carries one enveloped signature in the layout ``sign`` writes, by the
    key of ``cert`` (the certificate the caller trusts), over exactly this document."""
    try:
        certificate = load_certificate(cert) if isinstance(cert, bytes | str) else cert
        public = certificate.public_key()
        if not isinstance(public, rsa.RSAPublicKey):
            return False
        root = _tree(xml)
        signatures = root.findall(f".//{{{DS}}}Signature")
        if len(signatures) != 1 or signatures[0].getparent() is not root or root[-1] is not signatures[0]:
            return False
        signature = signatures[0]
        info = _only(signature, "SignedInfo")
        if _only(info, "CanonicalizationMethod").get("Algorithm") != C14N:
            return False
        algorithm = _ALG_OF_URI.get(_only(info, "SignatureMethod").get("Algorithm", ""))
        if algorithm is None or algorithm not in algorithms:
            return False
        reference = _only(info, "Reference")
        if reference.get("URI") != "":
            return False
        transforms = _only(reference, "Transforms").findall(f"{{{DS}}}Transform")
        if [t.get("Algorithm") for t in transforms] not in ([ENVELOPED], [ENVELOPED, C14N]):
            return False
        digest = _DIGEST_OF_URI.get(_only(reference, "DigestMethod").get("Algorithm", ""))
        if digest is None or digest not in digests:
            return False
        expected = base64.b64decode(_only(reference, "DigestValue").text or "", validate=True)
        signature_value = base64.b64decode("".join((_only(signature, "SignatureValue").text or "").split()),
                                           validate=True)
        root.remove(signature)
        actual = hashlib.new(digest, _c14n(root)).digest()
        root.append(signature)
        if not hmac.compare_digest(actual, expected):
            return False
        public.verify(signature_value, _c14n(info), padding.PKCS1v15(), ALGORITHMS[algorithm][1]())
        return True
    except (InvalidSignature, ValueError, TypeError, binascii.Error, etree.LxmlError):
        return False
