"""A farm ships its accepted part from the portal and downloads its documents; nobody else can."""
from __future__ import annotations

import io

import pypdf
import pytest
from django.urls import reverse

from heartland.catalog.tests.factories import make_user
from heartland.fulfillment.models import Shipment
from heartland.fulfillment.tests.conftest import carrier_settings  # noqa: F401  (autouse: the sandbox carrier)
from heartland.fulfillment.tests.factories import accepted_part
from heartland.merchants.models import MemberRole, Membership
from heartland.orders import states

pytestmark = pytest.mark.django_db


@pytest.fixture
def farm(client):
    mo = accepted_part(market="HK")
    owner = make_user(email="ann@sunflower.example")
    Membership.objects.create(user=owner, merchant=mo.merchant, role=MemberRole.OWNER)
    client.force_login(owner)
    return mo


def ship_url(mo):
    return reverse("portal:order_ship", args=[mo.merchant.slug, mo.number])


def detail_url(mo):
    return reverse("portal:order_detail", args=[mo.merchant.slug, mo.number])


def form(level="standard", itn="", **boxes):
    data = {"service_level": level, "aes_itn": itn, "pkg-TOTAL_FORMS": "3", "pkg-INITIAL_FORMS": "0",
            "pkg-MIN_NUM_FORMS": "0", "pkg-MAX_NUM_FORMS": "10",
            "pkg-0-weight_kg": "1.250", "pkg-0-length_cm": "30", "pkg-0-width_cm": "20", "pkg-0-height_cm": "15"}
    data.update(boxes)
    return data


def text_of(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_the_farm_ships_with_the_paid_service_preselected_and_sees_the_waybill(client, farm):
    page = client.get(detail_url(farm)).content.decode()
    assert 'id="ship-order"' in page
    page = client.get(ship_url(farm)).content.decode()
    assert '<option value="standard" selected>standard (what the shopper paid for)</option>' in page
    assert 'value="economy"' not in page and "express (upgrade at your cost)" in page
    assert "NOEEI §30.37(a)" in page
    r = client.post(ship_url(farm), form(**{"pkg-1-weight_kg": "0.800"}))
    assert r.status_code == 302 and r["Location"] == detail_url(farm)
    farm.refresh_from_db()
    shipment = Shipment.objects.get(merchant_order=farm)
    assert farm.status == states.SHIPPED and shipment.packages.count() == 2
    page = client.get(detail_url(farm)).content.decode()
    assert f"Booked: waybill {shipment.tracking_number}" in page and 'id="ship-order"' not in page
    assert "Booked — waiting for pick-up" in page and "CN23 customs declaration" in page
    # Shipped once: the ship page sends the farm back.
    assert client.get(ship_url(farm))["Location"] == detail_url(farm)


def test_a_cheaper_service_or_a_missing_itn_is_refused_on_the_form(client, farm):
    r = client.post(ship_url(farm), form(level="economy"))
    assert r.status_code == 400 and "Select a valid choice" in r.content.decode()
    big = accepted_part(market="JP", merchant=farm.merchant,
                        lines=[("Raw Wildflower Honey", "生蜂蜜", "04090000", 150, "18.00")])
    page = client.get(ship_url(big)).content.decode()
    assert 'id="eei-needed"' in page and "USD 2,700.00" in page
    r = client.post(ship_url(big), form())
    assert r.status_code == 400 and "enter the ITN" in r.content.decode()
    r = client.post(ship_url(big), form(itn="X123"))
    assert "the letter X and 14 digits" in r.content.decode()
    assert not Shipment.objects.exists()
    assert client.post(ship_url(big), form(itn="X20260115123456")).status_code == 302
    assert Shipment.objects.get().aes_itn == "X20260115123456"


def test_a_part_that_is_not_accepted_cannot_be_shipped(client, farm):
    paid = accepted_part(market="HK", merchant=farm.merchant, status=states.PAID)
    r = client.post(ship_url(paid), form())
    assert r.status_code == 302 and r["Location"] == detail_url(paid)
    paid.refresh_from_db()
    assert paid.status == states.PAID and not Shipment.objects.exists()
    assert 'id="ship-order"' not in client.get(detail_url(paid)).content.decode()


def test_documents_download_as_pdf_with_their_text(client, farm):
    client.post(ship_url(farm), form())
    shipment = Shipment.objects.get()
    said = {}
    for kind in ("packing-slip", "commercial-invoice", "cn23", "label"):
        r = client.get(reverse("portal:shipment_document", args=[farm.merchant.slug, farm.number, kind]))
        assert r.status_code == 200 and r["Content-Type"] == "application/pdf", kind
        said[kind] = text_of(r.content)
    assert "Packing slip 装箱单" in said["packing-slip"] and "生蜂蜜" in said["packing-slip"]
    assert "Raw Wildflower Honey" in said["packing-slip"] and "陳大文" in said["packing-slip"]
    assert "COMMERCIAL INVOICE" in said["commercial-invoice"] and "04090000" in said["commercial-invoice"]
    assert "61.00" in said["commercial-invoice"] and "NOEEI §30.37(a)" in said["commercial-invoice"]
    assert "CN 23" in said["cn23"] and "Sale of goods" in said["cn23"] and "04069000" in said["cn23"]
    spaced = f"{shipment.tracking_number[:2]} {shipment.tracking_number[2:6]}"
    assert spaced in said["label"] and "彌敦道" in said["label"] and "Package 1 of 1" in said["label"]
    assert client.get(reverse("portal:shipment_document", args=[farm.merchant.slug, farm.number, "passport"])
                      ).status_code == 404


def test_no_cn23_for_a_mainland_parcel(client):
    mo = accepted_part(market="CN")
    owner = make_user()
    Membership.objects.create(user=owner, merchant=mo.merchant, role=MemberRole.OWNER)
    client.force_login(owner)
    assert client.post(ship_url(mo), form()).status_code == 302
    url = reverse("portal:shipment_document", args=[mo.merchant.slug, mo.number, "cn23"])
    assert client.get(url).status_code == 404
    label = client.get(reverse("portal:shipment_document", args=[mo.merchant.slug, mo.number, "label"]))
    assert "CBEC 9610" in text_of(label.content)


def test_another_farm_can_neither_ship_nor_download(client, farm):
    intruder_part = accepted_part(market="HK")  # merchant B, with its own member
    b_owner = make_user()
    Membership.objects.create(user=b_owner, merchant=intruder_part.merchant, role=MemberRole.OWNER)
    client.post(ship_url(farm), form())
    client.force_login(b_owner)
    # B under its own slug, A's part number; and B under A's slug: 404 both ways.
    for slug in (intruder_part.merchant.slug, farm.merchant.slug):
        assert client.get(reverse("portal:order_ship", args=[slug, farm.number])).status_code == 404
        assert client.post(reverse("portal:order_ship", args=[slug, farm.number]), form()).status_code == 404
        for kind in ("label", "packing-slip", "commercial-invoice", "cn23"):
            url = reverse("portal:shipment_document", args=[slug, farm.number, kind])
            assert client.get(url).status_code == 404
    assert Shipment.objects.count() == 1
    client.logout()
    r = client.get(reverse("portal:shipment_document", args=[farm.merchant.slug, farm.number, "label"]))
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]
