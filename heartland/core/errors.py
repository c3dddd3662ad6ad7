"""Domain errors: a code a program can act on and a message a person can read."""
from __future__ import annotations


class DomainError(Exception):
    """Raised by services for a rule broken by the caller's input.

    Views turn it into a form error or an HTTP 4xx — never a 500.
    """

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message

