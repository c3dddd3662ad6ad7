"""The sandbox customs as the platform meets it: signed CEB messages POSTed to its DXP URL
(over HTTP and in-process), receipts coming back signed to the platform's receipt URL until
acknowledged. The platform's side is stood in for (``tests/urls.py``): no platform code."""
from __future__ import annotations

import http.server
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from huey.contrib.djhuey import HUEY
from lxml import etree

from heartland.customs.ceb import signing
from heartland.customs.ceb.documents import Envelope
from heartland.customs.ceb.xml import build_message, parse_receipts
from heartland.sandbox_customs import delivery, keys, services, wire
from heartland.sandbox_customs.models import SandboxDocument, SandboxMessage, SandboxReceipt, Status

from .conftest import CUSTOMS_CERT, INTRUDER_CERT, INTRUDER_KEY, PLATFORM_CERT, PLATFORM_KEY
from .documents import consistent_set, guid, replace

pytestmark = pytest.mark.django_db
DXP = "/customs/sandbox/dxp/"
XML = "application/xml"
D = Decimal


def message(docs, *, key=PLATFORM_KEY, cert=PLATFORM_CERT, message_guid=None) -> bytes:
    envelope = Envelope(guid=message_guid or guid(), copCode="3301963K69", copName="Heartland",
                        dxpId="DXPENT0000000001")
    return signing.sign(build_message(list(docs) if isinstance(docs, list) else [docs], envelope), key, cert)


def post(client, body: bytes, content_type: str = XML):
    return client.post(DXP, body, content_type=content_type)


def text_of(body: bytes, tag: str) -> str:
    root = etree.fromstring(body)
    found = root.xpath(f"//*[local-name()='{tag}']")
    return found[0].text if found else ""


def statuses(got, kind: str) -> list[str]:
    return [r.returnStatus for r, _ in got if r.kind == kind]


def declare_all(client, docs, *, capture):
    """Send order, payment, waybill, inventory list one message each; every answer 200."""
    for doc in docs:
        with capture(execute=True):
            response = post(client, message(doc))
        assert response.status_code == 200, response.content
        assert text_of(response.content, "ResponseCode") == "0"


# --- the endpoint ---------------------------------------------------------------------------------

def test_the_endpoint_is_where_the_platform_finds_it_and_only_while_the_sandbox_is_on(client, settings):
    assert reverse("sandbox_customs:dxp") == DXP
    order, *_ = consistent_set()
    assert client.get(DXP).status_code == 405
    assert client.post(DXP, {"xml": "x"}).status_code == 415  # a form is not a message
    settings.HEARTLAND_SANDBOX_ENABLED = False
    assert post(client, message(order)).status_code == 404
    assert client.get(DXP).status_code == 404
    assert SandboxMessage.objects.count() == 0


def test_junk_gets_a_format_receipt_and_nothing_is_kept(client):
    for junk in (b"not xml", b"<a/>", b"<?xml version='1.0'?><ceb:CEB999Message xmlns:ceb="
                 b"'http://www.chinaport.gov.cn/ceb'/>"):
        response = post(client, junk)
        assert response.status_code == 400
        assert etree.QName(etree.fromstring(response.content)).localname == "CEB900Message"
        assert text_of(response.content, "returnStatus") == "-1"
    order, *_ = consistent_set()
    bad = message(replace(order, head=replace(order.head, appType="7"), consignee=""))
    response = post(client, bad)
    assert response.status_code == 400
    info = text_of(response.content, "returnInfo")
    assert "appType must be 1, 2 or 3" in info and "consignee is required" in info
    assert text_of(response.content, "oriMessageType") == "CEB311Message"
    assert SandboxMessage.objects.count() == SandboxDocument.objects.count() == 0


def test_a_message_not_signed_by_the_platform_is_refused(client):
    order, *_ = consistent_set()
    unsigned = build_message([order], Envelope(guid=guid(), copCode="X", copName="X", dxpId="D"))
    forged = message(order, key=INTRUDER_KEY, cert=INTRUDER_CERT)  # a valid signature, by someone else
    tampered = message(order).replace("张三".encode(), "李四".encode(), 1)
    for body in (unsigned, forged, tampered):
        response = post(client, body)
        assert response.status_code == 403, body[:80]
        assert text_of(response.content, "returnStatus") == "-2"
    assert SandboxMessage.objects.count() == 0


def test_a_repeated_message_is_acknowledged_not_processed_again(client, platform_receipts,
                                                                django_capture_on_commit_callbacks):
    order, *_ = consistent_set()
    body = message(order)
    with django_capture_on_commit_callbacks(execute=True):
        first = post(client, body)
    with django_capture_on_commit_callbacks(execute=True):
        again = post(client, body)
    assert first.status_code == again.status_code == 200
    assert "repeated" in text_of(again.content, "ResponseInfo")
    assert SandboxMessage.objects.get().repeats == 1
    assert SandboxDocument.objects.count() == 1 and SandboxReceipt.objects.count() == 2
    assert statuses(platform_receipts.got, "CEB312") == ["2", "120"]
    # the same document in a new message: declared before, nothing changes
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, message(order)).status_code == 200
    assert SandboxDocument.objects.count() == 1 and len(platform_receipts.got) == 2


# --- the whole path ---------------------------------------------------------------------------------

def test_three_documents_and_the_inventory_list_are_accepted_and_the_parcel_released(
        client, platform_receipts, django_capture_on_commit_callbacks):
    order, payment, waybill, inventory = consistent_set()
    declare_all(client, [order, payment, waybill, inventory], capture=django_capture_on_commit_callbacks)
    got = platform_receipts.got
    assert [(r.kind, r.returnStatus) for r, _ in got] == [
        ("CEB312", "2"), ("CEB312", "120"), ("CEB412", "2"), ("CEB412", "120"), ("CEB512", "2"), ("CEB512", "120"),
        ("CEB622", "2"), ("CEB622", "120"), ("CEB622", "800")]
    assert all(in_process for _, in_process in got)
    by_kind = {r.kind: r for r, _ in got}
    assert by_kind["CEB312"].keys == {"ebpCode": "3301963K69", "ebcCode": "3301963K69", "orderNo": "HL-ORDER-1"}
    assert by_kind["CEB412"].keys["payTransactionId"] == payment.payTransactionId
    assert by_kind["CEB512"].keys["logisticsNo"] == waybill.logisticsNo
    assert by_kind["CEB312"].guid == order.head.guid  # the receipt names the document it is about
    released = by_kind["CEB622"]
    row = SandboxDocument.objects.get(kind="CEB621")
    assert released.keys["copNo"] == inventory.copNo and released.keys["invtNo"] == row.invt_no
    assert len(row.invt_no) == 18 and len(row.pre_no) == 18 and released.keys["preNo"] == row.pre_no
    assert (released.customsTax, released.valueAddedTax, released.consumptionTax) == (D("0"), D("21.04"), D("0"))
    assert row.status == Status.RELEASED and row.tax_assessed == D("21.04")
    times = [r.returnTime for r, _ in got if r.kind == "CEB622"]
    assert times == sorted(times) and len(set(times)) == 3  # ordered by returnTime, strictly
    assert SandboxReceipt.objects.filter(acknowledged_at__isnull=True).count() == 0


def test_the_later_document_is_rejected_when_the_three_do_not_match(client, platform_receipts,
                                                                    django_capture_on_commit_callbacks):
    order, payment, waybill, inventory = consistent_set()
    declare_all(client, [order, replace(payment, amountPaid=D("1.00"))], capture=django_capture_on_commit_callbacks)
    rejected = [r for r, _ in platform_receipts.got if r.kind == "CEB412" and r.returnStatus == "100"]
    assert len(rejected) == 1 and "amountPaid" in rejected[0].returnInfo and "三单对碰" in rejected[0].returnInfo
    # the right payment, declared anew after the rejection, is accepted; an inventory list before the
    # waybill is rejected: the three are not all there
    declare_all(client, [payment, inventory], capture=django_capture_on_commit_callbacks)
    assert statuses(platform_receipts.got, "CEB412")[-1] == "120"
    last = [r for r, _ in platform_receipts.got if r.kind == "CEB622"][-1]
    assert last.returnStatus == "100" and "CEB511" in last.returnInfo


def test_an_order_arriving_last_is_matched_against_payment_and_waybill(client, platform_receipts,
                                                                       django_capture_on_commit_callbacks):
    order, payment, waybill, _ = consistent_set()
    declare_all(client, [payment, waybill, replace(order, consignee="李四")],
                capture=django_capture_on_commit_callbacks)
    assert statuses(platform_receipts.got, "CEB412") == statuses(platform_receipts.got, "CEB512") == ["2", "120"]
    refusal = [r for r, _ in platform_receipts.got if r.kind == "CEB312"][-1]
    assert refusal.returnStatus == "100" and "CEB511 consignee" in refusal.returnInfo


def test_the_inventory_list_must_match_and_then_locks_the_order(client, platform_receipts,
                                                                django_capture_on_commit_callbacks):
    order, payment, waybill, inventory = consistent_set()
    declare_all(client, [order, payment, waybill, replace(inventory, grossWeight=D("9.000"))],
                capture=django_capture_on_commit_callbacks)
    refusal = [r for r, _ in platform_receipts.got if r.kind == "CEB622"][-1]
    assert refusal.returnStatus == "100" and "grossWeight" in refusal.returnInfo
    # declared anew (a new guid, appType 1 after a rejection): released
    declare_all(client, [replace(inventory, head=replace(inventory.head, guid=guid()))],
                capture=django_capture_on_commit_callbacks)
    assert statuses(platform_receipts.got, "CEB622")[-3:] == ["2", "120", "800"]
    # the order cannot change any more; a second new order declaration is a duplicate
    change = replace(order, head=replace(order.head, guid=guid(), appType="2"), buyerTelephone="13900139000")
    again = replace(order, head=replace(order.head, guid=guid()))
    declare_all(client, [change, again], capture=django_capture_on_commit_callbacks)
    infos = [r.returnInfo for r, _ in platform_receipts.got if r.kind == "CEB312" and r.returnStatus == "100"]
    assert "no more changes" in infos[0] and "重复申报" in infos[1]


def test_a_change_replaces_the_current_document(client, platform_receipts, django_capture_on_commit_callbacks):
    order, payment, *_ = consistent_set()
    change = replace(order, head=replace(order.head, guid=guid(), appType="2"), buyerTelephone="13900139000")
    declare_all(client, [order, change, payment], capture=django_capture_on_commit_callbacks)
    assert statuses(platform_receipts.got, "CEB312") == ["2", "120", "2", "120"]
    assert "变更申报成功" in [r for r, _ in platform_receipts.got if r.kind == "CEB312"][-1].returnInfo
    current = SandboxDocument.objects.get(kind="CEB311", current=True)
    assert current.guid == change.head.guid and current.app_type == "2"


# --- inspection ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("consignee", "outcome"), [("INSPECT 张三", "800"), ("张三 INSPECT-REJECT", "100")])
def test_a_parcel_held_for_inspection_is_released_or_rejected_later(
        client, platform_receipts, django_capture_on_commit_callbacks, consignee, outcome):
    docs = consistent_set(consignee=consignee)
    declare_all(client, docs, capture=django_capture_on_commit_callbacks)
    assert statuses(platform_receipts.got, "CEB622") == ["2", "120", "500"]
    row = SandboxDocument.objects.get(kind="CEB621")
    assert row.status == Status.INSPECTION
    assert services.end_due_inspections() == 0  # not yet
    SandboxDocument.objects.filter(pk=row.pk).update(inspection_ends_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.end_due_inspections() == 1
    assert statuses(platform_receipts.got, "CEB622") == ["2", "120", "500", outcome]


def test_a_share_of_orders_is_inspected_by_a_seeded_rule(settings):
    order, *_ = consistent_set()
    settings.HEARTLAND_SANDBOX_CUSTOMS_INSPECT_PERCENT = 100
    assert services.held_for_inspection(order)
    settings.HEARTLAND_SANDBOX_CUSTOMS_INSPECT_PERCENT = 30
    picks = [services.held_for_inspection(replace(order, orderNo=f"HL-{i}")) for i in range(400)]
    assert 80 < sum(picks) < 160
    assert picks == [services.held_for_inspection(replace(order, orderNo=f"HL-{i}")) for i in range(400)]


def test_testers_hold_release_and_reject_in_the_admin(admin_client, settings, platform_receipts,
                                                      django_capture_on_commit_callbacks):
    settings.HEARTLAND_SANDBOX_CUSTOMS_INSPECTION_SECONDS = 0  # only a tester ends it
    docs = consistent_set(consignee="INSPECT 张三")
    declare_all(admin_client, docs, capture=django_capture_on_commit_callbacks)
    row = SandboxDocument.objects.get(kind="CEB621")
    assert row.inspection_ends_at is None
    changelist = reverse("admin:sandbox_customs_sandboxdocument_changelist")
    page = admin_client.get(changelist)
    assert page.status_code == 200 and "HL-ORDER-1" in page.content.decode()
    assert admin_client.get(reverse("admin:sandbox_customs_sandboxdocument_change", args=[row.pk])).status_code == 200
    assert admin_client.get(reverse("admin:sandbox_customs_sandboxmessage_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:sandbox_customs_sandboxreceipt_changelist")).status_code == 200
    order_row = SandboxDocument.objects.get(kind="CEB311")
    admin_client.post(changelist, {"action": "reject", "_selected_action": [order_row.pk]})  # locked: refused
    assert SandboxDocument.objects.get(pk=order_row.pk).status == Status.ACCEPTED
    with django_capture_on_commit_callbacks(execute=True):
        services.release(document_id=row.pk)
    assert statuses(platform_receipts.got, "CEB622")[-1] == "800"
    with pytest.raises(services.NotAllowed):
        services.hold(document_id=row.pk)


def test_the_admin_actions(admin_client, platform_receipts, django_capture_on_commit_callbacks):
    order, payment, waybill, inventory = consistent_set()
    declare_all(admin_client, [order, payment], capture=django_capture_on_commit_callbacks)
    payment_row = SandboxDocument.objects.get(kind="CEB411")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:sandbox_customs_sandboxdocument_changelist"),
                                     {"action": "reject", "_selected_action": [payment_row.pk]})
    assert response.status_code == 302
    assert SandboxDocument.objects.get(pk=payment_row.pk).status == Status.REJECTED
    last = [r for r, _ in platform_receipts.got if r.kind == "CEB412"][-1]
    assert last.returnStatus == "100" and "rejected by a tester" in last.returnInfo


# --- delivery ------------------------------------------------------------------------------------

def test_receipts_are_sent_again_until_the_platform_acknowledges(client, platform_receipts,
                                                                 django_capture_on_commit_callbacks):
    order, *_ = consistent_set()
    platform_receipts.answers.append((500, "oops"))
    with django_capture_on_commit_callbacks(execute=True):
        post(client, message(order))
    received, accepted = SandboxReceipt.objects.order_by("return_time")
    assert received.acknowledged_at is None and accepted.acknowledged_at is not None
    assert "HTTP 500" in received.last_answer
    assert any(t.name.endswith("send_receipt") for t in HUEY.scheduled())  # retried with backoff
    platform_receipts.answers.append((200, "not now"))
    assert not delivery.deliver(received.pk)  # a 200 that does not say success is no acknowledgement
    assert delivery.deliver(received.pk)  # the next retry: acknowledged
    assert delivery.deliver(received.pk)  # nothing left to send
    received.refresh_from_db()
    assert received.acknowledged_at is not None and received.attempts == 3
    assert statuses(platform_receipts.got, "CEB312") == ["120", "2"]  # the platform orders them by returnTime


def test_chaos_sends_every_receipt_twice_in_shuffled_order(client, settings, platform_receipts,
                                                           django_capture_on_commit_callbacks):
    settings.HEARTLAND_SANDBOX_CUSTOMS_CHAOS = True
    docs = consistent_set()
    declare_all(client, docs, capture=django_capture_on_commit_callbacks)
    got = [(r.kind, r.returnStatus, r.returnTime) for r, _ in platform_receipts.got]
    assert len(got) == 2 * SandboxReceipt.objects.count() == 18
    assert all(got.count(g) == 2 for g in got)
    assert SandboxReceipt.objects.filter(acknowledged_at__isnull=True).count() == 0


def test_chaos_shuffles_each_batch(settings, monkeypatch, django_capture_on_commit_callbacks):
    import random

    from heartland.sandbox_customs import outbox

    sent = []
    monkeypatch.setattr(outbox, "send_receipt", lambda receipt_id, repeat=False: sent.append((receipt_id, repeat)))
    settings.HEARTLAND_SANDBOX_CUSTOMS_CHAOS = True
    with django_capture_on_commit_callbacks(execute=True):
        outbox.queue([1, 2, 3, 4], rng=random.Random(7))
    duplicates = [receipt_id for receipt_id, repeat in sent if repeat]
    assert sorted(duplicates) == [1, 1, 2, 2, 3, 3, 4, 4] and duplicates != sorted(duplicates)
    assert [receipt_id for receipt_id, repeat in sent if not repeat] == [1, 2, 3, 4]  # then the ones retried
    settings.HEARTLAND_SANDBOX_CUSTOMS_CHAOS = False
    sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        outbox.queue([1, 2])
    assert sent == [(1, False), (2, False)]


def test_receipts_go_over_http_when_the_platform_has_an_address(client, settings,
                                                                django_capture_on_commit_callbacks):
    seen = []

    class Platform(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            seen.append((self.headers["Content-Type"], body))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"success")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Platform)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        settings.HEARTLAND_SANDBOX_CUSTOMS_RECEIPT_URL = f"http://127.0.0.1:{server.server_port}/customs/receipts/"
        order, *_ = consistent_set()
        with django_capture_on_commit_callbacks(execute=True):
            post(client, message(order))
    finally:
        server.shutdown()
        server.server_close()
    assert [ctype for ctype, _ in seen] == ["application/xml; charset=utf-8"] * 2
    assert all(signing.verify(body, CUSTOMS_CERT) for _, body in seen)
    assert [parse_receipts(body)[0].returnStatus for _, body in seen] == ["2", "120"]
    assert SandboxReceipt.objects.filter(acknowledged_at__isnull=True).count() == 0


def test_without_a_platform_receipt_url_receipts_wait(client, settings, django_capture_on_commit_callbacks):
    settings.ROOT_URLCONF = "heartland.sandbox_customs.tests.urls_without_platform"
    order, *_ = consistent_set()
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, message(order)).status_code == 200
    assert all("no customs:receipts URL" in r.last_answer for r in SandboxReceipt.objects.all())
    assert SandboxReceipt.objects.filter(acknowledged_at__isnull=True).count() == 2


# --- transports ------------------------------------------------------------------------------------

def test_in_process_the_endpoint_answers_as_over_http(client, platform_receipts, django_capture_on_commit_callbacks):
    order, payment, *_ = consistent_set()
    over_http = post(client, message(order))
    with django_capture_on_commit_callbacks(execute=True):
        in_process = delivery.post_in_process(DXP, message(payment))
    assert in_process.status == over_http.status_code == 200
    assert text_of(in_process.body.encode(), "ResponseCode") == "0"
    assert list(SandboxMessage.objects.order_by("pk").values_list("in_process", flat=True)) == [False, True]
    assert delivery.post_in_process("/customs/sandbox/nowhere/", b"").status == 404
    assert delivery.post_in_process(DXP, b"<junk").status == 400


def test_a_message_in_a_dxp_envelope_is_unwrapped(client, platform_receipts, django_capture_on_commit_callbacks):
    order, *_ = consistent_set()
    wrapped = wire.wrap(message(order), sender="DXPENT0000000001", message_type="CEB311Message",
                        when=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, wrapped)
    assert response.status_code == 200 and statuses(platform_receipts.got, "CEB312") == ["2", "120"]


def test_a_message_of_several_documents_is_answered_per_document(client, platform_receipts,
                                                                 django_capture_on_commit_callbacks):
    first, *_ = consistent_set(order_no="HL-A")
    second, *_ = consistent_set(order_no="HL-B")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, message([first, replace(second, currency="502")]))
    assert response.status_code == 200
    assert etree.fromstring(response.content).xpath("count(//*[local-name()='Result'])") == 2
    assert dict(SandboxDocument.objects.values_list("order_no", "status")) == {"HL-A": "120", "HL-B": "100"}


def test_the_sandbox_generates_its_own_key_once_outside_the_repository(settings, tmp_path):
    settings.HEARTLAND_SANDBOX_CUSTOMS_PRIVATE_KEY = settings.HEARTLAND_SANDBOX_CUSTOMS_CERTIFICATE = ""
    settings.VAR_DIR = tmp_path
    first = keys.own()
    assert keys.own() is first
    key_file = tmp_path / "secrets" / keys.KEY_FILE
    assert key_file.stat().st_mode & 0o777 == 0o600 and (tmp_path / "secrets" / keys.CERT_FILE).exists()
    keys._load.cache_clear()
    assert keys.own().certificate == first.certificate  # read back, not generated again


def test_without_a_platform_certificate_the_loader_is_asked(settings, monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    settings.HEARTLAND_SANDBOX_CUSTOMS_PLATFORM_CERTIFICATE = ""
    settings.HEARTLAND_SANDBOX_CUSTOMS_PLATFORM_CERTIFICATE_LOADER = (
        "heartland.sandbox_customs.tests.test_service.platform_certificate_for_tests")
    assert keys.platform_certificate() == signing.load_certificate(PLATFORM_CERT)
    settings.HEARTLAND_SANDBOX_CUSTOMS_PLATFORM_CERTIFICATE_LOADER = "heartland.nowhere.certificate"
    with pytest.raises(ImproperlyConfigured):
        keys.platform_certificate()


def platform_certificate_for_tests() -> bytes:
    return PLATFORM_CERT


def test_with_the_platforms_own_certificate_and_receipt_view(client, settings, tmp_path,
                                                              django_capture_on_commit_callbacks):
    """The contract with the platform side: its certificate found by the default loader
    (``heartland.customs.keys.platform_certificate``), its ``customs:receipts`` view verifying our
    receipts with our certificate and acknowledging them."""
    from heartland.customs import keys as platform_keys

    settings.HEARTLAND_SANDBOX_CUSTOMS_PLATFORM_CERTIFICATE = ""
    settings.HEARTLAND_SANDBOX_CUSTOMS_PLATFORM_CERTIFICATE_LOADER = ""  # the default
    settings.VAR_DIR = tmp_path
    platform = platform_keys.platform_credentials()
    order, *_ = consistent_set()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, message(order, key=platform.key, cert=platform.certificate))
    assert response.status_code == 200, response.content
    assert [r.last_answer for r in SandboxReceipt.objects.order_by("return_time")] == ["HTTP 200 success"] * 2
    assert post(client, message(order)).status_code == 403  # the tests' platform key is not the platform's
