"""Pure shipping rules (no Django): US export checks at shipment (``export``)."""
