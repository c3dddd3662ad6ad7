"""Signals the inventory sends.

* ``stock_held(deltas)`` — `reserve` took stock without model signals (one bulk insert):
  ``deltas`` maps variant id → change in available units (negative). Sent inside the caller's
  transaction: receivers defer their work to ``transaction.on_commit``.
"""
from django.dispatch import Signal

stock_held = Signal()
