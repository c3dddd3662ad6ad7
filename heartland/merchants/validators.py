"""Validation of US business identifiers (python-stdnum, phonenumbers, localflavor)."""
from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError
from localflavor.us.us_states import STATES_NORMALIZED, USPS_CHOICES
from stdnum import exceptions as stdnum_exceptions
from stdnum.us import ein as stdnum_ein

US_STATE_CODES = frozenset(code for code, _ in USPS_CHOICES)
# The 50 states and DC: where a merchant and its goods may be from.
US_STATE_NAMES = dict(USPS_CHOICES)


def normalize_ein(value: str) -> str:
    """'12-3456789' / '123456789' → '12-3456789', or ValidationError."""
    digits = re.sub(r"[\s\-]", "", value or "")
    if not digits.isdigit():
        raise ValidationError("An EIN has only digits, like 12-3456789.", code="ein_invalid")
    if len(digits) != 9:
        raise ValidationError("An EIN has 9 digits, like 12-3456789.", code="ein_length")
    try:
        return stdnum_ein.format(stdnum_ein.validate(digits))
    except stdnum_exceptions.InvalidComponent:
        raise ValidationError("This EIN has a prefix the IRS does not assign.", code="ein_prefix")
    except stdnum_exceptions.InvalidLength:
        raise ValidationError("An EIN has 9 digits, like 12-3456789.", code="ein_length")
    except stdnum_exceptions.ValidationError:
        raise ValidationError("Enter a valid EIN, like 12-3456789.", code="ein_invalid")


def normalize_state(value: str) -> str:
    """'wi' / 'Wisconsin' → 'WI', or ValidationError."""
    text = (value or "").strip()
    code = STATES_NORMALIZED.get(text.lower()) or text.upper()
    if code not in US_STATE_CODES:
        raise ValidationError(f"'{value}' is not a US state code (e.g. WI, IA, MN).", code="state")
    return code


def normalize_phone(value: str, region: str = "US") -> str:
    """Any way a person writes a phone number → E.164, or ValidationError."""
    try:
        number = phonenumbers.parse(value or "", region)
    except phonenumbers.NumberParseException:
        raise ValidationError("Enter a phone number, e.g. (608) 555-0134.", code="phone")
    if not phonenumbers.is_valid_number(number):
        raise ValidationError("This phone number is not valid.", code="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_zip(value: str) -> str:
    text = (value or "").strip()
    if not re.fullmatch(r"\d{5}(-\d{4})?", text):
        raise ValidationError("Enter a ZIP code like 54401 or 54401-1234.", code="zip")
    return text
