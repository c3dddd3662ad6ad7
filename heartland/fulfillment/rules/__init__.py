"""Pure shipping rules (no Django): US export checks at shipment (``export``); return windows and
the arithmetic of a return's refund (``returns``)."""
