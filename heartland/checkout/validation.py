"""Consignee and buyer-identity rules (phonenumbers, python-stdnum)."""
from __future__ import annotations

import re

import phonenumbers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import ric

from heartland.core.errors import DomainError
from heartland.core.i18n import gettext_format_lazy
from heartland.orders.placement import Consignee

_NAME_RE = re.compile(r"^[\u4e00-\u9fff·•A-Za-z .'-]{2,60}$")

# An address part left empty (the Chinese asks for the whole address in each case).
REQUIRED = {
    "region": _("Region is required."),
    "city": _("City is required."),
    "district": _("District is required."),
    "street": _("Street is required."),
    "postcode": _("Postcode is required."),
}


def _name(value: str, field: str, message: str) -> str:
    value = " ".join((value or "").split())
    if not _NAME_RE.fullmatch(value):
        raise DomainError("name", message, field=field)
    return value


def clean_consignee(data: dict, *, country: str) -> Consignee:
    """A mainland consignee needs a mainland mobile number, province/city/district, street and a
    6-digit postcode; other markets: phone, street, city and postcode in their own shape."""
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
    fields = {k: " ".join((data.get(k) or "").split()) for k in ("region", "city", "district", "street", "postcode")}
    required = ("region", "city", "district", "street", "postcode") if country == "CN" else ("city", "street")
    for key in required:
        if not fields[key]:
            raise DomainError("address", REQUIRED[key], field=key)
    postcode_rules = {"CN": r"\d{6}", "KR": r"\d{5}", "JP": r"\d{3}-?\d{4}", "SG": r"\d{6}", "HK": r".{0,12}"}
    if not re.fullmatch(postcode_rules.get(country, r".{0,12}"), fields["postcode"]):
        raise DomainError("postcode", _("That postcode does not look right."), field="postcode")
    if len(fields["street"]) > 255:
        raise DomainError("street", _("The street address is too long."), field="street")
    return Consignee(country=country, name=name,
                     phone=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), **fields)


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
