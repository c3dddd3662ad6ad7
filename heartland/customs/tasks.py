"""Customs jobs, each safe to run twice: send a message (retried while the gateway is away),
send again what a crash or an outage left unsent, and catch up parts whose signal was lost."""
from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from heartland.orders import states
from heartland.orders.models import MerchantOrder

from . import mapping, services
from .ceb.documents import ORDER, WAYBILL
from .models import CustomsMessage

log = logging.getLogger(__name__)


@db_task(retries=8, retry_delay=60)
def send_message(message_id: int) -> str:
    return services.send_message(message_id=message_id)


@db_periodic_task(crontab(minute="*"))
def resend_unsent() -> int:
    """Signed messages the gateway has not taken yet: the same guid and bytes again."""
    done = 0
    for pk in services.resend_ready():
        try:
            services.send_message(message_id=pk)
            done += 1
        except services.GatewayUnavailable as exc:
            log.warning("customs gateway unavailable: %s", exc)
            break
    return done


@db_periodic_task(crontab(minute="*/5"))
def catch_up() -> int:
    """Mainland parts accepted or shipped whose messages were never built (a signal lost to a
    crash after the commit that sent it)."""
    done = 0
    parts = (MerchantOrder.objects.filter(order__market="CN", order__mode="9610",
                                          status__in=(states.ACCEPTED, states.SHIPPED))
             .select_related("order")[:500])
    for part in parts:
        kinds = set(CustomsMessage.objects.filter(merchant_order=part, superseded=False).values_list("kind", flat=True))
        try:
            if ORDER not in kinds:
                services.start_for_accepted_part(merchant_order=part)
                done += 1
            if part.status == states.SHIPPED and WAYBILL not in kinds and mapping.shipment_of(part) is not None:
                services.start_for_shipment(merchant_order=part)
                done += 1
        except mapping.NotReady as exc:
            log.info("customs catch-up %s: %s", part.number, exc)
    return done
