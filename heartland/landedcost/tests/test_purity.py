"""The engine and the money module must import without Django, directly or indirectly."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

CHECK = """
import sys
import heartland.landedcost, heartland.landedcost.money
from heartland.landedcost import case_from_json, quote
quote(case_from_json({"market": "CN", "currency": "CNY", "date": "2026-01-15", "lines": [
    {"hs_code": "04069000", "tax_category": "food", "unit_price": "100", "quantity": 1}]}))
loaded = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
print(",".join(loaded))
"""


def test_no_django_import() -> None:
    result = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"django modules loaded: {result.stdout}"


def test_no_float_in_engine_source() -> None:
    package = ROOT / "heartland" / "landedcost"
    for path in package.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "float(" not in text, path
