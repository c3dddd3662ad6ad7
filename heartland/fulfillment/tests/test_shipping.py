"""A farm books its accepted part with the carrier; the carrier's signed tracking moves it on."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from heartland.core.errors import DomainError
from heartland.fulfillment import selectors, services, signals, signing
from heartland.fulfillment.models import Shipment, TrackingEvent
from heartland.fulfillment.sandbox_client import dumps
from heartland.fulfillment.services import PackageInput
from heartland.orders import services as order_services
from heartland.orders import states
from heartland.orders.models import OrderEvent
from heartland.sandbox_carrier import carrier as sandbox

from .factories import accepted_part

pytestmark = pytest.mark.django_db
ONE_BOX = [PackageInput(Decimal("1.250"), Decimal("30"), Decimal("20"), Decimal("15"))]


@pytest.fixture
def heard():
    got = []

    def booked(sender, shipment, **kw):
        got.append(("booked", shipment.tracking_number))

    def delivered(sender, shipment, **kw):
        got.append(("delivered", shipment.tracking_number))

    signals.shipment_booked.connect(booked)
    signals.shipment_delivered.connect(delivered)
    yield got
    signals.shipment_booked.disconnect(booked)
    signals.shipment_delivered.disconnect(delivered)


def book(mo, **kw):
    kw.setdefault("service_level", mo.order.service_level)
    kw.setdefault("packages", ONE_BOX)
    return services.book_shipment(merchant_order=mo, by=None, **kw)


def test_booking_records_the_waybill_and_ships_the_part(django_capture_on_commit_callbacks, heard):
    mo = accepted_part(market="HK")
    with django_capture_on_commit_callbacks(execute=True):
        shipment = book(mo, packages=ONE_BOX + [PackageInput(Decimal("0.750"))])
    mo.refresh_from_db()
    assert mo.status == states.SHIPPED
    assert OrderEvent.objects.filter(merchant_order=mo, to_status=states.SHIPPED, event="merchant").exists()
    assert shipment.carrier == "sandbox" and shipment.tracking_number.startswith("LH")
    assert shipment.tracking_number.endswith("US") and len(shipment.tracking_number) == 13
    assert shipment.weight_kg == Decimal("2.000") and shipment.packages.count() == 2
    assert shipment.declared_value_usd == Decimal("61.00") and shipment.eei_exemption == "NOEEI §30.37(a)"
    assert mo.shipment == shipment
    assert heard == [("booked", shipment.tracking_number)]
    assert selectors.tracking_for(mo).status_label.startswith("Booked")


def test_only_an_accepted_part_ships_and_only_once():
    paid = accepted_part(status=states.PAID)
    with pytest.raises(DomainError, match="Only an accepted part"):
        book(paid)
    mo = accepted_part()
    book(mo)
    with pytest.raises(DomainError, match="already booked"):
        book(mo)
    assert Shipment.objects.count() == 1


def test_the_service_level_is_never_cheaper_than_the_shopper_paid_for():
    mo = accepted_part(service_level="standard")
    assert selectors.service_levels_for(mo.order) == ["standard", "express"]
    with pytest.raises(DomainError, match="paid for standard") as err:
        book(mo, service_level="economy")
    assert err.value.field == "service_level"
    assert book(mo, service_level="express").service_level == "express"


def test_packages_need_weights_within_the_service_limit():
    mo = accepted_part()
    for packages, message in (([], "at least one package"), ([PackageInput(Decimal("0"))], "more than 0"),
                              ([PackageInput(Decimal("31"))], "at most 30 kg"),
                              ([PackageInput(Decimal("1"), Decimal("10"))], "all three dimensions")):
        with pytest.raises(DomainError, match=message):
            book(mo, packages=packages)
    assert not Shipment.objects.exists()


def _big_honey(qty=150, price="18.00"):
    return [("Raw Wildflower Honey", "生蜂蜜", "04090000", qty, price)]


def test_over_2500_usd_under_one_hs_code_needs_an_aes_itn():
    mo = accepted_part(lines=_big_honey())  # 150 × 18 = 2,700 USD
    with pytest.raises(DomainError, match="enter the ITN") as err:
        book(mo)
    assert err.value.field == "aes_itn" and "USD 2,700.00" in err.value.message
    with pytest.raises(DomainError, match="letter X and 14 digits"):
        book(mo, aes_itn="X2026011512345")  # 13 digits
    shipment = book(mo, aes_itn=" x20260115123456 ")
    assert shipment.aes_itn == "X20260115123456" and shipment.eei_exemption == ""


def test_embargoed_destination_and_missing_hs_code_are_refused_with_the_reason():
    with pytest.raises(DomainError, match="Cuba .CU. are embargoed"):
        book(accepted_part(market="CU"))
    with pytest.raises(DomainError, match="“Mystery Jam” has no HS code"):
        book(accepted_part(lines=[("Mystery Jam", "果酱", "", 1, "9.00")]))
    assert not Shipment.objects.exists()


def _webhook(client, events, secret="test-carrier-secret"):
    payload = dumps({"events": events})
    return client.post(reverse("fulfillment:tracking", args=["sandbox"]),
                       {"payload": payload, "signature": signing.sign(secret, payload)})


def _event(shipment, event_id, code, at="2026-02-01T10:00:00+00:00"):
    return {"event_id": event_id, "tracking_number": shipment.tracking_number, "code": code, "occurred_at": at,
            "location": "Hong Kong, HK", "description": code}


def test_the_sandbox_carrier_tracks_a_parcel_to_delivered(django_capture_on_commit_callbacks, heard):
    mo = accepted_part(market="JP")
    shipment = book(mo)
    with django_capture_on_commit_callbacks(execute=True):
        events = sandbox.advance_all(steps=5)
    assert [e.code for e in events] == list(sandbox.STAGES)
    shipment.refresh_from_db()
    mo.refresh_from_db()
    assert shipment.status == "delivered" and shipment.delivered_at is not None
    assert mo.status == states.DELIVERED
    assert OrderEvent.objects.filter(merchant_order=mo, to_status=states.DELIVERED, event="carrier").exists()
    assert ("delivered", shipment.tracking_number) in heard
    tracking = selectors.tracking_for(mo)
    assert [s.code for s in tracking.events][0] == "delivered" and len(tracking.events) == 5
    assert tracking.events[-1].location == "Salina, KS, US"
    assert sandbox.advance_all() == []  # nothing left to emit


def test_webhook_is_idempotent_out_of_order_safe_and_refuses_forgeries(client):
    mo = accepted_part(market="SG")
    shipment = book(mo)
    assert _webhook(client, [_event(shipment, "e1", "picked_up")], secret="wrong").status_code == 403
    assert not TrackingEvent.objects.exists()
    late = _event(shipment, "e2", "in_transit", "2026-02-02T10:00:00+00:00")
    r = _webhook(client, [_event(shipment, "e3", "delivered", "2026-02-05T10:00:00+00:00")])
    assert r.status_code == 200 and r.content == b"ok"
    assert _webhook(client, [late]).status_code == 200
    assert _webhook(client, [late]).status_code == 200  # a repeat
    shipment.refresh_from_db()
    mo.refresh_from_db()
    assert shipment.status == "delivered" and mo.status == states.DELIVERED
    assert TrackingEvent.objects.filter(shipment=shipment).count() == 2
    assert OrderEvent.objects.filter(merchant_order=mo, to_status=states.DELIVERED).count() == 1
    assert _webhook(client, [{**late, "event_id": "e9", "tracking_number": "LH000000000US"}]).status_code == 404
    assert _webhook(client, [{**late, "code": "teleported"}]).status_code == 400
    assert client.get(reverse("fulfillment:tracking", args=["sandbox"])).status_code == 405
    assert client.post(reverse("fulfillment:tracking", args=["pigeon"]), {}).status_code == 404


def test_a_mainland_delivery_waits_for_customs_release(client, django_capture_on_commit_callbacks, heard):
    mo = accepted_part(market="CN")
    shipment = book(mo)
    with django_capture_on_commit_callbacks(execute=True):
        assert _webhook(client, [_event(shipment, "d1", "delivered")]).status_code == 200
    mo.refresh_from_db()
    assert mo.status == states.SHIPPED and selectors.tracking_for(mo).delivery_waiting_for_customs
    assert ("delivered", shipment.tracking_number) not in heard
    with django_capture_on_commit_callbacks(execute=True):
        order_services.move_part(merchant_order=mo, to=states.DECLARED, event="customs")
    mo.refresh_from_db()
    assert mo.status == states.DECLARED
    with django_capture_on_commit_callbacks(execute=True):
        order_services.move_part(merchant_order=mo, to=states.RELEASED, event="customs")
    mo.refresh_from_db()
    assert mo.status == states.DELIVERED
    assert not selectors.tracking_for(mo).delivery_waiting_for_customs
    assert ("delivered", shipment.tracking_number) in heard


def test_sandbox_off_means_no_carrier_and_no_sandbox_api(client, settings):
    settings.HEARTLAND_SANDBOX_ENABLED = False
    with pytest.raises(DomainError, match="switched off"):
        book(accepted_part())
    assert client.post(reverse("sandbox_carrier:api"), {"method": "book"}).status_code == 404
