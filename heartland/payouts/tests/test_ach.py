"""The NACHA file, field by field against the format (Nacha Operating Rules, Appendix Three), and
its totals, entry hash and blocking for any set of entries (hypothesis)."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from heartland.payouts.ach import (
    Batch,
    Entry,
    NachaError,
    Originator,
    build_file,
    check_digit,
    is_valid_routing_number,
    parse_file,
    transaction_code,
)
from heartland.payouts.ach.fields import alpha, num, text

ORIGIN = Originator(destination_routing="011000015", destination_name="Federal Reserve Bank",
                    origin="1123456789", origin_name="Heartland Market Inc", company_name="Heartland",
                    company_id="1123456789", originating_dfi="02100002")
CREATED = datetime(2025, 3, 14, 9, 26)


def _entries():
    return [Entry(routing_number="011000015", account_number="12345678", amount_cents=123456, name="Green Acres Farm",
                  identification="M42"),
            Entry(routing_number="021000021", account_number="000987654321", amount_cents=1, name="Über Ranch",
                  identification="M7", transaction_code=transaction_code("savings"))]


def _file(entries=None, **kw):
    return build_file(ORIGIN, [Batch(entries=entries or _entries(), effective_date=date(2025, 3, 17))],
                      created=CREATED, modifier="B", **kw)


# --- routing numbers --------------------------------------------------------------------------------
@pytest.mark.parametrize("number", ["011000015", "021000021", "011401533", "091000019", "122105278"])
def test_valid_routing_numbers(number):
    assert is_valid_routing_number(number)


@pytest.mark.parametrize("number", ["011000016", "021000022", "12345678", "1234567890", "01100001a", "", None,
                                    "０１１０００015"])
def test_invalid_routing_numbers(number):
    assert not is_valid_routing_number(number)


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_check_digit_makes_any_prefix_valid_and_only_one_digit_does(prefix):
    valid = [d for d in "0123456789" if is_valid_routing_number(prefix + d)]
    assert valid == [check_digit(prefix)]


# --- field rules ------------------------------------------------------------------------------------
def test_fields_pad_and_refuse():
    assert num(42, 6) == "000042"
    assert num("0021", 6) == "000021"
    assert alpha("AB12", 6) == "AB12  "
    assert text("Crème brûlée farm", 10) == "CREME BRUL"
    with pytest.raises(ValueError):
        num(1234567, 6)
    with pytest.raises(ValueError):
        num(-1, 6)
    with pytest.raises(TypeError):
        num(1.5, 6)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        alpha("X" * 18, 17)


def test_an_entry_refuses_a_bad_routing_number_a_float_or_a_prenote_with_money():
    with pytest.raises(NachaError):
        Entry(routing_number="011000016", account_number="1", amount_cents=1, name="x")
    with pytest.raises(NachaError):
        Entry(routing_number="011000015", account_number="1", amount_cents=1.0, name="x")  # type: ignore[arg-type]
    with pytest.raises(NachaError):
        Entry(routing_number="011000015", account_number="1", amount_cents=5, name="x", transaction_code="23")
    with pytest.raises(NachaError):
        Entry(routing_number="011000015", account_number="1" * 18, amount_cents=5, name="x")


# --- the records, position by position (1-based, inclusive in the spec; 0-based slices here) ------------
def test_every_record_is_94_characters_and_the_file_is_blocked_by_ten():
    content = _file()
    lines = content.split("\n")
    assert lines[-1] == ""  # ends with a newline
    records = lines[:-1]
    assert all(len(r) == 94 for r in records)
    assert len(records) == 10  # 1 + 1 + 2 + 1 + 1 = 6 records, 4 filler
    assert [r[0] for r in records[:6]] == ["1", "5", "6", "6", "8", "9"]
    assert records[6:] == ["9" * 94] * 4


def test_file_header_fields():
    r = _file().split("\n")[0]
    assert r[0] == "1"
    assert r[1:3] == "01"
    assert r[3:13] == " 011000015"
    assert r[13:23] == "1123456789"
    assert r[23:29] == "250314"
    assert r[29:33] == "0926"
    assert r[33] == "B"
    assert r[34:37] == "094"
    assert r[37:39] == "10"
    assert r[39] == "1"
    assert r[40:63] == "FEDERAL RESERVE BANK".ljust(23)
    assert r[63:86] == "HEARTLAND MARKET INC".ljust(23)
    assert r[86:94] == " " * 8


def test_batch_header_fields():
    r = _file().split("\n")[1]
    assert r[0] == "5"
    assert r[1:4] == "220"  # credits only
    assert r[4:20] == "HEARTLAND".ljust(16)
    assert r[20:40] == " " * 20
    assert r[40:50] == "1123456789"
    assert r[50:53] == "CCD"
    assert r[53:63] == "PAYOUT".ljust(10)
    assert r[63:69] == " " * 6
    assert r[69:75] == "250317"
    assert r[75:78] == "   "
    assert r[78] == "1"
    assert r[79:87] == "02100002"
    assert r[87:94] == "0000001"


def test_entry_detail_fields():
    first, second = _file().split("\n")[2:4]
    assert first[0] == "6"
    assert first[1:3] == "22"
    assert first[3:11] == "01100001"
    assert first[11] == "5"
    assert first[12:29] == "12345678".ljust(17)
    assert first[29:39] == "0000123456"
    assert first[39:54] == "M42".ljust(15)
    assert first[54:76] == "GREEN ACRES FARM".ljust(22)
    assert first[76:78] == "  "
    assert first[78] == "0"
    assert first[79:94] == "02100002" + "0000001"
    assert second[1:3] == "32"
    assert second[54:76] == "UBER RANCH".ljust(22)
    assert second[79:94] == "02100002" + "0000002"  # trace numbers ascend


def test_batch_control_fields():
    r = _file().split("\n")[4]
    assert r[0] == "8"
    assert r[1:4] == "220"
    assert r[4:10] == "000002"
    assert r[10:20] == str(1100001 + 2100002).rjust(10, "0")
    assert r[20:32] == "0" * 12
    assert r[32:44] == "000000123457"
    assert r[44:54] == "1123456789"
    assert r[54:73] == " " * 19
    assert r[73:79] == " " * 6
    assert r[79:87] == "02100002"
    assert r[87:94] == "0000001"


def test_file_control_fields():
    r = _file().split("\n")[5]
    assert r[0] == "9"
    assert r[1:7] == "000001"
    assert r[7:13] == "000001"
    assert r[13:21] == "00000002"
    assert r[21:31] == str(1100001 + 2100002).rjust(10, "0")
    assert r[31:43] == "0" * 12
    assert r[43:55] == "000000123457"
    assert r[55:94] == " " * 39


def test_the_entry_hash_keeps_the_rightmost_ten_digits():
    entries = [Entry(routing_number="991000000"[:8] + check_digit("99100000"), account_number="1",
                     amount_cents=1, name="x") for _ in range(2000)]
    parsed = parse_file(_file(entries))
    assert parsed.control["entry_hash"] == (99100000 * 2000) % 10**10
    assert parsed.batches[0].control["entry_hash"] == (99100000 * 2000) % 10**10


def test_the_parser_refuses_a_tampered_file():
    content = _file()
    lines = content.split("\n")
    lines[2] = lines[2][:29] + "0000123457" + lines[2][39:]  # one cent more on the first entry
    with pytest.raises(NachaError):
        parse_file("\n".join(lines))
    with pytest.raises(NachaError):
        parse_file(content.replace("9" * 94 + "\n", "", 1))  # no longer blocked by ten
    with pytest.raises(NachaError):
        parse_file(content.replace("PAYOUT    ", "PAYOUT     ", 1))  # 95 characters


# --- any set of entries ------------------------------------------------------------------------------
routing = st.text(alphabet="0123456789", min_size=8, max_size=8).map(lambda p: p + check_digit(p))
entry = st.builds(Entry, routing_number=routing,
                  account_number=st.text(alphabet="0123456789", min_size=4, max_size=17),
                  amount_cents=st.integers(min_value=1, max_value=99_999_999_99),
                  name=st.text(max_size=30), identification=st.text(alphabet="M0123456789", max_size=15),
                  transaction_code=st.sampled_from(["22", "32"]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(entry, min_size=1, max_size=25), min_size=1, max_size=4))
def test_totals_hash_and_blocking_for_any_entries(batches):
    content = build_file(ORIGIN, [Batch(entries=b) for b in batches], created=CREATED)
    parsed = parse_file(content)  # checks every control total itself; the figures again here:
    flat = [e for b in batches for e in b]
    assert parsed.record_count % 10 == 0
    assert parsed.record_count == 2 + sum(len(b) + 2 for b in batches) + parsed.filler_count
    assert parsed.filler_count < 10
    assert parsed.control["block_count"] == parsed.record_count // 10
    assert parsed.control["batch_count"] == len(batches)
    assert parsed.control["entry_count"] == len(flat)
    assert parsed.control["credit_cents"] == sum(e.amount_cents for e in flat)
    assert parsed.control["debit_cents"] == 0
    assert parsed.control["entry_hash"] == sum(int(e.routing_number[:8]) for e in flat) % 10**10
    assert [(e.routing_number, e.account_number, e.amount_cents) for e in parsed.entries] == [
        (e.routing_number, e.account_number, e.amount_cents) for e in flat]
    traces = [int(e.trace_number[8:]) for e in parsed.entries]
    assert traces == list(range(1, len(flat) + 1))
    assert all(len(line) == 94 for line in content.splitlines())
