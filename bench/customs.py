#!/usr/bin/env python
"""Benchmark: CEB messages built, checked and signed per second on one core (pure: no Django,
no database) — what the platform does for every message — and verified (what the receiving side
does). A mix of the four kinds, 1-5 lines each, generated once; RSA-2048, rsa-sha256.

    python bench/customs.py [--seconds 5]

Target: ≥ 500 messages/s per core for build + field rules + sign.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, settings  # noqa: E402

from heartland.customs.ceb import rules, signing, xml  # noqa: E402
from heartland.customs.tests.strategies import document_sets, envelope  # noqa: E402


def sample_sets(n: int) -> list:
    found: list = []

    @settings(max_examples=n, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(document_sets())
    def collect(docs):
        found.append(docs)

    collect()
    return found


def run(seconds: float, docs: list, key, cert) -> tuple[int, float, int, float]:
    built = signed_total = 0
    messages: list[bytes] = []
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for doc in docs:
            if rules.problems(doc):
                raise SystemExit(f"a generated document broke a rule: {rules.problems(doc)}")
            messages.append(signing.sign(xml.build_tree(doc, envelope()), key, cert))
            built += 1
    build_time = time.perf_counter() - start
    start = time.perf_counter()
    for data in messages:
        if not signing.verify(data, cert):
            raise SystemExit("a signed message did not verify")
        signed_total += 1
        if time.perf_counter() - start > seconds:
            break
    return built, build_time, signed_total, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    key_pem, cert_pem = signing.generate_credentials("bench")
    key, cert = signing.load_private_key(key_pem), signing.load_certificate(cert_pem)
    docs = [doc for docs in sample_sets(50) for doc in docs]
    sizes = [len(xml.build_message(d, envelope())) for d in docs]
    built, build_time, verified, verify_time = run(args.seconds, docs, key, cert)
    print(f"documents: {len(docs)} (CEB311/411/511/621, 1-5 lines), unsigned size {min(sizes)}-{max(sizes)} bytes")
    print(f"build + field rules + sign: {built} in {build_time:.2f} s = {built / build_time:,.0f} messages/s (1 core)")
    print(f"verify + parse-ready:      {verified} in {verify_time:.2f} s = {verified / verify_time:,.0f} messages/s")
    print("target ≥ 500 messages/s per core:", "met" if built / build_time >= 500 else "NOT met")


if __name__ == "__main__":
    main()
