"""Approving merchants from a file (`import_merchants`) follows the admin's approval rule.

An approved merchant needs a complete application — the same fields a merchant must fill
before submitting it for an operator to approve (EIN included). A row that asks for approval
without them is reported with its row, field and reason, and nothing of it is written.
"""
import io

import pytest
from django.core.management import call_command

from heartland.accounts.models import User
from heartland.catalog.tests.factories import make_user
from heartland.core.errors import DomainError
from heartland.merchants import services
from heartland.merchants.models import Merchant, MerchantStatus, MerchantStatusChange

pytestmark = pytest.mark.django_db

HEADER = "slug,name,email,state,approved,legal_name,ein,address_line1,city,zip_code,contact_name,contact_phone,kind\n"
COMPLETE = ("Marathon Ginseng Farms LLC,391234567,N1234 County Rd K,Wausau,54401,Ann Lee,(715) 842-5555,farm")


def _import(tmp_path, text: str) -> str:
    path = tmp_path / "merchants.csv"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_merchants", str(path), stdout=out)
    return out.getvalue()


def test_an_approved_row_without_an_ein_is_reported_and_not_written(tmp_path):
    no_ein = COMPLETE.replace("391234567", "")
    text = _import(tmp_path, HEADER
                   + f"good-farm,Good Farm,good@farm.example,WI,true,{COMPLETE}\n"
                   + f"no-ein,No EIN Farm,owner@no-ein.example,WI,true,{no_ein}\n")
    assert list(Merchant.objects.values_list("slug", "status")) == [("good-farm", "approved")]
    # Nothing of the refused row: no merchant, no owner account, no audit row.
    assert not User.objects.filter(email="owner@no-ein.example").exists()
    assert MerchantStatusChange.objects.filter(merchant__slug="no-ein").count() == 0
    assert "row 3, ein: EIN is required to approve a merchant" in text
    assert "rows rejected: 1" in text


def test_an_approved_row_with_only_the_four_columns_names_every_missing_field(tmp_path):
    text = _import(tmp_path, "slug,name,email,state,approved\nbare-farm,Bare Farm,bare@farm.example,IA,yes\n")
    assert not Merchant.objects.exists()
    for field in ("ein", "address_line1", "city", "zip_code", "contact_name", "contact_phone"):
        assert f"row 2, {field}: " in text
    # The fields the row did give are not reported.
    for given in ("legal_name", "trading_name", "state", "contact_email"):
        assert f"row 2, {given}:" not in text


def test_a_pending_row_may_still_be_incomplete(tmp_path):
    text = _import(tmp_path, "slug,name,email,state,approved\ndraft-farm,Draft Farm,d@farm.example,MN,false\n")
    assert list(Merchant.objects.values_list("slug", "status")) == [("draft-farm", MerchantStatus.DRAFT)]
    assert "rows rejected: 0" in text


def test_file_approval_and_admin_approval_apply_the_same_rule():
    """A draft the file could not approve cannot be approved in the admin either, with the same reasons."""
    operator = make_user(is_staff=True)
    merchant, _, _ = services.onboard_merchant(slug="half-done", name="Half Done", email="h@d.example", state="WI")
    problems = services.approval_problems(merchant)
    assert set(problems) == {"ein", "address_line1", "city", "zip_code", "contact_name", "contact_phone"}
    with pytest.raises(services.ApplicationIncomplete) as exc:
        services.approve_merchant(merchant=merchant, by=operator, require_complete=True)
    assert exc.value.problems == problems
    merchant.refresh_from_db()
    assert merchant.status == MerchantStatus.DRAFT
    with pytest.raises(DomainError, match="EIN"):
        services.onboard_merchant(slug="half-done-2", name="Half Done", email="h2@d.example", state="WI",
                                  approved=True, require_complete=True)
    assert not Merchant.objects.filter(slug="half-done-2").exists()


def test_the_admin_refuses_to_approve_an_incomplete_draft(client):
    operator = make_user(is_staff=True, is_superuser=True)
    merchant, _, _ = services.onboard_merchant(slug="half-done", name="Half Done", email="h@d.example", state="WI")
    client.force_login(operator)
    response = client.post(f"/admin/merchants/merchant/{merchant.pk}/approve/", follow=True)
    merchant.refresh_from_db()
    assert merchant.status == MerchantStatus.DRAFT
    assert "EIN" in response.content.decode()
