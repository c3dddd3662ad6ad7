"""Signals the search app sends.

* ``index_written()`` — index rows changed (sent when written, and again on commit): what reads
  the index (cached listing pages) is stale. Receivers defer their work to
  ``transaction.on_commit``.
"""
from django.dispatch import Signal

index_written = Signal()
