"""The platform's side of customs, end to end with a fake gateway and signed receipts POSTed to
/customs/receipts/: accepted → CEB311 + CEB411; booked → CEB511; all accepted → CEB621 and
declared; released, held, rejected; the operator's actions; receipts replayed, duplicated, out
of order; a message breaking a rule is never sent."""
from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heartland.customs import services
from heartland.customs.ceb import match, rules, signing, xml
from heartland.customs.ceb.documents import Envelope, Receipt
from heartland.customs.models import CustomsMessage, CustomsReceipt, MessageStatus
from heartland.orders import states
from heartland.orders.models import OrderEvent, OrderLine, OrderRefund
from heartland.orders.services import merchant_accept

from .factories import CHEDDAR, HONEY, book_shipment, paid_cn_order

pytestmark = pytest.mark.django_db
CUSTOMS = Envelope(guid="00000000-0000-0000-0000-000000000000", copCode="GACC", copName="海关", dxpId="DXPEDCCEB0000002")
_clock = [datetime(2026, 1, 2, 10, 0, 0, tzinfo=xml.BEIJING)]


def later(seconds: int = 1) -> datetime:
    _clock[0] += timedelta(seconds=seconds)
    return _clock[0]


def receipt_for(message: CustomsMessage, status: str, *, when: datetime | None = None, info: str = "",
                **taxes) -> Receipt:
    key = {"CEB311": ("CEB312", "orderNo"), "CEB411": ("CEB412", "payTransactionId"),
           "CEB511": ("CEB512", "logisticsNo"), "CEB621": ("CEB622", "copNo")}[message.kind]
    return Receipt(kind=key[0], guid=services.new_guid(), returnStatus=status,
                   returnTime=when or max(later(), timezone.now() + timedelta(seconds=5)),
                   returnInfo=info or f"status {status}", keys={key[1]: message.receipt_key}, **taxes)


def post(client, customs_key, receipt: Receipt, *, sign=True):
    body = xml.build_receipt(receipt, dataclasses.replace(CUSTOMS, guid=services.new_guid()))
    if sign:
        body = signing.sign(body, *customs_key)
    return client.post(reverse("customs:receipts"), data=body, content_type="application/xml")


def accept(order, django_capture_on_commit_callbacks):
    parts = list(order.merchant_orders.order_by("number"))
    with django_capture_on_commit_callbacks(execute=True):
        for part in parts:
            merchant_accept(merchant_order=part, by=order.user)
    return parts


def ship(part, django_capture_on_commit_callbacks, **kw):
    with django_capture_on_commit_callbacks(execute=True):
        return book_shipment(part, **kw)


def msg(part, kind) -> CustomsMessage:
    return CustomsMessage.objects.get(merchant_order=part, kind=kind, superseded=False)


def accept_three(client, customs_key, part, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for kind in ("CEB311", "CEB411", "CEB511"):
            assert post(client, customs_key, receipt_for(msg(part, kind), "120")).status_code == 200


def test_the_whole_path_to_release(client, customs_key, gateway, django_capture_on_commit_callbacks):
    order = paid_cn_order()
    (part,) = accept(order, django_capture_on_commit_callbacks)
    order_msg, payment_msg = msg(part, "CEB311"), msg(part, "CEB411")
    assert order_msg.status == payment_msg.status == MessageStatus.SENT
    assert [xml.message_kind(x) for x in gateway.sent] == ["CEB311", "CEB411"]
    platform_cert = signing.load_certificate(open(services.conf.cert_file(), "rb").read())
    assert all(signing.verify(x, platform_cert) for x in gateway.sent)
    _, (order_doc,) = xml.parse_message(gateway.sent[0])
    _, (payment_doc,) = xml.parse_message(gateway.sent[1])
    assert order_doc.orderNo == part.number and order_doc.acturalPaid == part.total == payment_doc.amountPaid
    assert order_doc.payTransactionId == payment_doc.payTransactionId  # one part: the provider's number
    assert [line.itemName for line in order_doc.lines] == ["生蜂蜜", "陈年切达奶酪"]
    assert order_doc.lines[0].country == "502" and order_doc.buyerIdNumber == "11010519491231002X"

    ship(part, django_capture_on_commit_callbacks)
    assert msg(part, "CEB511").status == MessageStatus.SENT
    _, (waybill_doc,) = xml.parse_message(gateway.sent[2])
    assert match.three_document_match(order_doc, payment_doc, waybill_doc) == []

    accept_three(client, customs_key, part, django_capture_on_commit_callbacks)
    part.refresh_from_db()
    assert part.status == states.DECLARED
    inventory = msg(part, "CEB621")
    assert inventory.status == MessageStatus.SENT and xml.message_kind(gateway.sent[3]) == "CEB621"
    _, (inventory_doc,) = xml.parse_message(gateway.sent[3])
    assert match.inventory_match(inventory_doc, order_doc, payment_doc, waybill_doc) == []
    assert inventory_doc.lines[0].gcode == "0409000000"

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, customs_key, receipt_for(inventory, "800", info="放行",
                                                         valueAddedTax=Decimal("31.27"), customsTax=Decimal("0")))
    assert response.status_code == 200 and response.content == b"success"
    part.refresh_from_db()
    inventory.refresh_from_db()
    assert part.status == states.RELEASED and inventory.value_added_tax == Decimal("31.27")
    moves = list(OrderEvent.objects.filter(merchant_order=part).values_list("to_status", "event"))
    assert (states.DECLARED, "customs") in moves and (states.RELEASED, "customs") in moves


def test_one_payment_voucher_per_part_with_the_parts_amount(customs_key, gateway,
                                                              django_capture_on_commit_callbacks):
    order = paid_cn_order(parts=[[HONEY], [CHEDDAR]])
    parts = accept(order, django_capture_on_commit_callbacks)
    vouchers = [xml.parse_message(x)[1][0] for x in gateway.sent if xml.message_kind(x) == "CEB411"]
    orders = [xml.parse_message(x)[1][0] for x in gateway.sent if xml.message_kind(x) == "CEB311"]
    assert [v.amountPaid for v in vouchers] == [p.total for p in parts]
    assert sum(v.amountPaid for v in vouchers) == order.total
    assert len({v.payTransactionId for v in vouchers}) == 2  # every receipt names one voucher
    for o, v in zip(orders, vouchers, strict=True):
        assert o.payTransactionId == v.payTransactionId and o.acturalPaid == v.amountPaid


def test_rejected_then_declared_again_or_refunded(client, admin_client, customs_key, gateway,
                                                  django_capture_on_commit_callbacks):
    order = paid_cn_order(parts=[[HONEY], [CHEDDAR]])
    parts = accept(order, django_capture_on_commit_callbacks)
    for part in parts:
        ship(part, django_capture_on_commit_callbacks)
        accept_three(client, customs_key, part, django_capture_on_commit_callbacks)
    first, second = parts
    for part in parts:
        with django_capture_on_commit_callbacks(execute=True):
            post(client, customs_key, receipt_for(msg(part, "CEB621"), "100", info="三单信息不一致"))
        part.refresh_from_db()
        assert part.status == states.REJECTED
    queue = admin_client.get(reverse("admin:customs_rejectedpart_changelist"))
    assert first.number in queue.content.decode() and "三单信息不一致" in queue.content.decode()
    old_guid = msg(first, "CEB621").guid
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:customs_rejectedpart_changelist"),
                          {"action": "declare_again", "_selected_action": [first.pk]})
    first.refresh_from_db()
    assert first.status == states.DECLARED and msg(first, "CEB621").guid != old_guid
    assert OrderEvent.objects.filter(merchant_order=first, to_status=states.DECLARED, event="operator").exists()
    # an old receipt about the first declaration changes nothing now
    old = CustomsMessage.objects.get(guid=old_guid)
    assert post(client, customs_key, receipt_for(old, "100", when=old.created_at - timedelta(seconds=1)))\
        .status_code == 200
    first.refresh_from_db()
    assert first.status == states.DECLARED

    page = admin_client.post(reverse("admin:customs_rejectedpart_changelist"),
                             {"action": "refund_parts", "_selected_action": [second.pk]})
    assert page.status_code == 200 and b"Reason" in page.content  # asks why first
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:customs_rejectedpart_changelist"),
                          {"action": "refund_parts", "_selected_action": [second.pk], "reason": "海关退单"})
    second.refresh_from_db()
    assert second.status == states.REFUNDED
    assert OrderRefund.objects.filter(merchant_order=second, amount=second.total).exists()


def test_held_then_released(client, customs_key, django_capture_on_commit_callbacks):
    order = paid_cn_order()
    (part,) = accept(order, django_capture_on_commit_callbacks)
    ship(part, django_capture_on_commit_callbacks)
    accept_three(client, customs_key, part, django_capture_on_commit_callbacks)
    for status, expected in (("500", states.HELD), ("501", states.HELD), ("800", states.RELEASED)):
        with django_capture_on_commit_callbacks(execute=True):
            post(client, customs_key, receipt_for(msg(part, "CEB621"), status))
        part.refresh_from_db()
        assert part.status == expected


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.permutations(["2", "120", "500", "800"]), st.lists(st.integers(0, 3), max_size=4))
def test_receipts_replayed_duplicated_out_of_order_apply_once_newest_wins(
        client, customs_key, django_capture_on_commit_callbacks, order_of_arrival, repeats):
    order = paid_cn_order()
    (part,) = accept(order, django_capture_on_commit_callbacks)
    ship(part, django_capture_on_commit_callbacks)
    accept_three(client, customs_key, part, django_capture_on_commit_callbacks)
    inventory = msg(part, "CEB621")
    base = max(later(60), timezone.now() + timedelta(seconds=5))
    # customs' chronology: received, accepted, inspection, released
    sent = {s: receipt_for(inventory, s, when=base + timedelta(seconds=i)) for i, s in
            enumerate(["2", "120", "500", "800"])}
    arrivals = [sent[s] for s in order_of_arrival] + [sent[["2", "120", "500", "800"][i]] for i in repeats]
    for receipt in arrivals:
        with django_capture_on_commit_callbacks(execute=True):
            assert post(client, customs_key, receipt).status_code == 200
    inventory.refresh_from_db()
    part.refresh_from_db()
    assert inventory.return_status == "800" and inventory.status == MessageStatus.RELEASED
    assert part.status == states.RELEASED
    assert CustomsReceipt.objects.filter(message=inventory).count() == 4  # each stored once
    assert OrderEvent.objects.filter(merchant_order=part, to_status=states.RELEASED).count() == 1


def test_a_receipt_must_be_signed_by_customs(client, customs_key, django_capture_on_commit_callbacks):
    order = paid_cn_order()
    (part,) = accept(order, django_capture_on_commit_callbacks)
    receipt = receipt_for(msg(part, "CEB311"), "100")
    assert post(client, customs_key, receipt, sign=False).status_code == 403
    other = signing.generate_credentials("not customs")
    body = signing.sign(xml.build_receipt(receipt, CUSTOMS), signing.load_private_key(other[0]),
                        signing.load_certificate(other[1]))
    assert client.post(reverse("customs:receipts"), data=body, content_type="application/xml").status_code == 403
    assert client.get(reverse("customs:receipts")).status_code == 405
    assert msg(part, "CEB311").status == MessageStatus.SENT and not CustomsReceipt.objects.exists()


def test_a_message_that_breaks_a_rule_is_never_sent_and_the_reason_is_shown(
        admin_client, gateway, django_capture_on_commit_callbacks):
    order = paid_cn_order()
    part = order.merchant_orders.get()
    OrderLine.objects.filter(merchant_order=part, title_en=HONEY[0]).update(title_zh="")
    accept(order, django_capture_on_commit_callbacks)
    bad = msg(part, "CEB311")
    assert bad.status == MessageStatus.INVALID and gateway.sent and \
        all(xml.message_kind(x) != "CEB311" for x in gateway.sent)
    assert "OrderList[1].itemName" in bad.problems_text
    page = admin_client.get(reverse("admin:customs_rejectedpart_changelist")).content.decode()
    assert part.number in page and "OrderList[1].itemName: is required" in page
    # fixed, declared again: now sent
    OrderLine.objects.filter(merchant_order=part, title_en=HONEY[0]).update(title_zh="生蜂蜜")
    with django_capture_on_commit_callbacks(execute=True):
        services.declare_again(merchant_order=part, by=None)
    assert msg(part, "CEB311").status == MessageStatus.SENT


def test_a_lost_send_is_sent_again_with_the_same_guid(gateway, django_capture_on_commit_callbacks):
    order = paid_cn_order()
    gateway.answer = services.transport.Answer(0, "connection refused")
    (part,) = accept(order, django_capture_on_commit_callbacks)
    message = msg(part, "CEB311")
    assert message.status == MessageStatus.READY and message.attempts >= 1
    gateway.answer = services.transport.Answer(200, "ok")
    for pk in services.resend_ready(older_than_seconds=0):
        services.send_message(message_id=pk)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    sent = [x for x in gateway.sent if xml.message_kind(x) == "CEB311"]
    assert len({xml.parse_message(x)[0].guid for x in sent}) == 1 and len(sent) >= 2
    assert sent[0] == sent[-1]  # the same bytes
    services.send_message(message_id=message.pk)  # sent: not again
    assert len([x for x in gateway.sent if xml.message_kind(x) == "CEB311"]) == len(sent)


def test_other_markets_are_not_declared(gateway, django_capture_on_commit_callbacks):
    order = paid_cn_order()
    type(order).objects.filter(pk=order.pk).update(market="HK", currency="HKD")
    order.refresh_from_db()
    accept(order, django_capture_on_commit_callbacks)
    assert not CustomsMessage.objects.exists() and not gateway.sent


def test_customs_messages_command(tmp_path, django_capture_on_commit_callbacks):
    order = paid_cn_order(parts=[[HONEY], [CHEDDAR]])
    parts = accept(order, django_capture_on_commit_callbacks)
    with pytest.raises(SystemExit) as exc:
        call_command("customs_messages", order.number, "--out", str(tmp_path))
    assert exc.value.code == 2
    for part in parts:
        ship(part, django_capture_on_commit_callbacks)
    call_command("customs_messages", order.number, "--out", str(tmp_path))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(f"{k}_{p.number}.xml" for k in ("CEB311", "CEB411", "CEB511", "CEB621") for p in parts)
    for path in tmp_path.iterdir():
        _, (doc,) = xml.parse_message(path.read_bytes())
        assert rules.problems(doc) == []


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.tuples(st.sampled_from([HONEY, CHEDDAR]), st.integers(1, 6),
                                   st.integers(1, 200_000)), min_size=1, max_size=3), min_size=1, max_size=3),
       st.integers(0, 20_000))
def test_any_order_yields_a_set_that_passes_the_rules_and_the_match(
        gateway, django_capture_on_commit_callbacks, parts, freight):
    gateway.sent.clear()
    lines = [[(t[0], t[1], t[2], qty, Decimal(cents).scaleb(-2)) for t, qty, cents in part] for part in parts]
    order = paid_cn_order(parts=lines, freight=Decimal(freight).scaleb(-2))
    accepted = accept(order, django_capture_on_commit_callbacks)
    for part in accepted:
        ship(part, django_capture_on_commit_callbacks)
        docs = {k: xml.parse_message(msg(part, k).xml.encode())[1][0] for k in ("CEB311", "CEB411", "CEB511")}
        assert all(msg(part, k).status == MessageStatus.SENT for k in docs)
        inventory = services.mapping.inventory_doc(part, guid=services.new_guid())
        for doc in (*docs.values(), inventory):
            assert rules.problems(doc) == []
        assert match.inventory_match(inventory, docs["CEB311"], docs["CEB411"], docs["CEB511"]) == []
        changed = dataclasses.replace(docs["CEB411"], amountPaid=docs["CEB411"].amountPaid + Decimal("0.01"))
        assert match.three_document_match(docs["CEB311"], changed, docs["CEB511"])
