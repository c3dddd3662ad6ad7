"""Search test fixtures: the demo catalogue, seeded and indexed once for the whole package.

`demo_catalog` seeds `seed_demo --no-images` inside an outer transaction that is rolled back
when the package's tests are done, so nothing leaks into other apps' tests; each test still
runs in its own savepoint (the `db` fixture).

Tests that commit for real (`processes/`: worker processes read what this process committed)
must not run inside that transaction. pytest-django runs them after every other database test,
but within this package they can follow those directly (`pytest heartland/search`), while the
package-scoped catalogue is still open: it is rolled back before such a test instead.
"""
from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from heartland.catalog.models import Category
from heartland.catalog.services import VariantInput, save_product, save_variant
from heartland.catalog.tests.factories import make_merchant
from heartland.inventory.services import ensure_default_warehouse, set_stock
from heartland.search.indexing import rebuild
from heartland.search.services import clear_caches


class _DemoCatalogue:
    """The seeded, indexed demo catalogue inside an outer transaction, open or not."""

    def __init__(self) -> None:
        self._atomic = None
        self._blocker = None

    @property
    def is_open(self) -> bool:
        return self._atomic is not None

    def open(self, blocker) -> None:
        self._blocker = blocker
        with blocker.unblock():
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            call_command("seed_demo", "--no-images", "--no-orders", stdout=io.StringIO())
            rebuild()
            connection._search_pending = None  # what the seed queued never commits

    def roll_back(self) -> None:
        if self._atomic is None:
            return
        with self._blocker.unblock():
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)
            connection._search_pending = None
        self._atomic = None


_DEMO = _DemoCatalogue()


def _commits_for_real(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before any fixture of a test that commits for real: roll the demo catalogue back."""
    if _commits_for_real(item):
        _DEMO.roll_back()


@pytest.fixture(autouse=True)
def _fresh_search_caches():
    clear_caches()
    yield


@pytest.fixture(scope="package")
def demo_catalog(django_db_setup, django_db_blocker):
    _DEMO.open(django_db_blocker)
    try:
        yield
    finally:
        _DEMO.roll_back()


@pytest.fixture
def catalog(demo_catalog, db):
    """The seeded, indexed demo catalogue, for one test (its changes roll back)."""
    assert _DEMO.is_open, ("the demo catalogue was rolled back for a test that commits for real; "
                           "tests that use it must run before those (pytest-django orders them so)")
    return demo_catalog


def make_listed_product(*, merchant=None, handle: str, title_en: str, title_zh: str = "", tags: str = "",
                        price: str = "12.00", stock: int = 10, hs_code: str = "04090000",
                        tax_category: str = "agricultural", status: str = "active", category_slug: str | None = "honey"):
    """A product sellable in every market (honey's HS code by default), through the services."""
    merchant = merchant or make_merchant()
    category = Category.objects.filter(slug=category_slug).first() if category_slug else None
    product = save_product(merchant=merchant, fields={
        "handle": handle, "title_en": title_en, "title_zh_hans": title_zh, "tags": tags, "status": status,
        "category": category, "origin_state": merchant.state,
    })
    variant = save_variant(product=product, data=VariantInput(
        price_usd=Decimal(price), sku=f"{handle[:40]}-sku", hs_code=hs_code, tax_category=tax_category, grams=Decimal(500),
    ))
    set_stock(variant=variant, warehouse=ensure_default_warehouse(merchant=merchant), on_hand=stock)
    return product
