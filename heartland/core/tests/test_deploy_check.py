"""The production environment documented in docs/operations.md passes `check --deploy`.

Each test starts a fresh process with only the variables it names (nothing inherited from the
machine or the test run), the way a deployment's environment is written down.
"""
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[3]
OPERATIONS = ROOT / "docs" / "operations.md"


def documented_production_environment() -> dict[str, str]:
    """The lines of the production example in docs/operations.md, placeholders generated."""
    text = OPERATIONS.read_text(encoding="utf-8")
    block = re.search(r"<!-- production-environment -->\s*```sh\n(.*?)```", text, re.S)
    assert block, "docs/operations.md lost its production environment example"
    placeholders = {"<secret key>": lambda: secrets.token_urlsafe(50),
                    "<Fernet key>": lambda: Fernet.generate_key().decode()}
    env = {}
    for line in block.group(1).splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, value = line.partition("=")
        env[name] = placeholders[value]() if value in placeholders else value
    return env


def _run(tmp_path, variables: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    # Only these variables (a developer's .env, if any, fills in what is not named here).
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "LANG": "C.UTF-8",
           "HEARTLAND_VAR_DIR": str(tmp_path / "var"), **variables}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def _settings(tmp_path, variables: dict[str, str]) -> dict:
    names = ["DEBUG", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SECURE",
             "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
             "SECURE_HSTS_PRELOAD", "HEARTLAND_SANDBOX_ENABLED", "HEARTLAND_ALLOW_LOCAL_KEYS"]
    code = f"import json; from django.conf import settings as s; print(json.dumps({{n: getattr(s, n, None) for n in {names!r}}}))"
    result = _run(tmp_path, variables, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_documented_production_environment_passes_the_deploy_check(tmp_path):
    result = _run(tmp_path, documented_production_environment(), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_turns_on_https_and_turns_off_the_sandbox(tmp_path):
    values = _settings(tmp_path, documented_production_environment())
    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == ["heartland.example"]
    assert values["SECURE_SSL_REDIRECT"] and values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["LANGUAGE_COOKIE_SECURE"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and values["SECURE_HSTS_PRELOAD"]
    assert not values["HEARTLAND_SANDBOX_ENABLED"] and not values["HEARTLAND_ALLOW_LOCAL_KEYS"]


def test_the_demo_serves_plain_http_on_localhost(tmp_path):
    """`make demo` sets nothing: runserver over http must not redirect or hide its cookies."""
    values = _settings(tmp_path, {})
    assert values["DEBUG"] is True
    assert "127.0.0.1" in values["ALLOWED_HOSTS"] and "localhost" in values["ALLOWED_HOSTS"]
    assert not values["SECURE_SSL_REDIRECT"] and values["SECURE_PROXY_SSL_HEADER"] is None
    assert not (values["SESSION_COOKIE_SECURE"] or values["CSRF_COOKIE_SECURE"] or values["LANGUAGE_COOKIE_SECURE"])
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["HEARTLAND_SANDBOX_ENABLED"]


@pytest.mark.parametrize("change, warning", [
    ({"DJANGO_ALLOWED_HOSTS": None}, "security.W020"),      # no hosts: every request refused
    ({"DJANGO_SECURE_SSL_REDIRECT": "False"}, "security.W008"),
    ({"DJANGO_SECURE_HSTS_SECONDS": "0"}, "security.W004"),
    ({"DJANGO_SESSION_COOKIE_SECURE": "False"}, "security.W012"),
    ({"DJANGO_SECRET_KEY": "short"}, "security.W009"),
])
def test_the_deploy_check_reports_a_production_setting_turned_off(tmp_path, change, warning):
    env = documented_production_environment()
    for name, value in change.items():
        if value is None:
            env.pop(name)
        else:
            env[name] = value
    result = _run(tmp_path, env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert warning in result.stdout + result.stderr


@pytest.mark.parametrize("secret_key", [None, "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"])
def test_production_refuses_to_start_without_a_secret_key_of_its_own(tmp_path, secret_key):
    env = documented_production_environment()
    env.pop("DJANGO_SECRET_KEY")
    if secret_key:
        env["DJANGO_SECRET_KEY"] = secret_key
    result = _run(tmp_path, env, "check")
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr
