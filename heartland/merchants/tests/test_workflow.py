import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from heartland.catalog.tests.factories import make_merchant, make_user
from heartland.core.errors import DomainError
from heartland.merchants import services
from heartland.merchants.models import Merchant, MerchantStatus, MerchantStatusChange

pytestmark = pytest.mark.django_db

GOOD = {
    "legal_name": "Marathon Ginseng Farms LLC", "trading_name": "Marathon Ginseng", "ein": "391234567",
    "address_line1": "N1234 County Rd K", "city": "Wausau", "state": "Wisconsin", "zip_code": "54401",
    "contact_name": "Ann Lee", "contact_email": "ann@marathon.example", "contact_phone": "(715) 842-5555",
    "kind": "farm", "story": "Four generations of ginseng.",
}


def test_application_is_normalized_and_walks_the_workflow_with_an_audit_trail():
    owner, operator = make_user(), make_user(is_staff=True)
    m = services.create_application(user=owner, data=GOOD)
    assert (m.ein, m.state, m.contact_phone, m.status) == ("39-1234567", "WI", "+17158425555", "draft")
    services.submit_application(merchant=m, by=owner)
    services.reject_merchant(merchant=m, by=operator, reason="Upload your FDA food facility registration.")
    m.refresh_from_db()
    assert m.status == "rejected" and "FDA" in m.rejection_reason
    services.submit_application(merchant=m, by=owner)
    services.approve_merchant(merchant=m, by=operator)
    trail = list(MerchantStatusChange.objects.filter(merchant=m).values_list("from_status", "to_status", "event", "by"))
    assert trail == [("", "draft", "member", owner.pk), ("draft", "submitted", "member", owner.pk),
                     ("submitted", "rejected", "operator", operator.pk), ("rejected", "submitted", "member", owner.pk),
                     ("submitted", "approved", "operator", operator.pk)]


@pytest.mark.parametrize("field, value, message", [
    ("ein", "12-345", "9 digits"),
    ("ein", "00-1234567", "prefix"),
    ("state", "Ontario", "not a US state"),
    ("zip_code", "5440", "ZIP"),
    ("contact_phone", "555", "phone"),
    ("kind", "spaceship", "Choose one of"),
])
def test_bad_application_fields_are_refused_with_a_reason(field, value, message):
    with pytest.raises(Exception) as exc:
        services.create_application(user=make_user(), data={**GOOD, field: value})
    assert message in str(exc.value.message_dict[field])
    assert not Merchant.objects.exists()


def test_only_operators_decide_and_only_members_submit():
    owner, stranger = make_user(), make_user()
    m = services.create_application(user=owner, data=GOOD)
    with pytest.raises(DomainError):
        services.submit_application(merchant=m, by=stranger)
    services.submit_application(merchant=m, by=owner)
    with pytest.raises(DomainError, match="operators"):
        services.approve_merchant(merchant=m, by=owner)
    with pytest.raises(DomainError, match="why"):
        services.reject_merchant(merchant=m, by=make_user(is_staff=True), reason="  ")
    m.refresh_from_db()
    assert m.status == "submitted"


def test_incomplete_application_cannot_be_submitted():
    owner = make_user()
    m = services.create_application(user=owner, data={"legal_name": "X", "trading_name": "X", "state": "IA"})
    with pytest.raises(DomainError, match="EIN"):
        services.submit_application(merchant=m, by=owner)


def test_illegal_transitions_are_refused():
    operator = make_user(is_staff=True)
    m = make_merchant(approved=False)
    m.status = MerchantStatus.SUBMITTED
    m.save()
    services.approve_merchant(merchant=m, by=operator)
    with pytest.raises(DomainError, match="cannot become approved"):
        services.approve_merchant(merchant=m, by=operator)


def test_create_merchant_command_creates_owner_and_refuses_bad_input():
    out = io.StringIO()
    call_command("create_merchant", "--slug", "cherry-hill", "--name", "Cherry Hill Orchard", "--email",
                 "Owner@Cherry.example", "--state", "MI", "--approved", "--ein", "38-1234567",
                 "--address-line1", "1 Orchard Rd", "--city", "Traverse City", "--zip-code", "49684",
                 "--contact-name", "Cal Cherry", "--contact-phone", "(231) 555-0134", stdout=out)
    m = Merchant.objects.get(slug="cherry-hill")
    assert m.status == "approved" and m.memberships.get().user.email == "owner@cherry.example"
    assert (m.ein, m.contact_phone) == ("38-1234567", "+12315550134")
    assert m.warehouses.filter(is_default=True).exists()
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_merchant", "--slug", "cherry-hill", "--name", "X", "--email", "a@b.example", "--state", "MI")
    with pytest.raises(CommandError, match="not a US state"):
        call_command("create_merchant", "--slug", "y", "--name", "Y", "--email", "y@b.example", "--state", "QQ")
    # Approving needs the complete application, as in the admin.
    with pytest.raises(CommandError, match="before approving: EIN"):
        call_command("create_merchant", "--slug", "z", "--name", "Z", "--email", "z@b.example", "--state", "MI",
                     "--approved")
    assert Merchant.objects.count() == 1


def test_import_merchants_keeps_good_rows_and_reports_bad(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("slug,name,email,state,approved,ein,address_line1,city,zip_code,contact_name,contact_phone\n"
                    "a-farm,A Farm,a@a.example,WI,true,391234567,1 Main St,Wausau,54401,Ann Lee,(715) 842-5555\n"
                    "b-farm,B Farm,not-an-email,IA,false,,,,,,\n"
                    "c-farm,C Farm,c@c.example,MN,perhaps,,,,,,\n"
                    "d-farm,D Farm,d@d.example,ne,,,,,,,\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_merchants", str(path), stdout=out)
    assert sorted(Merchant.objects.values_list("slug", "status")) == [("a-farm", "approved"), ("d-farm", "draft")]
    text = out.getvalue()
    assert "Merchants created: 2 (1 approved, 1 pending); rows rejected: 2" in text
    assert "row 3, email: Enter a valid e-mail address." in text
    assert "row 4, approved: must be true or false, got 'perhaps'" in text


def test_import_merchants_refuses_a_file_without_the_columns(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("name,email\nA,a@a.example\n")
    with pytest.raises(CommandError, match="slug, state"):
        call_command("import_merchants", str(path))
