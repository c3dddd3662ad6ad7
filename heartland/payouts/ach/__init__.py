"""The ACH (NACHA) file format and routing-number checks as pure Python (no Django)."""
from .nacha import (
    Batch,
    Entry,
    NachaError,
    Originator,
    ParsedFile,
    build_file,
    parse_file,
    transaction_code,
)
from .routing import check_digit, is_valid_routing_number

__all__ = ["Batch", "Entry", "NachaError", "Originator", "ParsedFile", "build_file", "check_digit",
           "is_valid_routing_number", "parse_file", "transaction_code"]
