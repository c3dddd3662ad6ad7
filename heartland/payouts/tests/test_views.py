"""The farm's money pages: A's figures to A's members only, bank details masked and changed by the
owner only, statements as CSV and PDF."""
from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from heartland.catalog.tests.factories import make_merchant, make_user
from heartland.merchants.models import MemberRole, Membership
from heartland.payouts.models import BankAccount

from .helpers import add_bank, delivered_part

pytestmark = pytest.mark.django_db


@pytest.fixture
def farm():
    owner, staff, other = make_user(), make_user(), make_user()
    merchant = make_merchant(owner=owner)
    Membership.objects.create(user=staff, merchant=merchant, role=MemberRole.STAFF)
    make_merchant(owner=other)
    delivered_part(usd="100.00", merchant=merchant)
    add_bank(merchant, account="000123456789")
    clients = {}
    for name, user in (("owner", owner), ("staff", staff), ("other", other)):
        clients[name] = Client()
        clients[name].force_login(user)
    return merchant, clients


def test_the_overview_shows_the_farms_money_to_its_members_only(farm):
    merchant, c = farm
    page = c["owner"].get(f"/money/{merchant.slug}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "$100.00" in body and "$12.00" in body and "$88.00" in body  # gross → commission → net
    assert "$70.40" in body  # payable: 80 % until the return window closes
    assert "6789" in body and "000123456789" not in body
    assert c["other"].get(f"/money/{merchant.slug}/").status_code == 404


def test_bank_details_masked_for_staff_changed_by_the_owner_only(farm):
    merchant, c = farm
    data = {"holder_name": "New Holder", "account_type": "savings", "routing_number": "021000021",
            "account_number": "55554444"}
    staff_page = c["staff"].get(f"/money/{merchant.slug}/bank/").content.decode()
    assert "••••6789" in staff_page and "Only the account's owner can change" in staff_page
    assert c["staff"].post(f"/money/{merchant.slug}/bank/", data).status_code == 404
    assert c["other"].post(f"/money/{merchant.slug}/bank/", data).status_code == 404
    bad = c["owner"].post(f"/money/{merchant.slug}/bank/", {**data, "routing_number": "021000022"})
    assert bad.status_code == 400 and "not a valid US routing number" in bad.content.decode()
    assert c["owner"].post(f"/money/{merchant.slug}/bank/", data).status_code == 302
    bank = BankAccount.objects.get(merchant=merchant)
    assert (bank.holder_name, bank.account_type, bank.account_number()) == ("New Holder", "savings", "55554444")
    assert "55554444" not in c["owner"].get(f"/money/{merchant.slug}/bank/").content.decode()


def test_statements_as_csv_and_pdf(farm):
    merchant, c = farm
    period = timezone.localdate().strftime("%Y-%m")
    csv_text = c["staff"].get(f"/money/{merchant.slug}/statements/{period}.csv").content.decode()
    lines = csv_text.strip().splitlines()
    assert lines[0] == "date,type,reference,description,amount_usd,balance_usd"
    assert any("Order accepted" in line and "88.00" in line for line in lines)
    assert lines[-1].endswith(",88.00")
    pdf = c["owner"].get(f"/money/{merchant.slug}/statements/{period}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert c["other"].get(f"/money/{merchant.slug}/statements/{period}.csv").status_code == 404
    assert c["owner"].get(f"/money/{merchant.slug}/statements/2025-13.csv").status_code == 404
