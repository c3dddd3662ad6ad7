"""Reads for merchants, and the one place that decides who may act for a merchant."""
from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from .models import MemberRole, Membership, Merchant


def merchants_for_user(*, user) -> QuerySet[Merchant]:
    if not user.is_authenticated:
        return Merchant.objects.none()
    return Merchant.objects.filter(memberships__user=user).order_by("trading_name")


def access_merchant(*, user, slug: str, owner_only: bool = False) -> tuple[Merchant, Membership]:
    """The merchant `slug` if `user` is a member of it, else 404 (existence is not revealed)."""
    if not user.is_authenticated:
        raise Http404("No such merchant")
    membership = (
        Membership.objects.select_related("merchant").filter(user=user, merchant__slug=slug).first()
    )
    if membership is None or (owner_only and membership.role != MemberRole.OWNER):
        raise Http404("No such merchant")
    return membership.merchant, membership
