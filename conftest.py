"""Project-wide test setup: media in a temp dir and a clean cache per test.

Pure modules' tests (landed cost, money, text analysis) also run without Django
(`-p no:django`); then there is nothing to isolate.
"""
import os
import tempfile
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """SQLite's test database is a file (WAL, as in production), not Django's shared in-memory
    one: the concurrency tests (50 buyers racing, double submits, notice races) then run real
    concurrent writers on SQLite too, queueing on its write lock as the embedded default does.
    One file per test process, so parallel runs never share it."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        db.setdefault("TEST", {})["NAME"] = str(Path(tempfile.gettempdir()) / f"heartland-test-{os.getpid()}.sqlite3")


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(request, tmp_path):
    if not request.config.pluginmanager.hasplugin("django"):
        yield
        return
    settings = request.getfixturevalue("settings")
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    # A request leaves its language active in the thread; each test starts from the default
    # (reverse() of a shopper page depends on it).
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests (live server, races) flush the database at the end, taking the rows
    data migrations seeded — the markets and the category tree — with them: put them back
    before each such test (the seeding is idempotent)."""
    if not request.config.pluginmanager.hasplugin("django"):
        return
    if "transactional_db" not in request.fixturenames and "live_server" not in request.fixturenames:
        marker = request.node.get_closest_marker("django_db")
        if marker is None or not marker.kwargs.get("transaction"):
            return
    request.getfixturevalue("transactional_db")
    from importlib import import_module

    from django.apps import apps

    for module in ("heartland.markets.migrations.0002_seed_markets", "heartland.catalog.migrations.0002_seed_categories"):
        import_module(module).seed(apps, None)
