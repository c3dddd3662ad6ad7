"""Signals the catalog sends; other apps (search) connect to them in their ``ready()``.

* ``products_bulk_written(product_ids)`` — a bulk writer (the Shopify importer)
  changed these products, their variants, images or stock without model signals. Sent inside
  the writer's transaction: a receiver must defer its work to ``transaction.on_commit`` so a
  rolled-back batch changes nothing. ``sender`` is the writer's class or module name.
"""
from django.dispatch import Signal

products_bulk_written = Signal()  # product_ids: list[int]
