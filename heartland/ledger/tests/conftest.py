import pytest

from heartland.ledger import selectors


@pytest.fixture(autouse=True)
def _fresh_commission_rates():
    """Each test's database starts from its own rates (a rolled-back test's rows never linger)."""
    selectors.clear_commission_rates_cache()
    yield
    selectors.clear_commission_rates_cache()
