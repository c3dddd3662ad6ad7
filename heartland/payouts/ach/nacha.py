"""The NACHA ACH file (Nacha Operating Rules, Appendix Three) as pure Python: build a file of
credit batches from plain values, and parse one back (for tests and for checking a file before it
goes to the bank).

Structure: File Header (1) → batches [Batch Header (5) → Entry Detail (6)… → Batch Control (8)]
→ File Control (9) → filler records of 94 ``9``s up to a multiple of ten records. Every record is
exactly 94 characters; amounts are cents.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from .fields import BLOCKING_FACTOR, FILLER, RECORD_LENGTH, alpha, last_digits, num, text
from .routing import is_valid_routing_number

# Transaction codes (pos 2–3 of an entry).
CHECKING_CREDIT = "22"
CHECKING_PRENOTE = "23"
CHECKING_DEBIT = "27"
SAVINGS_CREDIT = "32"
SAVINGS_PRENOTE = "33"
SAVINGS_DEBIT = "37"
CREDIT_CODES = frozenset({CHECKING_CREDIT, CHECKING_PRENOTE, SAVINGS_CREDIT, SAVINGS_PRENOTE})
DEBIT_CODES = frozenset({CHECKING_DEBIT, SAVINGS_DEBIT})
PRENOTE_CODES = frozenset({CHECKING_PRENOTE, SAVINGS_PRENOTE})

CREDITS_ONLY = "220"
DEBITS_ONLY = "225"
MIXED = "200"

MAX_AMOUNT_CENTS = 99_999_999_99  # ten digits


class NachaError(ValueError):
    """A value that cannot go into an ACH file, or a file that breaks the format."""


def transaction_code(account_type: str, *, prenote: bool = False) -> str:
    """``checking`` / ``savings`` → the credit (or prenote) transaction code."""
    codes = {"checking": (CHECKING_CREDIT, CHECKING_PRENOTE), "savings": (SAVINGS_CREDIT, SAVINGS_PRENOTE)}
    if account_type not in codes:
        raise NachaError(f"unknown account type {account_type!r}")
    return codes[account_type][1 if prenote else 0]


@dataclass(frozen=True)
class Entry:
    """One payment to one receiver."""

    routing_number: str
    account_number: str
    amount_cents: int
    name: str
    identification: str = ""
    transaction_code: str = CHECKING_CREDIT
    discretionary: str = ""

    def __post_init__(self) -> None:
        if not is_valid_routing_number(self.routing_number):
            raise NachaError(f"routing number {self.routing_number!r} fails its checksum")
        if not self.account_number or len(self.account_number) > 17 or not self.account_number.isascii():
            raise NachaError("an account number is 1–17 characters")
        if type(self.amount_cents) is not int or not 0 <= self.amount_cents <= MAX_AMOUNT_CENTS:
            raise NachaError(f"amount {self.amount_cents!r} is not 0–{MAX_AMOUNT_CENTS} cents")
        if self.transaction_code not in CREDIT_CODES | DEBIT_CODES:
            raise NachaError(f"unknown transaction code {self.transaction_code!r}")
        if self.transaction_code in PRENOTE_CODES and self.amount_cents != 0:
            raise NachaError("a prenote carries no amount")

    @property
    def is_debit(self) -> bool:
        return self.transaction_code in DEBIT_CODES


@dataclass(frozen=True)
class Batch:
    entries: Sequence[Entry]
    entry_class: str = "CCD"  # CCD: to a business; PPD: to a consumer
    entry_description: str = "PAYOUT"
    effective_date: date | None = None
    descriptive_date: str = ""
    discretionary: str = ""

    def __post_init__(self) -> None:
        if self.entry_class not in ("CCD", "PPD"):
            raise NachaError("a batch is CCD or PPD")
        if not self.entries:
            raise NachaError("a batch needs at least one entry")

    @property
    def service_class(self) -> str:
        debits = any(e.is_debit for e in self.entries)
        credits = any(not e.is_debit for e in self.entries)
        return MIXED if debits and credits else DEBITS_ONLY if debits else CREDITS_ONLY


@dataclass(frozen=True)
class Originator:
    """Who sends the file and from which bank (the bank assigns these)."""

    destination_routing: str      # the bank receiving the file (immediate destination)
    destination_name: str
    origin: str                   # immediate origin, 10 characters (often space + routing or 1 + EIN)
    origin_name: str
    company_name: str             # shown to receivers (16)
    company_id: str               # 10, often "1" + EIN
    originating_dfi: str          # the first 8 digits of Heartland's bank's routing number

    def __post_init__(self) -> None:
        if not is_valid_routing_number(self.destination_routing):
            raise NachaError("the immediate destination is not a valid routing number")
        if len(self.originating_dfi) != 8 or not self.originating_dfi.isdigit():
            raise NachaError("the originating DFI identification is 8 digits")
        if not self.company_id or len(self.company_id) > 10:
            raise NachaError("the company identification is 1–10 characters")
        if len(self.origin) > 10:
            raise NachaError("the immediate origin is at most 10 characters")


def _check(record: str) -> str:
    if len(record) != RECORD_LENGTH:
        raise NachaError(f"record of {len(record)} characters: {record!r}")
    return record


def file_header(o: Originator, *, created: datetime, modifier: str, reference: str = "") -> str:
    if len(modifier) != 1 or not (modifier.isascii() and (modifier.isdigit() or modifier.isupper())):
        raise NachaError("the file ID modifier is one of A–Z, 0–9")
    return _check("1" + "01" + " " + num(o.destination_routing, 9) + alpha(o.origin.rjust(10), 10)
                  + created.strftime("%y%m%d") + created.strftime("%H%M") + modifier + "094" + "10" + "1"
                  + text(o.destination_name, 23) + text(o.origin_name, 23) + text(reference, 8))


def batch_header(o: Originator, b: Batch, *, number: int, effective: date) -> str:
    return _check("5" + b.service_class + text(o.company_name, 16) + text(b.discretionary, 20)
                  + alpha(o.company_id, 10) + b.entry_class + text(b.entry_description, 10)
                  + text(b.descriptive_date, 6) + effective.strftime("%y%m%d") + "   " + "1"
                  + num(o.originating_dfi, 8) + num(number, 7))


def entry_detail(o: Originator, e: Entry, *, sequence: int) -> str:
    return _check("6" + e.transaction_code + e.routing_number[:8] + e.routing_number[8]
                  + alpha(e.account_number, 17) + num(e.amount_cents, 10) + text(e.identification, 15)
                  + text(e.name, 22) + text(e.discretionary, 2) + "0"
                  + num(o.originating_dfi, 8) + num(sequence, 7))


@dataclass(frozen=True)
class Totals:
    entry_count: int
    entry_hash: int
    debit_cents: int
    credit_cents: int


def totals(entries: Sequence[Entry]) -> Totals:
    return Totals(entry_count=len(entries),
                  entry_hash=last_digits(sum(int(e.routing_number[:8]) for e in entries), 10),
                  debit_cents=sum(e.amount_cents for e in entries if e.is_debit),
                  credit_cents=sum(e.amount_cents for e in entries if not e.is_debit))


def batch_control(o: Originator, b: Batch, t: Totals, *, number: int) -> str:
    return _check("8" + b.service_class + num(t.entry_count, 6) + num(t.entry_hash, 10)
                  + num(t.debit_cents, 12) + num(t.credit_cents, 12) + alpha(o.company_id, 10)
                  + " " * 19 + " " * 6 + num(o.originating_dfi, 8) + num(number, 7))


def file_control(*, batch_count: int, block_count: int, t: Totals) -> str:
    return _check("9" + num(batch_count, 6) + num(block_count, 6) + num(t.entry_count, 8)
                  + num(last_digits(t.entry_hash, 10), 10) + num(t.debit_cents, 12) + num(t.credit_cents, 12)
                  + " " * 39)


def build_file(o: Originator, batches: Sequence[Batch], *, created: datetime, modifier: str = "A",
               effective: date | None = None, reference: str = "") -> str:
    """The whole file as text: records joined by newlines, ending with one, blocked to a multiple
    of ten records. Entry sequence numbers (trace numbers) ascend through the file."""
    if not batches:
        raise NachaError("a file needs at least one batch")
    records = [file_header(o, created=created, modifier=modifier, reference=reference)]
    sequence = 0
    file_count = file_hash = file_debit = file_credit = 0
    for number, b in enumerate(batches, start=1):
        when = b.effective_date or effective or created.date()
        records.append(batch_header(o, b, number=number, effective=when))
        for e in b.entries:
            sequence += 1
            records.append(entry_detail(o, e, sequence=sequence))
        t = totals(b.entries)
        records.append(batch_control(o, b, t, number=number))
        file_count += t.entry_count
        file_hash += t.entry_hash
        file_debit += t.debit_cents
        file_credit += t.credit_cents
    records_with_control = len(records) + 1
    blocks = -(-records_with_control // BLOCKING_FACTOR)
    records.append(file_control(batch_count=len(batches), block_count=blocks,
                                t=Totals(file_count, last_digits(file_hash, 10), file_debit, file_credit)))
    records.extend([FILLER] * (blocks * BLOCKING_FACTOR - len(records)))
    return "\n".join(records) + "\n"


# --- parsing ------------------------------------------------------------------------------------

@dataclass
class ParsedEntry:
    transaction_code: str
    receiving_dfi: str
    check_digit: str
    account_number: str
    amount_cents: int
    identification: str
    name: str
    discretionary: str
    addenda_indicator: str
    trace_number: str

    @property
    def routing_number(self) -> str:
        return self.receiving_dfi + self.check_digit


@dataclass
class ParsedBatch:
    header: dict
    entries: list[ParsedEntry] = field(default_factory=list)
    control: dict = field(default_factory=dict)


@dataclass
class ParsedFile:
    header: dict
    batches: list[ParsedBatch]
    control: dict
    filler_count: int
    record_count: int

    @property
    def entries(self) -> list[ParsedEntry]:
        return [e for b in self.batches for e in b.entries]


def _int(s: str) -> int:
    if not s.isdigit():
        raise NachaError(f"not a number: {s!r}")
    return int(s)


def _parse_file_header(r: str) -> dict:
    return {"priority": r[1:3], "destination": r[3:13], "origin": r[13:23], "date": r[23:29], "time": r[29:33],
            "modifier": r[33], "record_size": r[34:37], "blocking_factor": r[37:39], "format_code": r[39],
            "destination_name": r[40:63].rstrip(), "origin_name": r[63:86].rstrip(), "reference": r[86:94].rstrip()}


def _parse_batch_header(r: str) -> dict:
    return {"service_class": r[1:4], "company_name": r[4:20].rstrip(), "discretionary": r[20:40].rstrip(),
            "company_id": r[40:50].rstrip(), "entry_class": r[50:53], "description": r[53:63].rstrip(),
            "descriptive_date": r[63:69].rstrip(), "effective_date": r[69:75], "settlement_date": r[75:78],
            "originator_status": r[78], "originating_dfi": r[79:87], "batch_number": _int(r[87:94])}


def _parse_entry(r: str) -> ParsedEntry:
    return ParsedEntry(transaction_code=r[1:3], receiving_dfi=r[3:11], check_digit=r[11],
                       account_number=r[12:29].rstrip(), amount_cents=_int(r[29:39]),
                       identification=r[39:54].rstrip(), name=r[54:76].rstrip(), discretionary=r[76:78].rstrip(),
                       addenda_indicator=r[78], trace_number=r[79:94])


def _parse_batch_control(r: str) -> dict:
    return {"service_class": r[1:4], "entry_count": _int(r[4:10]), "entry_hash": _int(r[10:20]),
            "debit_cents": _int(r[20:32]), "credit_cents": _int(r[32:44]), "company_id": r[44:54].rstrip(),
            "mac": r[54:73], "reserved": r[73:79], "originating_dfi": r[79:87], "batch_number": _int(r[87:94])}


def _parse_file_control(r: str) -> dict:
    return {"batch_count": _int(r[1:7]), "block_count": _int(r[7:13]), "entry_count": _int(r[13:21]),
            "entry_hash": _int(r[21:31]), "debit_cents": _int(r[31:43]), "credit_cents": _int(r[43:55]),
            "reserved": r[55:94]}


def parse_file(content: str) -> ParsedFile:
    """Read a file back and check its structure and every control total; raises ``NachaError``."""
    lines = content.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [line.rstrip("\r") for line in lines]
    for i, line in enumerate(lines, start=1):
        if len(line) != RECORD_LENGTH:
            raise NachaError(f"record {i} has {len(line)} characters, not {RECORD_LENGTH}")
    if len(lines) % BLOCKING_FACTOR:
        raise NachaError(f"{len(lines)} records is not a multiple of {BLOCKING_FACTOR}")
    if not lines or lines[0][0] != "1":
        raise NachaError("the file does not start with a file header")
    header = _parse_file_header(lines[0])
    batches: list[ParsedBatch] = []
    current: ParsedBatch | None = None
    control: dict | None = None
    filler = 0
    for i, r in enumerate(lines[1:], start=2):
        kind = r[0]
        if control is not None:
            if r != FILLER:
                raise NachaError(f"record {i}: only filler may follow the file control")
            filler += 1
        elif kind == "5":
            if current is not None:
                raise NachaError(f"record {i}: a batch header inside a batch")
            current = ParsedBatch(header=_parse_batch_header(r))
        elif kind == "6":
            if current is None:
                raise NachaError(f"record {i}: an entry outside a batch")
            current.entries.append(_parse_entry(r))
        elif kind == "8":
            if current is None:
                raise NachaError(f"record {i}: a batch control without a batch")
            current.control = _parse_batch_control(r)
            batches.append(current)
            current = None
        elif kind == "9":
            if current is not None:
                raise NachaError(f"record {i}: the file control inside a batch")
            control = _parse_file_control(r)
        else:
            raise NachaError(f"record {i}: unknown record type {kind!r}")
    if control is None:
        raise NachaError("no file control")
    parsed = ParsedFile(header=header, batches=batches, control=control, filler_count=filler,
                        record_count=len(lines))
    _verify(parsed)
    return parsed


def _verify(f: ParsedFile) -> None:
    all_count = all_hash = all_debit = all_credit = 0
    for b in f.batches:
        count = len(b.entries)
        entry_hash = last_digits(sum(int(e.receiving_dfi) for e in b.entries), 10)
        debit = sum(e.amount_cents for e in b.entries if e.transaction_code in DEBIT_CODES)
        credit = sum(e.amount_cents for e in b.entries if e.transaction_code not in DEBIT_CODES)
        got = (b.control["entry_count"], b.control["entry_hash"], b.control["debit_cents"], b.control["credit_cents"])
        if got != (count, entry_hash, debit, credit):
            raise NachaError(f"batch {b.header['batch_number']}: control {got} != {(count, entry_hash, debit, credit)}")
        if b.control["batch_number"] != b.header["batch_number"] or b.control["service_class"] != b.header[
                "service_class"]:
            raise NachaError(f"batch {b.header['batch_number']}: control does not match its header")
        for e in b.entries:
            if not is_valid_routing_number(e.routing_number):
                raise NachaError(f"entry {e.trace_number}: routing number fails its checksum")
        all_count += count
        all_hash += entry_hash
        all_debit += debit
        all_credit += credit
    c = f.control
    expected = (len(f.batches), f.record_count // BLOCKING_FACTOR, all_count, last_digits(all_hash, 10),
                all_debit, all_credit)
    got = (c["batch_count"], c["block_count"], c["entry_count"], c["entry_hash"], c["debit_cents"],
           c["credit_cents"])
    if got != expected:
        raise NachaError(f"file control {got} != {expected}")
