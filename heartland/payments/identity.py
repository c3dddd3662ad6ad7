"""Buyer identity: real name + resident ID number (GB 11643-1999, checked by python-stdnum).

GACC Announcement 194/2018: where the orderer is not otherwise authenticated, the orderer
must be the payer. ``same_person`` is that rule, the only one: the payment notice handling and
the order both ask it.
"""
from __future__ import annotations

import re
import unicodedata

from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

_SPACE = re.compile(r"\s+")
MAX_NAME = 60


def clean_id_number(text: str) -> str:
    """The 18-character resident ID number, upper case; ValueError if it is not valid."""
    try:
        return ric.validate(str(text or ""))
    except StdnumError as exc:
        raise ValueError(f"not a valid resident ID number ({exc.message})") from None


def clean_name(text: str) -> str:
    """NFKC, trimmed, inner whitespace collapsed; ValueError if empty, too long or odd."""
    name = _SPACE.sub(" ", unicodedata.normalize("NFKC", str(text or ""))).strip()
    if not name:
        raise ValueError("a name is required")
    if len(name) > MAX_NAME:
        raise ValueError(f"at most {MAX_NAME} characters")
    if any(unicodedata.category(c).startswith("C") for c in name) or "&" in name:
        raise ValueError("a name cannot contain control characters or '&'")
    return name


def name_key(text: str) -> str:
    """What two spellings of one name share: NFKC (full-width letters and spaces become
    ordinary ones), case folded, without any whitespace ("Zhang Wei" = "ZHANG  WEI" =
    "ＺｈａｎｇＷｅｉ"; "张 伟" = "张伟")."""
    return "".join(unicodedata.normalize("NFKC", str(text or "")).casefold().split())


def same_person(name_a: str, id_a: str, name_b: str, id_b: str) -> bool:
    """The payer is the orderer: the same valid resident ID number (its check letter X in either
    case) and the same name up to case, width and spaces. Anything unreadable is not a match."""
    try:
        clean_name(name_a), clean_name(name_b)
        return clean_id_number(id_a) == clean_id_number(id_b) and name_key(name_a) == name_key(name_b)
    except ValueError:
        return False
