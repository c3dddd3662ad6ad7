"""Consignee and buyer-identity rules (phonenumbers, python-stdnum)."""
from __future__ import annotations

import re

import phonenumbers
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import ric

from heartland.core.errors import DomainError
from heartland.orders.placement import Consignee

_NAME_RE = re.compile(r"^[\u4e00-\u9fff·•A-Za-z .'-]{2,60}$")


def _name(value: str, field: str, en: str, zh: str) -> str:
    value = " ".join((value or "").split())
    if not _NAME_RE.fullmatch(value):
        raise DomainError("name", f"{en} must be a real name of 2 to 60 letters. / {zh}需为2–60个字的真实姓名。",
                          field=field)
    return value


def clean_consignee(data: dict, *, country: str) -> Consignee:
    """A mainland consignee needs a mainland mobile number, province/city/district, street and a
    6-digit postcode; other markets: phone, street, city and postcode in their own shape."""
    name = _name(data.get("name", ""), "name", "The consignee's name", "收货人姓名")
    try:
        number = phonenumbers.parse(data.get("phone", ""), country)
    except phonenumbers.NumberParseException:
        raise DomainError("phone", "Enter a phone number. / 请输入手机号码。", field="phone") from None
    if not phonenumbers.is_valid_number(number) or phonenumbers.region_code_for_number(number) != country:
        raise DomainError("phone", f"Enter a valid {country} phone number. / 请输入有效的手机号码。", field="phone")
    if country == "CN" and phonenumbers.number_type(number) not in (phonenumbers.PhoneNumberType.MOBILE,
                                                                     phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
        raise DomainError("phone", "A mainland mobile number is needed for delivery. / 请填写中国大陆手机号码。",
                          field="phone")
    fields = {k: " ".join((data.get(k) or "").split()) for k in ("region", "city", "district", "street", "postcode")}
    required = ("region", "city", "district", "street", "postcode") if country == "CN" else ("city", "street")
    for key in required:
        if not fields[key]:
            raise DomainError("address", f"{key.capitalize()} is required. / 请填写完整地址。", field=key)
    postcode_rules = {"CN": r"\d{6}", "KR": r"\d{5}", "JP": r"\d{3}-?\d{4}", "SG": r"\d{6}", "HK": r".{0,12}"}
    if not re.fullmatch(postcode_rules.get(country, r".{0,12}"), fields["postcode"]):
        raise DomainError("postcode", "That postcode does not look right. / 邮政编码格式不正确。", field="postcode")
    if len(fields["street"]) > 255:
        raise DomainError("street", "The street address is too long. / 详细地址过长。", field="street")
    return Consignee(country=country, name=name,
                     phone=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), **fields)


def clean_identity(real_name: str, id_number: str) -> tuple[str, str]:
    """(real name, resident ID number) — ID checked with GB 11643 (checksum and birth date)."""
    name = _name(real_name, "real_name", "The buyer's real name", "订购人真实姓名")
    try:
        number = ric.validate(id_number or "")
    except stdnum_exceptions.InvalidChecksum:
        raise DomainError("id_number", "The ID number's check digit is wrong. / 身份证号码校验位不正确。",
                          field="id_number") from None
    except stdnum_exceptions.InvalidComponent:
        raise DomainError("id_number", "The ID number has an impossible birth date or region. / 身份证号码的出生日期或地区无效。",
                          field="id_number") from None
    except stdnum_exceptions.ValidationError:
        raise DomainError("id_number", "Enter the 18-character resident ID number. / 请输入18位居民身份证号码。",
                          field="id_number") from None
    return name, number.upper()
