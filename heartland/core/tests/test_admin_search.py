"""The operators' admin search: a pasted paragraph is a search, not a server error."""
from __future__ import annotations

import pytest
from django.test import Client

from heartland.catalog.tests.factories import make_merchant, make_product, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["catalog/product", "catalog/category", "accounts/user"])
def test_a_thousand_word_search_lists_what_its_first_words_find(model):
    operator = make_user(email="honey.operator@example.com", is_staff=True, is_superuser=True)
    make_product(merchant=make_merchant(), title_en="Wildflower Honey", handle="wildflower-honey")
    client = Client()
    client.force_login(operator)
    response = client.get(f"/admin/{model}/", {"q": "honey " * 1000})
    assert response.status_code == 200
    found = {"catalog/product": "Wildflower Honey", "catalog/category": "honey", "accounts/user": operator.email}
    assert found[model] in response.content.decode()
    assert "0 results" not in response.content.decode()
