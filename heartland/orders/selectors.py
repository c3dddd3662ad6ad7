"""Reads for orders: a shopper sees only their orders, a merchant only its parts."""
from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from .models import MerchantOrder, Order, OrderEvent, OrderLine


def orders_for_shopper(*, user) -> QuerySet[Order]:
    """Newest first, each with its farms' parts (their states show how far each has gone)."""
    return Order.objects.filter(user=user).order_by("-created_at").prefetch_related(
        Prefetch("merchant_orders", queryset=MerchantOrder.objects.order_by("pk")))


def order_for_shopper(*, user, number: str) -> Order:
    qs = Order.objects.filter(user=user).prefetch_related(
        Prefetch("merchant_orders", queryset=MerchantOrder.objects.select_related("merchant").prefetch_related(
            "lines", Prefetch("events", queryset=OrderEvent.objects.order_by("at", "pk")))),
        Prefetch("events", queryset=OrderEvent.objects.filter(merchant_order__isnull=True)),
    )
    return get_object_or_404(qs, number=number)


def merchant_orders_for(*, merchant, status: str = "") -> QuerySet[MerchantOrder]:
    qs = MerchantOrder.objects.filter(merchant=merchant).select_related("order").prefetch_related("lines")
    return qs.filter(status=status) if status else qs


def merchant_order_for(*, merchant, number: str) -> MerchantOrder:
    qs = MerchantOrder.objects.filter(merchant=merchant).select_related("order").prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.order_by("id")), "events")
    return get_object_or_404(qs, number=number)
