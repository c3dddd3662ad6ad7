"""The zero-result log in the admin: operators with the permission read it; nobody edits it;
shoppers never see it."""
from __future__ import annotations

from django.contrib.auth.models import Permission
from django.urls import reverse

from heartland.catalog.tests.factories import make_user
from heartland.search.models import ZeroResultQuery
from heartland.search.services import log_zero_result

CHANGELIST = reverse("admin:search_zeroresultquery_changelist")


def operator(**extra):
    user = make_user(is_staff=True, **extra)
    user.user_permissions.add(Permission.objects.get(codename="view_zeroresultquery"))
    return user


def test_an_operator_with_the_permission_sees_what_shoppers_did_not_find(client, db):
    for _ in range(3):
        log_zero_result(query="火星土豆", market="HK")
    log_zero_result(query="moon cheese", market="CN")
    client.force_login(operator())
    page = client.get(CHANGELIST)
    assert page.status_code == 200
    rows = list(page.context["cl"].result_list)
    assert [(r.query, r.market, r.count) for r in rows] == [("火星土豆", "HK", 3), ("moon cheese", "CN", 1)]
    assert "火星土豆" in page.content.decode()
    hk = client.get(CHANGELIST, {"market__exact": "HK"})
    assert [r.query for r in hk.context["cl"].result_list] == ["火星土豆"]
    log_zero_result(query="火星马铃薯", market="HK")
    for typed in ("火星馬鈴薯", "马铃"):   # Traditional, as an operator in Hong Kong may type it: the log is Simplified
        found = client.get(CHANGELIST, {"q": typed})
        assert [r.query for r in found.context["cl"].result_list] == ["火星马铃薯"], typed
    found = client.get(CHANGELIST, {"q": "ＭＯＯＮ"})   # full-width, upper case
    assert [r.query for r in found.context["cl"].result_list] == ["moon cheese"]
    by_last_seen = client.get(CHANGELIST, {"o": "-3"})  # last seen (list_display[3]), newest first
    assert [r.query for r in by_last_seen.context["cl"].result_list] == ["火星马铃薯", "moon cheese", "火星土豆"]


def test_the_log_is_read_only(client, db):
    log_zero_result(query="火星土豆", market="HK")
    row = ZeroResultQuery.objects.get()
    client.force_login(operator(is_superuser=True))
    assert client.get(reverse("admin:search_zeroresultquery_add")).status_code == 403
    assert client.get(reverse("admin:search_zeroresultquery_delete", args=[row.pk])).status_code == 403
    detail = client.post(reverse("admin:search_zeroresultquery_change", args=[row.pk]),
                         {"query": "edited", "market": "CN", "count": 99})
    assert detail.status_code == 403
    row.refresh_from_db()
    assert (row.query, row.market, row.count) == ("火星土豆", "HK", 1)


def test_shoppers_and_staff_without_the_permission_cannot_read_it(client, db):
    log_zero_result(query="火星土豆", market="HK")
    client.force_login(make_user())
    page = client.get(CHANGELIST)
    assert page.status_code == 302 and "/login/" in page["Location"]
    client.force_login(make_user(is_staff=True))
    assert client.get(CHANGELIST).status_code == 403
