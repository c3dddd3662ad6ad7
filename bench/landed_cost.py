"""Landed-cost engine throughput: quotes per second for a 5-line CN cart, in process, one thread
(one core).

    python bench/landed_cost.py [--seconds 3]

Prints the figures; target ≥ 20,000 quotes/s for ``quote(case)`` on a parsed case. Also shows the
full JSON round trip (``case_from_json`` → ``quote`` → ``quote_to_json``) for reference.
Each figure is the best of five runs (a busy machine only makes runs slower, never faster).
"""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from heartland.landedcost import case_from_json, default_rules, quote, quote_to_json  # noqa: E402

TARGET = 20_000

CART = {
    "market": "CN",
    "currency": "CNY",
    "freight": "45.00",
    "insurance": "3.50",
    "annual_used": "1200",
    "mode": "9610",
    "date": "2026-01-15",
    "lines": [
        {"hs_code": "33049900", "tax_category": "cosmetics", "unit_price": "425", "quantity": 1,
         "unit_weight_g": 50, "unit_content": "20", "unit_content_uom": "g"},
        {"hs_code": "04090000", "tax_category": "agricultural", "unit_price": "128.50", "quantity": 2,
         "unit_weight_g": 500},
        {"hs_code": "04069000", "tax_category": "food", "unit_price": "89.90", "quantity": 1, "unit_weight_g": 250},
        {"hs_code": "08134090", "tax_category": "agricultural", "unit_price": "59.00", "quantity": 3,
         "unit_weight_g": 170},
        {"hs_code": "22083000", "tax_category": "alcohol", "unit_price": "399.00", "quantity": 1,
         "unit_weight_g": 1400, "unit_content": "750", "unit_content_uom": "ml", "abv": "45"},
    ],
}


def _rate(label: str, func: Callable[[], object], seconds: float, runs: int = 5) -> float:
    """Best of ``runs`` runs of about ``seconds / runs`` each, in calls per second."""
    func()  # warm the caches (rules, snapshot, tariff look-ups)
    best = 0.0
    total = 0
    for _ in range(runs):
        n = 0
        start = time.perf_counter()
        while True:
            for _ in range(200):
                func()
            n += 200
            elapsed = time.perf_counter() - start
            if elapsed >= seconds / runs:
                break
        best = max(best, n / elapsed)
        total += n
    print(f"{label:<44} {best:>10,.0f} /s  {1e6 / best:6.1f} µs each  (best of {runs} runs, {total:,} calls)")
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement (default 3)")
    args = parser.parse_args()
    rules = default_rules()
    case = case_from_json(CART)
    result = quote(case, rules=rules)
    print(f"Python {sys.version.split()[0]}; 5-line CN cart: total {result.total} {result.currency}, "
          f"tax {result.total_tax}, allowed={result.allowed}")
    best = _rate("quote(case)", lambda: quote(case, rules=rules), args.seconds)
    _rate("case_from_json + quote", lambda: quote(case_from_json(CART), rules=rules), args.seconds)
    _rate("case_from_json + quote + quote_to_json", lambda: quote_to_json(quote(case_from_json(CART), rules=rules)),
          args.seconds)
    verdict = "meets" if best >= TARGET else "MISSES"
    print(f"quote(case): {best:,.0f} quotes/s — {verdict} the target of {TARGET:,} quotes/s")
    return 0 if best >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
