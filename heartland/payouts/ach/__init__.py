"""The ACH (NACHA) file format and routing-number checks as pure Python (no Django)."""
