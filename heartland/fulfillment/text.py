"""What shoppers read of shipping and returns: English msgids, translated in heartland/locale/
(the models' own labels are the English the portal and the admin show)."""
from __future__ import annotations

from django.utils.translation import gettext_noop

from .models import Milestone

MILESTONE_LABELS = {
    Milestone.BOOKED: gettext_noop("Booked — waiting for pick-up"),
    Milestone.PICKED_UP: gettext_noop("Picked up"),
    Milestone.IN_TRANSIT: gettext_noop("In transit"),
    Milestone.ARRIVED: gettext_noop("Arrived in the destination country"),
    Milestone.OUT_FOR_DELIVERY: gettext_noop("Out for delivery"),
    Milestone.DELIVERED: gettext_noop("Delivered"),
}


def milestone_label(code: str) -> str:
    """The English msgid of a milestone (templates translate it)."""
    return MILESTONE_LABELS.get(code, code)
