"""Project-wide test setup: media in a temp dir and a clean cache per test.

Pure modules' tests (landed cost, money, text analysis) also run without Django
(`-p no:django`); then there is nothing to isolate.
"""
import pytest


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
