"""Consignee and buyer-identity rules, per market (phonenumbers, python-stdnum).

CN: a mainland mobile, province/city/district/street and a 6-digit postcode, and the orderer's
real name and resident ID (GB 11643). KR: a Korean phone and address with its 5-digit postcode,
and the recipient's Personal Customs Clearance Code. HK, JP, SG: a local phone and address
(postcode where the country has one), no identity number."""
from __future__ import annotations

import re
import unicodedata

import phonenumbers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import ric

from heartland.core.errors import DomainError
from heartland.core.i18n import gettext_format_lazy
from heartland.orders.placement import Consignee

# The address fields each market asks for, in the order its addresses are written, and whether
# each is required (Hong Kong has no postcodes; Singapore's postcode names the building).
ADDRESS_FIELDS: dict[str, tuple[tuple[str, bool], ...]] = {
    "CN": (("region", True), ("city", True), ("district", True), ("street", True), ("postcode", True)),
    "HK": (("region", True), ("district", False), ("street", True)),
    "JP": (("postcode", True), ("region", True), ("city", True), ("street", True)),
    "KR": (("postcode", True), ("region", True), ("city", True), ("street", True)),
    "SG": (("street", True), ("postcode", True)),
}
POSTCODE_RE = {"CN": r"[0-9]{6}", "JP": r"([0-9]{3})-?([0-9]{4})", "KR": r"[0-9]{5}", "SG": r"[0-9]{6}"}
# Korea Customs Service's Personal Customs Clearance Code (개인통관고유부호): P and 12 digits.
PCCC_RE = re.compile(r"P[0-9]{12}")
_NAME_PUNCTUATION = frozenset(" ·•.'-")

# An address part left empty (the Chinese asks for the whole address in each case).
REQUIRED = {
    "region": _("Region is required."),
    "city": _("City is required."),
    "district": _("District is required."),
    "street": _("Street is required."),
    "postcode": _("Postcode is required."),
}


def _name(value: str, field: str, message: str) -> str:
    """A person's name in any script (Han, Hangul, kana, Latin…): 2 to 60 characters of letters,
    with spaces, dots, apostrophes and hyphens between them; full-width forms made ordinary."""
    value = " ".join(unicodedata.normalize("NFKC", value or "").split())
    letters = sum(1 for c in value if unicodedata.category(c)[0] in "LM")
    if not 2 <= len(value) <= 60 or letters < 2 or any(
            unicodedata.category(c)[0] not in "LM" and c not in _NAME_PUNCTUATION for c in value):
        raise DomainError("name", message, field=field)
    return value


def clean_consignee(data: dict, *, country: str) -> Consignee:
    """The consignee in ``country``'s shape: a phone number of that country (a mobile for the
    mainland) and the address fields ADDRESS_FIELDS asks for; fields the market does not ask
    for are dropped, a Japanese postcode is written 123-4567."""
    name = _name(data.get("name", ""), "name", _("The consignee's name must be a real name of 2 to 60 letters."))
    try:
        number = phonenumbers.parse(data.get("phone", ""), country)
    except phonenumbers.NumberParseException:
        raise DomainError("phone", _("Enter a phone number."), field="phone") from None
    if not phonenumbers.is_valid_number(number) or phonenumbers.region_code_for_number(number) != country:
        # The Chinese message does not name the country, so it has no %(country)s: msgfmt would
        # refuse that for a python-format string, hence the flag.
        message = (  # xgettext:no-python-format
            gettext_noop("Enter a valid %(country)s phone number."))
        raise DomainError("phone", gettext_format_lazy(message, country=country), field="phone")
    if country == "CN" and phonenumbers.number_type(number) not in (phonenumbers.PhoneNumberType.MOBILE,
                                                                     phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
        raise DomainError("phone", _("A mainland mobile number is needed for delivery."), field="phone")
    fields = {k: " ".join(unicodedata.normalize("NFKC", str(data.get(k) or "")).split())
              for k in ("region", "city", "district", "street", "postcode")}
    asked = dict(ADDRESS_FIELDS.get(country, ADDRESS_FIELDS["SG"]))
    for key in ("region", "city", "district", "street", "postcode"):
        if key not in asked:
            fields[key] = ""
        elif asked[key] and not fields[key]:
            raise DomainError("address", REQUIRED[key], field=key)
    if fields["postcode"]:
        match = re.fullmatch(POSTCODE_RE.get(country, r"[A-Za-z0-9 -]{2,12}"), fields["postcode"])
        if match is None:
            raise DomainError("postcode", _("That postcode does not look right."), field="postcode")
        if country == "JP":
            fields["postcode"] = f"{match.group(1)}-{match.group(2)}"
    for key, limit in (("region", 60), ("city", 60), ("district", 60), ("street", 255)):
        if len(fields[key]) > limit:
            raise DomainError(key, _("The street address is too long.") if key == "street" else
                              _("That part of the address is too long."), field=key)
    return Consignee(country=country, name=name,
                     phone=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), **fields)


def clean_customs_code(value: str) -> str:
    """A Korean Personal Customs Clearance Code: P and 12 digits (spaces and hyphens dropped,
    the P in either case). Its shape is checked here; Korea Customs checks that it is issued."""
    code = re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", value or "")).upper()
    if not PCCC_RE.fullmatch(code):
        raise DomainError("customs_code", _("Enter the Personal Customs Clearance Code: P followed by 12 digits."),
                          field="customs_code")
    return code


def clean_identity(real_name: str, id_number: str) -> tuple[str, str]:
    """(real name, resident ID number) — ID checked with GB 11643 (checksum and birth date)."""
    name = _name(real_name, "real_name", _("The buyer's real name must be a real name of 2 to 60 letters."))
    try:
        number = ric.validate(id_number or "")
    except stdnum_exceptions.InvalidChecksum:
        raise DomainError("id_number", _("The ID number's check digit is wrong."), field="id_number") from None
    except stdnum_exceptions.InvalidComponent:
        raise DomainError("id_number", _("The ID number has an impossible birth date or region."),
                          field="id_number") from None
    except stdnum_exceptions.ValidationError:
        raise DomainError("id_number", _("Enter the 18-character resident ID number."), field="id_number") from None
    return name, number.upper()
