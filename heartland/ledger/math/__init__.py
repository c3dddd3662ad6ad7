"""Ledger arithmetic as pure Python (no Django): postings in integer minor units that balance per currency, commission and FX splits."""
