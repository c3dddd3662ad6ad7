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
