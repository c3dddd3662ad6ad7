"""Production static files and compression, as a phone's browser receives them (DEBUG off:
collected, content-hashed, precompressed, served by WhiteNoise; pages gzipped)."""
from __future__ import annotations

import gzip
import re

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def collected(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    settings.WHITENOISE_AUTOREFRESH = settings.WHITENOISE_USE_FINDERS = False
    call_command("collectstatic", "--no-input", "-i", "admin", "-i", "account", verbosity=0)
    return settings.STATIC_ROOT


def test_pages_link_hashed_style_sheets_that_are_cached_for_years_and_sent_compressed(collected):
    client = Client()  # a new handler: WhiteNoise indexes the collected files
    page = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert page["Content-Encoding"] == "gzip" and "Accept-Encoding" in page["Vary"]
    html = gzip.decompress(page.content).decode()
    css = re.search(r'href="(/static/storefront/shop\.[0-9a-f]{12}\.css)"', html)
    assert css, "the page links the unhashed style sheet"

    sheet = client.get(css.group(1), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert sheet.status_code == 200
    assert sheet["Cache-Control"] == "max-age=315360000, public, immutable"
    assert sheet["Content-Encoding"] == "br"
    assert client.get(css.group(1))["Cache-Control"].endswith("immutable")  # no compression asked: plain file


def test_a_page_asked_for_without_compression_comes_plain(client):
    page = client.get("/")
    assert page.status_code == 200 and not page.has_header("Content-Encoding")
    assert "<html" in page.content.decode()
