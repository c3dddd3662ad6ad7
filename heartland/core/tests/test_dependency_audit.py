"""CI's dependency audit (`.ci/run audit`): a known vulnerability fails CI; vulnerability data
that cannot be had is said loudly and does not.

pip-audit exits 1 both when it finds a vulnerability and when it cannot reach the service, and
exits 0 ("No known vulnerabilities found") when PyPI has no data for the pinned versions and it
skipped them all. A stand-in pip-audit reproduces each of those outcomes (the report shapes are
pip-audit 2.10's), so the verdicts are checked without the network.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

FAKE_PIP_AUDIT = """
import os, sys
args = sys.argv[1:]
report = os.environ.get("FAKE_REPORT")
if report:
    open(args[args.index("--output") + 1], "w").write(report)
sys.stderr.write(os.environ.get("FAKE_STDERR", ""))
sys.exit(int(os.environ["FAKE_RC"]))
"""
PINS = "Django==5.2.19\nnh3==0.3.8\n"
VULNERABLE = {"dependencies": [
    {"name": "django", "version": "5.2.19", "vulns": [
        {"id": "PYSEC-2099-1", "fix_versions": ["5.2.20"], "aliases": ["CVE-2099-0001"],
         "description": "SQL injection in a made-up lookup"}]},
    {"name": "nh3", "version": "0.3.8", "vulns": []},
], "fixes": []}
ALL_SKIPPED = {"dependencies": [
    {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited: django (5.2.19)"},
    {"name": "nh3", "skip_reason": "Dependency not found on PyPI and could not be audited: nh3 (0.3.8)"},
], "fixes": []}
NO_NETWORK = (
    "Traceback (most recent call last):\n  ...\nrequests.exceptions.ConnectionError: HTTPSConnectionPool("
    "host='pypi.org', port=443): Max retries exceeded with url: /pypi/django/5.2.19/json (Caused by "
    "NameResolutionError(\"Failed to resolve 'pypi.org'\"))\n"
)


def audit(tmp_path, *, rc: int, report: dict | None = None, stderr: str = "") -> subprocess.CompletedProcess:
    (tmp_path / "pip_audit.py").write_text(FAKE_PIP_AUDIT)
    (tmp_path / "requirements.txt").write_text(PINS)
    env = {**os.environ, "HEARTLAND_PIP_AUDIT": f"{sys.executable} {tmp_path / 'pip_audit.py'}",
           "HEARTLAND_AUDIT_REQUIREMENTS": str(tmp_path / "requirements.txt"),
           "FAKE_RC": str(rc), "FAKE_REPORT": json.dumps(report) if report else "", "FAKE_STDERR": stderr}
    return subprocess.run(["bash", ".ci/run", "audit"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_a_known_vulnerability_fails_ci_and_names_the_fix(tmp_path):
    result = audit(tmp_path, rc=1, report=VULNERABLE, stderr="Found 1 known vulnerability in 1 package\n")
    assert result.returncode != 0
    assert "django 5.2.19: PYSEC-2099-1 (CVE-2099-0001); fixed in: 5.2.20" in result.stdout
    assert "nh3" not in result.stdout


def test_no_known_vulnerability_passes(tmp_path):
    result = audit(tmp_path, rc=0, stderr="No known vulnerabilities found\n")
    assert result.returncode == 0, result.stdout
    assert "No known vulnerabilities in the 2 dependencies." in result.stdout


@pytest.mark.parametrize("case", ["no network", "service error", "no data for the pinned versions"])
def test_vulnerability_data_out_of_reach_is_reported_loudly_and_does_not_fail(tmp_path, case):
    if case == "no network":
        result = audit(tmp_path, rc=1, stderr=NO_NETWORK)
    elif case == "service error":
        result = audit(tmp_path, rc=1, stderr="raise ServiceError from http_error\n"
                                              "pip_audit._service.interface.ServiceError\n")
    else:  # what pip-audit answers when PyPI has no data for the versions: exit 0, all skipped
        result = audit(tmp_path, rc=0, report=ALL_SKIPPED, stderr="No known vulnerabilities found\n")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "!! NOT AUDITED" in result.stdout


def test_an_audit_that_cannot_run_fails_ci(tmp_path):
    result = audit(tmp_path, rc=1, stderr="ERROR:pip_audit._cli:requirement django is not pinned to an exact version\n")
    assert result.returncode != 0
    assert "pip-audit failed" in result.stdout and "not pinned" in result.stdout
