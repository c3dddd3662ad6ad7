"""Returns: the shopper asks from the order page, the farm accepts (a return shipment is booked) or
refuses, the parcel comes back (the carrier's delivery or the farm's word), the farm confirms what
came back: the shopper is refunded once, resellable units go back in stock."""
from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from heartland.catalog.tests.factories import make_merchant, make_user
from heartland.core.errors import DomainError
from heartland.fulfillment import return_selectors, returns, signing
from heartland.fulfillment import states as rs
from heartland.fulfillment.models import Return, ReturnEvent, ReturnShipment, ReturnTrackingEvent
from heartland.fulfillment.sandbox_client import dumps
from heartland.inventory.models import StockLevel
from heartland.merchants.models import MemberRole, Membership
from heartland.orders import states
from heartland.orders.models import OrderRefund

from . import carriers
from .factories import delivered_part

pytestmark = pytest.mark.django_db


@pytest.fixture
def returns_carrier(settings):
    settings.HEARTLAND_CARRIERS = {"sandbox": "heartland.fulfillment.tests.carriers.ReturnsCarrier"}
    carriers.BOOKED.clear()
    return carriers


def png(name="box.png", size=(60, 40)):
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 10, 10)).save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def lines_of(mo):
    return list(mo.lines.order_by("id"))


def ask(mo, quantities=None, **kw):
    honey, cheese = lines_of(mo)
    kw.setdefault("reason", "The jar arrived cracked.")
    kw.setdefault("unused", True)
    return returns.request_return(merchant_order=mo, user=kw.pop("user", mo.order.user),
                                  quantities=quantities if quantities is not None else {honey.pk: 2}, **kw)


def stock(line):
    return StockLevel.objects.get(variant=line.variant).on_hand


def webhook(client, events, secret="test-carrier-secret"):
    payload = dumps({"events": events})
    return client.post(reverse("fulfillment:tracking", args=["sandbox"]),
                       {"payload": payload, "signature": signing.sign(secret, payload)})


def event(waybill, event_id, code):
    return {"event_id": event_id, "tracking_number": waybill, "code": code,
            "occurred_at": timezone.now().isoformat(), "location": "Salina, KS, US", "description": code}


def member(merchant):
    user = make_user()
    Membership.objects.create(user=user, merchant=merchant, role=MemberRole.OWNER)
    client = Client()
    client.force_login(user)
    return client


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


# --- the whole path ---------------------------------------------------------------------------------
def test_the_whole_return_path_from_the_order_page_to_the_refund(returns_carrier):
    mo = delivered_part(market="HK")
    honey, cheese = lines_of(mo)
    shopper = signed_in(mo.order.user)
    page = shopper.get(reverse("orders:detail", args=[mo.order.number])).content.decode()
    ask_url = reverse("returns:new", args=[mo.number])
    assert ask_url in page

    response = shopper.post(ask_url, {f"qty_{honey.pk}": "2", f"qty_{cheese.pk}": "0", "reason": "Cracked jar",
                                      "unused": "1", "photos": [png(), png("two.png")]})
    assert response.status_code == 302
    ret = Return.objects.get()
    assert response["Location"].endswith(reverse("returns:detail", args=[ret.pk]))
    assert ret.status == rs.REQUESTED and ret.unused_confirmed and ret.window_kind == "policy"
    assert ret.window_days == 14 and ret.photos.count() == 2
    assert [(line.order_line_id, line.quantity) for line in ret.lines.all()] == [(honey.pk, 2)]

    farm = member(mo.merchant)
    detail = reverse("portal:return_detail", args=[mo.merchant.slug, ret.pk])
    assert "Cracked jar" in farm.get(detail).content.decode()
    assert farm.post(detail, {"action": "accept"}).status_code == 302
    ret.refresh_from_db()
    assert ret.status == rs.SHIPPING and ret.booking_error == ""
    shipment = ReturnShipment.objects.get(return_request=ret)
    booked = returns_carrier.BOOKED[-1]
    assert booked.consignee.country == "US" and booked.shipper.country == "HK"
    assert booked.reference == f"{mo.number}-R{ret.pk}" and booked.contents[0].quantity == 2

    with translation.override("zh-hans"):
        page = shopper.get(reverse("orders:detail", args=[mo.order.number])).content.decode()
    assert shipment.tracking_number in page and "退货运送中" in page

    client = Client()
    for code in ("picked_up", "in_transit", "delivered"):
        assert webhook(client, [event(shipment.tracking_number, f"r-{code}", code)]).status_code == 200
    ret.refresh_from_db()
    assert ret.status == rs.RECEIVED
    assert ReturnTrackingEvent.objects.filter(shipment=shipment).count() == 3

    before = stock(honey)
    rl = ret.lines.get()
    assert farm.post(detail, {"action": "confirm", f"received_{rl.pk}": "2", f"resellable_{rl.pk}": "1"}
                     ).status_code == 302
    ret.refresh_from_db()
    # 2 of 3 jars: goods 300 × 2/3 = 200.00, tax 27 × 2/3 = 18.00; freight is not refunded
    assert ret.status == rs.REFUNDED and ret.refund_amount == Decimal("218.00") and ret.refund_tax == Decimal("18.00")
    refund = OrderRefund.objects.get(key=f"return:{ret.pk}")
    assert refund.amount == Decimal("218.00") and refund.limit_value == 0 and refund.merchant_order_id == mo.pk
    assert stock(honey) == before + 1
    mo.refresh_from_db()
    assert mo.status == states.DELIVERED  # some of the part is left
    assert list(ReturnEvent.objects.filter(return_request=ret).values_list("from_status", "to_status", "event")) == [
        ("", rs.REQUESTED, "shopper"), (rs.REQUESTED, rs.ACCEPTED, "merchant"), (rs.ACCEPTED, rs.SHIPPING, "carrier"),
        (rs.SHIPPING, rs.RECEIVED, "carrier"), (rs.RECEIVED, rs.REFUNDED, "merchant")]
    with translation.override("zh-hant"):
        page = shopper.get(reverse("orders:detail", args=[mo.order.number])).content.decode()
    assert "退貨已退款" in page and "218.00" in page


def test_a_mainland_return_counts_from_customs_release_and_gives_the_allowance_back(returns_carrier):
    mo = delivered_part(market="CN", days_ago=1, released_days_ago=20)
    honey, cheese = lines_of(mo)
    ret = ask(mo, {honey.pk: 3, cheese.pk: 1})
    assert ret.window_kind == "law" and ret.window_starts == "released" and ret.window_days == 30
    released = mo.events.get(to_status=states.RELEASED).at
    assert ret.window_closes_at == released + timedelta(days=30)
    ret = returns.accept_return(return_request=ret, by=None)
    ret = returns.mark_received(return_request=ret, by=None)
    counts = {rl.pk: (rl.quantity, 0) for rl in ret.lines.all()}
    ret = returns.confirm_return(return_request=ret, by=None, counts=counts)
    assert ret.refund_amount == Decimal("517.75") and ret.limit_value == Decimal("475.00")
    assert OrderRefund.objects.get(key=f"return:{ret.pk}").limit_value == Decimal("475.00")


# --- refusals --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("market", "kw", "code"), [
    ("HK", {"days_ago": 15}, "not_returnable"),                             # 14 days from delivery: passed
    ("CN", {"days_ago": 1, "released_days_ago": 31}, "not_returnable"),     # 30 days from release: passed
    ("HK", {"status": states.SHIPPED}, "not_returnable"),                   # not delivered
])
def test_no_return_outside_the_window_or_before_delivery(market, kw, code):
    mo = delivered_part(market=market, **kw)
    with pytest.raises(DomainError) as err:
        ask(mo)
    assert err.value.code == code
    assert not Return.objects.exists()


def test_a_completed_part_within_its_window_may_be_returned():
    mo = delivered_part(status=states.COMPLETED, days_ago=3)
    assert ask(mo).status == rs.REQUESTED


def test_never_more_than_was_bought_minus_what_is_being_returned():
    mo = delivered_part()
    honey, cheese = lines_of(mo)
    first = ask(mo, {honey.pk: 2})
    with translation.override("en"), pytest.raises(DomainError, match="At most 1") as err:
        ask(mo, {honey.pk: 2})
    assert err.value.code == "too_many"
    with pytest.raises(DomainError):
        ask(mo, {cheese.pk: 2})
    with pytest.raises(DomainError) as err:
        ask(mo, {honey.pk: 0})
    assert err.value.code == "nothing_chosen"
    with pytest.raises(DomainError):
        ask(mo, {honey.pk: -1})
    returns.refuse_return(return_request=first, by=None, reason="Honey is not returnable once opened.")
    assert ask(mo, {honey.pk: 3}).lines.get().quantity == 3  # a refused return frees its units


def test_only_the_orders_shopper_and_only_unused_goods_with_a_reason():
    mo = delivered_part()
    with pytest.raises(DomainError) as err:
        ask(mo, user=make_user())
    assert err.value.code == "not_yours"
    with pytest.raises(DomainError) as err:
        ask(mo, unused=False)
    assert err.value.field == "unused"
    with pytest.raises(DomainError) as err:
        ask(mo, reason="  ")
    assert err.value.field == "reason"
    with pytest.raises(DomainError) as err:
        ask(mo, photos=[SimpleUploadedFile("x.png", b"not an image", content_type="image/png")])
    assert err.value.code == "not_an_image" and err.value.field == "photos"
    with pytest.raises(DomainError):
        ask(mo, photos=[png() for _ in range(returns.MAX_PHOTOS + 1)])
    assert not Return.objects.exists()


def test_someone_elses_order_return_and_photos_are_not_found(returns_carrier):
    mo = delivered_part()
    ret = ask(mo, photos=[png()])
    photo = ret.photos.get()
    other = signed_in(make_user())
    for url in (reverse("returns:new", args=[mo.number]), reverse("returns:detail", args=[ret.pk]),
                reverse("returns:photo", args=[ret.pk, photo.pk])):
        assert other.get(url).status_code == 404
        assert Client().get(url).status_code == 302  # to sign in
    post = other.post(reverse("returns:new", args=[mo.number]), {f"qty_{lines_of(mo)[0].pk}": "1", "reason": "x",
                                                                  "unused": "1"})
    assert post.status_code == 404 and Return.objects.count() == 1


def test_merchant_b_never_sees_or_decides_merchant_as_return(returns_carrier):
    mo = delivered_part()
    ret = ask(mo, photos=[png()])
    photo = ret.photos.get()
    b = make_merchant()
    intruder = member(b)
    for url in (reverse("portal:return_detail", args=[mo.merchant.slug, ret.pk]),
                reverse("portal:return_photo", args=[mo.merchant.slug, ret.pk, photo.pk]),
                reverse("portal:returns", args=[mo.merchant.slug])):
        assert intruder.get(url).status_code == 404
    # under its own slug, A's return does not exist for B
    assert intruder.get(reverse("portal:return_detail", args=[b.slug, ret.pk])).status_code == 404
    assert intruder.post(reverse("portal:return_detail", args=[b.slug, ret.pk]), {"action": "accept"}
                         ).status_code == 404
    assert intruder.get(reverse("portal:return_photo", args=[b.slug, ret.pk, photo.pk])).status_code == 404
    assert "Cracked" not in intruder.get(reverse("portal:returns", args=[b.slug])).content.decode()
    ret.refresh_from_db()
    assert ret.status == rs.REQUESTED


def test_photos_are_private_and_reencoded():
    mo = delivered_part()
    ret = ask(mo, photos=[png(size=(3000, 1500))])
    photo = ret.photos.get()
    assert (photo.width, photo.height) == (2000, 1000)  # scaled down
    with pytest.raises(ValueError):
        photo.image.url  # noqa: B018  (no public URL)
    response = signed_in(mo.order.user).get(reverse("returns:photo", args=[ret.pk, photo.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    farm = member(mo.merchant)
    assert farm.get(reverse("portal:return_photo", args=[mo.merchant.slug, ret.pk, photo.pk])).status_code == 200


# --- the farm's side ------------------------------------------------------------------------------
def test_a_carrier_that_does_not_book_leaves_the_return_accepted(settings):
    settings.HEARTLAND_CARRIERS = {"sandbox": "heartland.fulfillment.tests.carriers.RefusingCarrier"}
    mo = delivered_part()
    ret = returns.accept_return(return_request=ask(mo), by=None)
    assert ret.status == rs.ACCEPTED and "no service to 'US'" in ret.booking_error
    assert not ReturnShipment.objects.exists()
    ret = returns.mark_received(return_request=ret, by=None)
    assert ret.status == rs.RECEIVED


def test_a_refusal_needs_a_reason_and_the_shopper_reads_it():
    mo = delivered_part()
    ret = ask(mo)
    with pytest.raises(DomainError):
        returns.refuse_return(return_request=ret, by=None, reason=" ")
    returns.refuse_return(return_request=ret, by=None, reason="Opened jars cannot come back.")
    page = signed_in(mo.order.user).get(reverse("orders:detail", args=[mo.order.number])).content.decode()
    assert "Opened jars cannot come back." in page
    with pytest.raises(DomainError):
        returns.accept_return(return_request=ret, by=None)


def test_confirm_checks_the_counts(returns_carrier):
    mo = delivered_part()
    ret = returns.mark_received(return_request=returns.accept_return(return_request=ask(mo), by=None), by=None)
    rl = ret.lines.get()
    for counts in ({rl.pk: (3, 0)}, {rl.pk: (1, 2)}, {rl.pk: (0, 0)}, {rl.pk: (-1, 0)}):
        with pytest.raises(DomainError):
            returns.confirm_return(return_request=ret, by=None, counts=counts)
    assert not OrderRefund.objects.exists()


# --- idempotency --------------------------------------------------------------------------------------
def test_the_same_receipt_twice_refunds_once(returns_carrier):
    mo = delivered_part()
    ret = returns.accept_return(return_request=ask(mo), by=None)
    waybill = ret.shipment.tracking_number
    client = Client()
    delivered = event(waybill, "r-delivered", "delivered")
    assert webhook(client, [delivered]).status_code == 200
    assert webhook(client, [delivered]).status_code == 200
    assert ReturnTrackingEvent.objects.count() == 1
    assert ReturnEvent.objects.filter(return_request=ret, to_status=rs.RECEIVED).count() == 1
    rl = ret.lines.get()
    honey = rl.order_line
    before = stock(honey)
    for _ in range(2):
        returns.confirm_return(return_request=ret, by=None, counts={rl.pk: (2, 2)})
    assert OrderRefund.objects.filter(merchant_order=mo).count() == 1
    assert stock(honey) == before + 2
    assert ReturnEvent.objects.filter(return_request=ret, to_status=rs.REFUNDED).count() == 1
    # an unknown waybill is still 404 (the carrier tries again later)
    assert webhook(client, [event("LH000000000US", "x1", "delivered")]).status_code == 404


def _second_part(mo):
    """Another farm's part of the same order, still open (so refunding ``mo`` leaves the order paid)."""
    from heartland.orders.models import MerchantOrder, Order

    other = MerchantOrder.objects.create(order=mo.order, merchant=make_merchant(), number=f"{mo.order.number}-2",
                                         status=states.DELIVERED, goods=Decimal("100.00"), total=Decimal("100.00"))
    Order.objects.filter(pk=mo.order_id).update(total=mo.order.total + other.total)
    return other


def test_returning_everything_refunds_goods_and_tax_and_never_more_than_the_part_has_left():
    mo = delivered_part(freight="0.00")
    _second_part(mo)
    honey, cheese = lines_of(mo)
    # another refund of this part already took 400.00 of its 517.75
    OrderRefund.objects.create(key="test:other", order=mo.order, merchant_order=mo, amount=Decimal("400.00"),
                               currency=mo.order.currency, reason="test")
    ret = returns.mark_received(return_request=returns.accept_return(return_request=ask(mo, {honey.pk: 3,
                                                                                             cheese.pk: 1}),
                                                                     by=None), by=None)
    ret = returns.confirm_return(return_request=ret, by=None, counts={rl.pk: (rl.quantity, 0)
                                                                      for rl in ret.lines.all()})
    assert ret.refund_amount == Decimal("117.75")
    mo.refresh_from_db()
    assert mo.status == states.REFUNDED  # refunded to the last cent (no freight)
    assert mo.order.status == states.PAID  # the other farm's part is still open


def test_a_full_return_of_the_orders_only_part_refunds_the_order():
    mo = delivered_part(freight="0.00")
    ret = returns.mark_received(return_request=returns.accept_return(
        return_request=ask(mo, {line.pk: line.quantity for line in lines_of(mo)}), by=None), by=None)
    ret = returns.confirm_return(return_request=ret, by=None, counts={rl.pk: (rl.quantity, 0)
                                                                      for rl in ret.lines.all()})
    mo.order.refresh_from_db()
    assert ret.status == rs.REFUNDED and mo.order.status == states.REFUNDED


def test_later_returns_of_a_line_add_up_to_its_goods_and_tax_exactly():
    mo = delivered_part(lines=[("Maple Syrup", 3, "100.00", "10.00"), ("Cheese", 1, "50.00", "5.00")])
    syrup = lines_of(mo)[0]
    paid = []
    for _ in range(3):
        ret = returns.mark_received(return_request=returns.accept_return(return_request=ask(mo, {syrup.pk: 1}),
                                                                         by=None), by=None)
        paid.append(returns.confirm_return(return_request=ret, by=None,
                                           counts={ret.lines.get().pk: (1, 0)}).refund_amount)
    assert paid == [Decimal("36.66"), Decimal("36.68"), Decimal("36.66")] and sum(paid) == Decimal("110.00")
    assert return_selectors.return_offer(mo).lines[0].available == 0


def test_krw_and_jpy_refunds_are_whole(returns_carrier):
    for market in ("KR", "JP"):
        mo = delivered_part(market=market, lines=[("Honey", 3, "10000", "1000"), ("Cheese", 1, "7000", "700")])
        syrup = lines_of(mo)[0]
        ret = returns.mark_received(return_request=returns.accept_return(return_request=ask(mo, {syrup.pk: 1}),
                                                                         by=None), by=None)
        ret = returns.confirm_return(return_request=ret, by=None, counts={ret.lines.get().pk: (1, 0)})
        assert ret.refund_amount == Decimal("3666") and ret.refund_amount == ret.refund_amount.to_integral_value()


# --- the order page -----------------------------------------------------------------------------------
def test_the_order_page_shows_the_tracking_in_the_shoppers_language():
    from heartland.fulfillment.models import Shipment, TrackingEvent

    mo = delivered_part(status=states.SHIPPED)
    shipment = Shipment.objects.create(merchant_order=mo, carrier="sandbox", service_level="standard",
                                       tracking_number="LH123456785US", weight_kg=Decimal("1.000"), destination="HK",
                                       status="in_transit", booked_at=timezone.now())
    for n, (code, place) in enumerate((("picked_up", "Salina, KS, US"), ("in_transit", "Chicago, IL, US"))):
        TrackingEvent.objects.create(shipment=shipment, carrier="sandbox", carrier_event_id=f"e{n}", code=code,
                                     occurred_at=timezone.now() - timedelta(hours=5 - n), location=place)
    shopper = signed_in(mo.order.user)
    with translation.override("zh-hans"):
        page = shopper.get(reverse("orders:detail", args=[mo.order.number])).content.decode()
    assert "Heartland Sandbox Post" in page and "LH123456785US" in page
    assert "已揽收" in page and "运输中" in page and "Chicago, IL, US" in page
    assert reverse("returns:new", args=[mo.number]) not in page  # not delivered yet
    with translation.override("zh-hant"):
        page = shopper.get(reverse("orders:detail", args=[mo.order.number])).content.decode()
    assert "已攬收" in page and "運輸中" in page
    with translation.override("en"):
        page = shopper.get(reverse("orders:detail", args=[mo.order.number])).content.decode()
    assert "Picked up" in page and "In transit" in page
