"""The sandbox carrier: signed API, S10 waybills, milestones by the management command."""
from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from heartland.fulfillment import services, signing
from heartland.fulfillment.models import Shipment
from heartland.fulfillment.tests.factories import accepted_part
from heartland.orders import states
from heartland.sandbox_carrier import carrier
from heartland.sandbox_carrier.models import SandboxParcel

pytestmark = pytest.mark.django_db


def test_waybills_are_s10_with_a_valid_check_digit():
    # weights 8 6 4 2 3 5 9 7: 32+42+12+2+6+20+72+14 = 200; 200 mod 11 = 2; 11 - 2 = 9
    assert carrier.s10_check_digit("47312482") == "9"
    number = carrier.new_tracking_number()
    assert number[:2] == "LH" and number[-2:] == "US" and carrier.s10_check_digit(number[2:10]) == number[10]


def test_a_forged_or_unsigned_request_books_nothing(client):
    payload = json.dumps({"reference": "X", "consignee": {"country": "HK"}, "parcels": [{"weight_kg": "1"}]})
    r = client.post(reverse("sandbox_carrier:api"), {"method": "book", "payload": payload,
                                                     "signature": signing.sign("wrong", f"book\n{payload}")})
    assert r.status_code == 403 and not SandboxParcel.objects.exists()
    r = client.post(reverse("sandbox_carrier:api"), {"method": "book", "payload": payload,
                                                     "signature": signing.sign("test-carrier-secret",
                                                                               f"book\n{payload}")})
    answer = json.loads(r.json()["response"])
    assert answer["ok"] and SandboxParcel.objects.get().tracking_number == answer["tracking_number"]


def test_the_command_advances_parcels_to_delivered(django_capture_on_commit_callbacks):
    mo = accepted_part(market="HK")
    shipment = services.book_shipment(merchant_order=mo, by=None, service_level="standard",
                                      packages=[services.PackageInput(Decimal("2"))])
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("advance_sandbox_shipments", stdout=out)
    assert f"{shipment.tracking_number}  picked_up" in out.getvalue() and "acknowledged" in out.getvalue()
    assert Shipment.objects.get().status == "picked_up"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("advance_sandbox_shipments", shipment.tracking_number, "--steps", "5", stdout=out)
    mo.refresh_from_db()
    assert Shipment.objects.get().status == "delivered" and mo.status == states.DELIVERED


def test_a_booked_parcel_cancels_until_picked_up():
    mo = accepted_part(market="SG")
    shipment = services.book_shipment(merchant_order=mo, by=None, service_level="standard",
                                      packages=[services.PackageInput(Decimal("2"))])
    carrier.advance_all()
    with pytest.raises(Exception, match="already picked up"):
        from heartland.fulfillment.carriers import get_carrier
        get_carrier("sandbox").cancel(shipment.tracking_number)


def test_the_command_refuses_when_the_sandbox_is_off(settings):
    settings.HEARTLAND_SANDBOX_ENABLED = False
    with pytest.raises(CommandError, match="switched off"):
        call_command("advance_sandbox_shipments")
