"""The Shopify product CSV format and Heartland's extra columns (no Django imports).

Reading is in two passes over the file: `scan()` checks the whole file (encoding,
binary content, header, CSV syntax) and counts rows before anything is written, so a
file that is not a product CSV is refused whole; `read_rows()` then streams the rows.
"""
from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from typing import IO, Iterator

# Our key → the column header, in export order. Shopify columns first, then Heartland's.
COLUMNS: dict[str, str] = {
    "handle": "Handle",
    "title": "Title",
    "body": "Body (HTML)",
    "vendor": "Vendor",
    "product_category": "Product Category",
    "type": "Type",
    "tags": "Tags",
    "published": "Published",
    "option1_name": "Option1 Name",
    "option1": "Option1 Value",
    "option2_name": "Option2 Name",
    "option2": "Option2 Value",
    "option3_name": "Option3 Name",
    "option3": "Option3 Value",
    "sku": "Variant SKU",
    "grams": "Variant Grams",
    "inventory_tracker": "Variant Inventory Tracker",
    "inventory_qty": "Variant Inventory Qty",
    "inventory_policy": "Variant Inventory Policy",
    "fulfillment_service": "Variant Fulfillment Service",
    "price": "Variant Price",
    "compare_at": "Variant Compare At Price",
    "requires_shipping": "Variant Requires Shipping",
    "taxable": "Variant Taxable",
    "unit_measure": "Unit Price Total Measure",
    "unit_measure_unit": "Unit Price Total Measure Unit",
    "barcode": "Variant Barcode",
    "image_src": "Image Src",
    "image_position": "Image Position",
    "image_alt": "Image Alt Text",
    "seo_title": "SEO Title",
    "seo_description": "SEO Description",
    "variant_image": "Variant Image",
    "weight_unit": "Variant Weight Unit",
    "status": "Status",
    "title_zh": "Title (zh-Hans)",
    "body_zh": "Body (HTML) (zh-Hans)",
    "hs_code": "HS Code",
    "country": "Country of Origin",
    "origin_state": "Origin State",
    "tax_category": "Tax Category",
}
_BY_HEADER = {header.lower(): key for key, header in COLUMNS.items()}
REQUIRED_HEADERS = ("handle", "title")
PRODUCT_KEYS = frozenset({
    "title", "body", "vendor", "product_category", "type", "tags", "published", "status",
    "option1_name", "option2_name", "option3_name", "seo_title", "seo_description",
    "title_zh", "body_zh", "origin_state",
})
VARIANT_KEYS = frozenset({"option1", "option2", "option3", "sku", "price"})
IMAGE_KEYS = frozenset({"image_src", "image_position", "image_alt"})
# csv's default field limit (128 KiB) is too small for real product descriptions.
FIELD_LIMIT = 4 * 1024 * 1024
csv.field_size_limit(FIELD_LIMIT)


class FileRefused(Exception):
    """The file is not a product CSV we can read; nothing was written."""


@dataclass(frozen=True)
class Header:
    index: dict[str, int]          # our key → column position
    names: list[str]               # the headers as written
    ignored: list[str]             # unknown columns (ignored)

    def has(self, key: str) -> bool:
        return key in self.index


@dataclass(frozen=True)
class ScanResult:
    header: Header
    rows: int
    size_bytes: int


def parse_header(names: list[str]) -> Header:
    index: dict[str, int] = {}
    ignored: list[str] = []
    seen: set[str] = set()
    for pos, raw in enumerate(names):
        name = " ".join(raw.replace("\ufeff", "").split())
        low = name.lower()
        if low and low in seen:
            raise FileRefused(f"The column '{name}' appears twice in the header row.")
        seen.add(low)
        key = _BY_HEADER.get(low)
        if key is None:
            if name:
                ignored.append(name)
            continue
        index[key] = pos
    missing = [COLUMNS[k] for k in REQUIRED_HEADERS if k not in index]
    if missing:
        raise FileRefused(
            "This is not a Shopify product CSV: the header row has no "
            + " or ".join(f"'{m}'" for m in missing)
            + " column. Export your products from Shopify (Products → Export → CSV for Excel, "
            "Numbers, or other spreadsheet programs) or start from Heartland's template."
        )
    return Header(index=index, names=[" ".join(n.split()) for n in names], ignored=ignored)


def _text_stream(binary: IO[bytes]) -> io.TextIOWrapper:
    return io.TextIOWrapper(binary, encoding="utf-8-sig", newline="", errors="strict")


def scan(binary: IO[bytes]) -> ScanResult:
    """Check the whole file without writing anything; the stream is rewound after."""
    start = binary.tell()
    head = binary.read(8192)
    if not head.strip():
        raise FileRefused("The file is empty.")
    if b"\x00" in head:
        raise FileRefused("This is a binary file (a spreadsheet or an image?), not a CSV. "
                          "Save it as 'CSV UTF-8' and upload that.")
    # The whole file must be UTF-8: check it in chunks, with constant memory.
    binary.seek(start)
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    offset = 0
    try:
        while chunk := binary.read(1 << 20):
            if b"\x00" in chunk:
                raise FileRefused("The file contains binary data (NUL bytes); it is not a CSV.")
            decoder.decode(chunk)
            offset += len(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise FileRefused(
            f"The file is not UTF-8 text (bad byte at position {offset + exc.start}). "
            "Save it as 'CSV UTF-8' from your spreadsheet program and upload it again."
        ) from None
    size = offset
    binary.seek(start)
    text = _text_stream(binary)
    try:
        reader = csv.reader(text)
        try:
            names = next(reader)
        except StopIteration:
            raise FileRefused("The file is empty.") from None
        header = parse_header(names)
        rows = 0
        for row in reader:
            if any(cell.strip() for cell in row):
                rows += 1
    except csv.Error as exc:
        raise FileRefused(f"The file is not valid CSV (line {reader.line_num}: {exc}).") from None
    finally:
        text.detach()
    binary.seek(start)
    if rows == 0:
        raise FileRefused("The file has a header row but no products.")
    return ScanResult(header=header, rows=rows, size_bytes=size)


def read_rows(binary: IO[bytes], header: Header) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (row number as a spreadsheet shows it — header is 1, raw values by our key).

    Blank rows are skipped; short rows read as blank cells.
    """
    text = _text_stream(binary)
    reader = csv.reader(text)
    next(reader)
    items = list(header.index.items())
    row_number = 1
    try:
        for row in reader:
            row_number += 1
            if not any(cell.strip() for cell in row):
                continue
            n = len(row)
            yield row_number, {key: (row[pos] if pos < n else "") for key, pos in items}
    finally:
        text.detach()
