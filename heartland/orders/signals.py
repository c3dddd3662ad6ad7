"""What happens to orders, for the apps above (customs, fulfillment, ledger) — sent on commit of
the transaction that made the change, so a receiver never sees a change that was rolled back.

``part_moved(sender, merchant_order, from_status, to_status, event)``: one farm's part changed
state (``states.py``); ``event`` is who or what moved it ("merchant", "customs", "carrier", …).

``part_moving(sender, merchant_order, from_status, to_status, event)``: the same move, sent inside
the transaction that makes it — for a receiver that writes something that must commit or roll
back with the move (the ledger writes the event down in its inbox). A receiver that raises
fails the move. Everything else listens to ``part_moved``.

``order_page(sender, order, request)``: a shopper's order page is being shown; a receiver in an
app above (fulfillment: tracking and returns; customs: clearance) returns ``{merchant_order_id:
html}`` — a fragment it rendered itself, in the request's language — shown under that farm's part.
This is how the page shows what orders cannot import.
"""
from django.dispatch import Signal

part_moved = Signal()
part_moving = Signal()
order_page = Signal()
