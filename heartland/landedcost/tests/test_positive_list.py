"""The CBEC positive-list CSV: the shipped file and the operator-file validator."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from heartland.landedcost import PositiveListError, load_positive_list, parse_positive_list
from heartland.landedcost.rules import DATA_DIR

HEADER = "hs_code,description,remark\n"


def test_shipped_list() -> None:
    plist = load_positive_list(DATA_DIR / "positive_list_cn.csv")
    assert {"02102000", "04069000", "04090000"} <= set(plist.entries)  # confirmed from the 2016 lists
    assert "12112011" not in plist  # American ginseng: CITES-listed
    assert plist.unconfirmed
    assert "NOT found line by line" in plist.edition
    assert str(plist.effective_from) == "2022-03-01"
    maple = plist.get("17022000")
    assert maple is not None and maple.cap == Decimal("2000") and maple.cap_unit == "g"
    for entry in plist.entries.values():
        assert "[S" in entry.description or "UNCONFIRMED" in entry.description  # every row carries a source note


def test_parse_remarks_metadata_bom_quotes_and_blank_lines() -> None:
    text = (
        "\ufeff# edition: 2022 edition\n# source: MOFCOM 2022 No. 7\n\n" + HEADER +
        '04090000,"Natural honey, pure",\n'
        "\n"
        "03061100,Frozen rock lobster,bonded_only\n"
        "17019910,Refined sugar,cap_per_person_year=2kg\n"
        "10063020,Long-grain rice,BONDED_ONLY; cap_per_person_year=20 kg\n"
        "22042100,Wine,cap_per_person_year=1.5L\n"
        "19053100,Biscuits,cap_per_person_year=12pcs\n"
    )
    plist = parse_positive_list(text, source_name="ops.csv")
    assert plist.meta == {"edition": "2022 edition", "source": "MOFCOM 2022 No. 7"}
    assert plist.edition == "2022 edition" and plist.effective_from is None and not plist.unconfirmed
    assert plist.get("04090000").description == "Natural honey, pure"
    assert plist.get("03061100").bonded_only and plist.get("03061100").cap is None
    rice = plist.get("10063020")
    assert rice.bonded_only and (rice.cap, rice.cap_unit) == (Decimal("20000"), "g")
    assert (plist.get("22042100").cap, plist.get("22042100").cap_unit) == (Decimal("1500.0"), "ml")
    assert (plist.get("19053100").cap, plist.get("19053100").cap_unit) == (Decimal("12"), "pcs")
    assert plist.get("17019910").line_number == 8  # physical line in the file, comments and blanks included
    assert len(plist) == 6


# (csv text, expected "line: message" fragments)
BAD = [
    ("hs_code,description\n04090000,honey\n", ["ops.csv:1: wrong header 'hs_code,description'"]),
    ("code,description,remark\n", ["ops.csv:1: wrong header"]),
    ("# only metadata\n", ["ops.csv:1: missing header"]),
    (HEADER, ["has no lines"]),
    (HEADER + "0409000,honey,\n", ["ops.csv:2: bad HS code '0409000': the positive list uses exactly 8 digits"]),
    (HEADER + "0409.00.00,honey,\n", ["ops.csv:2: bad HS code"]),
    (HEADER + "040900001,honey,\n", ["ops.csv:2: bad HS code"]),
    (HEADER + "04090000,honey,bonded\n", ["ops.csv:2: unknown remark 'bonded'"]),
    (HEADER + "04090000,honey,cap_per_person_year=2lb\n", ["ops.csv:2: unknown remark"]),
    (HEADER + "04090000,honey,cap_per_person_year=0kg\n", ["ops.csv:2: cap must be positive"]),
    (HEADER + "04090000,honey,bonded_only;bonded_only\n", ["ops.csv:2: remark 'bonded_only' given twice"]),
    (HEADER + "04090000,honey\n", ["ops.csv:2: expected 3 columns"]),
    (HEADER + "04090000,honey,,extra\n", ["ops.csv:2: expected 3 columns"]),
    (HEADER + "04090000,honey,\n04069000,cheese,\n04090000,honey again,\n",
     ["ops.csv:4: duplicate HS code 04090000 (first on line 2)"]),
]


@pytest.mark.parametrize("text,fragments", BAD)
def test_errors_name_the_line(text: str, fragments: list[str]) -> None:
    with pytest.raises(PositiveListError) as info:
        parse_positive_list(text, source_name="ops.csv")
    for fragment in fragments:
        assert fragment in str(info.value)


def test_every_error_is_reported_at_once() -> None:
    text = HEADER + "1,a,\n04090000,b,weird\n04069000,c,\n04069000,d,\n"
    with pytest.raises(PositiveListError) as info:
        parse_positive_list(text, source_name="ops.csv")
    assert [line for line, _ in info.value.errors] == [2, 3, 5]


def test_load_from_a_file_and_reject_non_utf8(tmp_path: Path) -> None:
    good = tmp_path / "list.csv"
    good.write_text(HEADER + "04090000,蜂蜜,\n", encoding="utf-8")
    assert load_positive_list(good).get("04090000").description == "蜂蜜"
    bad = tmp_path / "gbk.csv"
    bad.write_bytes((HEADER + "04090000,蜂蜜,\n").encode("gbk"))
    with pytest.raises(PositiveListError, match="not UTF-8"):
        load_positive_list(bad)


def test_accepts_an_iterable_of_lines() -> None:
    plist = parse_positive_list(iter([HEADER, "04090000,honey,\r\n"]))
    assert "04090000" in plist
