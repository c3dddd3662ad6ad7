import os
import subprocess
import sys
from pathlib import Path

import pytest

from heartland.core.chinese import to_simplified, to_traditional
from heartland.core.html import html_to_text, sanitize_html

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("dirty, kept, gone", [
    ("<p>Hi <b>there</b></p><script>alert(1)</script>", "<b>there</b>", "script"),
    ('<a href="javascript:alert(1)">x</a>', "x", "javascript"),
    ('<img src="x.jpg" onerror="steal()">', "x.jpg", "onerror"),
    ('<meta http-equiv="refresh" content="0;url=http://evil">Hello', "Hello", "meta"),
    ('<iframe src="http://evil"></iframe><ul><li>one</li></ul>', "<li>one</li>", "iframe"),
    ('<span style="position:fixed">x</span>', "x", "position"),
    ('<a href="https://farm.example">farm</a>', 'href="https://farm.example"', "onclick"),
])
def test_merchant_html_is_sanitized(dirty, kept, gone):
    clean = sanitize_html(dirty)
    assert kept in clean and gone not in clean


def test_links_get_noopener_and_text_extraction():
    assert 'rel="noopener noreferrer nofollow"' in sanitize_html('<a href="https://a.example">a</a>')
    assert html_to_text("<p>Smoked &amp; <b>dried</b></p>") == "Smoked & dried"


def test_opencc_round_trip():
    assert to_traditional("花旗参牛肉干") == "花旗參牛肉乾"
    assert to_simplified("花旗參牛肉乾") == "花旗参牛肉干"


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {**os.environ, "DJANGO_DEBUG": "False", "DJANGO_SECRET_KEY": "x" * 20 + "Kq7-p9!zr2$Lw8#mV4nB6yT1cX0aHe5",
           "DJANGO_ALLOWED_HOSTS": "heartland.example", "HEARTLAND_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' process, never in deployment
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = {**os.environ, "DJANGO_DEBUG": "False", "HEARTLAND_VAR_DIR": str(tmp_path)}
    env.pop("DJANGO_SECRET_KEY", None)
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["path", "query", "form", "cookie"])
def test_a_nul_character_anywhere_in_a_request_is_a_bad_request_not_a_server_error(client, how):
    """PostgreSQL refuses NUL in text: a product address, a search or a form carrying one used to
    answer 500 there. Refused at the door on both databases."""
    if how == "path":
        response = client.get("/p/some-farm/honey%00/")
    elif how == "query":
        response = client.get("/search/", {"q": "蜂蜜\x00"})
    elif how == "form":
        response = client.post("/accounts/login/", {"login": "a\x00@example.com", "password": "x"})
    else:
        client.cookies["hl_market"] = "CN\x00"
        response = client.get("/")
    assert response.status_code == 400
    client.cookies.pop("hl_market", None)
    assert client.get("/search/", {"q": "蜂蜜"}).status_code == 200  # the same request without it
