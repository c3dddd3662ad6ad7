"""What happens to orders, for the apps above (customs, fulfillment, ledger) — sent on commit of
the transaction that made the change, so a receiver never sees a change that was rolled back.

``part_moved(sender, merchant_order, from_status, to_status, event)``: one farm's part changed
state (``states.py``); ``event`` is who or what moved it ("merchant", "customs", "carrier", …).
"""
from django.dispatch import Signal

part_moved = Signal()
