"""With the sandbox customs (reached by URL in-process) instead of the fake gateway: a mainland
part goes accepted → shipped → declared → released through real messages and signed receipts."""
from __future__ import annotations

import pytest

from heartland.customs import transport
from heartland.customs.models import CustomsMessage, MessageStatus
from heartland.orders import states

from .factories import book_shipment, paid_cn_order

pytestmark = pytest.mark.django_db
REAL_SEND = transport.send


@pytest.fixture
def sandbox_customs(settings, monkeypatch, credential_files):
    monkeypatch.setattr(transport, "send", REAL_SEND)
    key_file, cert_file = credential_files["customs"]
    settings.HEARTLAND_SANDBOX_CUSTOMS_PRIVATE_KEY = key_file.read_text()
    settings.HEARTLAND_SANDBOX_CUSTOMS_CERTIFICATE = cert_file.read_text()
    settings.HEARTLAND_SANDBOX_CUSTOMS_RECEIPT_URL = ""
    settings.HEARTLAND_SANDBOX_CUSTOMS_INSPECT_PERCENT = 0
    return settings


def test_a_part_is_declared_and_released_by_the_sandbox_customs(sandbox_customs, django_capture_on_commit_callbacks):
    from heartland.orders.services import merchant_accept

    order = paid_cn_order()
    part = order.merchant_orders.get()
    with django_capture_on_commit_callbacks(execute=True):
        merchant_accept(merchant_order=part, by=order.user)
    with django_capture_on_commit_callbacks(execute=True):
        book_shipment(part)
    # receipts may be delivered by the sandbox's own jobs; run what is due
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            try:
                from heartland.sandbox_customs import tasks as sandbox_tasks
                for name in dir(sandbox_tasks):
                    job = getattr(sandbox_tasks, name)
                    if callable(getattr(job, "call_local", None)):
                        job.call_local()
            except ImportError:
                pass
    part.refresh_from_db()
    statuses = dict(CustomsMessage.objects.filter(merchant_order=part).values_list("kind", "status"))
    assert statuses.get("CEB311") == MessageStatus.ACCEPTED, (statuses, list(
        CustomsMessage.objects.filter(merchant_order=part).values_list("kind", "last_error", "return_info")))
    assert part.status == states.RELEASED, statuses  # no inspection (INSPECT_PERCENT 0)
