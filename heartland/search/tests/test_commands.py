"""`manage.py search` and `manage.py reindex` (the latter also in test_indexing)."""
from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from heartland.search.models import ZeroResultQuery


def run(*args) -> str:
    out = io.StringIO()
    call_command("search", *args, stdout=out)
    return out.getvalue()


def test_search_json_lists_hits_in_rank_order(catalog):
    hits = json.loads(run("牛肉干", "--market", "HK", "--limit", "3", "--json"))
    assert 1 <= len(hits) <= 3
    for hit in hits:
        assert {"handle", "merchant", "title", "score", "title_en", "title_zh_hans", "min_price_usd"} <= hit.keys()
    assert hits[0]["merchant"] == "cedar-valley-smokehouse" and "牛肉干" in hits[0]["title"]
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    spaced = json.loads(run("niu", "rou", "gan", "--market", "HK", "--limit", "3", "--json"))
    assert [h["handle"] for h in spaced] == [h["handle"] for h in hits]


def test_search_text_output_and_options(catalog):
    out = run("蜂蜜", "--market", "CN", "--limit", "5", "--sort", "price_asc", "--in-stock")
    assert "found for '蜂蜜' in CN" in out and "flint-hills-honey/" in out
    assert json.loads(run("火星土豆", "--json")) == []
    assert not ZeroResultQuery.objects.exists()  # the command does not log unless asked
    run("火星土豆", "--log-zero")
    assert ZeroResultQuery.objects.filter(query="火星土豆", market="CN").exists()
    with pytest.raises(CommandError):
        run("蜂蜜", "--limit", "0")
