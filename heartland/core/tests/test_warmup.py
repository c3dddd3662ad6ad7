"""A web worker loads its tables and templates when it starts, not on a shopper's first request."""
from __future__ import annotations

import importlib
import sys

import pytest


def test_importing_the_wsgi_app_warms_the_search_tables_and_templates(monkeypatch):
    from heartland.search import analysis

    analysis.tokenizer.cache_clear()
    analysis.syllables.cache_clear()
    monkeypatch.delenv("HEARTLAND_WARM_UP", raising=False)
    sys.modules.pop("heartland.wsgi", None)
    importlib.import_module("heartland.wsgi")
    assert analysis.tokenizer.cache_info().currsize == 1
    assert analysis.syllables.cache_info().currsize == 1


def test_warm_up_can_be_turned_off(monkeypatch):
    from heartland.search import analysis

    analysis.tokenizer.cache_clear()
    monkeypatch.setenv("HEARTLAND_WARM_UP", "0")
    sys.modules.pop("heartland.wsgi", None)
    importlib.import_module("heartland.wsgi")
    assert analysis.tokenizer.cache_info().currsize == 0


@pytest.mark.django_db
def test_a_failing_warm_up_does_not_stop_the_worker(monkeypatch, caplog):
    from heartland import warmup
    from heartland.search import analysis

    def broken():
        raise OSError("dictionary missing")

    monkeypatch.setattr(analysis, "tokenizer", broken)
    assert warmup.warm_up() >= 0
    assert "warm-up failed" in caplog.text
